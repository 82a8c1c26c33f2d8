import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { decodeQrPng } from '../../test/support/qr.js';
import { qrModules, qrPng } from './qr-image.js';

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

  it('chooses the mask qrcode chooses: the same modules as QRCode.create for 400 codes of every kind and length', () => {
    const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let seed = 13;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const masks = new Set<number>();
    for (let n = 0; n < 400; n++) {
      const length = 1 + random(200);
      const alphabet = n % 4 === 3 ? 'abcdefghijklmnopqrstuvwxyz:/.-_?=&0123456789' : BASE32;
      const code = Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
      const level = n % 2 ? 'Q' : 'M';
      const expected = QRCode.create(
        /^[0-9A-Z $%*+\-./:]+$/.test(code) ? [{ data: code, mode: 'alphanumeric' }] : code,
        {
          errorCorrectionLevel: level,
        },
      );
      masks.add(expected.maskPattern ?? -1);
      const modules = qrModules(code, level);
      expect([code, level, modules.size]).toEqual([code, level, expected.modules.size]);
      const same = Buffer.compare(Buffer.from(modules.data), Buffer.from(expected.modules.data)) === 0;
      expect([code, level, same]).toEqual([code, level, true]);
    }
    // The codes exercised every mask, so a wrong penalty rule would have chosen differently somewhere.
    expect(masks.size).toBe(8);
  });
});
