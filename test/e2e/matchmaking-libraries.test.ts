import { Achievement } from '../../src/matchmaking/achievement.entity.js';
import { Database } from '../../src/database/database.service.js';
import { ManageLinks } from '../../src/registration/manage-links.service.js';
import { Registration } from '../../src/registration/registration.entity.js';
import { Browser, multipartBody } from '../support/browser.js';
import { staffLogin } from '../support/check-in.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

type ListBody = {
  total: number;
  items: { id: number; title: string; category: { name: string }; openCall?: boolean; city?: string }[];
  countsByCategory: Record<string, number>;
};

const HEADER =
  '成果名称 title,成果简介 summary,领域 category,成熟度 maturity,转化方式 transferModes,成果单位 owner,联系人 contactName,联系邮箱 contactEmail,关键词 keywords';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');

describe(`achievement and demand libraries on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId: number;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    auth = await apiLogin(t.app);
    const events = (await t.app.inject({ method: 'GET', url: '/api/events', headers: auth })).json<
      { id: number; slug: string }[]
    >();
    eventId = events.find((e) => e.slug === 'chengdu-metro')!.id;
  });
  afterAll(() => t.close());

  const importCsv = (kind: 'achievements' | 'demands', data: Buffer, fields: Record<string, string> = {}) => {
    const body = multipartBody(fields, { file: { filename: 'list.csv', contentType: 'text/csv', data } });
    return t.app.inject({
      method: 'POST',
      url: `/api/${kind}/import`,
      headers: { ...auth, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const libraryCount = () => t.app.get(Database).manager.countBy(Achievement, {});

  it('publishes the Chengdu list of 257 achievements with the counts the press reported', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/achievements?pageSize=10` });
    expect(res.statusCode).toBe(200);
    const body = res.json<ListBody>();
    expect(body.total).toBe(257);
    expect(body.items).toHaveLength(10);
    expect(body.countsByCategory).toEqual({
      电子信息: 81,
      先进材料: 36,
      新能源: 19,
      装备制造: 104,
      生物医学: 10,
      航空航天: 7,
    });
    const equipment = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/achievements?category=equipment&page=2&pageSize=100`,
    });
    const page2 = equipment.json<ListBody>();
    expect([page2.total, page2.items.length]).toEqual([104, 4]);
    expect(page2.countsByCategory.装备制造).toBe(104);
  });

  it('publishes the five cities’ demand lists with open calls', async () => {
    const body = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/demands?pageSize=100` })).json<
      ListBody & { items: { city: string }[] }
    >();
    expect(new Set(body.items.map((d) => d.city))).toEqual(new Set(['成都', '德阳', '眉山', '资阳', '雅安']));
    expect(body.items.filter((d) => d.openCall).length).toBeGreaterThanOrEqual(2);
  });

  it('finds the magnetorheological damper by 减震器 through the public API', async () => {
    const body = (
      await t.app.inject({
        method: 'GET',
        url: `/api/events/${eventId}/achievements?q=${encodeURIComponent('减震器')}`,
      })
    ).json<ListBody>();
    expect(body.items.map((i) => i.title)).toEqual(['商业航天用磁流变减震器']);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/achievements/${body.items[0].id}`,
    });
    expect(detail.json()).toMatchObject({
      owner: { name: '重庆武瓴智行科技有限公司' },
      listName: '成都都市圈重点产业成果清单',
    });
    expect(detail.json<{ contact: unknown }>().contact).toBeNull();
  });

  it('reports a bad row by row and column and writes nothing', async () => {
    const before = await libraryCount();
    const res = await importCsv(
      'achievements',
      csv(
        '高速电机控制器,永磁同步电机控制器。,电子信息,中试,许可,成都测试电机有限公司,张工,zhang@example.cn,电机;控制器',
        '轻量化车架,铝合金车架。,装备制造,试生产,许可;订单,成都测试车架有限公司,,,',
        '新型电池,固态电池。,不存在的领域,量产,转让,成都测试电池有限公司,,,',
      ),
    );
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: string; details: { rows: { row: number; column: string; code: string }[] } }>();
    expect(body.error).toBe('library_import_invalid');
    expect(body.details.rows.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'maturity', 'invalid'],
      [4, 'category', 'not_a_category'],
    ]);
    expect(await libraryCount()).toBe(before);
  });

  it('imports a good file, lists it at the event, and exports what it imported so that it imports again', async () => {
    const before = await libraryCount();
    const res = await importCsv(
      'achievements',
      csv(
        '高速电机控制器,永磁同步电机控制器。,electronics,pilot,许可,成都测试电机有限公司,张工,zhang@example.cn,电机;控制器',
        '轻量化车架,铝合金车架。,装备制造,小批量,许可;订单,成都测试车架有限公司,,,',
      ),
      { eventId: String(eventId), listName: '补充成果清单' },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'done', total: 2, written: 2, imported: 2 });
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/achievements?q=${encodeURIComponent('车架')}` })
    ).json<ListBody>();
    expect(list.items.map((i) => i.title)).toEqual(['轻量化车架']);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/achievements` })).json<ListBody>().total,
    ).toBe(259);

    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/achievements/export?format=csv&q=${encodeURIComponent('控制器')}`,
      headers: auth,
    });
    expect(exported.statusCode).toBe(200);
    const text = exported.body.replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      '高速电机控制器,,永磁同步电机控制器。,电子信息,中试,许可,成都测试电机有限公司,张工,zhang@example.cn',
    );

    const again = await importCsv('achievements', Buffer.from(exported.rawPayload));
    expect(again.statusCode).toBe(201);
    const copies = (
      await t.app.inject({
        method: 'GET',
        url: `/api/achievements?q=${encodeURIComponent('高速电机控制器')}`,
        headers: auth,
      })
    ).json<{ items: Record<string, unknown>[] }>().items;
    expect(copies).toHaveLength(2);
    const strip = ({ id: _id, createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest;
    expect(strip(copies[0])).toEqual(strip(copies[1]));
    expect(await libraryCount()).toBe(before + 3);
  });

  it('offers the import template as .xlsx and .csv', async () => {
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/demands/template', headers: auth });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csvFile = await t.app.inject({ method: 'GET', url: '/api/achievements/template?format=csv', headers: auth });
    expect(csvFile.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toContain('成果名称 title');
  });

  it('takes a bid on an open call from an attendee’s personal link, and refuses one without', async () => {
    const demands = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/demands?pageSize=100` })
    ).json<ListBody>();
    const open = demands.items.find((d) => d.openCall)!;
    const closed = demands.items.find((d) => !d.openCall)!;
    const categories = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registration-form` })).json<{
      categories: { code: string }[];
    }>().categories;
    const registered = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations`,
      payload: {
        name: '赵工',
        email: 'zhao@example.cn',
        organisation: '四川恒麓电气科技有限公司',
        consent: true,
        category: categories[0].code,
      },
    });
    expect(registered.statusCode).toBe(201);
    const registration = await t.app
      .get(Database)
      .manager.findOneByOrFail(Registration, { id: registered.json<{ id: number }>().id });
    const token = await t.app.get(ManageLinks).token(registration);
    const bid = {
      organisation: '四川恒麓电气科技有限公司',
      approach: '磁流变阻尼与主动控制结合的减震方案。',
      contactName: '赵工',
      contactEmail: 'zhao@example.cn',
    };
    const none = await t.app.inject({ method: 'POST', url: `/api/demands/${open.id}/bids`, payload: bid });
    expect([none.statusCode, none.json<{ error: string }>().error]).toEqual([403, 'bid_not_allowed']);
    const notOpen = await t.app.inject({
      method: 'POST',
      url: `/api/demands/${closed.id}/bids`,
      payload: { ...bid, token },
    });
    expect(notOpen.statusCode).toBe(409);
    const ok = await t.app.inject({ method: 'POST', url: `/api/demands/${open.id}/bids`, payload: { ...bid, token } });
    expect(ok.statusCode).toBe(201);
    const bids = await t.app.inject({ method: 'GET', url: `/api/demands/${open.id}/bids`, headers: auth });
    expect(bids.json<{ registrationId: number; solver: { name: string } }[]>()).toEqual([
      expect.objectContaining({
        registrationId: registration.id,
        solver: expect.objectContaining({ name: bid.organisation }),
      }),
    ]);
  });

  it('shows the lists on public pages: counts by category, search, and a meeting link for an attendee’s personal link', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/events/chengdu-metro/achievements' });
    expect(list.statusCode).toBe(200);
    for (const [name, n] of [
      ['先进材料', 36],
      ['新能源', 19],
      ['航空航天', 7],
    ] as const) {
      expect(list.body).toMatch(new RegExp(`${name} <span class="count">${n}</span>`));
    }
    const found = await t.app.inject({
      method: 'GET',
      url: `/events/chengdu-metro/achievements?q=${encodeURIComponent('减震器')}`,
    });
    expect(found.body).toContain('商业航天用磁流变减震器');
    expect(found.body).not.toContain('全彩微光夜视仪');
    const id = /href="\/events\/chengdu-metro\/achievements\/(\d+)"/.exec(found.body)![1];
    const anonymous = await t.app.inject({ method: 'GET', url: `/events/chengdu-metro/achievements/${id}?lang=en` });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).toContain('Register');
    expect(anonymous.body).not.toContain('/meetings?achievement=');

    const categories = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registration-form` })).json<{
      categories: { code: string }[];
    }>().categories;
    const registered = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations`,
      payload: {
        name: '钱工',
        email: 'qian@example.cn',
        organisation: '资阳测试公司',
        consent: true,
        category: categories[0].code,
      },
    });
    const registration = await t.app
      .get(Database)
      .manager.findOneByOrFail(Registration, { id: registered.json<{ id: number }>().id });
    const token = await t.app.get(ManageLinks).token(registration);
    const attendee = await t.app.inject({ method: 'GET', url: `/events/chengdu-metro/achievements/${id}?me=${token}` });
    expect(attendee.body.replace(/&#x3D;/g, '=')).toContain(`href="/me/${token}/meetings?achievement=${id}"`);
    const demands = await t.app.inject({ method: 'GET', url: '/events/chengdu-metro/demands?lang=en' });
    expect(demands.body).toContain('Open call');
  });

  it('imports on the console page: a report by row and column, then the progress page of a good file', async () => {
    const browser = new Browser(t.app);
    await browser.get('/login');
    expect((await browser.post('/login', { email: ADMIN.email, password: ADMIN.password })).statusCode).toBe(303);
    const page = await browser.get('/console/demands');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    const upload = async (data: Buffer) => {
      const body = multipartBody(
        { _csrf: await browser.csrfToken() },
        { file: { filename: 'demands.csv', contentType: 'text/csv', data } },
      );
      return t.app.inject({
        method: 'POST',
        url: '/console/demands/import',
        cookies: browser.cookies,
        headers: { 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const header =
      '需求名称 title,需求描述 description,领域 category,发布单位 publisher,城市 city,预算下限 budgetMin,预算上限 budgetMax,揭榜挂帅 openCall';
    const bad = await upload(Buffer.from(`${header}\n新需求,描述,新能源,雅安测试局,雅安,300,100,是\n`));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<td class="num">2<\/td><td><code>budgetMax<\/code><\/td>/);
    const good = await upload(Buffer.from(`${header}\n新需求,描述,新能源,雅安测试局,雅安,100,300,是\n`));
    expect(good.statusCode).toBe(303);
    const progress = await browser.get(good.headers.location as string);
    expect(progress.statusCode).toBe(200);
    expect(progress.body).toMatch(/data-state="(writing|done)"/);
  });

  it('keeps the libraries to organisers: 401 anonymous, 403 staff; a draft event’s lists are 404 to the public', async () => {
    const staff = await staffLogin(t, 'staff@test.duijie', [eventId]);
    const routes = [
      { method: 'GET' as const, url: '/api/achievements' },
      { method: 'POST' as const, url: '/api/demands' },
      { method: 'GET' as const, url: '/api/achievements/export' },
      { method: 'POST' as const, url: `/api/events/${eventId}/achievements` },
      { method: 'DELETE' as const, url: `/api/events/${eventId}/demands/1` },
    ];
    for (const route of routes) {
      expect((await t.app.inject(route)).statusCode).toBe(401);
      expect((await t.app.inject({ ...route, headers: staff })).statusCode).toBe(403);
    }
    const draft = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth,
      payload: {
        slug: 'draft-x',
        title: '草稿活动',
        startsAt: '2027-05-01T09:00:00+08:00',
        endsAt: '2027-05-01T17:00:00+08:00',
      },
    });
    const draftId = draft.json<{ id: number }>().id;
    expect((await t.app.inject({ method: 'GET', url: `/api/events/${draftId}/achievements` })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/events/${draftId}/achievements`, headers: auth })).statusCode,
    ).toBe(200);
  });
});
