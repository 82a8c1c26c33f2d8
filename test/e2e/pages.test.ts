import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from '../support/browser.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

describe('web pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function signedIn(): Promise<Browser> {
    const b = new Browser(t.app);
    await b.get('/login');
    const res = await b.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console');
    return b;
  }

  it('speaks Chinese by default, English when the browser prefers it, and remembers ?lang=', async () => {
    const b = new Browser(t.app);
    const zh = await b.get('/');
    expect(zh.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('科技成果转化对接活动');

    const en = await new Browser(t.app).get('/', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Technology-transfer matchmaking events');

    await b.get('/?lang=en');
    expect(b.cookies.duijie_lang).toBe('en');
    const later = await b.get('/login', { 'accept-language': 'zh-CN' });
    expect(later.body).toContain('<html lang="en">');
    expect(later.body).toContain('Sign in');
  });

  it('sends people who are not signed in to the login page, and back afterwards', async () => {
    const b = new Browser(t.app);
    const res = await b.get('/console/organisations');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fconsole%2Forganisations');
    await b.get('/login?next=%2Fconsole%2Forganisations');
    const login = await b.post('/login', {
      email: ADMIN.email,
      password: ADMIN.password,
      next: '/console/organisations',
    });
    expect(login.headers.location).toBe('/console/organisations');
    const offsite = await b.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '//evil.example/' });
    expect(offsite.headers.location).toBe('/console');
  });

  it('shows a failed sign-in on the form, keeps the email, and sets no session', async () => {
    const b = new Browser(t.app);
    await b.get('/login');
    const res = await b.post('/login', { email: ADMIN.email, password: 'wrong-password' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('邮箱或密码错误');
    expect(res.body).toContain(`value="${ADMIN.email}"`);
    expect(res.body).not.toContain('wrong-password');
    expect(b.cookies.duijie_session).toBeUndefined();
  });

  it('gives a session cookie that scripts cannot read and that is dropped on sign-out', async () => {
    const b = new Browser(t.app);
    await b.get('/login');
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      cookies: b.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: await b.csrfToken(),
        email: ADMIN.email,
        password: ADMIN.password,
      }).toString(),
    });
    const session = res.cookies.find((c) => c.name === 'duijie_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    b.cookies.duijie_session = session.value;
    expect((await b.get('/console')).statusCode).toBe(200);
    const out = await b.post('/logout', {});
    expect(out.statusCode).toBe(303);
    const again = await t.app.inject({ method: 'GET', url: '/console', cookies: { duijie_session: session.value } });
    expect(again.statusCode).toBe(303);
  });

  it('refuses a form post without the CSRF token and changes nothing', async () => {
    const b = await signedIn();
    const before = (await apiLogin(t.app)).authorization;
    const res = await b.post('/console/organisations', { name: '伪造机构', kind: 'enterprise' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('表单已过期');
    const forged = await b.post(
      '/console/organisations',
      { name: '伪造机构', kind: 'enterprise', _csrf: 'x'.repeat(43) },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/organisations?q=伪造',
      headers: { authorization: before },
    });
    expect(list.json()).toEqual([]);
  });

  it('binds the CSRF token to the browser and its session, so a chosen cookie and field do not pass', async () => {
    const a = await signedIn();
    const post = (cookies: Record<string, string>, csrf: string) =>
      t.app.inject({
        method: 'POST',
        url: '/console/organisations',
        cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ name: '伪造机构二', kind: 'enterprise', _csrf: csrf }).toString(),
      });
    // Double-submit with a value of the attacker's choosing: cookie and field both "x…".
    const x = 'x'.repeat(43);
    expect((await post({ ...a.cookies, duijie_csrf: x }, x)).statusCode).toBe(403);
    // The token of another signed-in browser, even sent with that browser's csrf cookie, does not fit this session.
    const b = await signedIn();
    const bToken = await b.csrfToken();
    expect((await post({ ...a.cookies, duijie_csrf: b.cookies.duijie_csrf }, bToken)).statusCode).toBe(403);
    expect((await post(a.cookies, bToken)).statusCode).toBe(403);
    // The token the page gave this browser passes.
    const page = await a.get('/console/organisations');
    const own = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    expect((await post(a.cookies, own)).statusCode).toBe(303);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/organisations?q=伪造机构二',
      headers: await apiLogin(t.app),
    });
    expect(list.json()).toHaveLength(1);
  });

  it('gives a new CSRF token at sign-in and at sign-out: tokens of the earlier session stop working', async () => {
    const b = new Browser(t.app);
    const form = await b.get('/login');
    const anonymous = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    const anonymousCookie = b.cookies.duijie_csrf;
    await b.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
    expect(b.cookies.duijie_csrf).not.toBe(anonymousCookie);
    expect(await b.csrfToken()).not.toBe(anonymous);
    const stale = await b.post('/console/organisations', { name: '旧令牌机构', kind: 'enterprise', _csrf: anonymous });
    expect(stale.statusCode).toBe(403);
    const signedInToken = await b.csrfToken();
    expect((await b.post('/logout', {})).statusCode).toBe(303);
    expect(await b.csrfToken()).not.toBe(signedInToken);
    // Signed out, the old token no longer fits, and a fresh anonymous form works (e.g. signing in again).
    expect(
      (await b.post('/login', { email: ADMIN.email, password: ADMIN.password, _csrf: signedInToken })).statusCode,
    ).toBe(403);
    expect((await b.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' })).statusCode).toBe(303);
  });

  it('creates an event from the console form in the event time zone, and shows mistakes with the typed values', async () => {
    const b = await signedIn();
    const bad = await b.post('/console/events/new', {
      title: '两天的活动',
      slug: 'two-days',
      timezone: 'Asia/Shanghai',
      startsAt: '2026-12-05T09:00',
      endsAt: '2026-12-04T17:30',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('结束时间必须晚于开始时间');
    expect(bad.body).toContain('value="两天的活动"');
    expect(bad.body).toContain('value="2026-12-04T17:30"');

    const ok = await b.post('/console/events/new', {
      title: '两天的活动',
      slug: 'two-days',
      timezone: 'Asia/Shanghai',
      startsAt: '2026-12-05T09:00',
      endsAt: '2026-12-06T17:30',
    });
    expect(ok.statusCode).toBe(303);
    const id = Number(/\/console\/events\/(\d+)/.exec(ok.headers.location as string)![1]);
    const auth = await apiLogin(t.app);
    const event = (await t.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: auth })).json();
    expect([event.startsAt, event.endsAt, event.status]).toEqual([
      '2026-12-05T01:00:00.000Z',
      '2026-12-06T09:30:00.000Z',
      'draft',
    ]);

    const page = await b.get(ok.headers.location as string);
    expect(page.body).toContain('活动已创建');
    expect(page.body).toContain('value="2026-12-05T09:00"');

    expect((await b.post(`/console/events/${id}/venues`, { name: '主会场', kind: 'main' })).statusCode).toBe(303);
    expect(
      (await b.post(`/console/events/${id}/venues`, { name: '太仓分会场', nameEn: 'Taicang sub-venue', kind: 'sub' }))
        .statusCode,
    ).toBe(303);
    const venues = (await t.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: auth })).json().venues;
    expect(
      (await b.post(`/console/events/${id}/venues/${venues[1].id}/rooms`, { name: '航天对接厅', capacity: '80' }))
        .statusCode,
    ).toBe(303);
    const bad2 = await b.post(`/console/events/${id}/venues/${venues[1].id}/rooms`, { name: '零人厅', capacity: '0' });
    expect(bad2.statusCode).toBe(400);
    expect(bad2.body).toContain('数值太小');
    // No description and no attendee category: publishing asks first, then publishes on the confirmation.
    const check = await b.post(`/console/events/${id}/status`, { status: 'published' });
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('发布前请确认');
    expect((await b.post(`/console/events/${id}/status`, { status: 'published', confirm: 'yes' })).statusCode).toBe(
      303,
    );

    const publicZh = await new Browser(t.app).get('/events/two-days');
    expect(publicZh.statusCode).toBe(200);
    expect(publicZh.body).toContain('两天的活动');
    expect(publicZh.body).toContain('太仓分会场');
    expect(publicZh.body).toContain('2026年12月5日 09:00');
    const publicEn = await new Browser(t.app).get('/events/two-days?lang=en');
    expect(publicEn.body).toContain('Taicang sub-venue');
    expect(publicEn.body).toContain('Sub-venues');
  });

  it('hides drafts from the public and previews them to organisers', async () => {
    const auth = await apiLogin(t.app);
    await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth,
      payload: twoDayEvent({ slug: 'secret-draft' }),
    });
    expect((await new Browser(t.app).get('/events/secret-draft')).statusCode).toBe(404);
    const preview = await (await signedIn()).get('/events/secret-draft');
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('草稿预览');
  });

  it('invites a staff member from the console: one invitation per post, emailed (here as an .eml file), link works', async () => {
    const b = await signedIn();
    const auth = await apiLogin(t.app);
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({ slug: 'team-event' }),
      })
    ).json();
    await b.get('/console/team');
    const res = await b.post('/console/team/invitations', {
      name: '赵六',
      email: 'zhao.liu@example.cn',
      role: 'staff',
      eventId: String(event.id),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/console/team');
    const page = await b.get('/console/team');
    const url = /value="(http[^"]+\/invitations\/[\w-]{43})"/.exec(page.body)![1];
    expect(page.body).toContain('已向 zhao.liu@example.cn 发送邀请邮件');
    // The flash is shown once.
    expect((await b.get('/console/team')).body).not.toContain(url);

    const mailDir = join(t.config.dataDir, 'mail');
    const deadline = Date.now() + 10_000;
    let eml = '';
    while (!eml && Date.now() < deadline) {
      const files = existsSync(mailDir) ? readdirSync(mailDir) : [];
      eml =
        files.map((f) => readFileSync(join(mailDir, f), 'utf8')).find((text) => text.includes('zhao.liu@example.cn')) ??
        '';
      if (!eml) await new Promise((r) => setTimeout(r, 50));
    }
    expect(eml).toContain('Subject: =?UTF-8?');
    expect(eml.replace(/=\r?\n/g, '')).toContain(new URL(url).pathname);

    const invitee = new Browser(t.app);
    await invitee.get(new URL(url).pathname);
    const accepted = await invitee.post(new URL(url).pathname, {
      password: 'staff-secret-1',
      passwordConfirm: 'staff-secret-1',
    });
    expect(accepted.headers.location).toBe('/login');
    const staff = await apiLogin(t.app, 'zhao.liu@example.cn', 'staff-secret-1');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: staff })).json().role).toBe('staff');
  });

  it('answers unknown pages with a 404 page in the chosen language', async () => {
    const res = await new Browser(t.app).get('/no/such/page?lang=en');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('The page or record was not found.');
  });

  it('serves its own assets and fetches nothing from other hosts', async () => {
    const home = await new Browser(t.app).get('/');
    const urls = [...home.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.filter((u) => /^(https?:)?\/\//.test(u))).toEqual([]);
    const css = await t.app.inject({ method: 'GET', url: '/assets/app.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });
});
