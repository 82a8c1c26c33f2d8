import ICAL from 'ical.js';
import { Browser } from '../support/browser.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/** Every text/calendar part of a message (the alternative and the attachments), parsed. */
function calendars(mail: ReceivedMail) {
  return mail.parsed.attachments
    .filter((a) => a.mimeType === 'text/calendar')
    .map((a) => {
      const text = typeof a.content === 'string' ? a.content : Buffer.from(a.content as Uint8Array).toString('utf8');
      const component = new ICAL.Component(ICAL.parse(text));
      const vevent = component.getFirstSubcomponent('vevent')!;
      return {
        method: component.getFirstPropertyValue('method'),
        uid: vevent.getFirstPropertyValue('uid'),
        sequence: vevent.getFirstPropertyValue('sequence'),
        start: String(vevent.getFirstPropertyValue('dtstart')),
      };
    });
}

async function until<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('agenda: conflicts, publications, change log, calendars that follow', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let auth: { authorization: string };
  let eventId: number;
  let hallA: number;
  let subRoom: number;
  const ids: Record<string, number> = {};
  let personalPath = '';

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({ env: { MAIL_POLL_MS: '50', SMTP_URL: sink.url } });
    auth = await apiLogin(t.app);
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: {
          slug: 'two-days',
          title: '成果转化对接会',
          titleEn: 'Technology transfer matchmaking',
          startsAt: '2027-06-01T09:00:00+08:00',
          endsAt: '2027-06-02T17:30:00+08:00',
          venues: [
            { name: '主会场', kind: 'main', rooms: [{ name: 'A厅', nameEn: 'Hall A', capacity: 300 }] },
            {
              name: '德阳分会场',
              nameEn: 'Deyang sub-venue',
              kind: 'sub',
              rooms: [{ name: '洽谈室', nameEn: 'Meeting room', capacity: 40 }],
            },
          ],
        },
      })
    ).json();
    eventId = event.id;
    hallA = event.venues[0].rooms[0].id;
    subRoom = event.venues[1].rooms[0].id;
    await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
    await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/categories`,
      headers: auth,
      payload: { code: 'enterprise', name: '企业' },
    });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const session = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/events/${eventId}/sessions`, headers: auth, payload });
  const speaker = {
    name: '李国平',
    organisation: '国家国防科技工业局',
    title: '总工程师',
    email: 'li.guoping@example.cn',
    role: 'speaker',
  };

  it('builds a two-day programme with a sub-venue; refuses a room used twice and warns about a double-booked speaker', async () => {
    const keynote = await session({
      kind: 'keynote',
      title: '主旨报告',
      titleEn: 'Keynote',
      startsAt: '2027-06-01T09:30:00+08:00',
      endsAt: '2027-06-01T10:00:00+08:00',
      roomId: hallA,
      people: [speaker],
    });
    expect(keynote.statusCode).toBe(201);
    expect(keynote.json().warnings).toEqual([]);
    ids.keynote = keynote.json().session.id;
    ids.lecture = (
      await session({
        kind: 'lecture',
        title: '“双力”讲堂',
        startsAt: '2027-06-01T10:00:00+08:00',
        endsAt: '2027-06-01T11:00:00+08:00',
        roomId: hallA,
      })
    ).json().session.id;
    ids.sub = (
      await session({
        kind: 'sub_venue_programme',
        title: '德阳分会场对接',
        startsAt: '2027-06-02T09:00:00+08:00',
        endsAt: '2027-06-02T11:00:00+08:00',
        roomId: subRoom,
      })
    ).json().session.id;

    const clash = await session({
      kind: 'roadshow',
      title: '项目路演',
      startsAt: '2027-06-01T09:45:00+08:00',
      endsAt: '2027-06-01T10:15:00+08:00',
      roomId: hallA,
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({
      error: 'room_conflict',
      fields: [{ field: 'roomId', reason: 'the room is already used at this time by: 主旨报告, “双力”讲堂' }],
    });

    const twice = await session({
      kind: 'policy_briefing',
      title: '政策解读',
      startsAt: '2027-06-01T09:40:00+08:00',
      endsAt: '2027-06-01T10:10:00+08:00',
      roomId: subRoom,
      capacity: 60,
      people: [speaker],
    });
    expect(twice.statusCode).toBe(201);
    ids.briefing = twice.json().session.id;
    expect(twice.json().warnings.map((w: { kind: string }) => w.kind)).toEqual(['person_overlap', 'over_capacity']);
    expect(twice.json().session.people).toEqual([
      {
        personId: expect.any(Number),
        role: 'speaker',
        name: '李国平',
        nameEn: null,
        organisation: '国家国防科技工业局',
        title: '总工程师',
        titleEn: null,
      },
    ]);

    const key = twice.json().warnings[1].key;
    // A warning is accepted on a session it concerns: the over-capacity warning of the briefing is not the keynote's.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/sessions/${ids.keynote}/accept-warning`,
      headers: auth,
      payload: { key },
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json()).toMatchObject({
      error: 'warning_not_of_session',
      fields: [{ field: 'key', reason: 'is not a current warning of this session' }],
    });
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/sessions/${ids.briefing}/accept-warning`,
      headers: auth,
      payload: { key },
    });
    expect(accepted.statusCode).toBe(200);
    const conflicts = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/conflicts`, headers: auth })
    ).json();
    expect(conflicts.map((c: { kind: string; accepted: boolean }) => [c.kind, c.accepted])).toEqual([
      ['person_overlap', false],
      ['over_capacity', true],
    ]);
  });

  it('shows nothing to the public until published; the first publication lists every session as new', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/agenda` })).json().sessions).toEqual([]);
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/agenda/publish`,
      headers: auth,
      payload: {},
    });
    expect(published.json().version).toBe(1);
    expect(published.json().changes.map((c: { type: string }) => c.type)).toEqual(['new', 'new', 'new', 'new']);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/agenda/publish`,
      headers: auth,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    const page = await new Browser(t.app).get('/events/two-days/agenda?view=room');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('德阳分会场 · 洽谈室');
    expect(page.body).toContain('主旨报告');
  });

  it('moves one session and cancels another: one email per person, invites that update and cancel, a change log', async () => {
    // An attendee follows the keynote and the lecture from their personal page.
    const reg = (
      await t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/registrations`,
        payload: {
          name: '王敏',
          email: 'wang.min@example.cn',
          organisation: '某企业',
          category: 'enterprise',
          consent: true,
        },
      })
    ).json();
    const me = new URL(reg.manageUrl).pathname;
    personalPath = me;
    const b = new Browser(t.app);
    const page = await b.get(me);
    expect(page.body).toContain('我的议程');
    for (const id of [ids.keynote, ids.lecture])
      expect((await b.post(`${me}/stars/${id}`, { starred: '1' })).statusCode).toBe(303);
    expect((await b.get(me)).body).toContain('★ 已关注');
    const feed = (await b.get(`${me}/calendar.ics`)).body;
    expect(feed).toContain(`UID:session-${ids.keynote}.event-${eventId}@localhost`);
    expect(feed).toContain(`UID:session-${ids.lecture}.event-${eventId}@localhost`);
    // The feed is kept per person: a second poll answers the same text, a follow change a new one.
    expect((await b.get(`${me}/calendar.ics`)).body).toBe(feed);
    expect((await b.post(`${me}/stars/${ids.lecture}`, { starred: '0' })).statusCode).toBe(303);
    const unfollowed = (await b.get(`${me}/calendar.ics`)).body;
    expect(unfollowed).toContain(`UID:session-${ids.keynote}.event-${eventId}@localhost`);
    expect(unfollowed).not.toContain(`UID:session-${ids.lecture}.event-${eventId}@localhost`);
    expect((await b.post(`${me}/stars/${ids.lecture}`, { starred: '1' })).statusCode).toBe(303);
    expect((await b.get(`${me}/calendar.ics`)).body).toContain(`UID:session-${ids.lecture}.event-${eventId}@localhost`);
    await until(() => sink.to('wang.min@example.cn')[0]); // the registration confirmation
    const before = sink.messages.length;

    await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}/sessions/${ids.keynote}`,
      headers: auth,
      payload: { startsAt: '2027-06-01T11:00:00+08:00', endsAt: '2027-06-01T11:30:00+08:00' },
    });
    await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/sessions/${ids.lecture}/cancel`, headers: auth });
    const pending = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/agenda/pending`, headers: auth })
    ).json();
    expect(pending.map((c: { type: string; sessionId: number }) => [c.type, c.sessionId])).toEqual([
      ['moved', ids.keynote],
      ['cancelled', ids.lecture],
    ]);

    const v2 = (
      await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/agenda/publish`, headers: auth, payload: {} })
    ).json();
    expect(v2.version).toBe(2);
    // The cached feed follows the new publication: the keynote at its new time, the lecture cancelled.
    const republished = (await b.get(`${me}/calendar.ics`)).body;
    expect(republished).not.toBe(feed);
    expect(republished).toMatch(/DTSTART:20270601T030000Z/);
    const recipients = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/agenda/versions/2/recipients`, headers: auth })
    ).json();
    expect(
      recipients.map((r: { email: string; reasons: string[]; changes: { type: string }[] }) => [
        r.email,
        r.reasons,
        r.changes.map((c) => c.type),
      ]),
    ).toEqual([
      ['li.guoping@example.cn', ['on_session'], ['moved']],
      ['wang.min@example.cn', ['starred'], ['moved', 'cancelled']],
    ]);
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/agenda/versions/2/notify`,
      headers: auth,
    });
    expect(sent.json()).toEqual({ notified: 2 });
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/agenda/versions/2/notify`, headers: auth }))
        .statusCode,
    ).toBe(409);

    await sink.waitFor(before + 2);
    const attendeeMails = sink.messages.slice(before).filter((m) => m.envelopeTo.includes('wang.min@example.cn'));
    expect(attendeeMails).toHaveLength(1);
    expect(attendeeMails[0].parsed.subject).toBe('议程变更（2 项）：成果转化对接会');
    expect(attendeeMails[0].parsed.text).toContain('时间调整');
    expect(attendeeMails[0].parsed.text).toContain('已取消');
    expect(calendars(attendeeMails[0])).toEqual([
      {
        method: 'REQUEST',
        uid: `session-${ids.keynote}.event-${eventId}@localhost`,
        sequence: 1,
        start: '2027-06-01T03:00:00Z',
      },
      {
        method: 'CANCEL',
        uid: `session-${ids.lecture}.event-${eventId}@localhost`,
        sequence: 1,
        start: '2027-06-01T02:00:00Z',
      },
    ]);
    const speakerMails = sink.messages.slice(before).filter((m) => m.envelopeTo.includes('li.guoping@example.cn'));
    expect(speakerMails).toHaveLength(1);
    expect(calendars(speakerMails[0]).map((c) => [c.method, c.uid, c.sequence])).toEqual([
      ['REQUEST', `session-${ids.keynote}.event-${eventId}@localhost`, 1],
    ]);

    const log = await new Browser(t.app).get('/events/two-days/agenda/changes');
    expect(log.body).toContain('第 2 版');
    expect(log.body).toContain('时间调整');
    expect(log.body).toContain('已取消');
    const json = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/agenda/changes` })).json();
    expect(json.map((v: { version: number; changes: unknown[] }) => [v.version, v.changes.length])).toEqual([
      [2, 2],
      [1, 4],
    ]);
  });

  it('publishes valid calendars: the whole programme, one session, and the personal feed without the cancelled session', async () => {
    const whole = await t.app.inject({ method: 'GET', url: '/events/two-days/agenda.ics' });
    expect(whole.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const component = new ICAL.Component(ICAL.parse(whole.body));
    const events = component
      .getAllSubcomponents('vevent')
      .map((v) => [v.getFirstPropertyValue('uid'), v.getFirstPropertyValue('sequence')]);
    expect(events).toEqual(
      expect.arrayContaining([
        [`session-${ids.keynote}.event-${eventId}@localhost`, 1],
        [`session-${ids.sub}.event-${eventId}@localhost`, 0],
      ]),
    );
    expect(events.map((e) => e[0])).not.toContain(`session-${ids.lecture}.event-${eventId}@localhost`);
    expect(whole.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const one = await t.app.inject({ method: 'GET', url: `/events/two-days/sessions/${ids.keynote}/calendar.ics` });
    const vevent = new ICAL.Component(ICAL.parse(one.body)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe('主旨报告');
    expect(String(vevent.getFirstPropertyValue('dtstart'))).toBe('2027-06-01T03:00:00Z');
    const sessionPage = await new Browser(t.app).get(`/events/two-days/sessions/${ids.keynote}?lang=en`);
    expect(sessionPage.body).toContain('Speaker');
    expect((await new Browser(t.app).get(`/events/two-days/sessions/${ids.lecture}`)).statusCode).toBe(404);
    const personal = (await t.app.inject({ method: 'GET', url: `${personalPath}/calendar.ics` })).body;
    expect(personal).toContain(`UID:event-${eventId}@localhost`);
    expect(personal).toContain(`UID:session-${ids.keynote}.event-${eventId}@localhost`);
    expect(personal).not.toContain(`UID:session-${ids.lecture}.event-${eventId}@localhost`);
  });

  it('warns about a session outside its room’s hours', async () => {
    const room = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}/rooms/${subRoom}`,
      headers: auth,
      payload: { availableFrom: '2027-06-02T13:00:00+08:00', availableUntil: '2027-06-02T18:00:00+08:00' },
    });
    expect(room.statusCode).toBe(200);
    const early = await session({
      kind: 'exhibition',
      title: '成果展示',
      startsAt: '2027-06-02T11:00:00+08:00',
      endsAt: '2027-06-02T12:00:00+08:00',
      roomId: subRoom,
    });
    expect(early.json().warnings.map((w: { kind: string }) => w.kind)).toEqual(['outside_room_availability']);
    const backwards = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}/rooms/${subRoom}`,
      headers: auth,
      payload: { availableFrom: '2027-06-02T13:00:00+08:00', availableUntil: '2027-06-02T12:00:00+08:00' },
    });
    expect(backwards.statusCode).toBe(400);
  });

  it('publishes and notifies as one action when asked', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}/sessions/${ids.keynote}`,
      headers: auth,
      payload: { title: '主旨报告（更新）' },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/agenda/publish`,
      headers: auth,
      payload: { notify: true },
    });
    expect(res.json()).toMatchObject({ version: 3, notified: 2 });
    // The keynote's title changed (its speaker and its follower are told); the exhibition added earlier is new.
    expect(res.json().changes.map((c: { type: string; fields: string[] }) => [c.type, c.fields])).toEqual([
      ['changed', ['title']],
      ['new', []],
    ]);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/agenda/versions/3/notify`,
      headers: auth,
    });
    expect(again.statusCode).toBe(409);
  });
});
