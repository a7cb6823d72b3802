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

/** Declares that `value` is already in SI base units of dimension D (no run-time effect). */
export function fromSI<D extends Dimension>(value: number): Quantity<D> {
  return value as Quantity<D>;
}

/** Declares that every element of `values` is already in SI base units of dimension D; no copy. */
export function arrayFromSI<D extends Dimension>(values: Float64Array): QuantityArray<D> {
  return values as QuantityArray<D>;
}

/** A dimensionless quantity from a plain number. */
export function dimensionless(value: number): Quantity<Dimensionless> {
  return value as Quantity<Dimensionless>;
}

/** Element i of a quantity array, as a quantity. */
export function quantityAt<D extends Dimension>(values: QuantityArray<D>, i: number): Quantity<D> {
  return values[i] as Quantity<D>;
}

/** a + b, for quantities of one dimension (b must have a's: adding a length to a mass does not compile). */
export function add<D extends Dimension>(a: Quantity<D>, b: Quantity<NoInfer<D>>): Quantity<D> {
  return (a + b) as Quantity<D>;
}

/** a - b, for quantities of one dimension. */
export function sub<D extends Dimension>(a: Quantity<D>, b: Quantity<NoInfer<D>>): Quantity<D> {
  return (a - b) as Quantity<D>;
}

/** a * b: the dimensions multiply (exponents add). */
export function mul<A extends Dimension, B extends Dimension>(a: Quantity<A>, b: Quantity<B>): Quantity<Times<A, B>> {
  return (a * b) as Quantity<Times<A, B>>;
}

/** a / b: the dimensions divide (exponents subtract). */
export function div<A extends Dimension, B extends Dimension>(a: Quantity<A>, b: Quantity<B>): Quantity<Over<A, B>> {
  return (a / b) as Quantity<Over<A, B>>;
}

/** q * k for a dimensionless factor k: same dimension. */
export function scale<D extends Dimension>(q: Quantity<D>, k: Scalar): Quantity<D> {
  return (q * k) as Quantity<D>;
}

/** q * q. */
export function square<D extends Dimension>(q: Quantity<D>): Quantity<Times<D, D>> {
  return (q * q) as Quantity<Times<D, D>>;
}

/** q * q * q, multiplied left to right. */
export function cube<D extends Dimension>(q: Quantity<D>): Quantity<Times<Times<D, D>, D>> {
  return (q * q * q) as Quantity<Times<Times<D, D>, D>>;
}

/** 1 / q. */
export function reciprocal<D extends Dimension>(q: Quantity<D>): Quantity<Over<Dimensionless, D>> {
  return (1 / q) as Quantity<Over<Dimensionless, D>>;
}

/** What a root of a dimension with an exponent the root does not divide is told instead of compiling. */
type RootCheck<D extends Dimension, K extends number> = HasRoot<D, K> extends true
  ? unknown
  : { readonly 'this root of the dimension has a fractional exponent': D };

/** The square root (correctly rounded, as IEEE sqrt); only for dimensions with even exponents. */
export function sqrt<D extends Dimension>(q: Quantity<D> & RootCheck<D, 2>): Quantity<Root<D, 2>> {
  return Math.sqrt(q) as Quantity<Root<D, 2>>;
}

/** |q|, same dimension. */
export function abs<D extends Dimension>(q: Quantity<D>): Quantity<D> {
  return Math.abs(q) as Quantity<D>;
}

/** The larger of two quantities of one dimension. */
export function max<D extends Dimension>(a: Quantity<D>, b: Quantity<NoInfer<D>>): Quantity<D> {
  return (a > b ? a : b) as Quantity<D>;
}
