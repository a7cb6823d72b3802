/**
 * Numbers in text (CSV cells, text fields of Redis entries) are decimal: Number() alone would also
 * read `0x10`, `0b1` and `0o7` as 16, 1 and 7, which no other CSV reader or producer means.
 */

/** The number a decimal text holds (spaces around allowed); NaN for empty or non-decimal text. `Infinity` reads as itself (callers wanting finite numbers check). */
export function parseDecimal(text: string | undefined): number {
  if (text === undefined) return NaN;
  const trimmed = text.trim();
  if (trimmed === '') return NaN;
  // Number() reads the 0x, 0b and 0o prefixes (unsigned only); every other form it accepts is decimal.
  const second = trimmed.charCodeAt(1) | 0x20;
  if (trimmed.charCodeAt(0) === 48 && (second === 0x78 || second === 0x62 || second === 0x6f)) return NaN;
  return Number(trimmed);
}

/** A number as text that {@link parseDecimal} reads back to the same double: the shortest round-trip form, -0 kept (String(-0) is "0"). */
export function decimalText(value: number): string {
  return value === 0 && 1 / value < 0 ? '-0' : String(value);
}
