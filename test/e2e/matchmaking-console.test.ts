import { Browser, multipartBody } from '../support/browser.js';
import { staffLogin } from '../support/check-in.js';
import { anEvent } from '../support/factories.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

const HEADER = '成果名称 title,成果简介 summary,领域 category,成熟度 maturity,转化方式 transferModes,成果单位 owner';

/** 45 equipment achievements (one of them a damper) and 10 electronics ones, as one CSV. */
function listCsv(): Buffer {
  const rows = Array.from({ length: 55 }, (_, i) => {
    const equipment = i < 45;
    const title = i === 7 ? '车辆磁流变减震器' : equipment ? `重型装备部件${i}` : `功率芯片${i}`;
    return `${title},${title}的简介,${equipment ? '装备制造' : '电子信息'},中试,许可,成都测试装备有限公司`;
  });
  return Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');
}

describe(`the console pages of an event's lists on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId: number;
  let base: string;
  let outsideId: number;
  const browser = () => organiser;
  let organiser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await apiLogin(t.app);
    const event = await anEvent(t, { title: '成都都市圈成果转化推介活动', titleEn: 'Chengdu transfer promotion' });
    eventId = event.id;
    base = `/console/events/${eventId}/achievements`;
    const body = multipartBody(
      { eventId: String(eventId), listName: '成都都市圈重点产业成果清单' },
      { file: { filename: 'list.csv', contentType: 'text/csv', data: listCsv() } },
    );
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/achievements/import',
      headers: { ...auth, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(imported.statusCode).toBe(201);
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/achievements',
      headers: auth,
      payload: {
        title: '商业航天磁流变着陆缓冲器',
        summary: '用于可回收火箭着陆的磁流变缓冲装置。',
        category: 'aerospace',
        maturity: 'lab',
        transferModes: ['joint_development'],
        owner: '重庆武瓴智行科技有限公司',
      },
    });
    outsideId = outside.json<{ id: number }>().id;
    organiser = new Browser(t.app);
    await organiser.get('/login');
    expect((await organiser.post('/login', { email: ADMIN.email, password: ADMIN.password })).statusCode).toBe(303);
  });
  afterAll(() => t.close());

  const rows = (html: string) => [...html.matchAll(/<tr data-item="(\d+)">/g)].map((m) => Number(m[1]));

  it('is linked from the event’s console page', async () => {
    const page = await browser().get(`/console/events/${eventId}`);
    expect(page.body).toContain(`href="${base}"`);
    expect(page.body).toContain(`href="/console/events/${eventId}/demands"`);
  });

  it('shows the event’s list with its counts by category, in pages of 50, each item linked to its edit page', async () => {
    const first = await browser().get(base);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('本活动清单共 55 项');
    expect(first.body).toMatch(/data-category="equipment"[^>]*>装备制造 <span class="count">45<\/span>/);
    expect(first.body).toMatch(/data-category="electronics"[^>]*>电子信息 <span class="count">10<\/span>/);
    expect(rows(first.body)).toHaveLength(50);
    expect(first.body.replace(/&#x3D;/g, '=')).toContain(`href="${base}?page=2" rel="next"`);
    const [firstId] = rows(first.body);
    expect(first.body).toContain(`<a href="/console/achievements/${firstId}">`);
    expect(first.body).toContain('成都都市圈重点产业成果清单');

    const second = await browser().get(`${base}?page=2`);
    expect(rows(second.body)).toHaveLength(5);
    const electronics = await browser().get(`${base}?category=electronics`);
    expect(rows(electronics.body)).toHaveLength(10);
    expect(electronics.body).toContain('aria-current="page">电子信息');

    const english = await browser().get(`${base}?lang=en`);
    expect(english.body).toContain('<h1>Achievement list</h1>');
    expect(english.body).toContain('55 items on this event’s list');
    expect(english.body).toMatch(/>Equipment manufacturing <span class="count">45<\/span>/);
    await browser().get(`${base}?lang=zh-CN`); // the language is remembered: back to Chinese for the rest
  });

  it('searches the list', async () => {
    const found = await browser().get(`${base}?q=${encodeURIComponent('减震器')}`);
    expect(rows(found.body)).toHaveLength(1);
    expect(found.body).toContain('车辆磁流变减震器');
    expect(found.body).toContain('“减震器” 共找到 1 项');
  });

  it('adds an item from the library and takes it off again; it stays in the library', async () => {
    const search = await browser().get(`${base}?add=${encodeURIComponent('磁流变')}`);
    expect(search.body).toMatch(
      new RegExp(`<li data-candidate="${outsideId}">[^]*?name="itemId" value="${outsideId}"`),
    );
    // The listed damper is found too, marked as listed, without an add button.
    expect(search.body).toMatch(/<li data-candidate="\d+"><a [^>]*>车辆磁流变减震器<\/a>[^]*?已在清单中/);

    expect((await browser().post(`${base}/add`, { itemId: String(outsideId) }, { csrf: false })).statusCode).toBe(403);
    const added = await browser().post(`${base}/add`, { itemId: String(outsideId), add: '磁流变' });
    expect([added.statusCode, added.headers.location]).toEqual([303, `${base}?add=${encodeURIComponent('磁流变')}`]);
    const listed = await browser().get(`${base}?category=aerospace`);
    expect(rows(listed.body)).toEqual([outsideId]);
    expect(listed.body).toContain('本活动清单共 56 项');
    const api = await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/achievements?category=aerospace` });
    expect(api.json<{ total: number }>().total).toBe(1);

    const removed = await browser().post(`${base}/${outsideId}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(rows((await browser().get(`${base}?category=aerospace`)).body)).toEqual([]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/achievements/${outsideId}`, headers: auth })).statusCode,
    ).toBe(200);
  });

  it('edits an item on its page with the API’s rules: a problem by field, then the change saved', async () => {
    const page = await browser().get(`/console/achievements/${outsideId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="商业航天磁流变着陆缓冲器"');
    expect(page.body).toMatch(/name="transferModes" value="joint_development" checked/);
    const form = {
      title: '',
      summary: '用于可回收火箭着陆的磁流变缓冲装置。',
      category: 'aerospace',
      maturity: 'pilot',
      owner: '重庆武瓴智行科技有限公司',
      keywords: '磁流变；着陆缓冲',
    };
    // The form holds the whole item: an emptied title is refused (not read as "unchanged"), and so is no transfer mode.
    const refused = await browser().post(`/console/achievements/${outsideId}`, form);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(
      /<input id="f-title" name="title" type="text" value="" required aria-required="true"\s+aria-invalid="true"/,
    );
    expect(refused.body).toContain('transferModes must name at least one mode');
    expect(refused.body).toContain('value="磁流变；着陆缓冲"');
    const saved = await browser().post(`/console/achievements/${outsideId}`, {
      ...form,
      title: '可回收火箭磁流变着陆缓冲器',
      transferModes: ['joint_development', 'licence'],
    });
    expect(saved.statusCode).toBe(303);
    const api = (await t.app.inject({ method: 'GET', url: `/api/achievements/${outsideId}`, headers: auth })).json<{
      title: string;
      maturity: string;
      transferModes: string[];
      keywords: string[];
    }>();
    expect(api).toMatchObject({
      title: '可回收火箭磁流变着陆缓冲器',
      maturity: 'pilot',
      transferModes: ['joint_development', 'licence'],
      keywords: ['磁流变', '着陆缓冲'],
    });
  });

  it('keeps the pages to organisers', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: base });
    expect([anonymous.statusCode, anonymous.headers.location]).toEqual([
      303,
      `/login?next=${encodeURIComponent(base)}`,
    ]);
    await staffLogin(t, 'staff@console-lists.duijie', [eventId]);
    const staff = new Browser(t.app);
    await staff.get('/login');
    await staff.post('/login', { email: 'staff@console-lists.duijie', password: 'staff-password-1' });
    expect((await staff.get(base)).statusCode).toBe(403);
    expect((await staff.post(`${base}/add`, { itemId: String(outsideId) })).statusCode).toBe(403);
  });
});
