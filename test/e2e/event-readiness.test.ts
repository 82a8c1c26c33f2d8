import { Browser } from '../support/browser.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

/**
 * What an event still needs before people can register: the API's readiness answer, the console's checklist and
 * its publish confirmation (the API publishes as before); slugs proposed from the title; emails named by kind.
 */
describe('event readiness, proposed slugs and named emails', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId: number;

  const readiness = (headers: Record<string, string> = auth) =>
    t.app.inject({ method: 'GET', url: `/api/events/${eventId}/readiness`, headers });

  async function signedIn(): Promise<Browser> {
    const b = new Browser(t.app);
    await b.get('/login');
    expect((await b.post('/login', { email: ADMIN.email, password: ADMIN.password })).statusCode).toBe(303);
    return b;
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    auth = await apiLogin(t.app);
    // Registration for this event is open until it ends (weeks from now): a category is needed to publish.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth,
      payload: twoDayEvent({ startsAt: '2027-05-20T09:00:00+08:00', endsAt: '2027-05-21T17:30:00+08:00' }),
    });
    expect(created.statusCode).toBe(201);
    eventId = created.json().id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('tells organisers what a new event lacks, and nobody else', async () => {
    const res = await readiness();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: false, missing: ['description', 'category', 'published'] });

    const anonymous = await readiness({});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error).toBe('unauthenticated');
    expect((await t.app.inject({ method: 'GET', url: '/api/events/424242/readiness', headers: auth })).statusCode).toBe(
      404,
    );
  });

  it('asks for confirmation before the console publishes an event without a description or category', async () => {
    const b = await signedIn();
    const page = await b.get(`/console/events/${eventId}`);
    expect(page.body).toContain('开放报名前还需要');
    const listed = (html: string, section: string) =>
      [
        ...(new RegExp(`id="${section}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '').matchAll(/<li data-code="(\w+)"/g),
      ].map((m) => m[1]);
    expect(listed(page.body, 'readiness')).toEqual(['description', 'category', 'published']);

    const check = await b.post(`/console/events/${eventId}/status`, { status: 'published' });
    expect(check.statusCode).toBe(200);
    expect(listed(check.body, 'publish-check')).toEqual(['description', 'category']);
    expect(check.body).toContain('name="confirm" value="yes"');
    expect((await t.app.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: auth })).json().status).toBe(
      'draft',
    );

    const confirmed = await b.post(`/console/events/${eventId}/status`, { status: 'published', confirm: 'yes' });
    expect(confirmed.statusCode).toBe(303);
    expect((await readiness()).json()).toEqual({ ready: false, missing: ['description', 'category'] });
    expect(listed((await b.get(`/console/events/${eventId}`)).body, 'readiness')).toEqual(['description', 'category']);
  });

  it('publishes through the API without asking, and is ready once described with a category', async () => {
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/unpublish`, headers: auth })).statusCode,
    ).toBe(200);
    const published = await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
    expect(published.statusCode).toBe(200);
    expect(published.json().status).toBe('published');

    await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}`,
      headers: auth,
      payload: { description: '成果发布、项目路演与供需对接。' },
    });
    const category = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/categories`,
      headers: auth,
      payload: { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise' },
    });
    expect(category.statusCode).toBe(201);
    expect((await readiness()).json()).toEqual({ ready: true, missing: [] });
    const b = await signedIn();
    expect((await b.get(`/console/events/${eventId}`)).body).toContain('一切就绪');

    // Registration closed by its settings: the event needs it open again.
    await t.app.inject({
      method: 'PUT',
      url: `/api/events/${eventId}/registration-settings`,
      headers: auth,
      payload: { closesAt: '2026-01-01T00:00:00Z' },
    });
    expect((await readiness()).json()).toEqual({ ready: false, missing: ['registration_open'] });
    await t.app.inject({
      method: 'PUT',
      url: `/api/events/${eventId}/registration-settings`,
      headers: auth,
      payload: { closesAt: null },
    });
  });

  it('spells the slug from the title when none is given, and keeps it free', async () => {
    const create = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({ slug: undefined, title: '重庆科技成果对接会', venues: [] }),
      });
    const first = await create();
    expect(first.statusCode).toBe(201);
    expect(first.json().slug).toBe('chongqing-kejichengguo-duijiehui');
    expect((await create()).json().slug).toBe('chongqing-kejichengguo-duijiehui-2');

    const b = await signedIn();
    const proposed = await b.get(`/console/slug?title=${encodeURIComponent('重庆科技成果对接会')}`);
    expect(proposed.json()).toEqual({ slug: 'chongqing-kejichengguo-duijiehui-3' });
    expect((await new Browser(t.app).get('/console/slug?title=x')).statusCode).not.toBe(200);

    const fromForm = await b.post('/console/events/new', {
      title: '成都都市圈先进技术成果转化推介活动',
      slug: '',
      timezone: 'Asia/Shanghai',
      startsAt: '2027-06-01T09:00',
      endsAt: '2027-06-01T17:00',
    });
    expect(fromForm.statusCode).toBe(303);
    const id = Number(/\/console\/events\/(\d+)/.exec(fromForm.headers.location as string)![1]);
    expect((await t.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: auth })).json().slug).toBe(
      'chengdu-dushiquan-xianjin-jishu-chengguo',
    );
  });

  it('names the kind of each email in the console mail list, in both languages', async () => {
    const register = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/registrations`,
        payload: {
          name: '王敏',
          email: 'wang.min@example.cn',
          organisation: '重庆武瓴智行科技有限公司',
          category: 'enterprise',
          consent: true,
        },
      });
    expect((await register()).statusCode).toBe(201);
    // The same email again: its personal link is sent (a registration_link email).
    expect((await register()).statusCode).toBeLessThan(300);

    const b = await signedIn();
    const kinds = (html: string) =>
      [...html.matchAll(/<td data-label="[^"]*">([^<]+|<code>[^<]+<\/code>)<\/td>/g)].map((m) => m[1]);
    const zh = await b.get(`/console/events/${eventId}/mail`);
    expect(kinds(zh.body).sort()).toEqual(['报名确认', '报名链接']);
    const en = await b.get(`/console/events/${eventId}/mail?lang=en`);
    expect(kinds(en.body).sort()).toEqual(['Confirmation', 'Registration link']);
    expect(en.body).not.toContain('registration_link');
  });
});
