/** .npy bytes as numpy writes them (version 1, header padded to a multiple of 64), for CLI tests. */
export function npyBytes(descr: string, shape: number[], data: ArrayBufferView, fortran = false): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${dims}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const text = `${dict}${' '.repeat(total - 10 - dict.length - 1)}\n`;
  const preamble = Buffer.from([0x93, ...Buffer.from('NUMPY', 'latin1'), 1, 0, text.length & 0xff, text.length >> 8]);
  return Buffer.concat([preamble, Buffer.from(text, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}
