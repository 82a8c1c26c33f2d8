import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { decodeQrPng } from '../../test/support/qr.js';
import { qrPng } from './qr-image.js';

const BADGE = 'AB2C'.repeat(30) + 'Q7'; // 122 base32 characters, as a badge code
const URL = 'https://duijie.example.cn/roadshows/p/3f9a-k2';

describe('qrPng', () => {
  it.each([
    ['a badge code, error correction M, scale 6', BADGE, { level: 'M' as const, scale: 6 }],
    ['a badge code, error correction Q, scale 10 (printed)', BADGE, { level: 'Q' as const, scale: 10 }],
    ['a link (byte mode), error correction Q, scale 12', URL, { level: 'Q' as const, scale: 12 }],
  ])('draws %s that an independent decoder reads back', async (_name, code, options) => {
    const png = await qrPng(code, options);
    expect(decodeQrPng(png)).toBe(code);
  });

  it('draws exactly the symbol qrcode makes: same modules, the quiet zone white, each module scale pixels', async () => {
    const png = PNG.sync.read(await qrPng(BADGE, { level: 'M', scale: 4 }));
    const symbol = QRCode.create(BADGE, { errorCorrectionLevel: 'M' }).modules;
    expect(png.width).toBe((symbol.size + 4) * 4);
    const dark = (x: number, y: number) => png.data[(y * png.width + x) * 4] === 0;
    for (let row = -2; row < symbol.size + 2; row++) {
      for (let col = -2; col < symbol.size + 2; col++) {
        const inside = row >= 0 && col >= 0 && row < symbol.size && col < symbol.size;
        const expected = inside && Boolean(symbol.get(row, col));
        expect([row, col, dark((col + 2) * 4 + 1, (row + 2) * 4 + 2)]).toEqual([row, col, expected]);
      }
    }
  });
});
