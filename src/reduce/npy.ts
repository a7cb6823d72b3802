/**
 * Reads numpy's .npy format (versions 1 to 3) into a Matrix: the seed's arrays come from numpy, and
 * this lets `hotloop reduce` take them as they are saved (`np.save`). A 1-D array reads as one row
 * (`shape` says it was 1-D); `fortran_order` arrays as order 'F'. Little-endian dtypes only (and
 * 1-byte ones under any byte-order mark: `|i1`, `<i1`, `>u1`...).
 */
import { constants } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileError } from '../file-errors.js';
import { largeArray, type ReduceArrayType } from './large-array.js';
import type { Matrix, ReduceArray } from './matrix.js';

type ArrayType = ReduceArrayType<ReduceArray> & { new (buffer: ArrayBuffer, byteOffset: number, length: number): ReduceArray };

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
/** Bytes before the header text: magic, version, header length (2 bytes in version 1, 4 after). */
const PREAMBLE = 12;

/** A .npy file's array as a matrix, with the file's own shape (one number for a 1-D array). */
export interface NpyFile {
  matrix: Matrix;
  shape: number[];
}

/** What the header says: the data's type, shape and layout, and where the data starts. */
export interface NpyHeader {
  dtype: string;
  type: ArrayType;
  shape: number[];
  fortran: boolean;
  dataOffset: number;
  /** Bytes of data the shape needs (may exceed what one typed array holds). */
  dataBytes: number;
}

function latin1(bytes: Uint8Array, begin: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + begin, Math.max(0, Math.min(bytes.length, end) - begin)).toString('latin1');
}

/** Where the header text ends (the data's offset), from the first 12 bytes of a file. */
function dataOffsetOf(bytes: Uint8Array, name: string): number {
  if (bytes.length < 10 || latin1(bytes, 0, 6) !== MAGIC) throw new Error(`${name} is not a .npy file (no \\x93NUMPY magic)`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new Error(`${name}: unsupported .npy version ${major}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major > 1 && bytes.length < PREAMBLE) throw new Error(`${name} is truncated inside its header`);
  return major === 1 ? 10 + view.getUint16(8, true) : 12 + view.getUint32(8, true);
}

/** Parses the header; `bytes` holds at least the file's first `dataOffset` bytes. */
export function parseNpyHeader(bytes: Uint8Array, name = 'the file'): NpyHeader {
  const dataOffset = dataOffsetOf(bytes, name);
  const header = latin1(bytes, bytes[6] === 1 ? 10 : 12, dataOffset);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error(`${name}: malformed .npy header ${JSON.stringify(header.trim())}`);
  // '=' is the native order (little-endian on every platform Node runs on); a single byte has no order.
  const normalised = descr.replace(/^=/, '<').replace(/^[<>|]([iu]1)$/, '|$1');
  const type = DTYPES[normalised];
  if (!type) throw new Error(`${name}: dtype ${descr} is not supported (little-endian integers or floats only: ${Object.keys(DTYPES).join(', ')})`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.length < 1 || shape.length > 2 || shape.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new Error(`${name}: shape (${shapeText}) is not 1-D or 2-D`);
  }
  const elements = shape.reduce((a, b) => a * b, 1);
  return { dtype: descr, type, shape, fortran: fortran === 'True', dataOffset, dataBytes: elements * type.BYTES_PER_ELEMENT };
}

function matrixOf(header: NpyHeader, data: ReduceArray): Matrix {
  const [rows, cols] = header.shape.length === 1 ? [1, header.shape[0]] : header.shape;
  return { data, rows, cols, order: header.fortran ? 'F' : 'C' };
}

function checkSize(header: NpyHeader, size: number, name: string): void {
  if (header.dataBytes > constants.MAX_LENGTH) {
    throw new Error(`${name}: its data takes ${header.dataBytes} bytes, more than the ${constants.MAX_LENGTH} one typed array holds in Node ${process.version}`);
  }
  if (header.dataOffset + header.dataBytes > size) throw new Error(`${name}: holds fewer bytes than its shape (${header.shape.join(', ')}) needs`);
}

/** Parses .npy bytes already in memory; a malformed or unsupported file is an Error that says what is wrong. */
export function parseNpy(bytes: Uint8Array, name = 'the file'): Matrix {
  const header = parseNpyHeader(bytes, name);
  checkSize(header, bytes.length, name);
  const { type, dataOffset, dataBytes } = header;
  const length = dataBytes / type.BYTES_PER_ELEMENT;
  // Typed arrays need aligned offsets; numpy pads headers to 64 bytes, copy only if some writer did not.
  const offset = bytes.byteOffset + dataOffset;
  const data =
    offset % type.BYTES_PER_ELEMENT === 0
      ? new type(bytes.buffer as ArrayBuffer, offset, length)
      : new type(bytes.slice(dataOffset, dataOffset + dataBytes).buffer as ArrayBuffer, 0, length);
  return matrixOf(header, data);
}

/** Reads `length` bytes at `position` into `target`, in pieces (one read returns at most about 2 GiB). */
function readFully(fd: number, target: Uint8Array, position: number, name: string): void {
  const PIECE = 1 << 26;
  for (let done = 0; done < target.length; ) {
    const want = Math.min(PIECE, target.length - done);
    const got = readSync(fd, target, done, want, position + done);
    if (got === 0) throw new Error(`${name}: the file ended while reading its data (was it truncated?)`);
    done += got;
  }
}

/**
 * Reads a .npy file: the header first, then the data straight into a fresh aligned array (on huge
 * pages where the native backend has them), in pieces, so files beyond 2 GiB read too. Errors name
 * the file and what failed.
 */
export function readNpy(path: string): NpyFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw fileError('read', path, error);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new Error(`cannot read ${path}: it is a directory`);
    const preamble = new Uint8Array(Math.min(PREAMBLE, stats.size));
    readFully(fd, preamble, 0, path);
    const headerBytes = new Uint8Array(Math.min(dataOffsetOf(preamble, path), stats.size));
    readFully(fd, headerBytes, 0, path);
    const header = parseNpyHeader(headerBytes, path);
    checkSize(header, stats.size, path);
    const data = largeArray(header.type, header.dataBytes / header.type.BYTES_PER_ELEMENT);
    readFully(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.dataOffset, path);
    return { matrix: matrixOf(header, data), shape: header.shape };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw fileError('read', path, error);
    throw error;
  } finally {
    closeSync(fd);
  }
}
