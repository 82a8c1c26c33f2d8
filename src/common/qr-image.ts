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
function pngOfModules(modules: { size: number; get(row: number, col: number): number }, scale: number, margin: number) {
  const width = (modules.size + 2 * margin) * scale;
  const rowBytes = Math.ceil(width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * width); // filter byte 0 (none) then the row; a set bit is white
  for (let y = 0; y < width; y++) {
    const row = y * (rowBytes + 1);
    const my = Math.floor(y / scale) - margin;
    for (let x = 0; x < width; x++) {
      const mx = Math.floor(x / scale) - margin;
      const dark = my >= 0 && my < modules.size && mx >= 0 && mx < modules.size && Boolean(modules.get(my, mx));
      if (!dark) raw[row + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
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
