import { Browser } from '../support/browser.js';
import { staffLogin } from '../support/check-in.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

type Recommended = {
  participant: { id: number; name: string; organisation: string };
  pinned: boolean;
  reasonText: { 'zh-CN': string; en: string };
};

describe(`people worth meeting in a meeting session on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId: number;
  let sessionId: number;
  const people: Record<string, { token: string; participantId: number }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    auth = await apiLogin(t.app);
    const api = (method: 'POST', url: string, payload: object) => t.app.inject({ method, url, headers: auth, payload });
    const event = (
      await api(
        'POST',
        '/api/events',
        twoDayEvent({ startsAt: '2027-05-20T09:00:00+08:00', endsAt: '2027-05-20T17:30:00+08:00' }),
      )
    ).json();
    eventId = event.id;
    const agenda = await api('POST', `/api/events/${event.id}/sessions`, {
      kind: 'free_negotiation',
      title: '自由洽谈',
      startsAt: '2027-05-20T16:00:00+08:00',
      endsAt: '2027-05-20T17:30:00+08:00',
      roomId: event.venues[0].rooms[0].id,
    });
    expect(agenda.statusCode).toBe(201);
    await t.app.inject({ method: 'POST', url: `/api/events/${event.id}/publish`, headers: auth });
    await api('POST', `/api/events/${event.id}/categories`, { code: 'enterprise', name: '企业代表' });
    const ms = await api('POST', `/api/events/${event.id}/meetings/sessions`, {
      agendaSessionId: agenda.json().session.id,
      slotMinutes: 20,
      tableCount: 3,
    });
    expect(ms.statusCode).toBe(201);
    sessionId = ms.json().id;
    // What the organisations have in the libraries: a heavy-equipment maker needs a laser for welding thick plate,
    // a laser company offers one. Their people say nothing of it when they opt in.
    const library = async (kind: 'achievements' | 'demands', payload: Record<string, unknown>) =>
      expect((await api('POST', `/api/${kind}`, payload)).statusCode).toBe(201);
    await library('demands', {
      title: '厚板激光焊接设备需求',
      description: '寻求万瓦级光纤激光器，用于重型装备厚板焊接。',
      category: 'equipment',
      publisher: '德阳东方重型装备有限公司',
    });
    await library('achievements', {
      title: '万瓦级光纤激光器',
      summary: '高功率光纤激光器，用于厚板激光焊接与切割。',
      category: 'equipment',
      maturity: 'small_batch',
      transferModes: ['order'],
      owner: '成都光启激光科技有限公司',
    });
    await library('achievements', {
      title: '高山有机绿茶',
      summary: '雅安高山茶园的有机绿茶。',
      category: 'biomedicine',
      maturity: 'mass_production',
      transferModes: ['order'],
      owner: '雅安绿色茶业有限公司',
    });
    const who: [string, string, string, string, string][] = [
      ['a', '王敏', '重庆武瓴智行科技有限公司', '商业航天整机集成', '减震器、磁流变技术'],
      ['b', '李娜', '四川恒麓新材料有限公司', '磁流变减震器及其控制系统', '整机厂商'],
      ['c', '赵强', '眉山东坡生物科技有限公司', '生物医学检测试剂', '医院合作'],
      ['d', '王工', '德阳东方重型装备有限公司', '大型压力容器制造', '工艺改进'],
      ['e', '刘工', '成都光启激光科技有限公司', '光学镜片加工', '投资机构'],
      ['h', '陈工', '成都光启激光科技有限公司', '光学镜片加工', '投资机构'],
      ['g', '孙工', '雅安绿色茶业有限公司', '茶叶深加工', '电商渠道'],
    ];
    for (const [key, name, organisation, offer, seek] of who) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/events/${event.id}/registrations`,
        payload: {
          name,
          email: `${key}@people.example.cn`,
          organisation,
          phone: '+86 138 0000 0000',
          locale: 'zh-CN',
          consent: true,
        },
      });
      if (res.statusCode !== 201) throw new Error(res.body);
      const token = new URL(res.json().manageUrl).pathname.slice('/me/'.length);
      const joined = await t.app.inject({
        method: 'PUT',
        url: `/api/me/${token}/meeting-sessions/${sessionId}/participation`,
        payload: { offer, seek },
      });
      expect(joined.statusCode).toBe(200);
      people[key] = { token, participantId: joined.json().id };
    }
  });
  afterAll(() => t.close());

  const recommendationsOf = async (key: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/me/${people[key].token}/meeting-sessions/${sessionId}/recommendations`,
    });
    expect(res.statusCode).toBe(200);
    return res.json<Recommended[]>();
  };
  const dismiss = (token: string, participantId: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/me/${token}/meeting-sessions/${sessionId}/recommendations/${participantId}/dismiss`,
    });

  it('recommends the supplier of magnetorheological dampers first, saying why', async () => {
    const list = await recommendationsOf('a');
    expect(list[0].participant).toEqual({
      id: people.b.participantId,
      name: '李娜',
      organisation: '四川恒麓新材料有限公司',
    });
    expect(list[0].reasonText['zh-CN']).toMatch(/共同关键词：.*(减震器|磁流变)/);
    expect(list[0].reasonText.en).toMatch(/Shared keywords: .*(减震器|磁流变)/);
    expect(list.map((r) => r.participant.id)).not.toContain(people.a.participantId);
    expect(list.map((r) => r.participant.id)).not.toContain(people.c.participantId);
  });

  it('shows the recommendation with its reason on the meetings page', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/me/${people.a.token}/meetings` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('推荐洽谈对象');
    expect(page.body).toMatch(/<p class="reason">共同关键词：[^<]*(减震器|磁流变)/);
    expect(page.body).toContain(`/recommendations/${people.b.participantId}/dismiss`);
  });

  it('lets only the attendee themself dismiss a recommendation, after which it is gone', async () => {
    // A forged link is refused; another person's link dismisses for that person only.
    expect((await dismiss(`${people.a.token}x`, people.b.participantId)).statusCode).toBe(404);
    expect((await dismiss(people.c.token, people.b.participantId)).statusCode).toBe(204);
    expect((await recommendationsOf('a'))[0].participant.id).toBe(people.b.participantId);
    // Nobody dismisses themself, nor a participant of no session of theirs.
    expect((await dismiss(people.a.token, people.a.participantId)).statusCode).toBe(404);
    expect((await dismiss(people.a.token, 999_999)).statusCode).toBe(404);

    expect((await dismiss(people.a.token, people.b.participantId)).statusCode).toBe(204);
    expect((await dismiss(people.a.token, people.b.participantId)).statusCode).toBe(204);
    expect((await recommendationsOf('a')).map((r) => r.participant.id)).not.toContain(people.b.participantId);
  });

  it('recommends across organisations from their achievements and demands, naming them in the reason', async () => {
    const forD = await recommendationsOf('d');
    const laser = forD.filter((r) => r.participant.organisation === '成都光启激光科技有限公司');
    expect(laser.map((r) => r.participant.id).sort()).toEqual([people.e.participantId, people.h.participantId].sort());
    for (const r of laser) {
      expect(r.reasonText['zh-CN']).toMatch(
        /^贵单位发布的需求《厚板激光焊接设备需求》与对方的成果《万瓦级光纤激光器》相关（共同关键词：[^）]*厚板/,
      );
      expect(r.reasonText.en).toMatch(
        /^Your organisation’s demand “厚板激光焊接设备需求” relates to their achievement “万瓦级光纤激光器”/,
      );
    }
    expect(forD.map((r) => r.participant.id)).not.toContain(people.g.participantId);

    // The other way round, from the laser company's side; a colleague of the same company is never recommended.
    const forE = await recommendationsOf('e');
    expect(forE[0].participant.id).toBe(people.d.participantId);
    expect(forE[0].reasonText['zh-CN']).toMatch(
      /^贵单位的成果《万瓦级光纤激光器》与对方发布的需求《厚板激光焊接设备需求》相关/,
    );
    expect(forE.map((r) => r.participant.id)).not.toContain(people.h.participantId);

    const page = await t.app.inject({ method: 'GET', url: `/me/${people.d.token}/meetings` });
    expect(page.body).toContain('贵单位发布的需求《厚板激光焊接设备需求》与对方的成果《万瓦级光纤激光器》相关');
  });

  it('puts a person the organisers pinned first and never shows one they hid; taking it back restores them', async () => {
    const override = (method: 'PUT' | 'DELETE', payload: Record<string, unknown>, headers = auth) =>
      t.app.inject({
        method,
        url: `/api/events/${eventId}/meetings/sessions/${sessionId}/recommendations`,
        headers,
        payload,
      });
    const before = (await recommendationsOf('d')).map((r) => r.participant.id);
    const pair = (to: string) => ({ from: people.d.participantId, to: people[to].participantId });

    expect((await override('PUT', { ...pair('g'), action: 'pin' })).statusCode).toBe(204);
    expect((await override('PUT', { ...pair('e'), action: 'hide' })).statusCode).toBe(204);
    const changed = await recommendationsOf('d');
    expect(changed[0]).toMatchObject({
      participant: { id: people.g.participantId },
      pinned: true,
      reasonText: { 'zh-CN': '主办方推荐', en: 'Recommended by the organisers' },
    });
    expect(changed.map((r) => r.participant.id)).not.toContain(people.e.participantId);
    expect(changed.map((r) => r.participant.id)).toContain(people.h.participantId);
    // Only for d: e still sees d.
    expect((await recommendationsOf('e'))[0].participant.id).toBe(people.d.participantId);

    const organiserView = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/meetings/sessions/${sessionId}/participants/${people.d.participantId}/recommendations`,
      headers: auth,
    });
    expect(organiserView.json()).toMatchObject({
      pinned: [people.g.participantId],
      hidden: [people.e.participantId],
    });

    expect((await override('DELETE', pair('g'))).statusCode).toBe(204);
    expect((await override('DELETE', pair('e'))).statusCode).toBe(204);
    expect((await override('DELETE', pair('e'))).statusCode).toBe(404);
    expect((await recommendationsOf('d')).map((r) => r.participant.id)).toEqual(before);
  });

  it('keeps pin and hide to organisers and checks the pair', async () => {
    const url = `/api/events/${eventId}/meetings/sessions/${sessionId}/recommendations`;
    const payload = { from: people.d.participantId, to: people.e.participantId, action: 'hide' };
    expect((await t.app.inject({ method: 'PUT', url, payload })).statusCode).toBe(401);
    const staff = await staffLogin(t, 'staff@people.duijie', [eventId]);
    expect((await t.app.inject({ method: 'PUT', url, payload, headers: staff })).statusCode).toBe(403);
    const self = await t.app.inject({ method: 'PUT', url, headers: auth, payload: { ...payload, to: payload.from } });
    expect(self.statusCode).toBe(400);
    expect(self.json()).toMatchObject({ error: 'recommendation_to_self', fields: [{ field: 'to' }] });
    const boost = await t.app.inject({ method: 'PUT', url, headers: auth, payload: { ...payload, action: 'boost' } });
    expect(boost.statusCode).toBe(400);
    expect(boost.body).toContain('action');
    const stranger = await t.app.inject({ method: 'PUT', url, headers: auth, payload: { ...payload, to: 999_999 } });
    expect(stranger.statusCode).toBe(404);
    expect((await recommendationsOf('d')).map((r) => r.participant.id)).toContain(people.e.participantId);
  });

  it('lets organisers hide and restore from the console, with the CSRF token', async () => {
    const browser = new Browser(t.app);
    await browser.get('/login');
    expect((await browser.post('/login', { email: ADMIN.email, password: ADMIN.password })).statusCode).toBe(303);
    const base = `/console/events/${eventId}/meetings/${sessionId}/recommendations`;
    const meetings = await browser.get(`/console/events/${eventId}/meetings?session=${sessionId}`);
    expect(meetings.body).toContain(`${base}?for=${people.d.participantId}`);
    const page = await browser.get(`${base}?for=${people.d.participantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      new RegExp(
        `data-participant="${people.e.participantId}"><strong>刘工</strong>[\\s\\S]*?贵单位发布的需求《厚板激光焊接设备需求》`,
      ),
    );
    const form = { from: String(people.d.participantId), to: String(people.e.participantId), action: 'hide' };
    expect((await browser.post(base, form, { csrf: false })).statusCode).toBe(403);
    const hidden = await browser.post(base, form);
    expect([hidden.statusCode, hidden.headers.location]).toEqual([303, `${base}?for=${people.d.participantId}`]);
    const after = await browser.get(`${base}?for=${people.d.participantId}`);
    expect(after.body).toMatch(
      new RegExp(`class="plain-list hidden-people"><li data-participant="${people.e.participantId}">`),
    );
    expect((await recommendationsOf('d')).map((r) => r.participant.id)).not.toContain(people.e.participantId);
    expect((await browser.post(base, { ...form, action: 'clear' })).statusCode).toBe(303);
    expect((await recommendationsOf('d')).map((r) => r.participant.id)).toContain(people.e.participantId);
  });

  it('warns on the opt-in form when no slot is ticked: in the page for the script, and from the server after saving', async () => {
    const browser = new Browser(t.app);
    const url = `/me/${people.g.token}/meetings`;
    const page = await browser.get(url);
    // The warning is in the form, hidden while a slot is ticked; app.js shows it when none is.
    expect(page.body).toMatch(/data-slot-choices data-no-slot-confirm="[^"]+"/);
    expect(page.body).toMatch(
      /<p class="alert alert-warning no-slot-warning" data-no-slot-warning role="status" hidden>/,
    );
    const form = { offer: '茶叶深加工', seek: '电商渠道' };
    const none = await browser.post(`${url}/${sessionId}/participation`, form);
    expect(none.statusCode).toBe(303);
    const warned = await browser.get(url);
    expect(warned.body).toContain('<div class="alert alert-warning" role="status">已保存，但您没有勾选任何空闲时段');
    expect(warned.body).toMatch(/<p class="alert alert-warning no-slot-warning" data-no-slot-warning role="status" >/);
    const english = await browser.get(`${url}?lang=en`);
    expect(english.body).toContain('You have ticked no free slot');

    const some = await browser.post(`${url}/${sessionId}/participation`, { ...form, slots: ['1', '2'] });
    expect(some.statusCode).toBe(303);
    const fine = await browser.get(url);
    expect(fine.body).toContain('<div class="alert alert-success" role="status">');
    expect(fine.body).toMatch(/data-no-slot-warning role="status" hidden>/);
  });

  it('leaves out people already asked', async () => {
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/me/${people.b.token}/meeting-sessions/${sessionId}/requests`,
      payload: { to: people.a.participantId, message: '想与贵公司交流磁流变减震器的应用' },
    });
    expect(asked.statusCode).toBe(201);
    expect((await recommendationsOf('b')).map((r) => r.participant.id)).not.toContain(people.a.participantId);
  });
});
