/**
 * Memory kept for reuse, by length. Fresh memory costs a page fault per 4 KiB at first touch
 * (about 15 µs each on the machine the README measures), so a consumer's per-entry buffers go
 * round instead of being made anew: the read-ahead worker's field buffers, the consumer's zone
 * arrays. At most `keep` free items are kept; over that, the items of the length used longest ago
 * go (entries of one size reuse theirs; odd sizes, as text ids make, age out).
 */
export class LengthPool<T> {
  /** Free items by length, the length used last at the end. */
  readonly #free = new Map<number, T[]>();
  #count = 0;

  constructor(
    readonly keep: number,
    readonly make: (length: number) => T,
    readonly lengthOf: (item: T) => number,
  ) {}

  /** An item of exactly `length`, free or new. */
  take(length: number): T {
    const list = this.#free.get(length);
    if (!list || list.length === 0) return this.make(length);
    this.#free.delete(length);
    this.#free.set(length, list); // used last
    this.#count--;
    return list.pop()!;
  }

  /** Keeps an item that is no longer used, for a later take of its length. */
  give(item: T): void {
    while (this.#count >= this.keep) {
      const [oldest, list] = this.#free.entries().next().value as [number, T[]];
      this.#free.delete(oldest);
      this.#count -= list.length;
    }
    const length = this.lengthOf(item);
    const list = this.#free.get(length);
    if (list) list.push(item);
    else this.#free.set(length, [item]);
    this.#count++;
  }
}
