import { loadMessages } from '../i18n/i18n.js';
import { AGREEMENT_KINDS, AGREEMENT_STATUSES, PARTY_SIDES } from './domain/agreement-status.js';
import { SigningsError } from './signings.errors.js';

const messages = loadMessages();

describe('signing messages', () => {
  it.each(['zh-CN', 'en'] as const)('explain every error code, kind, status, step and side in %s', (locale) => {
    const keys = [
      ...SigningsError.codes.map((code) => `errors.${code}`),
      ...AGREEMENT_KINDS.flatMap((k) => [`signings.kind.${k}`]),
      ...AGREEMENT_STATUSES.flatMap((s) => [
        `signings.status.${s}`,
        `signings.agreements.to.${s}`,
        `signings.console.status.${s}`,
      ]),
      ...PARTY_SIDES.map((s) => `signings.side.${s}`),
    ];
    expect(keys.filter((key) => !(key in messages[locale]))).toEqual([]);
  });
});
