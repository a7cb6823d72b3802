/**
 * A hash table from integer ids (MMSIs, up to 2^53) to state slots, for FenceState. A Map keyed by
 * numbers boxes every double read from a Float64Array and hashes it through the generic path; this
 * table keeps the keys in a Float64Array and the slots in an Int32Array (open addressing, linear
 * probing, at most half full), so a lookup allocates nothing. Deleting shifts the following run of
 * keys back (no tombstones), as deletes happen only when a refused commit is undone.
 */
const INITIAL_CAPACITY = 1024;

export class IntegerSlots {
  #keys = new Float64Array(INITIAL_CAPACITY);
  /** slot + 1 per cell; 0 marks an empty cell. */
  #values = new Int32Array(INITIAL_CAPACITY);
  #shift = 32 - Math.log2(INITIAL_CAPACITY);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The home cell of an integer key: its low and high 32-bit halves mixed, top bits kept (Fibonacci hashing). */
  #home(key: number): number {
    const low = key >>> 0;
    const high = Math.floor(key / 4294967296) >>> 0;
    return Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> this.#shift;
  }

  /** The cell holding `key`, or the empty cell where it would go. */
  #cell(key: number): number {
    const mask = this.#values.length - 1;
    let i = this.#home(key);
    while (this.#values[i] !== 0 && this.#keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  /** The slot of `key`, -1 when it has none. */
  get(key: number): number {
    return this.#values[this.#cell(key)] - 1;
  }

  /** Sets the slot of `key` (a safe integer; -0 is the same key as 0). */
  set(key: number, slot: number): void {
    if (2 * (this.#size + 1) > this.#values.length) this.#rehash(2 * this.#values.length);
    const i = this.#cell(key);
    if (this.#values[i] === 0) this.#size++;
    this.#keys[i] = key === 0 ? 0 : key;
    this.#values[i] = slot + 1;
  }

  delete(key: number): void {
    const mask = this.#values.length - 1;
    let hole = this.#cell(key);
    if (this.#values[hole] === 0) return;
    this.#size--;
    // Move back every key of the run after the hole whose home is not between the hole and it.
    for (let j = (hole + 1) & mask; this.#values[j] !== 0; j = (j + 1) & mask) {
      const home = this.#home(this.#keys[j]);
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      this.#keys[hole] = this.#keys[j];
      this.#values[hole] = this.#values[j];
      hole = j;
    }
    this.#values[hole] = 0;
  }

  /** Calls `fn` with every slot in the table, in no particular order. */
  forEachSlot(fn: (slot: number) => void): void {
    for (let i = 0; i < this.#values.length; i++) if (this.#values[i] !== 0) fn(this.#values[i] - 1);
  }

  clear(): void {
    this.#keys = new Float64Array(INITIAL_CAPACITY);
    this.#values = new Int32Array(INITIAL_CAPACITY);
    this.#shift = 32 - Math.log2(INITIAL_CAPACITY);
    this.#size = 0;
  }

  #rehash(capacity: number): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Float64Array(capacity);
    this.#values = new Int32Array(capacity);
    this.#shift = 32 - Math.log2(capacity);
    for (let i = 0; i < values.length; i++) {
      if (values[i] === 0) continue;
      const j = this.#cell(keys[i]);
      this.#keys[j] = keys[i];
      this.#values[j] = values[i];
    }
  }
}
