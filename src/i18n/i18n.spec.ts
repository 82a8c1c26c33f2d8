import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessError, AccountsError } from '../accounts/accounts.errors.js';
import { AgendaError } from '../agenda/agenda.errors.js';
import { USER_ROLES } from '../accounts/user.entity.js';
import { SESSION_KINDS } from '../agenda/session.entity.js';
import { CommonError } from '../common/domain-error.js';
import { FileTypeError } from '../common/file-types.js';
import { DirectoryError } from '../directory/directory.errors.js';
import { ORGANISATION_KINDS } from '../directory/organisation.entity.js';
import { EVENT_ORGANISATION_ROLES } from '../events/event-organisation.entity.js';
import { READINESS_CODES } from '../events/domain/readiness.js';
import { EVENT_STATUSES } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import { VENUE_KINDS } from '../events/venue.entity.js';
import { MatchmakingError } from '../matchmaking/matchmaking.errors.js';
import { RegistrationError } from '../registration/registration.errors.js';
import { loadMessages, resolveLocale, Translator } from './i18n.js';
import { TEMPLATES_DIR } from '../common/paths.js';
import { SpreadsheetError } from '../spreadsheet/spreadsheet.errors.js';
import { MeetingsError } from '../matchmaking/meetings/meetings.errors.js';
import { RoadshowsError } from '../roadshows/roadshows.errors.js';
import { IntentsError } from '../intents/intents.errors.js';

const messages = loadMessages();

function templateSources(): string[] {
  return readdirSync(TEMPLATES_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.hbs'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

describe('messages', () => {
  it('has the same keys in Chinese and English', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages['zh-CN']).sort());
  });

  it('has every key that a template names literally', () => {
    const used = new Set(
      templateSources().flatMap((src) => [...src.matchAll(/(?:\{\{|\()t "([\w.]+)"/g)].map((m) => m[1])),
    );
    const missing = [...used].filter((key) => !(key in messages['zh-CN']));
    expect(missing).toEqual([]);
  });

  it.each([
    ['sessionKind', SESSION_KINDS],
    ['orgKind', ORGANISATION_KINDS],
    ['orgRole', EVENT_ORGANISATION_ROLES],
    ['venueKind', VENUE_KINDS],
    ['status', EVENT_STATUSES],
    ['roles', USER_ROLES],
    ['consoleEvent.readiness.missing', READINESS_CODES],
  ])('names every %s value in both languages', (prefix, values) => {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(values.filter((v) => !(`${prefix}.${v}` in messages[locale]))).toEqual([]);
    }
  });

  it('names every kind of email (one per template in templates/emails) in both languages', () => {
    const kinds = readdirSync(join(TEMPLATES_DIR, 'emails'))
      .filter((name) => name.endsWith('.txt.hbs'))
      .map((name) => name.replace(/\.txt\.hbs$/, '').replaceAll('-', '_'));
    expect(kinds).toContain('registration_link');
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(kinds.filter((kind) => !(`registrations.mail.kinds.${kind}` in messages[locale]))).toEqual([]);
    }
  });

  it('explains every error code in both languages', () => {
    const codes = [
      CommonError,
      FileTypeError,
      AccountsError,
      AccessError,
      DirectoryError,
      EventsError,
      RegistrationError,
      MatchmakingError,
      AgendaError,
      SpreadsheetError,
      MeetingsError,
      RoadshowsError,
      IntentsError,
    ].flatMap((cls) => cls.codes);
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(codes.filter((code) => !(`errors.${code}` in messages[locale]))).toEqual([]);
    }
  });

  it('fills parameters', () => {
    const t = new Translator(messages);
    expect(t.t('zh-CN', 'event.edition', { n: 19 })).toBe('第19届');
    expect(t.t('en', 'event.edition', { n: 19 })).toBe('Edition 19');
  });
});

describe('resolveLocale', () => {
  it.each([
    ['en', undefined, 'zh-CN', 'en'],
    [undefined, 'en', 'zh-CN,zh;q=0.9', 'en'],
    [undefined, undefined, 'en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    [undefined, undefined, 'fr-FR, zh-TW;q=0.7, en;q=0.5', 'zh-CN'],
    [undefined, undefined, 'de-DE', 'zh-CN'],
    [undefined, undefined, undefined, 'zh-CN'],
    ['xx', 'yy', 'en;q=0', 'zh-CN'],
  ])('query %s, cookie %s, Accept-Language %s → %s', (query, cookie, accept, expected) => {
    expect(resolveLocale(query, cookie, accept)).toBe(expected);
  });
});
