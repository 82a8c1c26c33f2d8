import { localDay } from '../../src/common/time.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;

describe('first start with demo data', () => {
  let t: TestApp;
  const startedAt = new Date();

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('answers /health with ok after asking the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('publishes both demo events in the coming weeks, keeping their real days, times and lengths', async () => {
    const events = (await t.app.inject({ method: 'GET', url: '/api/events' })).json();
    expect(events.map((e: { slug: string }) => e.slug)).toEqual(['chengdu-metro-2024', 'suzhou-2023']);
    const [chengdu, suzhou] = events;
    const inDays = (iso: string) =>
      Math.round(
        (Date.parse(`${localDay(new Date(iso), 'Asia/Shanghai')}T00:00:00Z`) -
          Date.parse(`${localDay(startedAt, 'Asia/Shanghai')}T00:00:00Z`)) /
          DAY,
      );
    expect([inDays(chengdu.startsAt), inDays(suzhou.startsAt)]).toEqual([14, 28]);
    // Chengdu: one day, 09:00–17:30 Beijing time; Suzhou: two days 09:00 on the first to 17:30 on the second.
    const local = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(11, 16);
    expect([local(chengdu.startsAt), local(chengdu.endsAt)]).toEqual(['09:00', '17:30']);
    expect((Date.parse(suzhou.endsAt) - Date.parse(suzhou.startsAt)) / 3600_000).toBe(32.5);
  });

  it('loads the Chengdu agenda in the order of the article, with hosts and the five cities', async () => {
    const event = (await t.app.inject({ method: 'GET', url: '/api/events/1' })).json();
    expect(
      event.organisations.filter((o: { role: string }) => o.role === 'host').map((o: { name: string }) => o.name),
    ).toEqual(['四川省推进成德眉资同城化发展领导小组办公室', '先进技术成果西部转化中心']);
    const kinds = event.sessions
      .map((s: { kind: string }) => s.kind)
      .filter((k: string) => k !== 'break' && k !== 'opening_address');
    expect(kinds).toEqual([
      'signing_ceremony',
      'demand_release',
      'demand_release',
      'demand_release',
      'demand_release',
      'demand_release',
      'achievement_release',
      'lecture',
      'roadshow',
      'capability_promotion',
      'free_negotiation',
    ]);
    const cities = event.sessions
      .filter((s: { kind: string }) => s.kind === 'demand_release')
      .map((s: { title: string }) => s.title.slice(0, 2));
    expect(cities).toEqual(['成都', '德阳', '眉山', '资阳', '雅安']);
    expect(event.description).toContain('2024年10月23日');
  });

  it('loads the Suzhou fair with its sub-venues and four exhibition zones', async () => {
    const event = (await t.app.inject({ method: 'GET', url: '/api/events/2' })).json();
    expect(event.venues.filter((v: { kind: string }) => v.kind === 'sub')).toHaveLength(3);
    expect(event.zones).toHaveLength(4);
    const page = await t.app.inject({ method: 'GET', url: '/events/suzhou-2023' });
    expect(page.body).toContain('分会场');
    // The summit's two halves, each with its own chair, in the published programme.
    const agenda = (await t.app.inject({ method: 'GET', url: '/api/events/2/agenda' })).json();
    expect(agenda.version).toBe(1);
    const chairs = agenda.sessions.flatMap((s: { people: { role: string; name: string }[] }) =>
      s.people.filter((p) => p.role === 'chair').map((p) => p.name),
    );
    expect([...new Set(chairs)]).toEqual(['潘爱华', '李国平']);
  });

  it('does not load the demo twice', async () => {
    const { DemoLoader } = await import('../../src/demo/demo-loader.service.js');
    expect(await t.app.get(DemoLoader).loadIfEmpty()).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/events' })).json()).toHaveLength(2);
  });
});
