/**
 * Physical dimensions as types: a dimension is the exponents of mass (M), length (L) and time (T),
 * as integer literal types, e.g. density is `{ M: 1; L: -3; T: 0 }`. Multiplying quantities adds
 * exponents, dividing subtracts them, roots divide them; all of it happens in the compiler and none
 * of it exists at run time. Three base dimensions cover mechanics and luminosities; add one here
 * (with its row in `Times`, `Over` and `Root`) when a formula needs temperature or charge.
 *
 * Integer arithmetic on literal types uses tuple lengths: `N` is a tuple of N elements, adding is
 * concatenating, subtracting is matching a prefix. Exponents stay small (|e| < 100), far inside the
 * compiler's recursion limit.
 */

export interface Dimension {
  readonly M: number;
  readonly L: number;
  readonly T: number;
}

type Tuple<N extends number, T extends unknown[] = []> = T['length'] extends N ? T : Tuple<N, [...T, unknown]>;
type IsNegative<N extends number> = `${N}` extends `-${string}` ? true : false;
type Abs<N extends number> = `${N}` extends `-${infer P extends number}` ? P : N;
type Negate<N extends number> = N extends 0 ? 0 : IsNegative<N> extends true ? Abs<N> : `-${N}` extends `${infer R extends number}` ? R : never;
type AddNatural<A extends number, B extends number> = [...Tuple<A>, ...Tuple<B>]['length'] & number;
type SubtractNatural<A extends number, B extends number> =
  Tuple<A> extends [...Tuple<B>, ...infer Rest] ? Rest['length'] & number : Negate<SubtractNatural<B, A>>;
/** Exact quotient of a natural number by K, or never when K does not divide it. */
type DivideNatural<T extends unknown[], K extends unknown[], Q extends unknown[] = []> = T extends []
  ? Q['length'] & number
  : T extends [...K, ...infer Rest] ? DivideNatural<Rest, K, [...Q, unknown]> : never;

/** A + B for integer literal types, e.g. `Add<-3, 1>` is `-2`. */
export type Add<A extends number, B extends number> =
  IsNegative<A> extends true
    ? IsNegative<B> extends true ? Negate<AddNatural<Abs<A>, Abs<B>>> : SubtractNatural<B, Abs<A>>
    : IsNegative<B> extends true ? SubtractNatural<A, Abs<B>> : AddNatural<A, B>;
/** A - B for integer literal types. */
export type Subtract<A extends number, B extends number> = Add<A, Negate<B>>;
/** A / K for an integer A that K divides exactly (K positive), else never. */
export type DivideExactly<A extends number, K extends number> =
  IsNegative<A> extends true ? Negate<DivideNatural<Tuple<Abs<A>>, Tuple<K>>> : DivideNatural<Tuple<A>, Tuple<K>>;

/** The dimension of a product. */
export type Times<A extends Dimension, B extends Dimension> = {
  M: Add<A['M'], B['M']>;
  L: Add<A['L'], B['L']>;
  T: Add<A['T'], B['T']>;
};
/** The dimension of a quotient. */
export type Over<A extends Dimension, B extends Dimension> = {
  M: Subtract<A['M'], B['M']>;
  L: Subtract<A['L'], B['L']>;
  T: Subtract<A['T'], B['T']>;
};
/** The dimension of a K-th root; an exponent K does not divide makes an exponent never (see HasRoot). */
export type Root<D extends Dimension, K extends number> = {
  M: DivideExactly<D['M'], K>;
  L: DivideExactly<D['L'], K>;
  T: DivideExactly<D['T'], K>;
};
/** True when every exponent of D is a multiple of K, so the K-th root of D is a dimension. */
export type HasRoot<D extends Dimension, K extends number> = [DivideExactly<D['M'], K>] extends [never]
  ? false
  : [DivideExactly<D['L'], K>] extends [never] ? false : [DivideExactly<D['T'], K>] extends [never] ? false : true;

// The dimensions hotloop's formulas use; any other is a `{ M; L; T }` literal or a Times/Over.
export type Dimensionless = { M: 0; L: 0; T: 0 };
export type Mass = { M: 1; L: 0; T: 0 };
export type Length = { M: 0; L: 1; T: 0 };
export type Time = { M: 0; L: 0; T: 1 };
export type Area = { M: 0; L: 2; T: 0 };
export type Volume = { M: 0; L: 3; T: 0 };
export type Velocity = { M: 0; L: 1; T: -1 };
export type Density = { M: 1; L: -3; T: 0 };
export type Energy = { M: 1; L: 2; T: -2 };
/** Power, and so luminosity: energy per time. */
export type Power = { M: 1; L: 2; T: -3 };
/** Mass per time (an accretion rate). */
export type MassRate = { M: 1; L: 0; T: -1 };
/** The dimension of Newton's G: L^3 M^-1 T^-2. */
export type GravitationalConstant = { M: -1; L: 3; T: -2 };
