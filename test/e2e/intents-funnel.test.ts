import { IntentFunnel } from '../../src/intents/intent-funnel.service.js';
import { IntentsService, type Actor, type IntentInput } from '../../src/intents/intents.service.js';
import { anEvent } from '../support/factories.js';
import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
const T0 = new Date('2031-03-01T02:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const NOW = new Date('2031-04-01T04:00:00Z');
const ADMIN_ACTOR: Actor = { key: 'user:1', name: 'Admin', userId: 1 };

/**
 * A known dataset, checked figure by figure. Event A (series S): five intents — i1 intent → negotiating (+2 d) →
 * signed (+10 d) → landed (+40 d); i2 → negotiating (+4 d) → dropped (+20 d); i3 → signed directly (+6 d); i4 stays,
 * follow-up overdue; i5 → negotiating (+1 d) → signed (+3 d, a mistake) → corrected back to negotiating (+5 d).
 * Event B (series S): i6 created signed (+1 d, as from a ceremony) → landed (+31 d). Event C (no series): i7. No
 * event: i8.
 */
describe(`the funnel on a known dataset (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let funnel: IntentFunnel;
  let auth: { authorization: string };
  const ids = { a: 0, b: 0, c: 0, series: 0, office: 0 };

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    auth = await apiLogin(t.app);
    const series = await t.app.inject({
      method: 'POST',
      url: '/api/series',
      headers: auth,
      payload: { slug: 'funnel-series', name: '互通互信 共建共享' },
    });
    ids.series = series.json<{ id: number }>().id;
    ids.a = (await anEvent(t, { seriesId: ids.series, edition: 1 })).id;
    ids.b = (await anEvent(t, { seriesId: ids.series, edition: 2 })).id;
    ids.c = (await anEvent(t)).id;
    const intents = t.app.get(IntentsService);
    funnel = t.app.get(IntentFunnel);
    const office = { organisation: '德阳市委融办', contactName: '王敏', contactEmail: 'wangmin@deyang.example.cn' };
    const base = (title: string, more: Partial<IntentInput>): IntentInput => ({
      title,
      kind: 'other',
      parties: [{ organisation: `${title} 甲方` }, { organisation: `${title} 乙方` }],
      source: { kind: 'api', id: null },
      ...more,
    });
    const make = (title: string, more: Partial<IntentInput>, when = at(0)) =>
      intents.create(base(title, more), ADMIN_ACTOR, when);
    const move = (id: number, stage: string, days: number, more: Record<string, unknown> = {}) =>
      intents.changeStage(id, { stage, ...more } as never, ADMIN_ACTOR, at(days));

    const i1 = await make('i1', {
      eventId: ids.a,
      valueWan: 100,
      category: 'new_energy',
      city: '德阳',
      kind: 'licence',
      owner: { userId: 1 },
    });
    await move(i1.id, 'negotiating', 2);
    await move(i1.id, 'signed', 10);
    await move(i1.id, 'landed', 40, { landedPlace: '德阳', landedOn: '2031-04-10' });
    const i2 = await make('i2', {
      eventId: ids.a,
      valueWan: 50,
      category: 'new_energy',
      city: '雅安',
      kind: 'order',
      owner: office,
    });
    await move(i2.id, 'negotiating', 4);
    await move(i2.id, 'dropped', 20, { droppedReason: 'no_budget' });
    const i3 = await make('i3', {
      eventId: ids.a,
      valueWan: 200,
      category: 'equipment',
      city: '德阳',
      kind: 'investment',
      owner: office,
    });
    await move(i3.id, 'signed', 6);
    await make('i4', { eventId: ids.a, nextFollowUpOn: '2031-03-05' });
    const i5 = await make('i5', {
      eventId: ids.a,
      valueWan: 80,
      category: 'equipment',
      city: '雅安',
      kind: 'licence',
      owner: { userId: 1 },
      nextFollowUpOn: '2031-04-10',
    });
    await move(i5.id, 'negotiating', 1);
    await move(i5.id, 'signed', 3);
    await move(i5.id, 'negotiating', 5, { correction: true, note: '尚未签约，误操作' });
    const i6 = await make(
      'i6',
      {
        eventId: ids.b,
        valueWan: 500,
        category: 'new_energy',
        city: '眉山',
        kind: 'technology_transfer',
        owner: office,
        stage: 'signed',
      },
      at(1),
    );
    await move(i6.id, 'landed', 31, { landedPlace: '眉山', landedOn: '2031-04-01' });
    const i7 = await make('i7', { eventId: ids.c, valueWan: 10 });
    await move(i7.id, 'negotiating', 2);
    await make('i8', {});
    ids.office = (await t.app.get(IntentsService).get(i2.id)).intent.ownerOrganisationId!;
  });
  afterAll(async () => t?.close());

  const stages = (intent: number, negotiating: number, signed: number, landed: number, dropped: number) => ({
    intent,
    negotiating,
    signed,
    landed,
    dropped,
  });

  it('counts event A per stage, reached and current, with conversions, medians, values and overdue follow-ups', async () => {
    const report = await funnel.forEvents([ids.a], { now: NOW });
    expect(report.scope).toEqual({ eventIds: [ids.a], seriesId: null });
    expect(report.today).toBe('2031-04-01');
    expect(report.total).toBe(5);
    expect(report.reachedCounts).toEqual(stages(5, 4, 2, 1, 1));
    expect(report.currentCounts).toEqual(stages(1, 1, 1, 1, 1));
    expect(report.valueWan).toEqual({ estimated: 430, signed: 300, landed: 100 });
    expect(report.overdueFollowUps).toBe(1);
    expect(report.conversionRates).toEqual({
      intentToNegotiating: 0.8,
      negotiatingToSigned: 0.5,
      signedToLanded: 0.5,
      intentToSigned: 0.4,
      intentToLanded: 0.2,
    });
    expect(report.medianDays).toEqual({
      intentToNegotiating: 2,
      negotiatingToSigned: 8,
      signedToLanded: 30,
      intentToSigned: 8,
      intentToLanded: 40,
    });
    expect(report.medianSamples).toEqual({
      intentToNegotiating: 3,
      negotiatingToSigned: 1,
      signedToLanded: 1,
      intentToSigned: 2,
      intentToLanded: 1,
    });
  });

  it('breaks event A down by category, city, kind and owner', async () => {
    const { breakdowns } = await funnel.forEvents([ids.a], { now: NOW });
    const pick = (groups: typeof breakdowns.category) =>
      groups.map((g) => ({
        key: g.key,
        label: g.label,
        total: g.total,
        reached: g.reachedCounts,
        current: g.currentCounts,
        value: g.valueWan,
        overdue: g.overdueFollowUps,
      }));
    expect(pick(breakdowns.category)).toEqual([
      {
        key: 'equipment',
        label: '装备制造',
        total: 2,
        reached: stages(2, 2, 1, 0, 0),
        current: stages(0, 1, 1, 0, 0),
        value: { estimated: 280, signed: 200, landed: 0 },
        overdue: 0,
      },
      {
        key: 'new_energy',
        label: '新能源',
        total: 2,
        reached: stages(2, 2, 1, 1, 1),
        current: stages(0, 0, 0, 1, 1),
        value: { estimated: 150, signed: 100, landed: 100 },
        overdue: 0,
      },
      {
        key: '',
        label: null,
        total: 1,
        reached: stages(1, 0, 0, 0, 0),
        current: stages(1, 0, 0, 0, 0),
        value: { estimated: 0, signed: 0, landed: 0 },
        overdue: 1,
      },
    ]);
    expect(breakdowns.city.map((g) => [g.key, g.total, g.reachedCounts.signed, g.valueWan.signed])).toEqual([
      ['德阳', 2, 2, 300],
      ['雅安', 2, 0, 0],
      ['', 1, 0, 0],
    ]);
    expect(breakdowns.kind.map((g) => [g.key, g.total, g.currentCounts])).toEqual([
      ['licence', 2, stages(0, 1, 0, 1, 0)],
      ['investment', 1, stages(0, 0, 1, 0, 0)],
      ['order', 1, stages(0, 0, 0, 0, 1)],
      ['other', 1, stages(1, 0, 0, 0, 0)],
    ]);
    expect(
      breakdowns.owner.map((g) => [g.key, g.label, g.total, g.reachedCounts.signed, g.valueWan.estimated]),
    ).toEqual([
      [`organisation:${ids.office}`, '德阳市委融办', 2, 1, 250],
      ['user:1', expect.any(String), 2, 1, 180],
      ['', null, 1, 0, 0],
    ]);
    expect(breakdowns.event.map((g) => [g.key, g.total])).toEqual([[String(ids.a), 5]]);
  });

  it('adds the editions of a series, leaving out other events and intents between events', async () => {
    const report = await funnel.forSeries(ids.series, { now: NOW });
    expect(report.scope).toEqual({ eventIds: null, seriesId: ids.series });
    expect(report.total).toBe(6);
    expect(report.reachedCounts).toEqual(stages(6, 5, 3, 2, 1));
    expect(report.currentCounts).toEqual(stages(1, 1, 1, 2, 1));
    expect(report.valueWan).toEqual({ estimated: 930, signed: 800, landed: 600 });
    expect(report.medianDays.signedToLanded).toBe(30);
    expect(report.medianSamples.signedToLanded).toBe(2);
    expect(report.medianDays.intentToSigned).toBe(8);
    expect(report.conversionRates.signedToLanded).toBe(0.6667);
    expect(report.breakdowns.event.map((g) => [g.key, g.total, g.reachedCounts.landed])).toEqual([
      [String(ids.a), 5, 1],
      [String(ids.b), 1, 1],
    ]);
    expect(report.breakdowns.city.find((g) => g.key === '眉山')?.valueWan).toEqual({
      estimated: 500,
      signed: 500,
      landed: 500,
    });
  });

  it('answers each event on its own for many events at once (the reports), as for that event alone', async () => {
    const missing = ids.c + 1000;
    const each = await funnel.forEachEvent([ids.a, ids.b, ids.c, missing], { now: NOW });
    expect([...each.keys()]).toEqual([ids.a, ids.b, ids.c, missing]);
    for (const id of [ids.a, ids.b, ids.c, missing]) {
      const alone = await funnel.forEvents([id], { now: NOW });
      expect([id, each.get(id)]).toEqual([id, alone]);
    }
    expect(each.get(missing)).toMatchObject({ total: 0, medianDays: { intentToLanded: null } });
    expect(await funnel.forEachEvent([])).toEqual(new Map());
  });

  it('answers zeros and nulls for an event without intents', async () => {
    const report = await funnel.forEvents([ids.c + 1000], { now: NOW });
    expect(report.total).toBe(0);
    expect(report.reachedCounts).toEqual(stages(0, 0, 0, 0, 0));
    expect(report.conversionRates.intentToNegotiating).toBeNull();
    expect(report.medianDays.intentToLanded).toBeNull();
    expect(report.breakdowns.category).toEqual([]);
  });

  it('serves the same figures at /api/intents/funnel, to organisers only', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/intents/funnel?seriesId=${ids.series}`, headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ total: number; reachedCounts: object; currentCounts: object }>();
    expect([body.total, body.reachedCounts]).toEqual([6, stages(6, 5, 3, 2, 1)]);
    expect(Object.keys(body.currentCounts)).toEqual(['intent', 'negotiating', 'signed', 'landed', 'dropped']);
    expect((await t.app.inject({ method: 'GET', url: `/api/intents/funnel?seriesId=${ids.series}` })).statusCode).toBe(
      401,
    );
    const missing = await t.app.inject({ method: 'GET', url: '/api/intents/funnel', headers: auth });
    expect([missing.statusCode, missing.json<{ fields: object[] }>().fields]).toEqual([
      400,
      [{ field: 'eventId', reason: 'give eventId or seriesId' }],
    ]);
  });

  it('leaves a corrected entry out: i5 reached negotiating only, and its history keeps all four entries', async () => {
    const list = await t.app.inject({ method: 'GET', url: `/api/intents?eventId=${ids.a}&q=i5`, headers: auth });
    const [i5] = list.json<{ items: { id: number }[] }>().items;
    const res = await t.app.inject({ method: 'GET', url: `/api/intents/${i5.id}`, headers: auth });
    const body = res.json<{
      stage: string;
      reached: { rank: number; negotiatingAt: string; signedAt: string | null };
      history: { id: number; from: string | null; to: string; correctsId: number | null }[];
    }>();
    expect(body.stage).toBe('negotiating');
    expect(body.reached).toMatchObject({ rank: 1, negotiatingAt: at(1).toISOString(), signedAt: null });
    const [created, negotiating, signed, correction] = body.history;
    expect(body.history.map((h) => [h.from, h.to])).toEqual([
      [null, 'intent'],
      ['intent', 'negotiating'],
      ['negotiating', 'signed'],
      ['signed', 'negotiating'],
    ]);
    expect([created.correctsId, negotiating.correctsId, signed.correctsId, correction.correctsId]).toEqual([
      null,
      null,
      null,
      signed.id,
    ]);
  });
});
