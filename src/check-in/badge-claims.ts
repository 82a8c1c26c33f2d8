import { base32Decode, type BadgeClaims } from '../badges/badge-token.js';

/**
 * The claims written in a badge code, without checking its signature: for listing the serials of issued badges
 * (the scanner's offline data), never for deciding a scan.
 */
export function readClaimsUnverified(code: string): BadgeClaims | undefined {
  if (!code.startsWith('DJ') || code.length !== 122) return undefined;
  const bytes = base32Decode(code.slice(2));
  if (!bytes || bytes.length !== 75 || bytes[0] !== 1) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { eventId: view.getUint32(1), registrationId: view.getUint32(5), serial: view.getUint16(9) };
}
