import { Browser } from '../support/browser.js';
import { checkInEvent, registerPerson, staffLogin, type Auth } from '../support/check-in.js';
import { ADMIN, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

async function signIn(t: TestApp, email: string, password: string): Promise<Browser> {
  const b = new Browser(t.app);
  await b.get('/login');
  const res = await b.post('/login', { email, password, next: '' });
  if (res.statusCode !== 303) throw new Error(`login: ${res.statusCode}`);
  return b;
}

/**
 * Real routes walked by each kind of principal: anonymous visitors, organisers, staff (assigned and not), paired
 * devices (their list and another) and attendees (their own link and a forged one). Event "ours" and "other" are
 * published; "draft" is not.
 */
describe(`access by principal on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: Auth;
  const ours = { id: 0, slug: '', listId: 0, otherListId: 0, sessionId: 0 };
  const other = { id: 0, slug: '', sessionId: 0 };
  const draft = { id: 0, slug: 'access-draft', sessionId: 0 };
  let attendee = { id: 0, token: '' };
  let neighbour = { id: 0, token: '' };

  const api = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const slugOf = async (id: number) => (await api('GET', `/api/events/${id}`, auth)).json<{ slug: string }>().slug;
  const session = async (eventId: number, startsAt: Date, title: string) => {
    const res = await api('POST', `/api/events/${eventId}/sessions`, auth, {
      kind: 'keynote',
      title,
      startsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
    });
    if (res.statusCode !== 201) throw new Error(`session: ${res.statusCode} ${res.body}`);
    return res.json<{ session: { id: number } }>().session.id;
  };
  const tokenOf = (manageUrl: string) => new URL(manageUrl).pathname.replace('/me/', '');

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    ({ eventId: ours.id, auth } = await checkInEvent(t));
    ({ eventId: other.id } = await checkInEvent(t, { auth }));
    ours.slug = await slugOf(ours.id);
    other.slug = await slugOf(other.id);
    const startsAt = new Date(Date.now() + 40 * 24 * 3600_000);
    const created = await api(
      'POST',
      '/api/events',
      auth,
      twoDayEvent({
        slug: draft.slug,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 24 * 3600_000).toISOString(),
      }),
    );
    draft.id = created.json<{ id: number }>().id;
    draft.sessionId = await session(draft.id, startsAt, '草稿场次');
    await api('POST', `/api/events/${draft.id}/agenda/publish`, auth, {});
    const ourStart = new Date((await api('GET', `/api/events/${ours.id}`, auth)).json<{ startsAt: string }>().startsAt);
    ours.sessionId = await session(ours.id, ourStart, '主旨报告');
    other.sessionId = await session(other.id, ourStart, '别的活动的报告');
    for (const id of [ours.id, other.id]) await api('POST', `/api/events/${id}/agenda/publish`, auth, {});
    const lists = await api('POST', `/api/events/${ours.id}/checkin-lists`, auth, { name: '贵宾厅', kind: 'zone' });
    ours.otherListId = lists.json<{ id: number }>().id;
    const all = (await api('GET', `/api/events/${ours.id}/checkin-lists`, auth)).json<{ id: number; kind: string }[]>();
    ours.listId = all.find((l) => l.kind === 'entrance')!.id;
    const a = await registerPerson(t, ours.id, { name: '王敏', category: 'enterprise' });
    const b = await registerPerson(t, ours.id, { name: '李华', category: 'enterprise' });
    attendee = { id: a.id, token: tokenOf((a as unknown as { manageUrl: string }).manageUrl) };
    neighbour = { id: b.id, token: tokenOf((b as unknown as { manageUrl: string }).manageUrl) };
  });
  afterAll(() => t.close());

  /** Every public page and public API route that hides a draft event. */
  const draftRoutes = () => [
    `/events/${draft.slug}`,
    `/events/${draft.slug}/agenda`,
    `/events/${draft.slug}/agenda/changes`,
    `/events/${draft.slug}/agenda.ics`,
    `/events/${draft.slug}/sessions/${draft.sessionId}`,
    `/events/${draft.slug}/sessions/${draft.sessionId}/calendar.ics`,
    `/events/${draft.slug}/register`,
    `/events/${draft.slug}/register/sent`,
    `/api/events/${draft.id}`,
    `/api/events/${draft.id}/agenda`,
    `/api/events/${draft.id}/agenda/changes`,
    `/api/events/${draft.id}/registration-form`,
  ];

  describe('anonymous', () => {
    it('is told a draft event does not exist, on every public page and public API route', async () => {
      const visitor = new Browser(t.app);
      const statuses = await Promise.all(draftRoutes().map(async (url) => [url, (await visitor.get(url)).statusCode]));
      expect(statuses).toEqual(draftRoutes().map((url) => [url, 404]));
      await visitor.get(`/events/${ours.slug}/register`);
      expect((await visitor.post(`/events/${draft.slug}/register`, { name: 'x' })).statusCode).toBe(404);
    });

    it('reads the same routes of a published event', async () => {
      const visitor = new Browser(t.app);
      const routes = draftRoutes().map((url) =>
        url
          .replace(draft.slug, ours.slug)
          .replace(`/${draft.id}`, `/${ours.id}`)
          .replace(`/${draft.sessionId}`, `/${ours.sessionId}`),
      );
      const statuses = await Promise.all(routes.map(async (url) => [url, (await visitor.get(url)).statusCode]));
      expect(statuses).toEqual(routes.map((url) => [url, 200]));
    });

    it('is asked to sign in before scanning, on the API (401) and the scanner page (to the login page)', async () => {
      expect((await api('POST', `/api/events/${ours.id}/checkins`, {}, { code: 'DJ' })).statusCode).toBe(401);
      expect((await api('POST', `/api/events/${draft.id}/checkins`, {}, { code: 'DJ' })).statusCode).toBe(401);
      const page = await new Browser(t.app).get(`/staff/events/${ours.id}/check-in`);
      expect([page.statusCode, page.headers.location]).toEqual([
        303,
        `/login?next=${encodeURIComponent(`/staff/events/${ours.id}/check-in`)}`,
      ]);
    });
  });

  describe('organiser', () => {
    it('previews a draft event on every public page and public API route', async () => {
      const organiser = await signIn(t, ADMIN.email, ADMIN.password);
      const pages = draftRoutes().filter((url) => !url.startsWith('/api/'));
      const apis = draftRoutes().filter((url) => url.startsWith('/api/'));
      const statuses = [
        ...(await Promise.all(pages.map(async (url) => [url, (await organiser.get(url)).statusCode]))),
        ...(await Promise.all(apis.map(async (url) => [url, (await api('GET', url, auth)).statusCode]))),
      ];
      expect(statuses).toEqual(draftRoutes().map((url) => [url, 200]));
    });

    it('scans at any event and finds nothing at an event that does not exist', async () => {
      expect((await api('POST', `/api/events/${other.id}/checkins`, auth, { code: 'DJ' })).json()).toMatchObject({
        result: 'unknown',
      });
      const missing = await api('POST', '/api/events/999999/checkins', auth, { code: 'DJ' });
      expect([missing.statusCode, missing.json().error]).toEqual([404, 'event_not_found']);
    });
  });

  describe('staff', () => {
    let assigned: Auth;
    let unassigned: Auth;
    let draftStaff: Auth;

    beforeAll(async () => {
      assigned = await staffLogin(t, 'gate@access.test', [ours.id]);
      unassigned = await staffLogin(t, 'elsewhere@access.test', [other.id]);
      draftStaff = await staffLogin(t, 'rehearsal@access.test', [draft.id]);
    });

    it('scans at the assigned event, is refused (403) at another and finds no draft they are not assigned to', async () => {
      const at = async (eventId: number, who: Auth) =>
        (await api('GET', `/api/events/${eventId}/checkin-lists`, who)).statusCode;
      expect(await at(ours.id, assigned)).toBe(200);
      expect(await at(other.id, assigned)).toBe(403);
      expect(await at(draft.id, assigned)).toBe(404);
      expect(await at(ours.id, unassigned)).toBe(403);
      expect(await at(draft.id, draftStaff)).toBe(200);
    });

    it('sees a draft event they work at, and no other draft', async () => {
      expect((await api('GET', `/api/events/${draft.id}`, draftStaff)).statusCode).toBe(200);
      expect((await api('GET', `/api/events/${draft.id}`, assigned)).statusCode).toBe(404);
    });

    it('finds only the assigned events on the staff page, and may not manage any event', async () => {
      const staff = await signIn(t, 'gate@access.test', 'staff-password-1');
      const home = await staff.get('/staff');
      const linked = [...home.body.matchAll(/href="\/staff\/events\/(\d+)\/check-in"/g)].map((m) => Number(m[1]));
      expect(linked).toEqual([ours.id]);
      expect(
        (await api('POST', `/api/events/${ours.id}/checkin-lists`, assigned, { name: 'x', kind: 'zone' })).statusCode,
      ).toBe(403);
      expect((await staff.get(`/console/events/${ours.id}`)).statusCode).toBe(403);
    });
  });

  describe('paired device', () => {
    let device: Auth;

    beforeAll(async () => {
      const issued = await api('POST', `/api/events/${ours.id}/checkin-devices`, auth, {
        name: '东门 1 号机',
        listId: ours.listId,
      });
      const paired = await api('POST', '/api/devices/pair', {}, { token: issued.json().pairingToken });
      device = { authorization: `Bearer ${paired.json<{ deviceToken: string }>().deviceToken}` };
    });

    it('works at its own list', async () => {
      const data = await api('GET', `/api/events/${ours.id}/checkins/offline-data`, device);
      expect([data.statusCode, data.json().list.id]).toEqual([200, ours.listId]);
      const lookup = await api('GET', `/api/events/${ours.id}/checkins/lookup?q=${encodeURIComponent('王')}`, device);
      expect(lookup.json().people.map((p: { name: string }) => p.name)).toEqual(['王敏']);
      const lists = await api('GET', `/api/events/${ours.id}/checkin-lists`, device);
      expect(lists.json().map((l: { id: number }) => l.id)).toEqual([ours.listId]);
    });

    it('is refused another list of its event (403), another event (403) and a draft event (404)', async () => {
      const statuses = await Promise.all(
        [
          api('GET', `/api/events/${ours.id}/checkins/offline-data?listId=${ours.otherListId}`, device),
          api('GET', `/api/events/${ours.id}/checkins/lookup?q=x&listId=${ours.otherListId}`, device),
          api('POST', `/api/events/${ours.id}/checkins`, device, { code: 'DJ', listId: ours.otherListId }),
          api('GET', `/api/events/${other.id}/checkin-lists`, device),
          api('GET', `/api/events/${draft.id}/checkin-lists`, device),
        ].map(async (res) => (await res).statusCode),
      );
      expect(statuses).toEqual([403, 403, 403, 403, 404]);
    });

    it('may not use organiser routes', async () => {
      expect((await api('GET', `/api/events/${ours.id}/registrations`, device)).statusCode).toBe(401);
    });
  });

  describe('attendee by personal link', () => {
    it('reads and follows sessions with their own link', async () => {
      const me = new Browser(t.app);
      expect((await me.get(`/me/${attendee.token}`)).statusCode).toBe(200);
      expect((await me.get(`/me/${attendee.token}/event.ics`)).statusCode).toBe(200);
      const star = await me.post(`/me/${attendee.token}/stars/${ours.sessionId}`, { starred: '1' });
      expect(star.statusCode).toBe(303);
    });

    it('cannot follow a session of another event (403) or of a draft event (404)', async () => {
      const me = new Browser(t.app);
      await me.get(`/me/${attendee.token}`);
      expect((await me.post(`/me/${attendee.token}/stars/${other.sessionId}`, { starred: '1' })).statusCode).toBe(403);
      expect((await me.post(`/me/${attendee.token}/stars/${draft.sessionId}`, { starred: '1' })).statusCode).toBe(404);
    });

    it("cannot reach someone else's registration by changing the id in a link", async () => {
      const signature = attendee.token.split('.')[1];
      const forged = `${neighbour.id}.${signature}`;
      const b = new Browser(t.app);
      for (const url of [`/me/${forged}`, `/me/${forged}/badge.svg`, `/me/${forged}/calendar.ics`])
        expect([url, (await b.get(url)).statusCode]).toEqual([url, 404]);
      await b.get(`/me/${neighbour.token}`);
      expect((await b.post(`/me/${forged}/cancel`, {})).statusCode).toBe(404);
      expect((await api('GET', `/api/registrations/${neighbour.id}`, auth)).json().status).toBe('confirmed');
    });

    it('is nobody on the API: the registration routes are for organisers', async () => {
      expect((await api('GET', `/api/registrations/${attendee.id}`)).statusCode).toBe(401);
    });
  });
});
