/**
 * Reads numpy's .npy format (versions 1 to 3) into a Matrix over the file's bytes: the seed's arrays
 * come from numpy, and this lets `hotloop reduce` take them as they are saved (`np.save`). 1-D
 * arrays read as one row; `fortran_order` arrays as order 'F'. Little-endian dtypes only.
 */
import { readFileSync } from 'node:fs';
import type { Matrix, ReduceArray } from './matrix.js';

type ArrayType = { new (buffer: ArrayBuffer, byteOffset: number, length: number): ReduceArray; BYTES_PER_ELEMENT: number };

const DTYPES: Record<string, ArrayType> = {
  '<i8': BigInt64Array,
  '<u8': BigUint64Array,
  '<i4': Int32Array,
  '<u4': Uint32Array,
  '<i2': Int16Array,
  '<u2': Uint16Array,
  '|i1': Int8Array,
  '|u1': Uint8Array,
  '<f4': Float32Array,
  '<f8': Float64Array,
};

const MAGIC = '\x93NUMPY';

/** Parses .npy bytes; a malformed or unsupported file is an Error that says what is wrong. */
export function parseNpy(bytes: Uint8Array, name = 'the file'): Matrix {
  const latin = (begin: number, end: number) => Buffer.from(bytes.buffer, bytes.byteOffset + begin, end - begin).toString('latin1');
  if (bytes.length < 10 || latin(0, 6) !== MAGIC) throw new Error(`${name} is not a .npy file (no \\x93NUMPY magic)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new Error(`${name}: unsupported .npy version ${major}`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = latin(headerStart, Math.min(bytes.length, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error(`${name}: malformed .npy header ${JSON.stringify(header.trim())}`);
  const type = DTYPES[descr.replace(/^=/, '<')];
  if (!type) throw new Error(`${name}: dtype ${descr} is not supported (little-endian integers or floats only: ${Object.keys(DTYPES).join(', ')})`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.length < 1 || shape.length > 2 || shape.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`${name}: shape (${shapeText}) is not 1-D or 2-D`);
  }
  const [rows, cols] = shape.length === 1 ? [1, shape[0]] : shape;
  const start = headerStart + headerLength;
  const length = rows * cols;
  if (start + length * type.BYTES_PER_ELEMENT > bytes.length) throw new Error(`${name}: holds fewer bytes than its shape (${shapeText}) needs`);
  // Typed arrays need aligned offsets; numpy pads headers to 64 bytes, copy only if some writer did not.
  const offset = bytes.byteOffset + start;
  const data =
    offset % type.BYTES_PER_ELEMENT === 0
      ? new type(bytes.buffer as ArrayBuffer, offset, length)
      : new type(bytes.slice(start, start + length * type.BYTES_PER_ELEMENT).buffer, 0, length);
  return { data, rows, cols, order: fortran === 'True' ? 'F' : 'C' };
}

export function readNpy(path: string): Matrix {
  return parseNpy(readFileSync(path), path);
}
