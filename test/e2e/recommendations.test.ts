import { staffLogin } from '../support/check-in.js';
import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

type Recommendation = {
  item: { id: number; title: string; category: { code: string; name: string } };
  score: number;
  pinned: boolean;
  reasons: { sharedTerms: string[]; sameCategory: string | null };
  reasonText: { 'zh-CN': string; en: string };
};

describe(`recommendations between the lists on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId: number;
  let damperId: number;
  let demandId: number;

  const recommendations = async (kind: 'achievements' | 'demands', id: number, event = eventId) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/events/${event}/${kind}/${id}/recommendations` });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: Recommendation[] }>().items;
  };
  const override = (method: 'PUT' | 'DELETE', payload: Record<string, unknown>, headers = auth) =>
    t.app.inject({ method, url: `/api/events/${eventId}/recommendations`, headers, payload });

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    auth = await apiLogin(t.app);
    const events = (await t.app.inject({ method: 'GET', url: '/api/events', headers: auth })).json<
      { id: number; slug: string }[]
    >();
    eventId = events.find((e) => e.slug === 'chengdu-metro')!.id;
    const found = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/achievements?q=${encodeURIComponent('磁流变减震器')}`,
    });
    damperId = found.json<{ items: { id: number; title: string }[] }>().items[0].id;
  });
  afterAll(() => t.close());

  it('recommends the damper for a demand about 减震器, saying why, and sees a newly listed demand', async () => {
    // Built once before the new demand exists: the next answer must come from a rebuilt index.
    const before = await recommendations('achievements', damperId);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/demands',
      headers: auth,
      payload: {
        title: '车辆悬架磁流变减震器技术需求',
        description: '寻求磁流变减震器及其控制技术，用于重载车辆悬架减振，可联合开发或技术转让。',
        category: 'equipment',
        publisher: '德阳测试重型机械有限公司',
        city: '德阳',
      },
    });
    expect(created.statusCode).toBe(201);
    demandId = created.json<{ id: number }>().id;
    expect(before.map((r) => r.item.id)).not.toContain(demandId);
    const listed = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/demands/${demandId}`,
      headers: auth,
      payload: {},
    });
    expect(listed.statusCode).toBe(200);

    const forDemand = await recommendations('demands', demandId);
    expect(forDemand.length).toBeGreaterThan(0);
    expect(forDemand.length).toBeLessThanOrEqual(5);
    const damper = forDemand.find((r) => r.item.id === damperId);
    expect(damper).toBeDefined();
    expect(damper!.item.title).toBe('商业航天用磁流变减震器');
    expect(damper!.reasons.sharedTerms.some((term) => term === '减震器' || term === '磁流变')).toBe(true);
    expect(damper!.reasonText['zh-CN']).toMatch(/^共同关键词：.*(磁流变|减震器)/);
    expect(damper!.reasonText.en).toMatch(/^Shared keywords: /);
    // Best first.
    const scores = forDemand.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    // The other way round: the new demand is now among the damper's recommended demands.
    const forDamper = await recommendations('achievements', damperId);
    expect(forDamper.map((r) => r.item.id)).toContain(demandId);
  });

  it('puts a pinned item first and never shows a hidden one; taking the word back restores them', async () => {
    const initial = await recommendations('demands', demandId);
    const shown = new Set(initial.map((r) => r.item.id));
    const all = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/achievements?category=biomedicine&pageSize=50` })
    ).json<{ items: { id: number }[] }>().items;
    const outsider = all.find((a) => !shown.has(a.id))!.id;

    const pair = (to: number) => ({ from: { kind: 'demand', id: demandId }, to: { kind: 'achievement', id: to } });
    expect((await override('PUT', { ...pair(outsider), action: 'pin' })).statusCode).toBe(204);
    const pinned = await recommendations('demands', demandId);
    expect(pinned[0]).toMatchObject({ item: { id: outsider }, pinned: true });
    expect(pinned.length).toBeLessThanOrEqual(5);
    expect(pinned.slice(1).every((r) => !r.pinned)).toBe(true);

    expect((await override('PUT', { ...pair(damperId), action: 'hide' })).statusCode).toBe(204);
    const hidden = await recommendations('demands', demandId);
    expect(hidden.map((r) => r.item.id)).not.toContain(damperId);
    expect(hidden[0].item.id).toBe(outsider);

    expect((await override('DELETE', pair(damperId))).statusCode).toBe(204);
    expect((await override('DELETE', pair(outsider))).statusCode).toBe(204);
    expect((await override('DELETE', pair(outsider))).statusCode).toBe(404);
    const restored = await recommendations('demands', demandId);
    expect(restored.map((r) => r.item.id)).toEqual(initial.map((r) => r.item.id));
  });

  it('keeps pin and hide to organisers and checks the pair', async () => {
    const payload = {
      from: { kind: 'demand', id: demandId },
      to: { kind: 'achievement', id: damperId },
      action: 'hide',
    };
    expect(
      (await t.app.inject({ method: 'PUT', url: `/api/events/${eventId}/recommendations`, payload })).statusCode,
    ).toBe(401);
    const staff = await staffLogin(t, 'staff@test.duijie', [eventId]);
    expect((await override('PUT', payload, staff)).statusCode).toBe(403);

    const sameKind = await override('PUT', { ...payload, to: { kind: 'demand', id: demandId } });
    expect(sameKind.statusCode).toBe(400);
    expect(sameKind.body).toContain('to.kind');
    const badAction = await override('PUT', { ...payload, action: 'boost' });
    expect(badAction.statusCode).toBe(400);
    expect(badAction.body).toContain('action');
    const notListed = await override('PUT', { ...payload, to: { kind: 'achievement', id: 999999 } });
    expect(notListed.statusCode).toBe(404);
    // Nothing was hidden by the refused requests.
    expect((await recommendations('demands', demandId)).map((r) => r.item.id)).toContain(damperId);
  });

  it('answers 404 for a draft event and for an item the event does not list', async () => {
    const draft = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth,
      payload: {
        slug: 'draft-rec',
        title: '草稿活动',
        startsAt: '2027-05-01T09:00:00+08:00',
        endsAt: '2027-05-01T17:00:00+08:00',
      },
    });
    const draftId = draft.json<{ id: number }>().id;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/events/${draftId}/demands/${demandId}/recommendations`,
    });
    expect(res.statusCode).toBe(404);
    const unlisted = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/achievements/${demandId + 100000}/recommendations`,
    });
    expect(unlisted.statusCode).toBe(404);
  });

  it('shows “推荐匹配 / Recommended matches” with the reasons on the detail pages, linking to the items', async () => {
    const zh = await t.app.inject({ method: 'GET', url: `/events/chengdu-metro/demands/${demandId}` });
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain('推荐匹配');
    expect(zh.body).toContain(`href="/events/chengdu-metro/achievements/${damperId}"`);
    expect(zh.body).toMatch(/共同关键词：[^<]*(磁流变|减震器)/);
    const en = await t.app.inject({ method: 'GET', url: `/events/chengdu-metro/achievements/${damperId}?lang=en` });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Recommended matches');
    expect(en.body).toContain(`href="/events/chengdu-metro/demands/${demandId}"`);
    expect(en.body).toContain('Shared keywords: ');
  });
});
