import { Database } from '../../src/database/database.service.js';
import { IntentReminders } from '../../src/intents/intent-reminders.service.js';
import { MailWorker } from '../../src/mail/mail-worker.service.js';
import { RoadshowFollowUp } from '../../src/roadshows/roadshow-follow-up.service.js';
import { Browser } from '../support/browser.js';
import { Fixtures } from '../support/fuzz/fixtures.js';
import { discoverRoutes, type FuzzRoute, type OpenApiDocument } from '../support/fuzz/routes.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * User text holding markup and iCalendar line breaks, stored in every user-editable text column of the matchmaking
 * modules (achievements, demands, agreements and their parties and witnesses, roadshow projects and leads, intents
 * and their follow-ups, registrations, people, organisations, events and sessions), is shown on every page, in every
 * email and every calendar without raw markup and without a line of someone else's making.
 *
 * The text is written straight into the database, into single-line columns too (which the API refuses CR/LF for):
 * output encoding must hold even for data that came in before a validation rule existed, or through an import.
 */
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const ICAL = '\r\nEND:VEVENT\r\nX-INJECTED:1';
const POISON = `${SCRIPT}${IMG}${ICAL}`;
const RAW_MARKUP = /<script>alert\(1\)|<img src=x onerror/;

const TABLES = [
  'achievements',
  'demands',
  'demand_bids',
  'signing_agreements',
  'signing_agreement_parties',
  'signing_agreement_witnesses',
  'signing_ceremonies',
  'roadshow_projects',
  'roadshow_leads',
  'roadshow_criteria',
  'intents',
  'intent_parties',
  'intent_follow_ups',
  'intent_proposals',
  'registrations',
  'people',
  'organisations',
  'events',
  'agenda_sessions',
  'venues',
  'rooms',
];
/** Columns that hold machine values (ids, states, codes, addresses, tokens, times, JSON): not user text. */
const NOT_TEXT =
  /^id$|Id$|Ids$|status|kind|slug|code|email|token|locale|timezone|stage|At$|On$|json|answers|phone|hash|key|side|seeks|maturity|role|nonce|signature|version|url|mime|contentType|filename|sha|colou?r|currency|source|channel|format|type$|language|sort|position|password|Minutes$|capacity|amount|wan|score|weight|count|number|data$|visibility|fields|tags|keywords|checksum|messageId|industries|field$/i;

describe(`output encoding of user text, on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let routes: FuzzRoute[];
  let fixtures: Fixtures;
  let organiser: Browser;
  const poisoned: string[] = [];

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({
      demo: true,
      env: {
        SMTP_URL: sink.url,
        MAIL_WORKER: 'false',
        RATE_LIMIT_SCALE: '0',
        LOG_LEVEL: process.env.ENC_LOG ?? 'silent',
      },
    });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json<OpenApiDocument>();
    routes = discoverRoutes(t.app, doc);
    fixtures = await Fixtures.load(t);
    organiser = new Browser(t.app);
    await organiser.get('/login');
    await organiser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });

    const ds = t.app.get(Database).dataSource;
    const postgres = ds.options.type === 'postgres';
    for (const table of TABLES) {
      const meta = ds.entityMetadatas.find((m) => m.tableName === table);
      if (!meta) throw new Error(`no entity for table ${table}`);
      for (const column of meta.columns) {
        // Text as TypeORM declares it; JSON, arrays, enums, dates and machine values (NOT_TEXT) are not user text.
        const type = typeof column.type === 'function' ? column.type.name : String(column.type);
        if (!/^(varchar|text|String|character varying)$/.test(type) || NOT_TEXT.test(column.propertyName)) continue;
        if (column.enum) continue;
        const max = column.length ? Number(column.length) : 0;
        const value = max ? POISON.slice(0, max) : POISON;
        await ds.query(`UPDATE "${table}" SET "${column.databaseName}" = ${postgres ? '$1' : '?'}`, [value]);
        poisoned.push(`${table}.${column.databaseName}`);
      }
    }
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const url = (route: FuzzRoute) =>
    route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(fixtures.value(route.path, name)));

  it('poisons the user text of every module it names', () => {
    for (const column of [
      'achievements.title',
      'demands.title',
      'signing_agreements.title',
      'roadshow_projects.name',
      'intents.title',
      'intent_follow_ups.note',
      'registrations.name',
    ])
      expect(poisoned).toContain(column);
  });

  it('shows the text escaped on every page, to the organiser and to anyone, never as markup', async () => {
    const pages = routes.filter((r) => r.kind === 'page' && r.method === 'GET');
    const wrong: string[] = [];
    let shown = 0;
    let checked = 0;
    for (const route of pages) {
      for (const who of ['organiser', 'anonymous'] as const) {
        if (who === 'anonymous' && route.path.startsWith('/console')) continue;
        const res = await t.app.inject({
          method: 'GET',
          url: url(route),
          cookies: who === 'organiser' ? organiser.cookies : {},
        });
        if (res.statusCode >= 500) wrong.push(`${who} ${route.path}: ${res.statusCode}`);
        const type = String(res.headers['content-type'] ?? '');
        if (res.statusCode !== 200 || !type.includes('html')) continue;
        checked++;
        if (res.body.includes('&lt;script&gt;alert(1)')) shown++;
        if (RAW_MARKUP.test(res.body)) {
          const at = res.body.search(RAW_MARKUP);
          wrong.push(`${who} ${route.path}: …${res.body.slice(Math.max(0, at - 120), at + 60)}…`);
        }
      }
    }
    process.stdout.write(`output encoding: ${checked} pages checked, ${shown} show the stored text escaped\n`);
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(60);
    expect(shown).toBeGreaterThan(20);
  }, 300_000);

  /**
   * What is wrong with an iCalendar text: a line break that is not CRLF, an injected property line, more events
   * begun than ended. `decoded`: a MIME part as the mail parser gives it, whose line breaks it has made LF.
   */
  function icalProblems(ical: string, decoded = false): string[] {
    const problems: string[] = [];
    if (!decoded && /\r(?!\n)|(?<!\r)\n/.test(ical)) problems.push('a bare CR or LF');
    const text = decoded ? ical.replace(/\r\n/g, '\n') : ical;
    const lines = decoded ? text.replace(/\n[ \t]/g, '').split('\n') : text.replace(/\r\n[ \t]/g, '').split('\r\n');
    if (lines.some((l) => l.startsWith('X-INJECTED'))) problems.push('an injected property line');
    const begins = lines.filter((l) => l === 'BEGIN:VEVENT').length;
    const ends = lines.filter((l) => l === 'END:VEVENT').length;
    if (begins !== ends) problems.push(`${begins} BEGIN:VEVENT, ${ends} END:VEVENT`);
    return problems;
  }

  it('keeps every calendar (feeds, .ics downloads) to its own lines and events', async () => {
    const calendars = routes.filter((r) => r.method === 'GET' && /\.ics$|calendar|feed/.test(r.path));
    const wrong: string[] = [];
    let checked = 0;
    for (const route of calendars) {
      const res = await t.app.inject({
        method: 'GET',
        url: url(route),
        cookies: organiser.cookies,
        headers: route.kind === 'api' ? await apiLogin(t.app) : {},
      });
      if (res.statusCode >= 500) wrong.push(`${route.path}: ${res.statusCode}`);
      if (res.statusCode !== 200 || !res.body.includes('BEGIN:VCALENDAR')) continue;
      checked++;
      const problems = icalProblems(res.body);
      if (problems.length) wrong.push(`${route.path}: ${problems.join(', ')}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('sends emails (registration, intent reminders, roadshow leads) without raw markup, injected headers or calendar lines', async () => {
    const eventId = fixtures.value('/api/events/:eventId', 'eventId');
    const registered = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations`,
      payload: {
        name: `王敏${SCRIPT}`,
        email: 'wang.min@example.cn',
        organisation: `成都${IMG}`,
        consent: true,
      },
    });
    expect([201, 400]).toContain(registered.statusCode);
    const far = new Date(Date.now() + 400 * 24 * 3600 * 1000);
    await t.app.get(IntentReminders).run(far);
    await t.app.get(RoadshowFollowUp).sendDue(far);
    const worker = t.app.get(MailWorker);
    while ((await worker.runOnce()) > 0);
    const mails = sink.messages;
    expect(mails.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    let escaped = 0;
    let calendars = 0;
    for (const mail of mails) {
      const [head] = mail.raw.split('\r\n\r\n');
      const subject = mail.parsed.subject ?? '';
      if (head.split('\r\n').some((l) => /^(X-INJECTED|END:VEVENT|Bcc)/i.test(l)))
        wrong.push(`${subject}: an injected header`);
      if (/[\r\n]/.test(subject)) wrong.push(`${subject}: a line break in the subject`);
      const html = mail.parsed.html ?? '';
      if (RAW_MARKUP.test(html)) wrong.push(`${subject}: raw markup in the HTML`);
      if (html.includes('&lt;script&gt;alert(1)')) escaped++;
      for (const a of mail.parsed.attachments ?? [])
        if (/calendar/.test(a.mimeType)) {
          const ics =
            typeof a.content === 'string' ? a.content : Buffer.from(a.content as ArrayBuffer).toString('utf8');
          calendars++;
          for (const p of icalProblems(ics, true)) wrong.push(`${subject}: calendar: ${p}`);
        }
    }
    process.stdout.write(
      `output encoding: ${mails.length} emails checked (${calendars} calendar parts), ${escaped} show the stored text escaped\n`,
    );
    expect(wrong).toEqual([]);
    expect(escaped).toBeGreaterThan(0);
    expect(calendars).toBeGreaterThan(0);
  }, 180_000);
});
