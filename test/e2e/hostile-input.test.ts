import { getMetadataStorage } from 'class-validator';
import { Browser } from '../support/browser.js';
import { Fixtures } from '../support/fuzz/fixtures.js';
import { discoverRoutes, resolve, type FuzzRoute, type OpenApiDocument, type Schema } from '../support/fuzz/routes.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The classes of client input that once gave a 500, each driven over every route or every field it can reach (routes
 * from the OpenAPI document and the controllers, so routes added later are covered too): a 400 naming the field.
 */
describe(`client input that is not what it claims, on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let routes: FuzzRoute[];
  let fixtures: Fixtures;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { MAIL_WORKER: 'false', RATE_LIMIT_SCALE: '0' } });
    doc = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json<OpenApiDocument>();
    routes = discoverRoutes(t.app, doc);
    fixtures = await Fixtures.load(t);
    auth = await apiLogin(t.app);
    // The demo data on PostgreSQL, on a loaded machine, takes more than jest's minute.
  }, 180_000);
  afterAll(() => t.close());

  const url = (route: FuzzRoute) =>
    route.path.replace(/:(\w+)/g, (_, name: string) => fixtures.value(route.path, name));
  /** A summary of an answer that fails: the route and what came back. */
  const seen = (route: FuzzRoute, status: number, body: string) =>
    `${route.method} ${route.path} → ${status} ${body.slice(0, 120)}`;

  it('answers a multipart content type whose body is not multipart with a 400 naming the body, on every route that takes a body', async () => {
    const wrong: string[] = [];
    const bodies = [
      { 'content-type': 'multipart/form-data; boundary=xyz', payload: 'hello' },
      { 'content-type': 'multipart/form-data', payload: 'hello' },
      {
        'content-type': 'multipart/form-data; boundary=xyz',
        payload: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
      },
    ];
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      for (const headers of [{}, auth]) {
        for (const { payload, ...type } of bodies) {
          const res = await t.app.inject({
            method: route.method,
            url: url(route),
            headers: { ...headers, ...type },
            payload,
          });
          const fields =
            res.statusCode === 400 && String(res.headers['content-type']).includes('json')
              ? res.json<{ fields?: { field: string }[] }>().fields
              : undefined;
          const named =
            fields?.some((f) => f.field === 'body') ||
            (res.statusCode === 400 && res.body.includes('multipart/form-data'));
          if (!named) wrong.push(seen(route, res.statusCode, res.body));
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  /** Every string property of a body schema, with its dotted path and a body holding only it. */
  function stringFields(schema: Schema | undefined, path: string[] = [], depth = 0): { path: string[] }[] {
    const s = resolve(schema, doc);
    const out: { path: string[] }[] = [];
    if (depth > 3) return out;
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const p = resolve(prop, doc);
      const type = Array.isArray(p.type) ? p.type[0] : p.type;
      if (type === 'string' && !p.enum) out.push({ path: [...path, name] });
      else if (type === 'object' || p.properties) out.push(...stringFields(p, [...path, name], depth + 1));
      else if (type === 'array' && resolve(p.items, doc).properties)
        out.push(...stringFields(p.items, [...path, name, '0'], depth + 1));
    }
    return out;
  }

  const nest = (path: string[], value: unknown): unknown =>
    path.reduceRight<unknown>((inner, key) => (/^\d+$/.test(key) ? [inner] : { [key]: inner }), value);

  it.each([
    ['a lone surrogate', '\\ud800', 'must be valid Unicode text (a lone surrogate)'],
    ['a NUL character', 'a\\u0000b', 'must not contain a NUL character'],
  ])('refuses %s in any string field of any JSON body with a 400 naming the field', async (_, raw, reason) => {
    const wrong: string[] = [];
    let driven = 0;
    for (const route of routes.filter((r) => r.body)) {
      for (const { path } of stringFields(route.body)) {
        for (const headers of [{}, auth]) {
          const payload = JSON.stringify(nest(path, 'PLACEHOLDER')).replace('"PLACEHOLDER"', `"${raw}"`);
          const res = await t.app.inject({
            method: route.method,
            url: url(route),
            headers: { ...headers, 'content-type': 'application/json' },
            payload,
          });
          driven++;
          const fields =
            res.statusCode === 400 ? res.json<{ fields?: { field: string; reason: string }[] }>().fields : [];
          if (!fields?.some((f) => f.field === path.join('.') && f.reason === reason))
            wrong.push(`${path.join('.')}: ${seen(route, res.statusCode, res.body)}`);
        }
      }
    }
    expect(driven).toBeGreaterThan(200);
    expect(wrong).toEqual([]);
  });

  it('refuses a lone surrogate in the email of a sign-in, a registration and an invitation with a 400 naming email', async () => {
    const payload = '{"email":"\\ud800","password":"x","name":"王敏","consent":true}';
    for (const [path, headers] of [
      ['/api/auth/login', {}],
      [`/api/events/${fixtures.value('/api/events/:eventId', 'eventId')}/registrations`, {}],
      ['/api/users/invitations', auth],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: path,
        headers: { ...headers, 'content-type': 'application/json' },
        payload,
      });
      expect({ path, status: res.statusCode, fields: res.json<{ fields: unknown }>().fields }).toEqual({
        path,
        status: 400,
        fields: [{ field: 'email', reason: 'must be valid Unicode text (a lone surrogate)' }],
      });
    }
  });

  it('answers null for any property of any organiser body with a 400 or as a value the route takes, never a 500', async () => {
    const wrong: string[] = [];
    let driven = 0;
    for (const route of routes.filter((r) => r.body && r.method !== 'DELETE')) {
      for (const name of Object.keys(resolve(route.body, doc).properties ?? {})) {
        const res = await t.app.inject({
          method: route.method,
          url: url(route),
          headers: { ...auth, 'content-type': 'application/json' },
          payload: JSON.stringify({ [name]: null }),
        });
        driven++;
        if (res.statusCode >= 500) wrong.push(`${name}: ${seen(route, res.statusCode, res.body)}`);
      }
    }
    expect(driven).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it('refuses null for the required fields of organiser PATCHes with a 400 naming the field', async () => {
    const eventId = fixtures.value('/api/events/:id', 'id');
    const registrationId = fixtures.value('/api/registrations/:id', 'id');
    for (const [path, field] of [
      [`/api/events/${eventId}`, 'title'],
      [`/api/events/${eventId}`, 'startsAt'],
      [`/api/events/${eventId}/venues/${fixtures.value('/api/events/:id/venues/:venueId', 'venueId')}`, 'name'],
      [`/api/registrations/${registrationId}`, 'answers'],
      [`/api/registrations/${registrationId}`, 'name'],
      [`/api/registrations/${registrationId}`, 'category'],
      ['/api/organisations/1', 'name'],
    ] as const) {
      const res = await t.app.inject({ method: 'PATCH', url: path, headers: auth, payload: { [field]: null } });
      expect({
        path,
        status: res.statusCode,
        fields: res.json<{ fields?: { field: string }[] }>().fields?.map((f) => f.field),
      }).toEqual({
        path,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
    }
  });

  describe('where sign-in sends the browser next', () => {
    const signIn = async (next: string) => {
      const b = new Browser(t.app);
      await b.get('/login');
      return b.post('/login', { email: ADMIN.email, password: ADMIN.password, next });
    };

    it.each([
      ['/\t/evil.example', '/console'],
      ['/\n/evil.example', '/console'],
      ['/\r\nSet-Cookie: x=1', '/console'],
      ['//evil.example', '/console'],
      ['/\\evil.example', '/console'],
      ['/..//evil.example', '/console'],
      ['https://evil.example/', '/console'],
      ['javascript:alert(1)', '/console'],
      ['/console/events/../team', '/console/team'],
      ['/events/成都?lang=en#top', '/events/%E6%88%90%E9%83%BD?lang=en#top'],
    ])('next=%j → %s', async (next, location) => {
      const res = await signIn(next);
      expect({ status: res.statusCode, location: res.headers.location }).toEqual({ status: 303, location });
    });

    it('refuses a next holding a NUL character with a 400 naming next', async () => {
      const res = await signIn('/console\u0000');
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('class="field-name"');
    });

    it('shows the sign-in page for /login?next=%2F%09%2Fevil.example without carrying the target into the form', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/login?next=%2F%09%2Fevil.example' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<input type="hidden" name="next" value="">');
    });
  });

  describe('ids', () => {
    /** Other ways to write the id `value` that Number() reads as the same number. */
    const variants = (value: string) => [
      `0${value}`,
      `0x${Number(value).toString(16)}`,
      `${value}.0`,
      `+${value}`,
      `${value}e0`,
      `%20${value}`,
    ];
    /** Parameters that hold ids (their fixture is a number; `jobId` is a random text). */
    const isId = (route: FuzzRoute, param: string) => /^\d+$/.test(fixtures.value(route.path, param));

    it('refuses every non-canonical way of writing an id in every path, with a 400 naming the parameter', async () => {
      const organiser = new Browser(t.app);
      await organiser.get('/login');
      await organiser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
      const wrong: string[] = [];
      let driven = 0;
      for (const route of routes.filter((r) => r.params.some((p) => isId(r, p)))) {
        for (const param of route.params.filter((p) => isId(route, p))) {
          for (const variant of variants(fixtures.value(route.path, param))) {
            const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
              name === param ? variant : fixtures.value(route.path, name),
            );
            const res = await t.app.inject({
              method: route.method,
              url: path,
              headers: route.kind === 'api' ? auth : {},
              cookies: route.kind === 'page' ? organiser.cookies : {},
              ...(route.method === 'GET'
                ? {}
                : {
                    payload: route.kind === 'api' ? {} : `_csrf=${encodeURIComponent(await organiser.csrfToken())}`,
                    headers: {
                      ...(route.kind === 'api' ? auth : { 'content-type': 'application/x-www-form-urlencoded' }),
                    },
                  }),
            });
            driven++;
            // The API names the parameter; a page says so (400), or finds nothing (404: a public page's session id).
            const refused =
              route.kind === 'page'
                ? res.statusCode === 400 || res.statusCode === 404
                : res.statusCode === 400 &&
                  res.json<{ fields?: { field: string }[] }>().fields?.some((f) => f.field === param);
            if (!refused) wrong.push(`${param}=${variant}: ${seen(route, res.statusCode, res.body)}`);
          }
        }
      }
      expect(driven).toBeGreaterThan(500);
      expect(wrong).toEqual([]);
    }, 300_000);

    it('opens no personal page for a link whose id is not canonical (/me/01.<signature>)', async () => {
      const token = fixtures.value('/me/:token', 'token');
      const [id, signature] = token.split('.');
      expect((await t.app.inject({ method: 'GET', url: `/me/${token}` })).statusCode).toBe(200);
      for (const variant of variants(id)
        .filter((v) => /^[\d]+$/.test(v))
        .concat(`0${id}`, `00${id}`)) {
        const res = await t.app.inject({ method: 'GET', url: `/me/${variant}.${signature}` });
        expect({ variant, status: res.statusCode }).toEqual({ variant, status: 404 });
      }
    });

    it('refuses non-canonical ids in query parameters and form fields, naming the field', async () => {
      const eventId = fixtures.value('/api/events/:eventId', 'eventId');
      const lookup = await t.app.inject({
        method: 'GET',
        url: `/api/events/${eventId}/checkins/lookup?q=王&listId=0x1`,
        headers: auth,
      });
      expect({
        status: lookup.statusCode,
        fields: [...new Set(lookup.json<{ fields: { field: string }[] }>().fields.map((f) => f.field))],
      }).toEqual({ status: 400, fields: ['listId'] });
      const exported = await t.app.inject({ method: 'GET', url: `/api/achievements/export?eventId=01`, headers: auth });
      expect(exported.statusCode).toBe(400);
      const organiser = new Browser(t.app);
      await organiser.get('/login');
      await organiser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
      const device = await organiser.post(`/console/events/${eventId}/check-in/devices`, {
        name: '东门 1 号机',
        listId: `+${fixtures.value('/x/:listId', 'listId')}`,
      });
      expect(device.statusCode).toBe(400);
      expect(device.body).toContain('href="#f-d-listId"');
    });
  });

  describe('single-line fields', () => {
    type Target = abstract new (...args: never[]) => unknown;
    interface Rule {
      name?: string;
      type: string;
      propertyName: string;
    }
    /** Every DTO class the application loaded, with its validation rules by property (class-validator's metadata). */
    const dtoRules = () => {
      const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Target, Rule[]> };
      const out = new Map<Target, Map<string, Set<string>>>();
      for (const [target, rules] of storage.validationMetadatas) {
        const props = new Map<string, Set<string>>();
        for (const rule of rules) {
          if (!props.has(rule.propertyName)) props.set(rule.propertyName, new Set());
          props.get(rule.propertyName)!.add(rule.name ?? rule.type);
        }
        out.set(target, props);
      }
      return out;
    };

    it('has every string property of every DTO (text, email, URL) declared @SingleLine() or @MultiLine()', () => {
      const undeclared: string[] = [];
      let strings = 0;
      for (const [target, props] of dtoRules())
        for (const [prop, rules] of props)
          if (['isString', 'isEmail', 'isUrl'].some((r) => rules.has(r))) {
            strings++;
            if (!rules.has('singleLine') && !rules.has('multiLine')) undeclared.push(`${target.name}.${prop}`);
          }
      expect(strings).toBeGreaterThan(100);
      expect(undeclared).toEqual([]);
    });

    it('refuses a line break in every single-line field of every JSON body with a 400 naming the field', async () => {
      const multiLine = new Set<string>();
      for (const [, props] of dtoRules())
        for (const [prop, rules] of props) if (rules.has('multiLine')) multiLine.add(prop);
      const wrong: string[] = [];
      let driven = 0;
      for (const route of routes.filter((r) => r.body)) {
        for (const { path } of stringFields(route.body)) {
          if (multiLine.has(path[path.length - 1])) continue;
          for (const value of ['第一行\r\nEND:VEVENT', 'a\tb', 'x\u2028y']) {
            const res = await t.app.inject({
              method: route.method,
              url: url(route),
              headers: auth,
              payload: nest(path, value) as object,
            });
            driven++;
            const fields =
              res.statusCode === 400 ? res.json<{ fields?: { field: string; reason: string }[] }>().fields : [];
            // Refused by name: by the single-line rule, or by the field's own format (an email, a date, a colour).
            if (!fields?.some((f) => f.field === path.join('.')))
              wrong.push(`${path.join('.')}=${JSON.stringify(value)}: ${seen(route, res.statusCode, res.body)}`);
          }
        }
      }
      expect(driven).toBeGreaterThan(300);
      expect(wrong).toEqual([]);
    }, 300_000);

    it('refuses a title with a line break in the console form, naming the field in the reader’s language', async () => {
      const organiser = new Browser(t.app);
      await organiser.get('/login');
      await organiser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
      const eventId = fixtures.value('/console/events/:id', 'id');
      const res = await organiser.post(`/console/events/${eventId}`, {
        title: '成都\r\nEND:VEVENT',
        timezone: 'Asia/Shanghai',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('请填写在一行内（不能换行）');
    });
  });
});
