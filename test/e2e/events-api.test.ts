import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

describe('events API', () => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    auth = await apiLogin(t.app);
  });
  afterAll(() => t.close());

  it('creates a two-day event with a sub-venue and rooms as a draft, hidden from the public list', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/events', headers: auth, payload: twoDayEvent() });
    expect(created.statusCode).toBe(201);
    const event = created.json();
    expect(event).toMatchObject({
      slug: 'chengdu-2026',
      status: 'draft',
      timezone: 'Asia/Shanghai',
      startsAt: '2027-12-04T01:00:00.000Z',
      endsAt: '2027-12-05T09:30:00.000Z',
    });
    expect(
      event.venues.map((v: { kind: string; rooms: { name: string; capacity: number }[] }) => [
        v.kind,
        v.rooms.map((r) => [r.name, r.capacity]),
      ]),
    ).toEqual([
      ['main', [['一号厅', 300]]],
      ['sub', [['洽谈室', 40]]],
    ]);
    const list = await t.app.inject({ method: 'GET', url: '/api/events' });
    expect(list.json()).toEqual([]);
    const hidden = await t.app.inject({ method: 'GET', url: `/api/events/${event.id}` });
    expect(hidden.statusCode).toBe(404);
  });

  it('lists a published event to anyone with id, slug, title, startsAt and endsAt', async () => {
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({ slug: 'suzhou-fair' }),
      })
    ).json();
    const published = await t.app.inject({ method: 'POST', url: `/api/events/${event.id}/publish`, headers: auth });
    expect(published.statusCode).toBe(200);
    expect(published.json().status).toBe('published');
    const list = (await t.app.inject({ method: 'GET', url: '/api/events' })).json();
    expect(list).toEqual([
      {
        id: event.id,
        slug: 'suzhou-fair',
        title: '成都都市圈先进技术成果转化推介活动',
        titleEn: 'Chengdu Metropolitan Area Technology Transfer Promotion',
        shortTitle: null,
        shortTitleEn: null,
        startsAt: '2027-12-04T01:00:00.000Z',
        endsAt: '2027-12-05T09:30:00.000Z',
        timezone: 'Asia/Shanghai',
        status: 'published',
      },
    ]);
  });

  it('answers 400 naming each bad field and writes nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth,
      payload: {
        slug: 'Bad Slug',
        title: '',
        startsAt: 'tomorrow',
        endsAt: '2026-12-06T17:30:00+08:00',
        venues: [{ name: 'x', kind: 'annex' }],
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('validation_failed');
    const fields = body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['slug', 'title', 'startsAt', 'venues.0.kind']));
    const all = (await t.app.inject({ method: 'GET', url: '/api/events?status=all', headers: auth })).json();
    expect(all.map((e: { slug: string }) => e.slug).sort()).toEqual(['chengdu-2026', 'suzhou-fair']);
  });

  it('refuses an end before the start, an unknown time zone and unknown properties', async () => {
    const backwards = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth,
      payload: twoDayEvent({ slug: 'x-1', endsAt: '2026-12-04T09:00:00+08:00' }),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().fields).toEqual([{ field: 'endsAt', reason: 'endsAt must be after startsAt' }]);
    const zone = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth,
      payload: twoDayEvent({ slug: 'x-2', timezone: 'Mars/Olympus' }),
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().fields[0].field).toBe('timezone');
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth,
      payload: twoDayEvent({ slug: 'x-3', admin: true }),
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().fields).toEqual([{ field: 'admin', reason: 'property admin should not exist' }]);
  });

  it('answers 409 for a slug in use and for a second main venue', async () => {
    const dup = await t.app.inject({ method: 'POST', url: '/api/events', headers: auth, payload: twoDayEvent() });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toBe('slug_taken');
    const id = (await t.app.inject({ method: 'GET', url: '/api/events?status=all', headers: auth })).json()[0].id;
    const main = await t.app.inject({
      method: 'POST',
      url: `/api/events/${id}/venues`,
      headers: auth,
      payload: { name: '另一主会场', kind: 'main' },
    });
    expect(main.statusCode).toBe(409);
    expect(main.json().error).toBe('second_main_venue');
  });

  it('never answers 500 to malformed input', async () => {
    const cases = [
      {
        method: 'POST' as const,
        url: '/api/events',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '{"slug":',
      },
      {
        method: 'POST' as const,
        url: '/api/events',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '[]',
      },
      {
        method: 'POST' as const,
        url: '/api/events',
        headers: { ...auth, 'content-type': 'text/plain' },
        payload: 'hello',
      },
      { method: 'GET' as const, url: '/api/events/abc' },
      { method: 'GET' as const, url: '/api/events/99999999999999999999' },
      { method: 'GET' as const, url: '/api/events?status=weird', headers: auth },
      { method: 'PATCH' as const, url: '/api/events/1', headers: auth, payload: { startsAt: 12 } },
      { method: 'POST' as const, url: '/api/auth/login', payload: { email: ['a'], password: { $gt: '' } } },
    ];
    for (const c of cases) {
      const res = await t.app.inject(c);
      expect({ url: c.url, status: res.statusCode < 500 }).toEqual({ url: c.url, status: true });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
  });

  it('answers 401 without a token, 403 for staff, 404 for an unknown id', async () => {
    const anon = await t.app.inject({ method: 'POST', url: '/api/events', payload: twoDayEvent({ slug: 'anon' }) });
    expect(anon.statusCode).toBe(401);
    const bogus = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: 'Bearer nope-nope-nope-nope-nope' },
      payload: twoDayEvent({ slug: 'anon' }),
    });
    expect(bogus.statusCode).toBe(401);

    const events = (await t.app.inject({ method: 'GET', url: '/api/events?status=all', headers: auth })).json();
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: auth,
      payload: { email: 'staff@test.duijie', name: '李工', role: 'staff', eventId: events[0].id },
    });
    expect(invite.statusCode).toBe(201);
    const token = new URL(invite.json().url).pathname.split('/').pop()!;
    expect(token).toMatch(/^[\w-]{43}$/);
    // Accept through the page form (that is how invitees do it); the CSRF cookie and field come from the form page.
    const form = await t.app.inject({ method: 'GET', url: `/invitations/${token}` });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    const cookie = form.cookies.find((c) => c.name === 'duijie_csrf')!.value;
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/invitations/${token}`,
      cookies: { duijie_csrf: cookie },
      payload: { _csrf: csrf, password: 'staff-password-1', passwordConfirm: 'staff-password-1' },
    });
    expect(accepted.statusCode).toBe(303);
    const staff = await apiLogin(t.app, 'staff@test.duijie', 'staff-password-1');
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: staff,
      payload: twoDayEvent({ slug: 'staff' }),
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error).toBe('forbidden');
    const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: staff })).json();
    expect(me).toMatchObject({ email: 'staff@test.duijie', role: 'staff' });

    const missing = await t.app.inject({
      method: 'PATCH',
      url: '/api/events/424242',
      headers: auth,
      payload: { title: 'x' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('event_not_found');
  });

  it('moves an event draft → published → closed and refuses a skip', async () => {
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({ slug: 'lifecycle' }),
      })
    ).json();
    const skip = await t.app.inject({ method: 'POST', url: `/api/events/${event.id}/close`, headers: auth });
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({ error: 'invalid_transition', details: { from: 'draft', to: 'closed' } });
    await t.app.inject({ method: 'POST', url: `/api/events/${event.id}/publish`, headers: auth });
    const closed = await t.app.inject({ method: 'POST', url: `/api/events/${event.id}/close`, headers: auth });
    expect(closed.json().status).toBe('closed');
    const list = (await t.app.inject({ method: 'GET', url: '/api/events' })).json();
    expect(list.map((e: { slug: string }) => e.slug)).not.toContain('lifecycle');
  });

  it('keeps a short title in both languages, a venue’s English address and an organisation’s profile', async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({
          slug: 'short-title',
          shortTitle: '成都推介活动',
          shortTitleEn: 'Chengdu Showcase',
          venues: [
            { name: '主会场', kind: 'main', address: '成都市会议中心', addressEn: 'Conference centre, Chengdu' },
          ],
        }),
      })
    ).json();
    expect([created.shortTitle, created.shortTitleEn]).toEqual(['成都推介活动', 'Chengdu Showcase']);
    expect(created.venues[0].addressEn).toBe('Conference centre, Chengdu');
    const tooLong = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${created.id}`,
      headers: auth,
      payload: { shortTitle: '长'.repeat(61) },
    });
    expect(tooLong.statusCode).toBe(400);
    const cleared = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${created.id}`,
      headers: auth,
      payload: { shortTitleEn: null },
    });
    expect([cleared.json().shortTitle, cleared.json().shortTitleEn]).toEqual(['成都推介活动', null]);

    const organisation = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: auth,
      payload: {
        name: '先进技术成果长三角转化中心',
        kind: 'service_agency',
        region: '江苏·苏州',
        regionEn: 'Suzhou, Jiangsu',
        description: '2021年7月在苏州揭牌。',
        descriptionEn: 'Opened in Suzhou in July 2021.',
      },
    });
    expect(organisation.statusCode).toBe(201);
    const updated = await t.app.inject({
      method: 'PATCH',
      url: `/api/organisations/${organisation.json().id}`,
      headers: auth,
      payload: { shortNameEn: 'YRD Transformation Centre' },
    });
    expect(updated.json()).toEqual(
      expect.objectContaining({
        regionEn: 'Suzhou, Jiangsu',
        description: '2021年7月在苏州揭牌。',
        descriptionEn: 'Opened in Suzhou in July 2021.',
        shortNameEn: 'YRD Transformation Centre',
      }),
    );
  });

  it('keeps organisations unique by name and links them as hosts', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: auth,
      payload: { name: '先进技术成果西部转化中心', kind: 'service_agency' },
    });
    expect(first.statusCode).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: auth,
      payload: { name: ' 先进技术成果西部转化中心 ', kind: 'enterprise' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const events = (await t.app.inject({ method: 'GET', url: '/api/events?status=all', headers: auth })).json();
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/events/${events[0].id}/organisations`,
      headers: auth,
      payload: { organisations: [{ organisationId: first.json().id, role: 'host' }] },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual([expect.objectContaining({ role: 'host', name: '先进技术成果西部转化中心' })]);
    const unknown = await t.app.inject({
      method: 'PUT',
      url: `/api/events/${events[0].id}/organisations`,
      headers: auth,
      payload: { organisations: [{ organisationId: 9999, role: 'host' }] },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('rate limits failed logins with 429 and Retry-After', async () => {
    let last = 0;
    let retryAfter: string | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'victim@test.duijie', password: `guess-${i}` },
      });
      last = res.statusCode;
      retryAfter = res.headers['retry-after'];
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // The real organiser still gets in: the lock is per account and per address, and this was another account.
    expect((await apiLogin(t.app, ADMIN.email, ADMIN.password)).authorization).toMatch(/^Bearer /);
  });
});
