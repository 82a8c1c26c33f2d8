import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CommonError } from '../../common/domain-error.js';
import { ScanDto } from './check-in.dto.js';
import { parseScan } from './scan-body.pipe.js';

const CODE = `DJ${'A'.repeat(120)}`;

/** The fields the global ValidationPipe (whitelist, forbidNonWhitelisted) refuses for a body, sorted. */
function dtoVerdict(body: Record<string, unknown>): string[] {
  const errors = validateSync(plainToInstance(ScanDto, body), { whitelist: true, forbidNonWhitelisted: true });
  return errors.map((e) => e.property).sort();
}

function pipeVerdict(body: Record<string, unknown>): string[] {
  try {
    parseScan(body);
    return [];
  } catch (error) {
    if (!(error instanceof CommonError)) throw error;
    return error.fields.map((f) => f.field).sort();
  }
}

describe('the scan body check', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a code alone', { code: CODE }],
    [
      'every field',
      { code: CODE, listId: 3, deviceId: 'gate-1:a.b', nonce: 'abcd-1234_xy', scannedAt: '2026-12-05T09:03:00+08:00' },
    ],
    ['a registration id', { registrationId: 12 }],
    ['an empty code', { code: '' }],
    ['a code too long', { code: 'x'.repeat(301) }],
    ['a number for the code', { code: 42 }],
    ['a short nonce', { code: CODE, nonce: 'abc' }],
    ['a nonce with a space', { code: CODE, nonce: 'abcd 12345' }],
    ['an id of zero', { registrationId: 0 }],
    ['a fractional id', { listId: 1.5 }],
    ['an id as text', { listId: '3' }],
    ['an id past 32 bits', { listId: 2_147_483_648 }],
    ['a device id with a slash', { code: CODE, deviceId: 'a/b' }],
    ['a date without time zone rules', { code: CODE, scannedAt: '2026-02-30T10:00:00Z' }],
    ['a time that is not ISO', { code: CODE, scannedAt: 'yesterday' }],
    ['an unknown property', { code: CODE, admin: true }],
    ['a null code', { code: null }],
    ['a code with a line break', { code: `${CODE}\r\nX` }],
    ['a lookup text with a tab', { code: `DJ\tA` }],
    ['a null id and nonce', { registrationId: null, nonce: null }],
    ['several problems', { code: 5, nonce: 'x', extra: 1 }],
  ])('agrees with ScanDto on %s', (_, body) => {
    expect(pipeVerdict(body)).toEqual(dtoVerdict(body));
  });

  it('refuses a body that is not an object', () => {
    expect(() => parseScan('code')).toThrow(CommonError);
    expect(() => parseScan([CODE])).toThrow(CommonError);
  });
});
