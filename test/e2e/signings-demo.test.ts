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

  it('holds the Chengdu ceremony: two strategic and four project agreements with the article’s parties', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/events/${chengdu}/signings` });
    expect(res.statusCode).toBe(200);
    const [ceremony] = res.json().ceremonies;
    expect(ceremony).toMatchObject({ title: '多方签约仪式', host: { name: CENTRE } });
    const agreements: Agreement[] = ceremony.agreements;
    expect(
      agreements.map((a) => [a.number, a.kind, a.status, a.parties.map((p) => p.organisation.name).join(' × ')]),
    ).toEqual([
      [1, 'strategic', 'confirmed', `${CENTRE} × 四川省推进成德眉资同城化发展领导小组办公室`],
      [2, 'strategic', 'confirmed', `${CENTRE} × 清华四川能源互联网研究院`],
      [3, 'project', 'confirmed', '安徽磐石基业产业投资有限公司 × 德阳凯州新城管理委员会'],
      [4, 'project', 'confirmed', '四川哈威深无人系统科技有限公司 × 眉山东坡医疗健康投资有限公司'],
      [5, 'project', 'planned', '重庆武瓴智行科技有限公司'],
      [6, 'project', 'confirmed', '四川恒麓电气科技有限公司 × 雅安城市建设投资开发有限公司'],
    ]);
    expect(agreements[0].title).toBe('先进技术成果西部转化中心 四川省推进成德眉资同城化发展领导小组办公室战略合作协议');
    // The centre facilitated the four projects; the 武瓴 damper project lands in 资阳.
    expect(agreements.map((a) => a.facilitator?.name ?? null)).toEqual([null, null, CENTRE, CENTRE, CENTRE, CENTRE]);
    expect(agreements.map((a) => a.landing?.label ?? null)).toEqual([null, null, null, null, '四川省资阳市', null]);
    expect(agreements[4].title).toContain('磁流变减震器');
    expect(res.json().totals.counted).toMatchObject({ signed: 0, confirmed: 5, planned: 1 });
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

  it('records the Suzhou summit’s signings as summary totals and sets up the Huqiu sub-venue signing', async () => {
    const body = (await t.app.inject({ method: 'GET', url: `/api/events/${suzhou}/signings` })).json();
    expect(
      body.ceremonies.map((c: { title: string; agreements: unknown[] }) => [c.title, c.agreements.length]),
    ).toEqual([
      ['转化项目及战略合作签约仪式', 0],
      ['虎丘区太湖光子中心重点项目集中签约活动', 0],
    ]);
    expect(body.ceremonies[0].summary).toMatchObject({ byKind: { project: 45, strategic: 6 }, strategicPartners: 6 });
    expect(body.totals.summary).toMatchObject({
      ceremonies: 1,
      agreements: 51,
      byKind: { project: 45, strategic: 6 },
      strategicPartners: 6,
    });
    expect(body.totals.counted).toMatchObject({ signed: 0, strategicPartners: 0 });
  });

  it('lets a newcomer mark a demo agreement signed and see the totals change', async () => {
    const auth = await apiLogin(t.app);
    const [ceremony] = (await t.app.inject({ method: 'GET', url: `/api/events/${chengdu}/signings` })).json()
      .ceremonies;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/events/${chengdu}/signings/agreements/${ceremony.agreements[0].id}/status`,
      headers: auth,
      payload: { status: 'signed' },
    });
    expect(res.statusCode).toBe(200);
    const { totals } = (await t.app.inject({ method: 'GET', url: `/api/events/${chengdu}/signings` })).json();
    expect(totals.counted).toMatchObject({ signed: 1, strategicPartners: 1, bySignedKind: { strategic: 1 } });
  });
});
