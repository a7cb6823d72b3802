/**
 * A complex number written as text, as the CLI's -c takes it and the API's `c` option accepts:
 * `-0.835-0.2321i`, `0.3+0.5i`, `0.5i`, `1-i`, `-0.7` (algebraic form) or `-0.835,-0.2321` (re,im).
 * Numbers are decimal (`1e-3` included); spaces are ignored. Anything else returns undefined.
 */
const NUMBER = String.raw`(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?`;
const DECIMAL = new RegExp(`^[+-]?${NUMBER}$`, 'i');
const ALGEBRAIC = new RegExp(`^([+-]?${NUMBER})?(?:([+-](?:${NUMBER})?)i)?$`, 'i');
const IMAGINARY = new RegExp(`^([+-]?${NUMBER})i$`, 'i');

export function parseComplexText(text: string): { re: number; im: number } | undefined {
  const compact = text.replace(/\s+/g, '');
  let re: number;
  let im: number;
  if (compact.includes(',')) {
    const parts = compact.split(',');
    if (parts.length !== 2 || !DECIMAL.test(parts[0]) || !DECIMAL.test(parts[1])) return undefined;
    [re, im] = parts.map(Number);
  } else if (IMAGINARY.test(compact)) {
    [re, im] = [0, Number(compact.slice(0, -1))];
  } else {
    const match = ALGEBRAIC.exec(compact);
    if (!match || compact === '') return undefined;
    re = match[1] === undefined ? 0 : Number(match[1]);
    im = match[2] === undefined ? 0 : match[2] === '+' || match[2] === '-' ? Number(`${match[2]}1`) : Number(match[2]);
  }
  return Number.isFinite(re) && Number.isFinite(im) ? { re, im } : undefined;
}
