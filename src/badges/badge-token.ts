import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Badge codes: a tiny signed token, no personal data. Layout before signing (11 bytes): version 1, event id
 * (uint32), registration id (uint32), serial (uint16, bumped when a badge is re-issued). Followed by the 64-byte
 * Ed25519 signature and written in RFC 4648 base32 behind "DJ", so the QR code can use alphanumeric mode:
 * 122 characters, a version 5 QR code at error correction M.
 */
export interface BadgeClaims {
  eventId: number;
  registrationId: number;
  serial: number;
}

const VERSION = 1;
const PAYLOAD_BYTES = 11;
const PREFIX = 'DJ';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

export function generateEventKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x!;
  return { publicKey: raw, privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64') };
}

export function privateKeyFrom(pkcs8Base64: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(pkcs8Base64, 'base64'), format: 'der', type: 'pkcs8' });
}

export function publicKeyFrom(rawBase64Url: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: rawBase64Url }, format: 'jwk' });
}

function payload(claims: BadgeClaims): Buffer {
  const bytes = Buffer.alloc(PAYLOAD_BYTES);
  bytes.writeUInt8(VERSION, 0);
  bytes.writeUInt32BE(claims.eventId, 1);
  bytes.writeUInt32BE(claims.registrationId, 5);
  bytes.writeUInt16BE(claims.serial, 9);
  return bytes;
}

export function signBadge(claims: BadgeClaims, privateKey: KeyObject): string {
  const data = payload(claims);
  const signature = sign(null, data, privateKey);
  return PREFIX + base32Encode(Buffer.concat([data, signature]));
}

/** The claims of a genuine code of this key, or undefined for anything forged, altered or malformed. */
export function verifyBadge(code: string, publicKey: KeyObject): BadgeClaims | undefined {
  if (!code.startsWith(PREFIX) || code.length !== PREFIX.length + 120) return undefined;
  const bytes = base32Decode(code.slice(PREFIX.length));
  if (!bytes || bytes.length !== PAYLOAD_BYTES + 64) return undefined;
  const data = Buffer.from(bytes.subarray(0, PAYLOAD_BYTES));
  if (data.readUInt8(0) !== VERSION) return undefined;
  if (!verify(null, data, publicKey, Buffer.from(bytes.subarray(PAYLOAD_BYTES)))) return undefined;
  return { eventId: data.readUInt32BE(1), registrationId: data.readUInt32BE(5), serial: data.readUInt16BE(9) };
}
