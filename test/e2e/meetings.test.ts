import ICAL from 'ical.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { Browser } from '../support/browser.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

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
        start: (vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
        status: vevent.getFirstPropertyValue('status'),
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

describe('one-to-one meetings in the free negotiation session', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let auth: { authorization: string };
  let eventId: number;
  let sessionId: number;
  let host: string;
  const people: Record<string, { email: string; token: string; registrationId: number; participantId?: number }> = {};
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    process.env.MAIL_POLL_MS = '50';
    t = await startTestApp({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Duijie <no-reply@duijie.test>' } });
    host = new URL(t.config.appUrl).hostname;
    auth = await apiLogin(t.app);
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({ startsAt: '2027-05-20T09:00:00+08:00', endsAt: '2027-05-20T17:30:00+08:00' }),
      })
    ).json();
    eventId = event.id;
    const negotiation = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/sessions`,
      headers: auth,
      payload: {
        kind: 'free_negotiation',
        title: '自由洽谈',
        titleEn: 'Free negotiation',
        startsAt: '2027-05-20T16:00:00+08:00',
        endsAt: '2027-05-20T17:30:00+08:00',
        roomId: event.venues[0].rooms[0].id,
      },
    });
    expect(negotiation.statusCode).toBe(201);
    ids.agendaSession = negotiation.json().session.id;
    ids.keynote = (
      await t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/sessions`,
        headers: auth,
        payload: {
          kind: 'keynote',
          title: '主旨报告',
          startsAt: '2027-05-20T09:30:00+08:00',
          endsAt: '2027-05-20T10:00:00+08:00',
        },
      })
    ).json().session.id;
    await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
    await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/categories`,
      headers: auth,
      payload: { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise' },
    });
    const who = [
      ['a', '王敏', '重庆武瓴智行科技有限公司', 'zh-CN'],
      ['b', 'Li Na', '四川恒麓电气科技有限公司', 'en'],
      ['c', '赵强', '雅安城市建设投资开发有限公司', 'zh-CN'],
      ['d', '陈静', '眉山东坡医疗健康投资有限公司', 'zh-CN'],
    ] as const;
    for (const [key, name, organisation, locale] of who) {
      const email = `${key}@meetings.example.cn`;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/registrations`,
        payload: { name, email, organisation, phone: '+86 138 0000 0000', locale, consent: true },
      });
      expect(res.statusCode).toBe(201);
      const { id, manageUrl } = res.json<{ id: number; manageUrl: string }>();
      people[key] = { email, registrationId: id, token: new URL(manageUrl).pathname.slice('/me/'.length) };
    }
    // Confirmation emails first, so later counts are about meetings only.
    await sink.waitFor(4);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  const me = (key: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object) =>
    t.app.inject({ method, url: `/api/me/${people[key].token}${path}`, ...(payload ? { payload } : {}) });
  const base = () => `/api/events/${eventId}/meetings`;
  const mailsTo = (key: string, kind: RegExp) =>
    sink.to(people[key].email).filter((m) => kind.test(m.parsed.subject ?? ''));

  it('turns the free negotiation session into 20-minute slots at numbered tables; other kinds are refused', async () => {
    const wrong = await api('POST', `${base()}/sessions`, {
      agendaSessionId: ids.keynote,
      slotMinutes: 20,
      tableCount: 3,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().fields).toEqual([
      { field: 'agendaSessionId', reason: 'the session is not a free negotiation session' },
    ]);
    const bad = await api('POST', `${base()}/sessions`, {
      agendaSessionId: ids.agendaSession,
      slotMinutes: 20,
      tableCount: 3,
      tableZones: [{ from: 2, to: 5, label: 'B区' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([{ field: 'tableZones.0.to', reason: 'there are only 3 tables' }]);

    const res = await api('POST', `${base()}/sessions`, {
      agendaSessionId: ids.agendaSession,
      slotMinutes: 20,
      breakMinutes: 5,
      tableCount: 3,
      tableZones: [
        { from: 1, to: 2, label: 'A区', labelEn: 'Zone A' },
        { from: 3, to: 3, label: 'B区', labelEn: 'Zone B' },
      ],
      requestCap: 5,
    });
    expect(res.statusCode).toBe(201);
    const session = res.json();
    sessionId = session.id;
    expect(session.slots.map((s: { number: number; startsAt: string }) => [s.number, s.startsAt])).toEqual([
      [1, '2027-05-20T08:00:00.000Z'],
      [2, '2027-05-20T08:25:00.000Z'],
      [3, '2027-05-20T08:50:00.000Z'],
    ]);
    expect(session.tables).toEqual([
      { number: 1, zone: 'A区', zoneEn: 'Zone A' },
      { number: 2, zone: 'A区', zoneEn: 'Zone A' },
      { number: 3, zone: 'B区', zoneEn: 'Zone B' },
    ]);
    expect(session.requestsCloseAt).toBe('2027-05-20T08:00:00.000Z');
  });

  it('lets registered attendees opt in through their personal link and browse the others without contact data', async () => {
    const offers: Record<string, [string, string]> = {
      a: ['磁流变减震器，商业航天', '整机厂商与应用场景'],
      b: ['电气设备与储能方案', '先进材料供应商'],
      c: ['城市建设项目落地', '新能源技术'],
      d: ['医疗健康投资', '生物医学成果'],
    };
    for (const key of ['a', 'b', 'c', 'd']) {
      const res = await me(key, 'PUT', `/meeting-sessions/${sessionId}/participation`, {
        offer: offers[key][0],
        seek: offers[key][1],
        categories: ['装备制造'],
        ...(key === 'd' ? { availableSlots: [1] } : {}),
      });
      expect(res.statusCode).toBe(200);
      people[key].participantId = res.json().id;
    }
    const wrongSlot = await me('a', 'PUT', `/meeting-sessions/${sessionId}/participation`, {
      offer: 'x',
      seek: 'y',
      availableSlots: [4],
    });
    expect(wrongSlot.statusCode).toBe(400);
    expect(wrongSlot.json().fields).toEqual([
      { field: 'availableSlots', reason: 'there is no slot 4 (slots are 1 to 3)' },
    ]);
    const list = await me('a', 'GET', `/meeting-sessions/${sessionId}/participants`);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((p: { name: string }) => p.name)).toEqual(['Li Na', '赵强', '陈静']);
    expect(list.json()[0]).toEqual({
      id: people.b.participantId,
      name: 'Li Na',
      organisation: '四川恒麓电气科技有限公司',
      title: null,
      offer: '电气设备与储能方案',
      seek: '先进材料供应商',
      categories: ['装备制造'],
    });
    expect(list.body).not.toContain('@meetings.example.cn');
    expect(list.body).not.toContain('138');
    const forged = await t.app.inject({
      method: 'GET',
      url: `/api/me/${people.a.registrationId}.${'x'.repeat(43)}/meetings`,
    });
    expect(forged.statusCode).toBe(404);
  });

  it('sends A’s request to B by email; B accepts from the personal link and both are told', async () => {
    const empty = await me('a', 'POST', `/meeting-sessions/${sessionId}/requests`, { to: people.b.participantId });
    expect(empty.statusCode).toBe(400);
    expect(new Set(empty.json().fields.map((f: { field: string }) => f.field))).toEqual(new Set(['message']));

    const res = await me('a', 'POST', `/meeting-sessions/${sessionId}/requests`, {
      to: people.b.participantId,
      message: '您好，希望就磁流变减震器在储能设备上的应用洽谈。',
      achievementId: 42,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'pending', achievementId: 42, demandId: null });
    ids.ab = res.json().id;
    const invitation = await until(() => mailsTo('b', /Meeting request from 王敏/)[0]);
    expect(invitation.parsed.text).toContain('希望就磁流变减震器在储能设备上的应用洽谈');
    expect(invitation.parsed.text).toContain(`/me/${people.b.token}/meetings`);
    // English reader: English first.
    expect(invitation.parsed.text!.indexOf('would like to meet you')).toBeLessThan(
      invitation.parsed.text!.indexOf('希望在自由洽谈'),
    );

    const again = await me('a', 'POST', `/meeting-sessions/${sessionId}/requests`, {
      to: people.b.participantId,
      message: '再次邀请',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('already_requested');

    const notMine = await me('c', 'POST', `/meeting-requests/${ids.ab}/answer`, { answer: 'accept' });
    expect(notMine.statusCode).toBe(404);
    const accepted = await me('b', 'POST', `/meeting-requests/${ids.ab}/answer`, { answer: 'accept' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    const toA = await until(() => mailsTo('a', /与Li Na的洽谈已接受/)[0]);
    expect(toA.parsed.text).toContain('已接受您的洽谈邀请');
    const toB = await until(() => mailsTo('b', /Meeting with 王敏 accepted/)[0]);
    expect(toB.parsed.text).toContain('You accepted the meeting request of 王敏');
    const twice = await me('b', 'POST', `/meeting-requests/${ids.ab}/answer`, { answer: 'decline' });
    expect(twice.statusCode).toBe(409);
  });

  it('enforces the per-person cap and the request window with the field and the reason', async () => {
    ids.ac = (
      await me('a', 'POST', `/meeting-sessions/${sessionId}/requests`, {
        to: people.c.participantId,
        message: '新能源合作',
      })
    ).json().id;
    expect((await me('c', 'POST', `/meeting-requests/${ids.ac}/answer`, { answer: 'accept' })).statusCode).toBe(200);
    expect((await api('PATCH', `${base()}/sessions/${sessionId}`, { requestCap: 2 })).statusCode).toBe(200);
    const capped = await me('a', 'POST', `/meeting-sessions/${sessionId}/requests`, {
      to: people.d.participantId,
      message: '医疗健康投资',
    });
    expect(capped.statusCode).toBe(409);
    expect(capped.json()).toMatchObject({
      error: 'request_cap_reached',
      fields: [{ field: 'to', reason: 'you have sent 2 of 2 requests' }],
    });

    await api('PATCH', `${base()}/sessions/${sessionId}`, { requestCap: 5, requestsCloseAt: '2020-01-01T00:00:00Z' });
    const closed = await me('c', 'POST', `/meeting-sessions/${sessionId}/requests`, {
      to: people.d.participantId,
      message: '生物医学成果',
    });
    expect(closed.statusCode).toBe(409);
    expect(closed.json()).toMatchObject({
      error: 'requests_closed',
      fields: [{ field: 'requestsCloseAt', reason: 'requests closed at 2020-01-01T00:00:00.000Z' }],
    });
    // Organisers act for a participant at the desk: no window, no cap.
    const desk = await api('POST', `${base()}/sessions/${sessionId}/requests`, {
      from: people.c.participantId,
      to: people.d.participantId,
      message: '现场服务台代为邀请',
    });
    expect(desk.statusCode).toBe(201);
    ids.cd = desk.json().id;
    expect((await api('POST', `${base()}/requests/${ids.cd}/answer`, { answer: 'accept' })).statusCode).toBe(200);
    await api('PATCH', `${base()}/sessions/${sessionId}`, { requestsCloseAt: '2027-05-20T08:00:00Z' });
  });

  let meetingAB: { id: number; slot: number; table: number };
  let meetingAC: { id: number; slot: number; table: number };

  it('schedules the accepted requests: each meeting gets a slot and a table, no one twice at once', async () => {
    await api('POST', `${base()}/requests/${ids.cd}/priority`, { prioritised: true });
    const res = await api('POST', `${base()}/sessions/${sessionId}/schedule/run`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.unplaced).toEqual([]);
    expect(view.meetings).toHaveLength(3);
    const byRequest = (id: number) => view.meetings.find((m: { requestId: number }) => m.requestId === id);
    meetingAB = byRequest(ids.ab);
    meetingAC = byRequest(ids.ac);
    // D is only free in slot 1.
    expect(byRequest(ids.cd).slot).toBe(1);
    expect(meetingAB.slot).not.toBe(meetingAC.slot);
    for (const m of view.meetings) expect(m.table).toBeGreaterThanOrEqual(1);
    expect(byRequest(ids.ab).people.map((p: { name: string }) => p.name)).toEqual(['王敏', 'Li Na']);
  });

  it('publishes a preliminary schedule: each person gets an invite per meeting with a stable UID', async () => {
    const res = await api('POST', `${base()}/sessions/${sessionId}/schedule/publish`, { phase: 'preliminary' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      phase: 'preliminary',
      notified: 4,
      changes: { new: 3, moved: 0, cancelled: 0, unchanged: 0 },
    });
    const toA = await until(() => mailsTo('a', /洽谈安排（初步）/)[0]);
    const toB = await until(() => mailsTo('b', /meeting schedule \(preliminary\)/)[0]);
    const uidAB = `meeting-${meetingAB.id}.event-${eventId}@${host}`;
    expect(
      calendars(toA)
        .map((c) => [c.method, c.uid, c.sequence])
        .sort(),
    ).toEqual(
      [
        ['REQUEST', uidAB, 0],
        ['REQUEST', `meeting-${meetingAC.id}.event-${eventId}@${host}`, 0],
      ].sort(),
    );
    expect(calendars(toB)).toEqual([expect.objectContaining({ method: 'REQUEST', uid: uidAB, sequence: 0 })]);
    expect(toB.parsed.text).toContain('王敏');
    expect(toB.parsed.text).toContain(`Table ${meetingAB.table}`);
  });

  it('refuses moves onto a taken table or a busy person with a 409 naming them', async () => {
    const takenTable = await api('POST', `${base()}/sessions/${sessionId}/meetings/${meetingAC.id}/move`, {
      slot: meetingAB.slot,
      table: meetingAB.table,
    });
    expect(takenTable.statusCode).toBe(409);
    expect(takenTable.json()).toMatchObject({ error: 'table_taken' });
    expect(takenTable.json().fields[0]).toEqual({
      field: 'table',
      reason: `table ${meetingAB.table} is taken in slot ${meetingAB.slot} (王敏 / Li Na)`,
    });
    const freeTable = [1, 2, 3].find((n) => n !== meetingAB.table)!;
    const busy = await api('POST', `${base()}/sessions/${sessionId}/meetings/${meetingAC.id}/move`, {
      slot: meetingAB.slot,
      table: freeTable,
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().fields).toEqual([
      { field: 'slot', reason: `王敏 already has a meeting in slot ${meetingAB.slot}` },
    ]);
    const outOfRange = await api('POST', `${base()}/sessions/${sessionId}/meetings/${meetingAB.id}/move`, {
      slot: 9,
      table: 1,
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().fields).toEqual([{ field: 'slot', reason: 'there is no slot 9 (slots are 1 to 3)' }]);
  });

  it('moves a meeting by hand: it is locked there and the update goes out with a higher SEQUENCE', async () => {
    const busySlots = new Set([meetingAC.slot]);
    const target = [1, 2, 3].find((s) => !busySlots.has(s) && s !== meetingAB.slot)!;
    // Slot 1 holds C–D at some table; table 3 is free unless that meeting sits there.
    const view = (await api('GET', `${base()}/sessions/${sessionId}/schedule`)).json();
    const usedTables = view.meetings
      .filter((m: { slot: number }) => m.slot === target)
      .map((m: { table: number }) => m.table);
    const table = [3, 2, 1].find((n) => !usedTables.includes(n))!;
    const moved = await api('POST', `${base()}/sessions/${sessionId}/meetings/${meetingAB.id}/move`, {
      slot: target,
      table,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ slot: target, table, locked: true });

    // A re-run keeps the locked meeting where it was put.
    const rerun = (await api('POST', `${base()}/sessions/${sessionId}/schedule/run`)).json();
    expect(rerun.meetings.find((m: { id: number }) => m.id === meetingAB.id)).toMatchObject({ slot: target, table });

    const before = sink.messages.length;
    const res = await api('POST', `${base()}/sessions/${sessionId}/schedule/publish`, { phase: 'preliminary' });
    expect(res.json().changes.moved).toBeGreaterThanOrEqual(1);
    await sink.waitFor(before + res.json().notified);
    const update = await until(() => mailsTo('b', /meeting schedule \(preliminary\)/)[1]);
    expect(calendars(update)).toEqual([
      expect.objectContaining({
        method: 'REQUEST',
        uid: `meeting-${meetingAB.id}.event-${eventId}@${host}`,
        sequence: 1,
        start: rerun.meetings.find((m: { id: number }) => m.id === meetingAB.id).startsAt,
      }),
    ]);
    meetingAB = { ...meetingAB, slot: target, table };
  });

  it('shows the published meeting on the personal page and in the personal feed', async () => {
    const mine = (await me('b', 'GET', '/meetings')).json();
    expect(mine.meetings).toEqual([
      expect.objectContaining({
        id: meetingAB.id,
        slot: meetingAB.slot,
        table: meetingAB.table,
        with: { name: '王敏', organisation: '重庆武瓴智行科技有限公司' },
      }),
    ]);
    const feed = await t.app.inject({ method: 'GET', url: `/me/${people.b.token}/calendar.ics` });
    expect(feed.statusCode).toBe(200);
    const vevents = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent');
    const meeting = vevents.find(
      (v) => v.getFirstPropertyValue('uid') === `meeting-${meetingAB.id}.event-${eventId}@${host}`,
    );
    expect(meeting?.getFirstPropertyValue('sequence')).toBe(1);
    const page = await t.app.inject({ method: 'GET', url: `/me/${people.b.token}` });
    expect(page.body).toContain('王敏');
    expect(page.body).toContain(`/me/${people.b.token}/meetings`);
  });

  it('drops a meeting: the final publication cancels its invites and tells everyone it is final', async () => {
    const feedOfC = async () => (await t.app.inject({ method: 'GET', url: `/me/${people.c.token}/calendar.ics` })).body;
    const meetingUid = `UID:meeting-${meetingAC.id}.event-${eventId}@${host}`;
    expect(await feedOfC()).toContain(meetingUid);
    const sequenceBefore = (await api('GET', `${base()}/sessions/${sessionId}/schedule`))
      .json()
      .meetings.find((m: { id: number }) => m.id === meetingAC.id).sequence;
    const dropped = await api('DELETE', `${base()}/sessions/${sessionId}/meetings/${meetingAC.id}`);
    expect(dropped.statusCode).toBe(200);
    expect(dropped.json()).toMatchObject({ slot: null, dropped: true });
    const rerun = (await api('POST', `${base()}/sessions/${sessionId}/schedule/run`)).json();
    expect(rerun.unplaced).toEqual([expect.objectContaining({ requestId: ids.ac, reason: 'dropped' })]);
    const res = await api('POST', `${base()}/sessions/${sessionId}/schedule/publish`, { phase: 'final' });
    expect(res.json()).toMatchObject({ phase: 'final', changes: { cancelled: 1 } });
    const toC = await until(() => mailsTo('c', /洽谈安排（正式）/)[0]);
    const cancel = calendars(toC).find((c) => c.uid === `meeting-${meetingAC.id}.event-${eventId}@${host}`);
    expect(cancel).toMatchObject({ method: 'CANCEL', sequence: sequenceBefore + 1, status: 'CANCELLED' });
    expect(await feedOfC()).not.toContain(meetingUid); // C's cached feed follows the cancellation
    const finalB = await until(() => mailsTo('b', /meeting schedule \(final\)/)[0]);
    expect(calendars(finalB)).toEqual([]);
    expect(finalB.parsed.text).toContain('final meeting schedule');
    const again = await api('POST', `${base()}/sessions/${sessionId}/schedule/publish`, { phase: 'preliminary' });
    expect(again.statusCode).toBe(409);
  });

  it('records that a meeting was held, with a note and the cooperation intent, from either side or staff', async () => {
    const res = await me('b', 'POST', `/meetings/${meetingAB.id}/outcome`, {
      outcome: 'held',
      note: '约定下月到德阳实地考察',
      intent: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'held', outcomeNote: '约定下月到德阳实地考察', intent: true });
    const stranger = await me('d', 'POST', `/meetings/${meetingAB.id}/outcome`, { outcome: 'no_show' });
    expect(stranger.statusCode).toBe(404);
    const staff = await api('POST', `${base()}/meetings/${meetingAB.id}/outcome`, { outcome: 'no_show' });
    expect(staff.json()).toMatchObject({ outcome: 'no_show', intent: false });
  });

  it('shows the meetings on the participant’s page, opt-in form and request form included', async () => {
    const b = new Browser(t.app);
    const page = await b.get(`/me/${people.b.token}/meetings`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('我的洽谈安排');
    expect(page.body).toContain(`id="meeting-${meetingAB.id}"`);
    expect(page.body).toContain('重庆武瓴智行科技有限公司');
    expect(page.body).not.toContain('a@meetings.example.cn');
    // From a library's detail page: the request will mention the achievement.
    const linked = await b.get(`/me/${people.d.token}/meetings?achievement=7`);
    expect(linked.body).toContain('您的邀请将注明第7号成果');
    expect(linked.body).toContain('name="achievementId" value="7"');
    const bad = await b.post(`/me/${people.d.token}/meetings/${sessionId}/participation`, { offer: '', seek: '资金' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('aria-invalid="true"');
    const saved = await b.post(`/me/${people.d.token}/meetings/${sessionId}/participation`, {
      offer: '医疗健康投资',
      seek: '生物医学成果',
      categories: '生物医学，新能源',
      slots: ['1', '2'],
    });
    expect(saved.statusCode).toBe(303);
    const participants = (await api('GET', `${base()}/sessions/${sessionId}/participants`)).json();
    expect(participants.find((p: { id: number }) => p.id === people.d.participantId)).toMatchObject({
      categories: ['生物医学', '新能源'],
      unavailableSlots: [3],
    });
  });

  it('gives organisers the console, a table plan per slot and per table, and a sign per table', async () => {
    const b = new Browser(t.app);
    await b.get('/login');
    await b.post('/login', { email: ADMIN.email, password: ADMIN.password });
    const consolePage = await b.get(`/console/events/${eventId}/meetings`);
    expect(consolePage.statusCode).toBe(200);
    expect(consolePage.body).toContain('一对一洽谈');
    expect(consolePage.body).toContain(`id="m-${meetingAB.id}"`);
    expect(consolePage.body).toContain('已被主办方移出');
    const refused = await b.post(`/console/events/${eventId}/meetings/${sessionId}/meetings/${meetingAC.id}/move`, {
      slot: String(meetingAB.slot),
      table: String(meetingAB.table),
    });
    expect(refused.statusCode).toBe(303);
    const after = await b.get(refused.headers.location as string);
    expect(after.body).toContain(`table ${meetingAB.table} is taken in slot ${meetingAB.slot} (王敏 / Li Na)`);

    const plan = await b.get(`/console/events/${eventId}/meetings/${sessionId}/plan`);
    expect(plan.statusCode).toBe(200);
    expect(plan.body).toContain('洽谈桌安排表');
    expect(plan.body).toContain('按时段');
    expect(plan.body).toContain('按桌号');
    expect(plan.body).toMatch(
      new RegExp(
        `<td class="plan-table-n">${meetingAB.table} <span class="muted">[^<]+</span></td><td><strong>王敏</strong>`,
      ),
    );
    const signs = await b.get(`/console/events/${eventId}/meetings/${sessionId}/signs?lang=en`);
    expect(signs.body.match(/class="table-sign-number"/g)).toHaveLength(3);
    expect(signs.body).toContain('3号洽谈桌 · Table 3');
    expect(signs.body).toContain('B区 · Zone B');

    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/console/events/${eventId}/meetings/${sessionId}/plan`,
    });
    expect(anonymous.statusCode).toBe(303);
  });
});

describe('the demo: the Chengdu free negotiation session with participants, requests and a scheduled sample', () => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    auth = await apiLogin(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a newcomer register, opt in and request a demo participant; the organiser answers for them', async () => {
    const events = (await t.app.inject({ method: 'GET', url: '/api/events', headers: auth })).json();
    const chengdu = (Array.isArray(events) ? events : events.items).find((e: { slug: string; id: number }) =>
      e.slug.includes('chengdu'),
    );
    const base = `/api/events/${chengdu.id}/meetings`;
    const [session] = (await t.app.inject({ method: 'GET', url: `${base}/sessions`, headers: auth })).json();
    expect(session).toMatchObject({ title: '自由洽谈', slotMinutes: 15, tableCount: 6 });
    expect(session.slots).toHaveLength(6);
    const schedule = (
      await t.app.inject({ method: 'GET', url: `${base}/sessions/${session.id}/schedule`, headers: auth })
    ).json();
    expect(schedule.meetings).toHaveLength(6);
    expect(schedule.unplaced).toEqual([]);
    const requests = (
      await t.app.inject({ method: 'GET', url: `${base}/sessions/${session.id}/requests`, headers: auth })
    ).json();
    expect(requests.filter((r: { status: string }) => r.status === 'pending')).toHaveLength(2);

    const registered = await t.app.inject({
      method: 'POST',
      url: `/api/events/${chengdu.id}/registrations`,
      payload: {
        name: '新来者',
        email: 'newcomer@example.cn',
        organisation: '成都某科技有限公司',
        category: 'enterprise',
        consent: true,
      },
    });
    expect(registered.statusCode).toBe(201);
    const token = new URL(registered.json().manageUrl).pathname.slice('/me/'.length);
    const joined = await t.app.inject({
      method: 'PUT',
      url: `/api/me/${token}/meeting-sessions/${session.id}/participation`,
      payload: { offer: '碳化硅功率器件', seek: '整机厂商' },
    });
    expect(joined.statusCode).toBe(200);
    const others = (
      await t.app.inject({ method: 'GET', url: `/api/me/${token}/meeting-sessions/${session.id}/participants` })
    ).json();
    const zhou = others.find((p: { name: string }) => p.name === '周航');
    expect(zhou.organisation).toBe('重庆武瓴智行科技有限公司');
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/me/${token}/meeting-sessions/${session.id}/requests`,
      payload: { to: zhou.id, message: '想了解磁流变减震器' },
    });
    expect(sent.statusCode).toBe(201);
    const answered = await t.app.inject({
      method: 'POST',
      url: `${base}/requests/${sent.json().id}/answer`,
      headers: auth,
      payload: { answer: 'accept' },
    });
    expect(answered.json()).toMatchObject({ status: 'accepted', answeredBy: 'organiser' });
    const run = (
      await t.app.inject({ method: 'POST', url: `${base}/sessions/${session.id}/schedule/run`, headers: auth })
    ).json();
    expect(
      run.meetings.some((m: { people: { name: string }[] }) => m.people.map((p) => p.name).includes('新来者')),
    ).toBe(true);
  });
});
