import { apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

describe('people worth meeting in a meeting session', () => {
  let t: TestApp;
  let sessionId: number;
  const people: Record<string, { token: string; participantId: number }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const auth = await apiLogin(t.app);
    const api = (method: 'POST', url: string, payload: object) => t.app.inject({ method, url, headers: auth, payload });
    const event = (
      await api(
        'POST',
        '/api/events',
        twoDayEvent({ startsAt: '2027-05-20T09:00:00+08:00', endsAt: '2027-05-20T17:30:00+08:00' }),
      )
    ).json();
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
    const who: [string, string, string, string, string][] = [
      ['a', '王敏', '重庆武瓴智行科技有限公司', '商业航天整机集成', '减震器、磁流变技术'],
      ['b', '李娜', '四川恒麓新材料有限公司', '磁流变减震器及其控制系统', '整机厂商'],
      ['c', '赵强', '眉山东坡生物科技有限公司', '生物医学检测试剂', '医院合作'],
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
    return res.json<{ participant: { id: number; name: string }; reasonText: { 'zh-CN': string; en: string } }[]>();
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
