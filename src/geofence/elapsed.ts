/**
 * Comparisons of an elapsed time with a span (dwell, gap) on the real numbers. `time - since` is
 * rounded when it needs more than 53 bits (two times far apart, such as the ends of the Date range,
 * or fractions of a millisecond), and the rounding alone could then decide a dwell or a gap. The
 * rounded difference decides unless it equals the span exactly; then the sign of its rounding error
 * (TwoSum, exact for any finite doubles whose difference does not overflow) does.
 */

/** The exact `(time - since) - difference`, where `difference` is the rounded `time - since`. */
function roundingError(time: number, since: number, difference: number): number {
  const back = difference - time; // TwoSum of time and -since
  return time - (difference - back) + (-since - back);
}

/** Whether `time - since >= span` exactly (a dwell reached). */
export function elapsedAtLeast(time: number, since: number, span: number): boolean {
  const difference = time - since;
  if (difference !== span) return difference > span;
  return roundingError(time, since, difference) >= 0;
}

/**
 * Whether `time - last > span` exactly (a gap exceeded). An infinite span is never exceeded, and an
 * infinite difference (last = -Infinity: never seen) exceeds every finite span.
 */
export function elapsedMoreThan(time: number, last: number, span: number): boolean {
  const difference = time - last;
  if (difference !== span) return difference > span;
  return roundingError(time, last, difference) > 0;
}
