/**
 * Checks that an ELF shared object is whole before it is handed to dlopen. glibc maps a library's
 * segments without comparing them with the file's size, so a truncated .node (an interrupted
 * download or copy) does not fail to load: the process dies of SIGBUS when the loader touches the
 * missing pages. Reading the headers first turns that into an error the loader can report and
 * step past. Other formats (Mach-O, PE) are left to their loaders, which reject short files.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const PT_LOAD = 1;

/** Why `file` is not a complete ELF file, or undefined when its headers and segments fit in it. */
export function incompleteElf(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (offset: number, length: number): Buffer => {
      const buffer = Buffer.alloc(length);
      const got = readSync(fd, buffer, 0, length, offset);
      return buffer.subarray(0, got);
    };
    const ident = read(0, 64);
    if (ident.length < 16 || ident.readUInt32BE(0) !== 0x7f454c46) return undefined; // not ELF: not ours to judge
    const is64 = ident[4] === 2;
    const little = ident[5] === 1;
    const headerSize = is64 ? 64 : 52;
    if (ident.length < headerSize) return `truncated: ${size} bytes, shorter than its ELF header`;
    const u16 = (b: Buffer, at: number) => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
    const u32 = (b: Buffer, at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
    const word = (b: Buffer, at: number) => (is64 ? Number(little ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at)) : u32(b, at));
    const phoff = word(ident, is64 ? 0x20 : 0x1c);
    const shoff = word(ident, is64 ? 0x28 : 0x20);
    const phentsize = u16(ident, is64 ? 0x36 : 0x2a);
    const phnum = u16(ident, is64 ? 0x38 : 0x2c);
    const shentsize = u16(ident, is64 ? 0x3a : 0x2e);
    const shnum = u16(ident, is64 ? 0x3c : 0x30);
    // The section headers come last in the files linkers write: their end is where the file ends.
    let needed = Math.max(phoff + phentsize * phnum, shoff + shentsize * shnum);
    const table = read(phoff, phentsize * phnum);
    if (table.length < phentsize * phnum) return `truncated: ${size} bytes, but its headers describe at least ${needed}`;
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      if (u32(table, at) !== PT_LOAD) continue;
      const offset = word(table, at + (is64 ? 0x08 : 0x04));
      const fileSize = word(table, at + (is64 ? 0x20 : 0x10));
      needed = Math.max(needed, offset + fileSize);
    }
    return needed > size ? `truncated: ${size} bytes, but its headers describe ${needed}` : undefined;
  } finally {
    closeSync(fd);
  }
}
