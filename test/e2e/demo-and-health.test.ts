import { localDay } from '../../src/common/time.js';
import { Browser } from '../support/browser.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;

async function mailTo(sink: SmtpSink, address: string, timeoutMs = 20_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = sink.to(address)[0];
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** How many times the QR image is in a message: image parts, and references to it in the HTML. */
function qrImages(mail: ReceivedMail) {
  return {
    parts: mail.raw.match(/^Content-Type: image\/png/gim)?.length ?? 0,
    references: mail.parsed.html?.match(/src="cid:/g)?.length ?? 0,
  };
}

describe('first start with demo data', () => {
  let t: TestApp;
  let sink: SmtpSink;
  const startedAt = new Date();

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({ demo: true, env: { SMTP_URL: sink.url, MAIL_POLL_MS: '50' } });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('answers /health with ok after asking the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('describes every API route in one OpenAPI document, each operation with its own id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { operationId: string }>>;
    const ids = Object.values(paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/achievements/{id}/attachments',
        '/api/demands/{id}/attachments',
        '/api/events/{eventId}/signings',
        '/api/events/{eventId}/roadshows',
        '/api/intents',
        '/api/events/{eventId}/report',
      ]),
    );
  });

  it('publishes both demo events in the coming weeks, keeping their real days, times and lengths', async () => {
    const events = (await t.app.inject({ method: 'GET', url: '/api/events' })).json();
    expect(events.map((e: { slug: string }) => e.slug)).toEqual(['chengdu-metro', 'suzhou-2023']);
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
    // The article gives the day but no year: the demo asserts none, and says it was held, not postponed.
    expect(event.description).toContain('举办于10月23日');
    expect(`${event.description} ${event.descriptionEn} ${event.slug}`).not.toMatch(/2024|原定于|originally/);
    expect([event.shortTitle, event.shortTitleEn]).toEqual([
      '成都都市圈成果转化推介活动',
      'Chengdu Metro Tech Transfer Showcase',
    ]);
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

  it('puts Cao Lubao under the Suzhou Party committee and gives people English titles for English pages', async () => {
    const event = (await t.app.inject({ method: 'GET', url: '/api/events/2' })).json();
    expect(event.description).toContain('举办于2023年3月24日至25日');
    expect(event.descriptionEn).toContain('held on 24–25 March 2023');
    const agenda = (await t.app.inject({ method: 'GET', url: '/api/events/2/agenda' })).json();
    const opening = agenda.sessions.find((s: { kind: string }) => s.kind === 'opening_address');
    const people = opening.people.map((p: { name: string; organisation: string; titleEn: string }) => [
      p.name,
      p.organisation,
      p.titleEn,
    ]);
    expect(people).toEqual([
      ['潘爱华', '国家国防科技工业局', 'Deputy Administrator'],
      ['张克俭', '国家国防科技工业局', 'Administrator'],
      ['许昆林', '江苏省人民政府', 'Governor of Jiangsu Province'],
      ['曹路宝', '中共苏州市委员会', 'Party Secretary of Suzhou'],
    ]);
    const page = await t.app.inject({ method: 'GET', url: `/events/suzhou-2023/sessions/${opening.id}?lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Deputy Administrator');
    expect(page.body).toContain('Party Secretary of Suzhou');
    expect(page.body).not.toMatch(/副局长|省长|市委书记/);
    for (const url of [`/events/suzhou-2023/sessions/${opening.id}?lang=en`, '/events/suzhou-2023?lang=en']) {
      const body = (await t.app.inject({ method: 'GET', url })).body;
      expect(body.match(/[：，]/g) ?? []).toEqual([]);
    }
  });

  it('keeps the transformation centres’ facts in their organisation profiles', async () => {
    const auth = await apiLogin(t.app);
    const [yrd] = (
      await t.app.inject({ method: 'GET', url: '/api/organisations?q=长三角转化中心', headers: auth })
    ).json();
    expect(yrd.description).toContain('2021年7月在苏州揭牌');
    expect(yrd.description).toContain('首个区域中心');
    expect(yrd.description).toContain('成果库、需求库、项目库');
    expect(yrd.description).toContain('100多个项目落地');
    expect(yrd.descriptionEn).toContain('July 2021');
    const [west] = (
      await t.app.inject({ method: 'GET', url: '/api/organisations?q=西部转化中心', headers: auth })
    ).json();
    expect(west.description).toContain('国家国防科工局授牌');
    expect([west.shortNameEn, west.regionEn]).toEqual(['Western Transformation Centre', 'Chengdu, Sichuan']);
  });

  it('opens registration on both demo events: categories with seats, questions, consent, closing before the start', async () => {
    const events = (await t.app.inject({ method: 'GET', url: '/api/events' })).json();
    for (const [i, event] of events.entries()) {
      const form = (await t.app.inject({ method: 'GET', url: `/api/events/${event.id}/registration-form` })).json();
      expect([form.open, form.reason, form.categoryRequired]).toEqual([true, null, true]);
      // The guests of honour are invited only: not on the public form.
      expect(form.categories.map((c: { code: string }) => c.code)).toEqual([
        'university',
        'enterprise',
        'investor',
        'government',
        'media',
      ]);
      expect(form.categories.map((c: { name: string }) => c.name)).toEqual([
        '高校院所',
        '企业代表',
        '投资机构',
        '政府部门',
        '新闻媒体',
      ]);
      expect(form.categories.filter((c: { approval: string }) => c.approval === 'review')).toHaveLength(2);
      expect(form.capacity).toBe([300, 800][i]);
      expect(form.questions.map((q: { code: string; kind: string }) => [q.code, q.kind])).toEqual([
        ['domains', 'multiple'],
        ['free_negotiation', 'single'],
      ]);
      expect(form.questions[0].options.map((o: { label: string }) => o.label)).toEqual([
        '电子信息',
        '先进材料',
        '新能源',
        '装备制造',
        '生物医学',
        '航空航天',
      ]);
      expect(form.consentText).toContain('个人信息');
      expect(Date.parse(form.opensAt)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(form.closesAt)).toBeLessThan(Date.parse(event.startsAt));
    }
  });

  it('accepts a registration on the Chengdu page at once and mails a short Chinese confirmation with one QR image', async () => {
    const b = new Browser(t.app);
    const event = await b.get('/events/chengdu-metro');
    expect(event.body).toContain('href="/events/chengdu-metro/register"');
    const form = await b.get('/events/chengdu-metro/register');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('企业代表');
    expect(form.body).toContain('是否参加自由洽谈');
    const res = await b.post('/events/chengdu-metro/register', {
      category: 'enterprise',
      name: '李娜',
      email: 'li.na@example.cn',
      organisation: '四川恒麓电气科技有限公司',
      title: '总经理',
      locale: 'zh-CN',
      'q.domains': ['new_energy', 'equipment'],
      'q.free_negotiation': 'yes',
      consent: 'yes',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/me\/\d+\./);

    const mail = await mailTo(sink, 'li.na@example.cn');
    expect(mail.parsed.subject).toBe('报名成功：成都都市圈成果转化推介活动');
    expect(mail.parsed.subject!.length).toBeLessThan(80);
    // Chinese first, English below, in the text and the HTML.
    for (const body of [mail.parsed.text!, mail.parsed.html!]) {
      expect(body.indexOf('您的报名已确认')).toBeGreaterThan(-1);
      expect(body.indexOf('您的报名已确认')).toBeLessThan(body.indexOf('Your registration is confirmed'));
    }
    expect(qrImages(mail)).toEqual({ parts: 1, references: 1 });
  });

  it('accepts a registration through the API at once and mails English first to a reader who chose English', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/events/2/registrations',
      payload: {
        category: 'investor',
        name: 'Anna Weber',
        email: 'anna.weber@example.de',
        organisation: 'Rhein Ventures GmbH',
        locale: 'en',
        answers: { domains: ['aerospace'] },
        consent: true,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('confirmed');

    const mail = await mailTo(sink, 'anna.weber@example.de');
    expect(mail.parsed.subject).toBe('Registration confirmed: 2023 Advanced Tech Trading Fair');
    expect(mail.parsed.subject!.length).toBeLessThan(80);
    const text = mail.parsed.text!;
    expect(text.indexOf('Your registration is confirmed')).toBeLessThan(text.indexOf('您的报名已确认'));
    expect(mail.parsed.html!.indexOf('Your registration is confirmed')).toBeLessThan(
      mail.parsed.html!.indexOf('您的报名已确认'),
    );
    expect(qrImages(mail)).toEqual({ parts: 1, references: 1 });
  });

  it('loads the intents of the Chengdu free negotiation, owned by the five cities, and an earlier edition to compare', async () => {
    const auth = await apiLogin(t.app);
    const get = async <T>(url: string) => (await t.app.inject({ method: 'GET', url, headers: auth })).json<T>();
    const chengdu = await get<{ seriesId: number }>('/api/events/1');
    const closed =
      await get<{ id: number; slug: string; startsAt: string; status: string }[]>('/api/events?status=closed');
    expect(closed.map((e) => e.slug)).toEqual(['hutong-huxin-18']);
    const past = await get<{ seriesId: number; edition: number; status: string; startsAt: string }>(
      `/api/events/${closed[0].id}`,
    );
    expect(past).toMatchObject({ seriesId: chengdu.seriesId, edition: 18, status: 'closed' });
    expect(Date.parse(past.startsAt)).toBeLessThan(startedAt.getTime() - 100 * DAY);
    type Item = {
      title: string;
      stage: string;
      source: { kind: string };
      owner: { name: string; contact: { name: string } } | null;
    };
    const { items } = await get<{ items: Item[] }>('/api/intents?eventId=1&pageSize=100');
    expect(items).toHaveLength(13);
    // The free negotiation's intents, and the ceremony's six agreements as signed entries.
    const negotiated = items.filter((i) => i.source.kind === 'demo');
    const signed = items.filter((i) => i.source.kind === 'agreement');
    expect([negotiated.length, signed.length]).toEqual([7, 6]);
    expect(new Set(negotiated.map((i) => i.owner?.name))).toEqual(
      new Set(['成都市委融办', '德阳市委融办', '眉山市委融办', '资阳市委融办', '雅安市委融办']),
    );
    const stages = negotiated.map((i) => i.stage).sort();
    expect(stages).toEqual(['dropped', 'intent', 'intent', 'landed', 'landed', 'negotiating', 'negotiating']);
    expect(new Set(signed.map((i) => i.stage))).toEqual(new Set(['signed']));
    const series = await get<{
      total: number;
      reachedCounts: { landed: number };
      breakdowns: { event: { key: string; total: number }[] };
    }>(`/api/intents/funnel?seriesId=${chengdu.seriesId}`);
    expect(series.breakdowns.event.map((g) => [g.key, g.total]).sort()).toEqual([
      ['1', 13],
      [String(closed[0].id), 5],
    ]);
    expect(series.reachedCounts.landed).toBe(4);
    // The series report compares the two editions' pipelines: the earlier one (5 intents, 2 landed by the offices of
    // 德阳 and 眉山) and the current one (13 intents, 2 landed); its page shows both side by side.
    type Stages = { intent: number; landed: number };
    const report = await get<{
      editions: { event: { id: number; edition: number }; funnel: { reachedCounts: Stages } }[];
      funnel: { reachedCounts: Stages };
    }>(`/api/series/${chengdu.seriesId}/report`);
    expect(
      report.editions.map((e) => [e.event.edition, e.funnel.reachedCounts.intent, e.funnel.reachedCounts.landed]),
    ).toEqual([
      [18, 5, 2],
      [19, 13, 2],
    ]);
    expect([report.funnel.reachedCounts.intent, report.funnel.reachedCounts.landed]).toEqual([18, 4]);
    const earlier = await get<{ items: { stage: string; owner: { name: string } | null }[] }>(
      `/api/intents?eventId=${closed[0].id}&stage=landed`,
    );
    expect(earlier.items.map((i) => i.owner?.name).sort()).toEqual(['德阳市委融办', '眉山市委融办']);
    const browser = new Browser(t.app);
    await browser.get('/login');
    await browser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
    const page = await browser.get(`/console/series/${chengdu.seriesId}/report?lang=zh-CN`);
    const row = (figure: string) =>
      [
        ...new RegExp(`<tr data-figure="${figure}"><th scope="row">[^<]+</th>((?:<td class="num">[\\d.]+</td>)+)</tr>`)
          .exec(page.body)![1]
          .matchAll(/([\d.]+)<\/td>/g),
      ].map((m) => Number(m[1]));
    expect([row('intents'), row('intentsLanded')]).toEqual([
      [5, 13],
      [2, 2],
    ]);
  });

  it('does not load the demo twice', async () => {
    const { DemoLoader } = await import('../../src/demo/demo-loader.service.js');
    expect(await t.app.get(DemoLoader).loadIfEmpty()).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/events' })).json()).toHaveLength(2);
  });
});
