import { apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

/** The libraries' Chinese full-text search, through the public event list: the same results on SQLite and PostgreSQL. */
describe(`library search on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId: number;
  const ids: Record<string, number> = {};

  const achievement = (title: string, summary: string, extra: Record<string, unknown> = {}) => ({
    title,
    summary,
    category: 'equipment',
    maturity: 'pilot',
    transferModes: ['licence'],
    owner: '重庆武瓴智行科技有限公司',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    auth = await apiLogin(t.app);
    const event = await t.app.inject({ method: 'POST', url: '/api/events', headers: auth, payload: twoDayEvent() });
    eventId = event.json<{ id: number }>().id;
    await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
    const items = {
      damper: achievement('磁流变减震器', '用于商业航天地面设备的半主动振动控制。'),
      instrument: achievement('精密光学仪器', '高分辨率光学测量仪器，用于实验室检测。', { category: 'electronics' }),
      base: achievement('5G基站射频前端模组', '面向5G通信的射频前端，支持AI辅助调谐。', { category: 'electronics' }),
      sic: achievement('碳化硅功率器件封装', '高温碳化硅功率模块的封装与可靠性技术。', { category: 'materials' }),
      mention: achievement('车辆底盘智能控制系统', '底盘控制器，可接入各类减震器与悬架执行机构。'),
    };
    for (const [key, payload] of Object.entries(items)) {
      const res = await t.app.inject({ method: 'POST', url: '/api/achievements', headers: auth, payload });
      expect(res.statusCode).toBe(201);
      ids[key] = res.json<{ id: number }>().id;
    }
    const listed = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/achievements`,
      headers: auth,
      payload: { ids: Object.values(ids), listName: '测试成果清单' },
    });
    expect(listed.statusCode).toBe(200);
  });
  afterAll(() => t.close());

  async function search(q: string): Promise<number[]> {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/achievements?q=${encodeURIComponent(q)}`,
    });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: { id: number }[] }>().items.map((i) => i.id);
  }

  it('finds 磁流变减震器 by 减震器, the title match first', async () => {
    expect(await search('减震器')).toEqual([ids.damper, ids.mention]);
  });

  it('never matches on one shared character: 器 finds nothing, 仪器 does not find the damper', async () => {
    expect(await search('器')).toEqual([]);
    expect(await search('仪器')).toEqual([ids.instrument]);
  });

  it('finds mixed Chinese, English and number terms: 5G, AI, 碳化硅', async () => {
    expect(await search('5G')).toEqual([ids.base]);
    expect(await search('ai')).toEqual([ids.base]);
    expect(await search('碳化硅')).toEqual([ids.sic]);
  });

  it('requires every term of the query', async () => {
    expect(await search('磁流变 减震器')).toEqual([ids.damper]);
    expect(await search('减震器 碳化硅')).toEqual([]);
  });

  it('follows changes: an edited title is found by its new words only, a removed item not at all', async () => {
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/achievements/${ids.sic}`,
      headers: auth,
      payload: { title: '氮化镓功率器件封装', summary: '高温功率模块的封装与可靠性技术。' },
    });
    expect(patch.statusCode).toBe(200);
    expect(await search('碳化硅')).toEqual([]);
    expect(await search('氮化镓')).toEqual([ids.sic]);
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/achievements/${ids.sic}`, headers: auth });
    expect(removed.statusCode).toBe(204);
    expect(await search('氮化镓')).toEqual([]);
  });
});
