import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

const CENTRE = '先进技术成果西部转化中心';

interface Agreement {
  id: number;
  number: number;
  title: string;
  kind: string;
  status: string;
  parties: { organisation: { name: string }; side: string }[];
  facilitator: { name: string } | null;
  landing: { label: string } | null;
  signedAt: string | null;
}

/** The demo's signing ceremonies (data/demo/signings/), as a newcomer finds them after the first start. */
describe(`demo signing ceremonies on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let chengdu: number;
  let suzhou: number;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    const events = (await t.app.inject({ method: 'GET', url: '/api/events' })).json<{ id: number; slug: string }[]>();
    chengdu = events.find((e) => e.slug === 'chengdu-metro')!.id;
    suzhou = events.find((e) => e.slug === 'suzhou-2023')!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('holds the Chengdu ceremony: two strategic and four project agreements with the article’s parties, signed', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/events/${chengdu}/signings` });
    expect(res.statusCode).toBe(200);
    const [ceremony] = res.json().ceremonies;
    expect(ceremony).toMatchObject({ title: '多方签约仪式', host: { name: CENTRE } });
    const agreements: Agreement[] = ceremony.agreements;
    expect(
      agreements.map((a) => [a.number, a.kind, a.status, a.parties.map((p) => p.organisation.name).join(' × ')]),
    ).toEqual([
      [1, 'strategic', 'signed', `${CENTRE} × 四川省推进成德眉资同城化发展领导小组办公室`],
      [2, 'strategic', 'signed', `${CENTRE} × 清华四川能源互联网研究院`],
      [3, 'project', 'signed', '安徽磐石基业产业投资有限公司 × 德阳凯州新城管理委员会'],
      [4, 'project', 'signed', '四川哈威深无人系统科技有限公司 × 眉山东坡医疗健康投资有限公司'],
      // The article names one party; the counterparty is inferred from "落地资阳".
      [5, 'project', 'signed', '重庆武瓴智行科技有限公司 × 资阳市人民政府'],
      [6, 'project', 'signed', '四川恒麓电气科技有限公司 × 雅安城市建设投资开发有限公司'],
    ]);
    expect(agreements[0].title).toBe('先进技术成果西部转化中心 四川省推进成德眉资同城化发展领导小组办公室战略合作协议');
    // The centre facilitated the four projects; the 武瓴 damper project lands in 资阳.
    expect(agreements.map((a) => a.facilitator?.name ?? null)).toEqual([null, null, CENTRE, CENTRE, CENTRE, CENTRE]);
    expect(agreements.map((a) => a.landing?.label ?? null)).toEqual([null, null, null, null, '四川省资阳市', null]);
    expect(agreements[4].title).toContain('磁流变减震器');
    expect(res.json().totals.counted).toMatchObject({
      signed: 6,
      confirmed: 0,
      planned: 0,
      bySignedKind: { strategic: 2, project: 4 },
      strategicPartners: 2,
    });
    // Signed one after another in the run sheet's slots.
    const signedAt = agreements.map((a) => Date.parse(a.signedAt!));
    expect(signedAt).toEqual([...signedAt].sort((a, b) => a - b));
    expect(new Set(signedAt).size).toBe(6);
  });

  it('makes each Chengdu agreement a signed intent in the cooperation pipeline, linked both ways', async () => {
    const auth = await apiLogin(t.app);
    const [ceremony] = (
      await t.app.inject({ method: 'GET', url: `/api/events/${chengdu}/signings/ceremonies`, headers: auth })
    ).json().ceremonies;
    const agreements: (Agreement & { intentId: number | null })[] = ceremony.agreements;
    expect(agreements.every((a) => typeof a.intentId === 'number')).toBe(true);
    for (const agreement of agreements) {
      const intent = (
        await t.app.inject({ method: 'GET', url: `/api/intents/${agreement.intentId}`, headers: auth })
      ).json();
      expect(intent).toMatchObject({
        stage: 'signed',
        eventId: chengdu,
        agreementId: agreement.id,
        source: { kind: 'agreement', id: agreement.id },
        title: agreement.title,
      });
      expect(intent.parties.map((p: { organisation: string }) => p.organisation)).toEqual(
        agreement.parties.map((p) => p.organisation.name),
      );
    }
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/intents/${agreements[4].intentId}`, headers: auth })).json(),
    ).toMatchObject({ city: '四川省资阳市' });
    // The public list names no intent.
    const open = (await t.app.inject({ method: 'GET', url: `/api/events/${chengdu}/signings` })).json();
    expect(open.ceremonies[0].agreements.map((a: { intentId: unknown }) => a.intentId)).toEqual(Array(6).fill(null));
  });

  it('keeps only a short description in the signing and roadshow sessions’ prose', async () => {
    const event = (await t.app.inject({ method: 'GET', url: `/api/events/${chengdu}` })).json();
    const session = event.sessions.find((s: { kind: string }) => s.kind === 'signing_ceremony');
    expect(session.description).not.toContain('安徽磐石');
    expect(session.description).toContain('战略合作协议');
    // The roadshow's projects are structured too: its prose is a short description as well.
    const roadshow = event.sessions.find((s: { kind: string }) => s.kind === 'roadshow');
    expect(roadshow.description).not.toContain('汽车磁流变智能油气悬架');
  });

  it('records the Suzhou summit’s signings as summary totals and two illustrative Huqiu agreements to sign', async () => {
    const body = (await t.app.inject({ method: 'GET', url: `/api/events/${suzhou}/signings` })).json();
    expect(
      body.ceremonies.map((c: { title: string; agreements: unknown[] }) => [c.title, c.agreements.length]),
    ).toEqual([
      ['转化项目及战略合作签约仪式', 0],
      ['虎丘区太湖光子中心重点项目集中签约活动', 2],
    ]);
    const huqiu: Agreement[] = body.ceremonies[1].agreements;
    expect(huqiu.map((a) => [a.kind, a.status, a.landing?.label])).toEqual([
      ['project', 'confirmed', '江苏省苏州市虎丘区'],
      ['project', 'confirmed', '江苏省苏州市虎丘区'],
    ]);
    // Clearly illustrative: the article gives no details of this sub-venue's signing.
    expect(huqiu.every((a) => a.title.startsWith('（示例）'))).toBe(true);
    expect(body.ceremonies[0].summary).toMatchObject({ byKind: { project: 45, strategic: 6 }, strategicPartners: 6 });
    expect(body.totals.summary).toMatchObject({
      ceremonies: 1,
      agreements: 51,
      byKind: { project: 45, strategic: 6 },
      strategicPartners: 6,
    });
    expect(body.totals.counted).toMatchObject({ signed: 0, confirmed: 2, strategicPartners: 0 });
  });

  it('lets a newcomer mark a demo agreement signed and see the totals change', async () => {
    const auth = await apiLogin(t.app);
    const huqiu = (await t.app.inject({ method: 'GET', url: `/api/events/${suzhou}/signings` })).json().ceremonies[1];
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/events/${suzhou}/signings/agreements/${huqiu.agreements[0].id}/status`,
      headers: auth,
      payload: { status: 'signed' },
    });
    expect(res.statusCode).toBe(200);
    const { totals } = (await t.app.inject({ method: 'GET', url: `/api/events/${suzhou}/signings` })).json();
    expect(totals.counted).toMatchObject({ signed: 1, confirmed: 1, bySignedKind: { project: 1 } });
    // The summary totals stay apart.
    expect(totals.summary).toMatchObject({ agreements: 51 });
  });
});
