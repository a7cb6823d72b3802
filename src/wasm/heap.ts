/**
 * The allocator of the wasm memory, run by JavaScript on one thread only (the one that owns the
 * module): the wasm build has no thread-safe malloc (wasi-libc's is not), and the kernels never
 * allocate, so every block (copied inputs, outputs, stacks of the workers, arrays of `alloc`) comes
 * from here. First fit over a sorted free list, blocks aligned to 64 bytes (a cache line, and any
 * SIMD load), neighbours merged on free; the memory grows by whole pages when no block fits, and a
 * growth the engine refuses is a RangeError that says how much was asked. No Node built-ins.
 */
import { type WasmMemory } from './engine.js';

const PAGE = 65536;
const ALIGN = 64;
/** wasm32 addresses: the memory cannot exceed 4 GiB. */
const MAX_BYTES = 65536 * PAGE;

interface Block {
  start: number;
  size: number;
}

export class Heap {
  private readonly free: Block[] = [];
  private readonly used = new Map<number, number>();
  private end: number;

  constructor(
    private readonly memory: WasmMemory,
    heapBase: number,
  ) {
    const start = align(heapBase);
    this.end = memory.buffer.byteLength;
    if (this.end > start) this.free.push({ start, size: this.end - start });
    else this.end = start;
  }

  /** The address of a new block of at least `bytes` bytes (64-byte aligned); `what` names it in a RangeError. */
  alloc(bytes: number, what = 'a block'): number {
    const size = Math.max(ALIGN, align(bytes));
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i];
      if (block.size < size) continue;
      const start = block.start;
      if (block.size === size) this.free.splice(i, 1);
      else {
        block.start += size;
        block.size -= size;
      }
      this.used.set(start, size);
      return start;
    }
    this.grow(size, what);
    return this.alloc(bytes, what);
  }

  /** Returns a block from `alloc`; an address it did not hand out is an error. */
  release(start: number): void {
    const size = this.used.get(start);
    if (size === undefined) throw new Error(`hotloop wasm: no allocated block at ${start}`);
    this.used.delete(start);
    let i = 0;
    while (i < this.free.length && this.free[i].start < start) i++;
    this.free.splice(i, 0, { start, size });
    const next = this.free[i + 1];
    if (next && start + size === next.start) {
      this.free[i].size += next.size;
      this.free.splice(i + 1, 1);
    }
    const previous = this.free[i - 1];
    if (previous && previous.start + previous.size === start) {
      previous.size += this.free[i].size;
      this.free.splice(i, 1);
    }
  }

  /** Bytes handed out and not yet released (for tests and `info`). */
  inUse(): number {
    let total = 0;
    for (const size of this.used.values()) total += size;
    return total;
  }

  /** Grows the memory so that a block of `size` bytes fits at its end. */
  private grow(size: number, what: string): void {
    const last = this.free[this.free.length - 1];
    const tail = last && last.start + last.size === this.end ? last.size : 0;
    const pages = Math.ceil((size - tail) / PAGE);
    const wanted = this.end + pages * PAGE;
    if (wanted > MAX_BYTES) {
      throw new RangeError(`hotloop wasm: cannot allocate ${size} bytes for ${what}: the wasm memory would exceed 4 GiB (it holds ${this.end} bytes)`);
    }
    try {
      this.memory.grow(pages);
    } catch (error) {
      throw new RangeError(`hotloop wasm: cannot grow the wasm memory from ${this.end} to ${wanted} bytes for ${what} (${size} bytes): ${(error as Error).message}`);
    }
    const added = this.memory.buffer.byteLength - this.end;
    if (tail > 0) last.size += added;
    else this.free.push({ start: this.end, size: added });
    this.end += added;
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
