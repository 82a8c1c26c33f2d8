import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { CheckInListsService } from '../../src/check-in/check-in-lists.service.js';
import { Database } from '../../src/database/database.service.js';
import { Browser, multipartBody, type UploadFile } from '../support/browser.js';
import { aPdf, aPng, anExe } from '../support/files.js';
import { Fixtures } from '../support/fuzz/fixtures.js';
import { discoverRoutes, resolve, type FuzzRoute, type OpenApiDocument } from '../support/fuzz/routes.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';
import { part, repeatedPart, xlsxBomb, zipArchive } from '../support/zip.js';

/**
 * Property-based fuzzing of every route (the JSON API from the OpenAPI document, pages and form posts from the
 * controllers, so a route merged later is driven too), as the organiser and as nobody: malformed, oversized, wrongly
 * typed, Unicode-heavy and injection-shaped bodies, path parameters, queries and content types. Every answer is
 * below 500, a refusal says why (a 400 from the API names the field and the reason), and the database is unchanged
 * by refused requests. FUZZ_INPUTS sets the number of requests (10,000 on SQLite, 2,000 on PostgreSQL by default);
 * FUZZ_SEED replays a run.
 */
const POSTGRES = !!process.env.TEST_DATABASE_URL;
const INPUTS = Number(process.env.FUZZ_INPUTS ?? (POSTGRES ? 2000 : 10000));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Requests between two database digests (FUZZ_BATCH). */
const BATCH = Number(process.env.FUZZ_BATCH ?? 200);

/** Text no form expects: scripts of the region, emoji, bidi controls, NUL, lone surrogates, injection shapes. */
const HOSTILE_TEXT = [
  '成都都市圈先进技术成果转化推介活动',
  '王敏',
  '🚀🔬🤝👩🏽‍🔬🇨🇳',
  '\u202eevil.exe\u202c',
  '\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ufeff',
  '\u200b\u200d\u2060',
  "' OR '1'='1",
  '1; DROP TABLE events;--',
  '" OR ""="',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '\r\nEND:VEVENT\r\nBEGIN:VEVENT',
  'a\r\nBcc: victim@example.com',
  '__proto__',
  'constructor',
  'javascript:alert(1)',
  '=HYPERLINK("http://evil.example")',
  '\\',
  '"',
  '',
  ' ',
  'NaN',
  'Infinity',
  '-1',
  '0x1',
  '1e309',
  '2147483648',
  '99999999999999999999999',
  '2026-02-30T25:61:00Z',
  'null',
  'true',
  '[]',
  '{}',
];

const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  // Any UTF-16 code unit: control characters, lone surrogates, private use.
  { weight: 2, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('a', '中', '😀', '\u202e'), fc.integer({ min: 300, max: 60_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: hostileText },
    fc.integer(),
    fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 0.5, -0),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(hostileText, tie('v'), { maxKeys: 3 }),
  ),
})).v;

const MALFORMED_BODIES = [
  '{',
  '{"a":',
  '[1,2',
  '{"a":1}{"b":2}',
  "{'a':1}",
  '{"a":01}',
  '{"a":NaN}',
  '\ufeff{}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
  'a=1&b=2&_csrf=x',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
  '\u0000\u0001\u0002',
  '',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data; boundary=',
  'text/plain',
  'application/xml',
  'text/html',
  'application/octet-stream',
  'application/vnd.api+json',
  '*/*',
  'json',
  ';;;',
];
/** Path parameter values that are not the id (or token) the route takes, percent-encoded as a client sends them. */
const HOSTILE_PARAMS = [
  '-1',
  '0',
  '01',
  '1.5',
  '1e3',
  '0x10',
  '+1',
  '2147483648',
  '99999999999999999999',
  'abc',
  '%00',
  '%0d%0aX-Injected:%201',
  '..%2F..%2Fetc%2Fpasswd',
  '%27%20OR%201%3D1--',
  '%E4%B8%AD%E6%96%87',
  '%F0%9F%98%80',
  '%ED%A0%80',
  '%C0%AF',
  '%',
  '%ZZ',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '%3Cscript%3E',
  'a'.repeat(3000),
];

/** Routes whose accepted request would change what the rest of the run stands on (the event's state, accounts). */
const LIFECYCLE =
  /cancel|archive|publish|close|reopen|delete|remove|send|notify|reset|revoke|rotate|restore|import|password|role|users|merge|undo|swap|finish|start|open/;

/** The text with lone surrogates replaced by U+FFFD (String.prototype.toWellFormed, which the compiler's lib lacks). */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

type Principal = 'organiser' | 'anonymous';
type Shape = 'body' | 'raw' | 'param' | 'query' | 'form';

interface Input {
  route: FuzzRoute;
  principal: Principal;
  shape: Shape;
  /** Index into the route's parameters (param shape). */
  paramIndex: number;
  param: string;
  /** Properties of a JSON body or form, or a raw body with its content type. */
  body: Record<string, unknown>;
  raw: string;
  contentType: string;
  /** Adds a property no DTO declares (forbidNonWhitelisted), so the body is refused whatever the values. */
  stray: boolean;
  query: Record<string, string>;
}

describe(`fuzzing every route, on ${POSTGRES ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let routes: FuzzRoute[];
  let fixtures: Fixtures;
  let auth: { authorization: string };
  let organiser: Browser;
  let anonymous: Browser;
  let csrf: { organiser: string; anonymous: string };

  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { MAIL_WORKER: 'false', RATE_LIMIT_SCALE: '0' } });
    doc = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json<OpenApiDocument>();
    // Signing out would end the organiser's session for the rest of the run: driven by the hostile-input suite.
    routes = discoverRoutes(t.app, doc).filter((r) => !/logout/.test(r.path));
    fixtures = await Fixtures.load(t);
    auth = await apiLogin(t.app);
    organiser = new Browser(t.app);
    await organiser.get('/login');
    await organiser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
    anonymous = new Browser(t.app);
    await anonymous.get('/login');
    csrf = { organiser: await organiser.csrfToken(), anonymous: await anonymous.csrfToken() };
    // Each event's entrance list is created the first time anyone asks for it, by design (whatever the request then
    // does): created here, so that the digest compares what refused requests do, not that one-time set-up.
    const ds = t.app.get(Database).dataSource;
    const events: { id: number }[] = await ds.query(`SELECT id FROM events`);
    for (const { id } of events) await t.app.get(CheckInListsService).entrance(Number(id));
  }, 180_000);
  afterAll(() => t.close());

  /**
   * A digest of every table: its row count and a SHA-256 of all its rows in key order. Left out: the rate-limit
   * counters (they count requests, refused ones too; RATE_LIMIT_SCALE=0 turns the limits off here) and the
   * migration bookkeeping.
   */
  const BOOKKEEPING = /^(rate_limit_counter|migrations|typeorm_metadata)$/;
  async function digest(): Promise<Map<string, string>> {
    const ds = t.app.get(Database).dataSource;
    const tables: { name: string }[] = await ds.query(
      POSTGRES
        ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
        : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
    );
    const out = new Map<string, string>();
    for (const { name } of tables.sort((a, b) => a.name.localeCompare(b.name))) {
      if (BOOKKEEPING.test(name)) continue;
      const rows: unknown[] = await ds.query(`SELECT * FROM "${name}" ORDER BY 1`);
      out.set(
        name,
        `${rows.length}:${createHash('sha256')
          .update(JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
          .digest('hex')
          .slice(0, 16)}`,
      );
    }
    return out;
  }
  const changedTables = (a: Map<string, string>, b: Map<string, string>) =>
    [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));

  const value = (route: FuzzRoute, name: string) => fixtures.value(route.path, name);

  /** The request an input describes. */
  function request(input: Input) {
    const { route, principal, shape } = input;
    const path = route.path.replace(/:(\w+)(?:\([^)]*\))?/g, (_, name: string) =>
      shape === 'param' && route.params[input.paramIndex % route.params.length] === name
        ? input.param
        : encodeURIComponent(value(route, name)),
    );
    const query = shape === 'query' ? `?${new URLSearchParams(input.query).toString()}` : '';
    const headers: Record<string, string> = {};
    const cookies = principal === 'organiser' && route.kind === 'page' ? organiser.cookies : anonymous.cookies;
    if (principal === 'organiser' && route.kind === 'api') Object.assign(headers, auth);
    let payload: string | Buffer | undefined;
    if (route.method !== 'GET') {
      if (shape === 'raw') {
        payload = input.raw;
        headers['content-type'] = input.contentType;
      } else if (route.kind === 'page' || shape === 'form') {
        const fields = new URLSearchParams();
        fields.append('_csrf', csrf[principal]);
        for (const [k, v] of Object.entries(input.body))
          fields.append(k, typeof v === 'string' ? v : JSON.stringify(v));
        // A NUL in a form field: the post is refused before any handler, whatever the form (pages change data).
        fields.append('note', 'a\u0000b');
        payload = fields.toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else {
        const body = { ...input.body, ...(input.stray ? { ['__fuzz']: 1 } : {}) };
        payload = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      }
    }
    return { method: route.method, url: `${path}${query}`, headers, cookies, payload };
  }

  /**
   * Inputs. Organiser requests that could pass validation on a route that changes data are made unacceptable in one
   * known way (a stray property, a hostile path parameter, a body the parser refuses), so that the demo data the run
   * stands on stays; anonymous requests are sent as generated.
   */
  function inputs(): fc.Arbitrary<Input> {
    return fc
      .record({
        route: fc.constantFrom(...routes),
        principal: fc.constantFrom<Principal>('organiser', 'anonymous'),
        shape: fc.constantFrom<Shape>('body', 'body', 'raw', 'param', 'query', 'form'),
        paramIndex: fc.nat(),
        param: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PARAMS) },
          {
            weight: 1,
            arbitrary: hostileText.map((s) =>
              encodeURIComponent(wellFormed(s.slice(0, 200))).replace(/%EF%BF%BD/g, '%ED%A0%80'),
            ),
          },
        ),
        raw: fc.oneof(fc.constantFrom(...MALFORMED_BODIES), hostileText),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        stray: fc.boolean(),
        names: fc.array(
          hostileText.map((s) => s.slice(0, 40)),
          { maxLength: 2 },
        ),
        values: fc.array(hostileValue, { minLength: 1, maxLength: 6 }),
        picks: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      })
      .map(({ names, values, picks, ...rest }) => {
        const { route } = rest;
        const props = Object.keys(resolve(route.body, doc).properties ?? {});
        const known = [...(route.query.map((q) => q.name) ?? []), ...props];
        const keys = [...picks.map((p) => known[p % Math.max(known.length, 1)] ?? 'q'), ...names];
        const body: Record<string, unknown> = {};
        keys.forEach((k, i) => (body[k] = values[i % values.length]));
        const query: Record<string, string> = {};
        keys.forEach((k, i) => {
          const v = values[i % values.length];
          query[k] = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
        });
        const input: Input = { ...rest, body, query };
        const writes = route.method !== 'GET';
        // A GET that passes renders a whole page or export: GETs take a hostile parameter, or a query the API refuses.
        if (!writes && route.kind === 'page' && !route.params.length) input.principal = 'anonymous';
        if (!writes)
          input.shape = route.params.length && (route.kind === 'page' || input.shape !== 'query') ? 'param' : 'query';
        if (input.principal === 'organiser' && writes) {
          if (route.kind === 'page') input.shape = input.shape === 'param' && route.params.length ? 'param' : 'form';
          else if (!route.body) input.shape = route.params.length && input.shape !== 'raw' ? 'param' : 'raw';
          else if (input.shape === 'query' || input.shape === 'form') input.shape = 'body';
          if (input.shape === 'param' && !route.params.length) input.shape = route.body ? 'body' : 'raw';
          if (input.shape === 'body') input.stray = input.stray || !route.body || LIFECYCLE.test(route.path);
          // Raw bodies the parser reads (text/plain, forms) would reach the handler: only ones it refuses.
          if (input.shape === 'raw') {
            input.contentType = 'application/json';
            if (!MALFORMED_BODIES.slice(0, 7).includes(input.raw) || input.raw.startsWith('\ufeff'))
              input.raw = MALFORMED_BODIES[0];
          }
          if (input.shape === 'param' && /^\d+$/.test(input.param)) input.param = '-1';
          if (route.method === 'DELETE' && input.shape !== 'param') input.shape = route.params.length ? 'param' : 'raw';
        }
        return input;
      });
  }

  it(`answers ${INPUTS.toLocaleString('en')} fuzzed requests below 500, each refusal saying why, and refused requests leave the database as it was`, async () => {
    const failures: string[] = [];
    const unclear: string[] = [];
    const byStatus = new Map<number, number>();
    let tried = 0;
    let checkedBatches = 0;
    let uncheckedBatches = 0;
    const accepted: string[] = [];
    let baseline = await digest();
    let batchRefusedOnly = true;
    let batchStart = 0;
    let batch: string[] = [];
    let digestMs = 0;
    const databaseChanges: string[] = [];

    const samples = fc.sample(inputs(), { numRuns: INPUTS, seed: SEED });
    for (const input of samples) {
      const req = request(input);
      const res = await t.app.inject(req as never);
      tried++;
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      const what = () =>
        `${input.principal} ${input.shape} ${req.method} ${req.url.slice(0, 160)} ${String(req.payload ?? '').slice(0, 160)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      batch.push(what());
      if (res.statusCode >= 500) failures.push(what());
      else if (res.statusCode >= 400) {
        const type = String(res.headers['content-type'] ?? '');
        if (type.includes('json')) {
          const body = res.json<{ error?: string; message?: string; fields?: { field?: string; reason?: string }[] }>();
          const clear =
            !!body.message &&
            (res.statusCode !== 400 ||
              body.error !== 'validation_failed' ||
              (!!body.fields?.length && body.fields.every((f) => typeof f.field === 'string' && !!f.reason)));
          if (!clear) unclear.push(what());
        } else if (type.includes('html')) {
          if (!/<h1|<main/.test(res.body)) unclear.push(what());
        } else unclear.push(what());
      } else if (res.statusCode === 303 && String(res.headers.location).startsWith('/login')) {
        // A page's way of saying 401: sign in first.
      } else if (req.method !== 'GET') {
        batchRefusedOnly = false;
        if (accepted.length < 20) accepted.push(what());
      }
      if (tried % BATCH === 0 || tried === samples.length) {
        const digestStarted = performance.now();
        const now = await digest();
        digestMs += performance.now() - digestStarted;
        if (batchRefusedOnly) {
          checkedBatches++;
          const changed = changedTables(baseline, now);
          if (changed.length)
            databaseChanges.push(
              `requests ${batchStart + 1}–${tried} changed ${changed.join(', ')}:\n${batch.filter((b) => !/ GET /.test(b)).join('\n')}`,
            );
        } else uncheckedBatches++;
        baseline = now;
        batchRefusedOnly = true;
        batchStart = tried;
        batch = [];
      }
    }
    const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    // The figure the README quotes: printed on every run.
    process.stdout.write(
      `fuzz (${POSTGRES ? 'PostgreSQL' : 'SQLite'}, seed ${SEED}): ${tried} requests over ${routes.length} routes, ` +
        `${failures.length} answered 5xx, ${unclear.length} refusals without a clear message; statuses ${statuses.join(' ')}; ` +
        `database digest compared after ${checkedBatches} all-refused batches of ${BATCH} (${uncheckedBatches} batches held an accepted write; digests took ${Math.round(digestMs)} ms)\n`,
    );
    if (accepted.length)
      process.stdout.write(`accepted writes (first ${accepted.length}):\n  ${accepted.join('\n  ')}\n`);
    expect(tried).toBe(INPUTS);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(unclear.slice(0, 20)).toEqual([]);
    expect(databaseChanges).toEqual([]);
    expect(checkedBatches).toBeGreaterThan(0);
  }, 600_000);
  describe('files', () => {
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    /** Files no import or upload takes: empty, noise, cut short, a program, oversized, zip bombs, hostile names. */
    async function badFiles(): Promise<[string, UploadFile][]> {
      const sheet = zipArchive([part('[Content_Types].xml', '<Types/>'), part('xl/workbook.xml', '<workbook/>')]);
      const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
      return [
        ['empty', { filename: 'empty.xlsx', contentType: XLSX, data: Buffer.alloc(0) }],
        ['noise', { filename: '名单.xlsx', contentType: XLSX, data: noise }],
        ['a zip cut short', { filename: 'cut.xlsx', contentType: XLSX, data: sheet.subarray(0, sheet.length >> 1) }],
        [
          'a zip that is no workbook',
          { filename: 'x.xlsx', contentType: XLSX, data: zipArchive([part('a.txt', 'a')]) },
        ],
        ['a program named .pdf', { filename: 'slides.pdf', contentType: 'application/pdf', data: anExe() }],
        ['a PDF named .xlsx', { filename: 'guests.xlsx', contentType: XLSX, data: aPdf() }],
        ['a PNG named .docx', { filename: '../../../etc/passwd.docx', contentType: 'application/pdf', data: aPng() }],
        ['oversized', { filename: '\u202efdp.exe.xlsx', contentType: XLSX, data: Buffer.alloc(6 * 1024 * 1024, 0x41) }],
        ['a zip bomb (400 MB)', { filename: 'bomb.xlsx', contentType: XLSX, data: await xlsxBomb(400 * 1024 * 1024) }],
        [
          'a zip bomb that lies about its size',
          { filename: 'liar.xlsx', contentType: XLSX, data: await xlsxBomb(100 * 1024 * 1024, { lie: true }) },
        ],
        [
          'a sheet of 50 MB of rows',
          {
            filename: '<script>.xlsx',
            contentType: XLSX,
            data: zipArchive([
              part('[Content_Types].xml', '<Types/>'),
              repeatedPart(
                'xl/worksheets/sheet1.xml',
                '<worksheet><sheetData>',
                '<row><c><v>1</v></c></row>',
                50 << 20,
              ),
            ]),
          },
        ],
      ];
    }

    it('refuses malformed, oversized and bomb-shaped files on every import and upload with a 400 saying why, the server answering and the database unchanged', async () => {
      const uploads = routes.filter(
        (r) =>
          r.method === 'POST' &&
          (r.upload || /\/(import|attachments|slides)$/.test(r.path)) &&
          !/template/.test(r.path),
      );
      expect(uploads.length).toBeGreaterThanOrEqual(8);
      const files = await badFiles();
      const before = await digest();
      const wrong: string[] = [];
      let tried = 0;
      const took = new Map<string, number>();
      let slowest: { ms: number; what: string } | undefined;
      for (const route of uploads) {
        const url = route.path.replace(/:(\w+)(?:\([^)]*\))?/g, (_, name: string) =>
          encodeURIComponent(value(route, name)),
        );
        // Attachments and slides tell a file's type from its bytes and name it by that type: a real PDF or PNG
        // under another name is taken (as .pdf, .png); imports refuse it.
        const takesAnyName = /attachments|slides/.test(route.path);
        for (const [what, file] of files.filter(([w]) => !process.env.FUZZ_FILE || w.includes(process.env.FUZZ_FILE))) {
          if (takesAnyName && / named \.(xlsx|docx)$/.test(what)) continue;
          const started = performance.now();
          const body = multipartBody(route.kind === 'page' ? { _csrf: csrf.organiser } : {}, { file });
          const res = await t.app.inject({
            method: 'POST',
            url,
            headers: { 'content-type': body.contentType, ...(route.kind === 'api' ? auth : {}) },
            cookies: route.kind === 'page' ? organiser.cookies : {},
            payload: body.payload,
          });
          tried++;
          const ms = performance.now() - started;
          took.set(what, (took.get(what) ?? 0) + ms);
          if (!slowest || ms > slowest.ms) slowest = { ms, what: `${what} → ${route.method} ${route.path}` };
          const health = await t.app.inject({ method: 'GET', url: '/health' });
          const json = String(res.headers['content-type']).includes('json')
            ? res.json<{ fields?: unknown[]; details?: unknown; message?: string }>()
            : undefined;
          // The reason: a field problem or per-row/per-file details from the API, the problem's text on a page.
          const says = json
            ? !!(json.fields?.length || json.details) && !!json.message
            : /class="field-name"|class="problems?"|role="alert"/.test(res.body);
          if (![400, 413, 415].includes(res.statusCode) || !says || health.statusCode !== 200)
            wrong.push(
              `${what} → ${route.path}: ${res.statusCode} ${res.body.slice(0, 160)} (health ${health.statusCode})`,
            );
        }
      }
      process.stdout.write(
        `fuzz files: ${tried} bad files over ${uploads.length} import/upload routes; time by file: ${[...took]
          .map(([what, ms]) => `${what} ${Math.round(ms)} ms`)
          .join(', ')}; slowest: ${slowest?.what} ${Math.round(slowest?.ms ?? 0)} ms\n`,
      );
      expect(wrong).toEqual([]);
      expect(changedTables(before, await digest())).toEqual([]);
    }, 600_000);
  });
});
