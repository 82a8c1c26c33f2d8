import QRCode from 'qrcode';
import {
  base32Decode,
  base32Encode,
  generateEventKeyPair,
  privateKeyFrom,
  publicKeyFrom,
  signBadge,
  verifyBadge,
} from './badge-token.js';

describe('badge tokens', () => {
  const keys = generateEventKeyPair();
  const other = generateEventKeyPair();
  const claims = { eventId: 7, registrationId: 123456, serial: 2 };
  const code = signBadge(claims, privateKeyFrom(keys.privateKey));

  it('round-trips base32', () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255, 128, 64]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });

  it('verifies a genuine code with only the public key and reads its claims', () => {
    expect(code).toMatch(/^DJ[A-Z2-7]{120}$/);
    expect(verifyBadge(code, publicKeyFrom(keys.publicKey))).toEqual(claims);
  });

  it('fits a QR code of version 7 or less at error correction M', () => {
    const qr = QRCode.create(code, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(7);
  });

  it('refuses a code signed by another event, an altered code and garbage', () => {
    expect(verifyBadge(code, publicKeyFrom(other.publicKey))).toBeUndefined();
    const flipped = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11);
    expect(verifyBadge(flipped, publicKeyFrom(keys.publicKey))).toBeUndefined();
    for (const bad of ['', 'DJ', 'hello', code.toLowerCase(), code.slice(0, -1), `${code}A`]) {
      expect(verifyBadge(bad, publicKeyFrom(keys.publicKey))).toBeUndefined();
    }
  });

  it('carries no personal data: only version, event, registration and serial', () => {
    const bytes = base32Decode(code.slice(2))!;
    expect(bytes.length).toBe(11 + 64);
  });
});
