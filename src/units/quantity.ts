/**
 * Quantities whose dimension is a type and only a type: at run time a `Quantity<D>` is a plain
 * `number` and a `QuantityArray<D>` a plain `Float64Array`, always in SI base units (kg, m, s).
 * The brand below exists only for the compiler (`declare`d, never created), so the operations are
 * one arithmetic instruction each once V8 inlines them, and a quantity goes wherever a number goes.
 * The reverse needs a unit (`kg(5)`, see units.ts) or an explicit `fromSI`.
 *
 * Use `add`, `sub`, `mul`, `div` (and friends) on quantities: JavaScript's own `+` and `*` accept
 * them too, but return a plain number, which no quantity-typed parameter accepts.
 */
import type { Dimension, Dimensionless, HasRoot, Over, Root, Times } from './dimension.js';

declare const dimension: unique symbol;

/** A number in SI base units whose dimension D the compiler tracks. */
export type Quantity<D extends Dimension> = number & { readonly [dimension]: D };
/** A Float64Array of values in SI base units, all of dimension D. */
export type QuantityArray<D extends Dimension> = Float64Array & { readonly [dimension]: D };
/**
 * A dimensionless value: a plain number or a dimensionless quantity (a mass ratio, an aspect ratio),
 * never a quantity with a dimension.
 */
export type Scalar = number & { readonly [dimension]?: Dimensionless };

/**
 * Declares that `value` is already in SI base units of dimension D (no run-time effect).
 *
 * @example
 * const rho = fromSI<Density>(1e-7); // kg/m^3
 */
export function fromSI<D extends Dimension>(value: number): Quantity<D> {
  return value as Quantity<D>;
}

/**
 * Declares that every element of `values` is already in SI base units of dimension D; no copy.
 *
 * @example
 * const masses = arrayFromSI<Mass>(kilograms); // the same Float64Array, now typed
 */
export function arrayFromSI<D extends Dimension>(values: Float64Array): QuantityArray<D> {
  return values as QuantityArray<D>;
}

/**
 * A dimensionless quantity from a plain number.
 *
 * @example
 * scale(cm(2), dimensionless(3)); // 0.06 (m)
 */
export function dimensionless(value: number): Quantity<Dimensionless> {
  return value as Quantity<Dimensionless>;
}

/**
 * Element i of a quantity array, as a quantity.
 *
 * @example
 * quantityAt(solarMass([1, 2]), 1); // 2 M_sun in kg
 */
export function quantityAt<D extends Dimension>(values: QuantityArray<D>, i: number): Quantity<D> {
  return values[i] as Quantity<D>;
}

/**
 * a + b, for quantities of one dimension (b must have a's: adding a length to a mass does not compile).
 *
 * @example
 * add(cm(3), m(1)); // 1.03 (m)
 */
export function add<D extends Dimension>(a: Quantity<D>, b: Quantity<NoInfer<D>>): Quantity<D> {
  return (a + b) as Quantity<D>;
}

/**
 * a - b, for quantities of one dimension.
 *
 * @example
 * sub(kg(3), g(500)); // 2.5 (kg)
 */
export function sub<D extends Dimension>(a: Quantity<D>, b: Quantity<NoInfer<D>>): Quantity<D> {
  return (a - b) as Quantity<D>;
}

/**
 * a * b: the dimensions multiply (exponents add).
 *
 * @example
 * const gas: Quantity<Mass> = mul(kgPerCubicMetre(1e-6), cube(au(0.01)));
 */
export function mul<A extends Dimension, B extends Dimension>(a: Quantity<A>, b: Quantity<B>): Quantity<Times<A, B>> {
  return (a * b) as Quantity<Times<A, B>>;
}

/**
 * a / b: the dimensions divide (exponents subtract).
 *
 * @example
 * const crossing: Quantity<Time> = div(km(1e6), kmPerSecond(100)); // 1e4 (s)
 */
export function div<A extends Dimension, B extends Dimension>(a: Quantity<A>, b: Quantity<B>): Quantity<Over<A, B>> {
  return (a / b) as Quantity<Over<A, B>>;
}

/**
 * q * k for a dimensionless factor k: same dimension.
 *
 * @example
 * scale(gravitationalRadius(solarMass(1e8)).size, 500); // 500 r_g in metres
 */
export function scale<D extends Dimension>(q: Quantity<D>, k: Scalar): Quantity<D> {
  return (q * k) as Quantity<D>;
}

/**
 * q * q.
 *
 * @example
 * square(kmPerSecond(3)); // 9e6 (m^2/s^2)
 */
export function square<D extends Dimension>(q: Quantity<D>): Quantity<Times<D, D>> {
  return (q * q) as Quantity<Times<D, D>>;
}

/**
 * q * q * q, multiplied left to right.
 *
 * @example
 * cube(cm(10)); // 0.001 (m^3)
 */
export function cube<D extends Dimension>(q: Quantity<D>): Quantity<Times<Times<D, D>, D>> {
  return (q * q * q) as Quantity<Times<Times<D, D>, D>>;
}

/**
 * 1 / q.
 *
 * @example
 * reciprocal(s(4)); // 0.25 (1/s)
 */
export function reciprocal<D extends Dimension>(q: Quantity<D>): Quantity<Over<Dimensionless, D>> {
  return (1 / q) as Quantity<Over<Dimensionless, D>>;
}

/** What a root of a dimension with an exponent the root does not divide is told instead of compiling. */
type RootCheck<D extends Dimension, K extends number> = HasRoot<D, K> extends true
  ? unknown
  : { readonly 'this root of the dimension has a fractional exponent': D };

/**
 * The square root (correctly rounded, as IEEE sqrt); only for dimensions with even exponents.
 *
 * @example
 * sqrt(square(kmPerSecond(3))); // 3000 (m/s); sqrt(cm(4)) does not compile
 */
export function sqrt<D extends Dimension>(q: Quantity<D> & RootCheck<D, 2>): Quantity<Root<D, 2>> {
  return Math.sqrt(q) as Quantity<Root<D, 2>>;
}

/**
 * |q|, same dimension.
 *
 * @example
 * abs(sub(cm(1), cm(3))); // 0.02 (m)
 */
export function abs<D extends Dimension>(q: Quantity<D>): Quantity<D> {
  return Math.abs(q) as Quantity<D>;
}

/**
 * The larger of two quantities of one dimension.
 *
 * @example
 * max(cm(3), m(1)); // 1 (m)
 */
export function max<D extends Dimension>(a: Quantity<D>, b: Quantity<NoInfer<D>>): Quantity<D> {
  return (a > b ? a : b) as Quantity<D>;
}
