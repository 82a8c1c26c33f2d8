import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** The characters QR's alphanumeric mode holds (badge codes are base32 in capitals): no segment search needed. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/;

/**
 * A QR code as a PNG image. Badges printed on paper use error correction Q, screens and emails M. Drawn where the
 * image is needed (a page, an email being sent), never stored: the code is the data, the picture is derived.
 *
 * The symbol is made by `qrcode` (segments, error correction, the best mask); the picture is written here as a
 * one-bit greyscale PNG, which is what a black-and-white code is: a tenth of the bytes of qrcode's RGBA image and
 * about a tenth of the time (the mail worker draws one per confirmation it sends; `test/bench/mail.ts`).
 */
export function qrPng(code: string, options: { level?: 'M' | 'Q'; scale?: number } = {}): Promise<Buffer> {
  const symbol = QRCode.create(ALPHANUMERIC.test(code) ? [{ data: code, mode: 'alphanumeric' }] : code, {
    errorCorrectionLevel: options.level ?? 'M',
  });
  return Promise.resolve(pngOfModules(symbol.modules, options.scale ?? 6, 2));
}

/** A square one-bit greyscale PNG: dark modules black, a quiet zone of `margin` modules, `scale` pixels a module. */
function pngOfModules(modules: { size: number; data: Uint8Array }, scale: number, margin: number) {
  const { size, data } = modules;
  const width = (size + 2 * margin) * scale;
  const rowBytes = Math.ceil(width / 8);
  const stride = rowBytes + 1; // filter byte 0 (none) then the row; a set bit is white
  const raw = Buffer.alloc(stride * width, 0xff);
  // Each row of modules is drawn once, as the first of its `scale` pixel rows, and copied to the others.
  for (let y = 0; y < width; y++) raw[y * stride] = 0;
  for (let my = 0; my < size; my++) {
    const first = (margin + my) * scale * stride;
    for (let mx = 0; mx < size; mx++) {
      if (!data[my * size + mx]) continue;
      for (let x = (margin + mx) * scale, end = x + scale; x < end; x++)
        raw[first + 1 + (x >> 3)] &= ~(0x80 >> (x & 7));
    }
    for (let k = 1; k < scale; k++) raw.copyWithin(first + k * stride, first, first + stride);
  }
  // Padding bits after the last pixel of a row are left set (white): PNG ignores them.
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    // Rows repeat every `stride` bytes: a small window finds them, and a small window is quicker to set up.
    chunk('IDAT', deflateSync(raw, { windowBits: 10, memLevel: 4 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
