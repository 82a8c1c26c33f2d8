import { loadMessages } from '../i18n/i18n.js';
import { CHECK_IN_LIST_KINDS } from './check-in-list.entity.js';
import { CHECK_IN_RESULTS } from './check-in-result.js';
import { CheckInError } from './check-in.errors.js';

const messages = loadMessages();

describe('check-in messages', () => {
  it.each(['zh-CN', 'en'] as const)('explain every error code, result and list kind in %s', (locale) => {
    const keys = [
      ...CheckInError.codes.map((code) => `errors.${code}`),
      ...CHECK_IN_RESULTS.flatMap((r) => [
        `checkin.result.${r}`,
        `checkin.scanner.result.${r}`,
        `checkin.scanner.hint.${r}`,
      ]),
      ...CHECK_IN_LIST_KINDS.map((k) => `checkin.kind.${k}`),
    ];
    expect(keys.filter((key) => !(key in messages[locale]))).toEqual([]);
  });
});
