/** What the PNG encoder writes: 8-bit grey or RGB pixels, rows from the top. */
export interface PngImage {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB) bytes per pixel. */
  channels: 1 | 3;
  /** Pixels, rows from the top, `width * height * channels` bytes. */
  pixels: Uint8Array;
}
