import ICAL from 'ical.js';
import { In } from 'typeorm';
import { Badge } from '../../src/badges/badge.entity.js';
import { CheckIn } from '../../src/check-in/check-in.entity.js';
import { Database } from '../../src/database/database.service.js';
import { Event } from '../../src/events/event.entity.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { Registration } from '../../src/registration/registration.entity.js';
import { Browser } from '../support/browser.js';
import { badgeOf, checkInEvent, registerPerson, scan } from '../support/check-in.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

/**
 * `unpublish` then `DELETE /api/events/:id` once wiped a live event with its registrations, badges and check-ins, and
 * told nobody. Deleting is now for events nobody registered for (the database refuses the rest: registrations,
 * badges and check-ins are ON DELETE RESTRICT); the others are cancelled: closed for good, everyone told with a
 * METHOD:CANCEL for their calendar, nothing deleted.
 */
describe(`deleting and cancelling events, on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let db: Database;

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    auth = await apiLogin(t.app);
    db = t.app.get(Database);
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

  /** A published event with a confirmed, a checked-in and a waitlisted registration (one seat for enterprises). */
  async function liveEvent() {
    const { eventId } = await checkInEvent(t, {
      auth,
      categories: [
        { code: 'guest', name: '嘉宾' },
        { code: 'enterprise', name: '企业代表', capacity: 1 },
      ],
    });
    const guest = await registerPerson(t, eventId, {
      name: '王敏',
      category: 'guest',
      email: `wang.${eventId}@example.cn`,
    });
    const entered = await registerPerson(t, eventId, {
      name: '李华',
      category: 'enterprise',
      email: `li.${eventId}@example.cn`,
    });
    const waiting = await registerPerson(t, eventId, {
      name: '赵强',
      category: 'enterprise',
      email: `zhao.${eventId}@example.cn`,
    });
    expect([guest.status, entered.status, waiting.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    expect((await scan(t, eventId, auth, { code: await badgeOf(t, entered.id) })).body.result).toBe('ok');
    return { eventId, ids: [guest.id, entered.id, waiting.id] };
  }

  const history = async (eventId: number, ids: number[]) => ({
    registrations: await db.manager.countBy(Registration, { eventId }),
    badges: await db.manager.countBy(Badge, { registrationId: In(ids) }),
    checkIns: await db.manager.countBy(CheckIn, { eventId }),
  });

  it('deletes a draft nobody registered for', async () => {
    const created = await api('POST', '/api/events', twoDayEvent({ slug: 'never-registered' }));
    const id = created.json<{ id: number }>().id;
    expect((await api('DELETE', `/api/events/${id}`)).statusCode).toBeLessThan(300);
    expect(await db.manager.countBy(Event, { id })).toBe(0);
  });

  it('refuses to delete an event people registered for, even back in draft, and keeps everything', async () => {
    const { eventId, ids } = await liveEvent();
    const before = await history(eventId, ids);
    expect((await api('POST', `/api/events/${eventId}/unpublish`)).statusCode).toBe(200);
    const res = await api('DELETE', `/api/events/${eventId}`);
    expect({ status: res.statusCode, error: res.json<{ error: string }>().error }).toEqual({
      status: 409,
      error: 'event_has_registrations',
    });
    expect(await history(eventId, ids)).toEqual(before);
    expect(before).toEqual({ registrations: 3, badges: 2, checkIns: 1 });
  });

  it('has the database itself refuse to delete an event with registrations, whatever the code does', async () => {
    const { eventId } = await liveEvent();
    const refused = await db
      .transaction((em) => em.delete(Event, { id: eventId }))
      .then(
        () => 'deleted',
        (error: unknown) => (Database.isForeignKeyViolation(error) ? 'refused by a foreign key' : String(error)),
      );
    expect(refused).toBe('refused by a foreign key');
    expect(await db.manager.countBy(Event, { id: eventId })).toBe(1);
  });

  it('cancels an event: closed for good, registrations cancelled and told with a CANCEL invite, nothing deleted', async () => {
    const { eventId, ids } = await liveEvent();
    const before = await history(eventId, ids);
    const res = await api('POST', `/api/events/${eventId}/cancel`, { reason: '因故延期，另行通知。' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: eventId, status: 'closed', cancelledAt: expect.any(String), told: 3 });
    expect(await history(eventId, ids)).toEqual(before);
    const registrations = await db.manager.find(Registration, { where: { eventId }, order: { id: 'ASC' } });
    expect(registrations.map((r) => [r.status, r.decisionReason])).toEqual([
      ['cancelled', '因故延期，另行通知。'],
      ['cancelled', '因故延期，另行通知。'],
      ['cancelled', '因故延期，另行通知。'],
    ]);
    const badges = await db.manager.findBy(Badge, { registrationId: In(ids) });
    expect(badges.every((b) => b.revokedAt !== null)).toBe(true);

    const mails = await db.manager.find(OutboxMessage, {
      where: { eventId, kind: 'event_cancelled' },
      order: { registrationId: 'ASC' },
    });
    expect(mails.map((m) => [m.registrationId, m.calendarMethod])).toEqual([
      [ids[0], 'CANCEL'],
      [ids[1], 'CANCEL'],
      [ids[2], null], // waitlisted: no invite was ever sent
    ]);
    expect(mails[0].subject).toContain('活动取消');
    expect(mails[0].text).toContain('因故延期，另行通知。');
    const confirmation = await db.manager.findOneByOrFail(OutboxMessage, {
      registrationId: ids[0],
      kind: 'registration_confirmed',
    });
    const sent = new ICAL.Event(new ICAL.Component(ICAL.parse(confirmation.calendar!)).getFirstSubcomponent('vevent')!);
    const cancel = new ICAL.Component(ICAL.parse(mails[0].calendar!));
    const withdrawn = new ICAL.Event(cancel.getFirstSubcomponent('vevent')!);
    expect(cancel.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(withdrawn.uid).toBe(sent.uid);
    expect(withdrawn.sequence).toBeGreaterThan(sent.sequence);

    // Closed for good: no publishing, no reopening, no deleting; a scan says the badge is revoked.
    for (const [method, url] of [
      ['POST', `/api/events/${eventId}/publish`],
      ['POST', `/api/events/${eventId}/unpublish`],
      ['POST', `/api/events/${eventId}/cancel`],
    ] as const) {
      expect({ url, status: (await api(method, url)).statusCode }).toEqual({ url, status: 409 });
    }
    expect((await api('DELETE', `/api/events/${eventId}`)).statusCode).toBe(409);
    expect((await scan(t, eventId, auth, { code: badges[0].code })).body.result).toBe('revoked');
    const page = await t.app.inject({ method: 'GET', url: `/api/events/${eventId}` });
    expect(page.json<{ cancelledAt: string | null; status: string }>()).toMatchObject({ status: 'closed' });
    expect(page.json<{ cancelledAt: string | null }>().cancelledAt).not.toBeNull();
  });

  it('cancels from the console, and answers the console’s delete of such an event with a message, not an error', async () => {
    const { eventId } = await liveEvent();
    const b = new Browser(t.app);
    await b.get('/login');
    await b.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
    await api('POST', `/api/events/${eventId}/unpublish`);
    const deleted = await b.post(`/console/events/${eventId}/delete`, {});
    expect({ status: deleted.statusCode, location: deleted.headers.location }).toEqual({
      status: 303,
      location: `/console/events/${eventId}#cancel-event`,
    });
    const shown = await b.get(`/console/events/${eventId}`);
    expect(shown.body).toContain('已有人报名此活动，不能删除');
    expect(shown.body).toContain(`action="/console/events/${eventId}/cancel"`);
    const cancelled = await b.post(`/console/events/${eventId}/cancel`, { reason: '场地不可用' });
    expect(cancelled.statusCode).toBe(303);
    const after = await b.get(`/console/events/${eventId}`);
    expect(after.body).toContain('活动已取消，已通知 3 人。');
    expect(after.body).toContain('场地不可用');
    expect(after.body).not.toContain(`action="/console/events/${eventId}/cancel"`);
    const slug = (await api('GET', `/api/events/${eventId}`)).json<{ slug: string }>().slug;
    const publicPage = await t.app.inject({ method: 'GET', url: `/events/${slug}` });
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain('本活动已取消。');
  });
});
