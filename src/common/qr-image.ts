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
  return Promise.resolve(drawQrPng(code, options));
}

/** qrPng, drawn at once (on the thread that calls it; `QrThreads` draws them on a worker thread). */
export function drawQrPng(code: string, options: { level?: 'M' | 'Q'; scale?: number } = {}): Buffer {
  return pngOfModules(qrModules(code, options.level ?? 'M'), options.scale ?? 6, 2);
}

/**
 * The modules of the symbol `QRCode.create` makes, with the mask it would choose, found faster: qrcode tries its eight
 * masks through per-module calls (two thirds of the time of a whole symbol); here the symbol is made once with mask
 * 0, unmasked, and the same penalty rules (N1–N4, the first lowest wins) are scored on flat arrays. The spec compares
 * the result with `QRCode.create` module for module.
 */
export function qrModules(code: string, level: 'M' | 'Q'): { size: number; data: Uint8Array } {
  const symbol = QRCode.create(ALPHANUMERIC.test(code) ? [{ data: code, mode: 'alphanumeric' }] : code, {
    errorCorrectionLevel: level,
    maskPattern: 0,
  });
  const { size, data: masked, reservedBit } = symbol.modules as unknown as QrMatrix;
  const levelBits = (symbol.errorCorrectionLevel as unknown as { bit: number }).bit;
  const plain = applyMask(new Uint8Array(size * size), masked, reservedBit, size, 0);
  const trial = new Uint8Array(size * size);
  let best = 0;
  let lowest = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    setFormat(applyMask(trial, plain, reservedBit, size, mask), size, formatBits(levelBits, mask));
    const penalty = penalties(trial, size);
    if (penalty < lowest) {
      lowest = penalty;
      best = mask;
    }
  }
  const data = setFormat(applyMask(trial, plain, reservedBit, size, best), size, formatBits(levelBits, best));
  return { size, data };
}

interface QrMatrix {
  size: number;
  data: Uint8Array;
  reservedBit: Uint8Array;
}

/** The eight data masks of ISO/IEC 18004 (row i, column j), as qrcode writes them. */
const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/**
 * Which modules each mask flips for a symbol size: the mask's dark modules outside the function patterns (which are the
 * same for every symbol of a size). Kept for the sizes met.
 */
const flipsBySize = new Map<number, Uint8Array[]>();

function flipsOf(size: number, reserved: Uint8Array): Uint8Array[] {
  let flips = flipsBySize.get(size);
  if (!flips) {
    flips = MASKS.map((dark) => {
      const flip = new Uint8Array(size * size);
      for (let i = 0, k = 0; i < size; i++) {
        for (let j = 0; j < size; j++, k++) flip[k] = !reserved[k] && dark(i, j) ? 1 : 0;
      }
      return flip;
    });
    flipsBySize.set(size, flips);
  }
  return flips;
}

/** `from` with `mask` applied to every module outside the function patterns, into `into`. */
function applyMask(into: Uint8Array, from: Uint8Array, reserved: Uint8Array, size: number, mask: number): Uint8Array {
  const flip = flipsOf(size, reserved)[mask];
  for (let k = 0; k < into.length; k++) into[k] = from[k] ^ flip[k];
  return into;
}

/** The 15 format bits (error correction level and mask, BCH-coded, masked), as qrcode's FormatInfo encodes them. */
function formatBits(levelBits: number, mask: number): number {
  const G15 = 0b10100110111;
  const data = (levelBits << 3) | mask;
  let d = data << 10;
  while (bitLength(d) - bitLength(G15) >= 0) d ^= G15 << (bitLength(d) - bitLength(G15));
  return ((data << 10) | d) ^ 0b101010000010010;
}

function bitLength(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

/** Writes the format bits where qrcode's setupFormatInfo does (beside the finders, and the dark module). */
function setFormat(data: Uint8Array, size: number, bits: number): Uint8Array {
  for (let i = 0; i < 15; i++) {
    const bit = (bits >> i) & 1;
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    data[row * size + 8] = bit;
    const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 15 - i - 1;
    data[8 * size + col] = bit;
  }
  data[(size - 8) * size + 8] = 1;
  return data;
}

/** N1's points for a run of `n` modules of one colour: 3 + (n - 5) from five on. */
const RUN_POINTS = Uint8Array.from({ length: 256 }, (_, n) => (n >= 5 ? n - 2 : 0));
/** N3's patterns: 1:1:3:1:1 with four light modules after or before, as the last 11 modules of a line. */
const FINDER_LIKE = Uint8Array.from({ length: 2048 }, (_, bits) => (bits === 0x5d0 || bits === 0x05d ? 1 : 0));
/** N2: a 2×2 block of one colour (its sum 0 or 4). */
const BLOCK = Uint8Array.of(1, 0, 0, 0, 1);

/**
 * qrcode's mask penalty: N1 runs of five or more, N2 2×2 blocks, N3 finder-like patterns, N4 dark proportion. Written
 * with tables instead of branches: which way a module goes is as good as random, and mispredicted branches were most
 * of the time.
 */
function penalties(data: Uint8Array, size: number): number {
  let n1 = 0;
  let n3 = 0;
  for (let a = 0; a < size; a++) {
    let lastRow = data[a * size];
    let lastCol = data[a];
    let runRow = 1;
    let runCol = 1;
    let bitsRow = lastRow;
    let bitsCol = lastCol;
    for (let b = 1; b < size; b++) {
      const inRow = data[a * size + b];
      const inCol = data[b * size + a];
      const sameRow = inRow ^ lastRow ^ 1;
      const sameCol = inCol ^ lastCol ^ 1;
      n1 += (sameRow ^ 1) * RUN_POINTS[runRow] + (sameCol ^ 1) * RUN_POINTS[runCol];
      runRow = runRow * sameRow + 1;
      runCol = runCol * sameCol + 1;
      lastRow = inRow;
      lastCol = inCol;
      bitsRow = ((bitsRow << 1) & 0x7ff) | inRow;
      bitsCol = ((bitsCol << 1) & 0x7ff) | inCol;
      if (b >= 10) n3 += FINDER_LIKE[bitsRow] + FINDER_LIKE[bitsCol];
    }
    n1 += RUN_POINTS[runRow] + RUN_POINTS[runCol];
  }
  let n2 = 0;
  for (let r = 0; r < size - 1; r++) {
    for (let c = 0, k = r * size; c < size - 1; c++, k++) {
      n2 += BLOCK[data[k] + data[k + 1] + data[k + size] + data[k + size + 1]];
    }
  }
  let dark = 0;
  for (let k = 0; k < data.length; k++) dark += data[k];
  const n4 = Math.abs(Math.ceil((dark * 100) / data.length / 5) - 10);
  return n1 + n2 * 3 + n3 * 40 + n4 * 10;
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
