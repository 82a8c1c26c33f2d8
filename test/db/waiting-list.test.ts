import { Database } from '../../src/database/database.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { AttendeeCategory } from '../../src/registration/attendee-category.entity.js';
import { RegistrationSettings } from '../../src/registration/registration-settings.entity.js';
import { Registration } from '../../src/registration/registration.entity.js';
import { RegistrationsService } from '../../src/registration/registrations.service.js';
import { aCategory, anEvent } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Waiting-list promotion, run against RegistrationsService and the real database (no HTTP in between). */
describe(`the waiting list on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let registrations: RegistrationsService;
  let db: Database;
  let eventId: number;

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    registrations = t.app.get(RegistrationsService);
    db = t.app.get(Database);
    eventId = (
      await anEvent(t, {
        slug: 'waiting-list',
        startsAt: '2027-06-01T09:00:00+08:00',
        endsAt: '2027-06-01T17:00:00+08:00',
      })
    ).id;
    await aCategory(t, eventId, { code: 'enterprise', name: '企业代表', capacity: 2 });
    await aCategory(t, eventId, { code: 'university', name: '高校院所' });
    await registrations.updateSettings(eventId, { capacity: 3 });
  });
  afterAll(() => t.close());

  const register = (key: string, category: string) =>
    registrations.register(
      eventId,
      { name: key, email: `${key}@example.cn`, organisation: '成都企业', category, consent: true },
      'api',
    );
  const statuses = async () =>
    Object.fromEntries(
      (await db.manager.find(Registration, { where: { eventId }, order: { id: 'ASC' } })).map((r) => [
        r.name,
        r.status,
      ]),
    );
  const seats = async () => ({
    event: (await db.manager.findOneByOrFail(RegistrationSettings, { eventId })).confirmedCount,
    ...Object.fromEntries(
      (await db.manager.findBy(AttendeeCategory, { eventId })).map((c) => [c.code, c.confirmedCount]),
    ),
  });
  const promotedMails = () => db.manager.countBy(OutboxMessage, { eventId, kind: 'registration_promoted' });

  it('waitlists by category and by event, and promotes the first who fits when a seat is cancelled', async () => {
    for (const [key, category] of [
      ['a1', 'enterprise'],
      ['a2', 'enterprise'],
      ['a3', 'enterprise'],
      ['u1', 'university'],
      ['u2', 'university'],
    ])
      await register(key, category);
    expect(await statuses()).toEqual({
      a1: 'confirmed',
      a2: 'confirmed',
      a3: 'waitlisted', // the category is full
      u1: 'confirmed',
      u2: 'waitlisted', // the event is full
    });
    expect(await seats()).toEqual({ event: 3, enterprise: 2, university: 1 });

    const a1 = await db.manager.findOneByOrFail(Registration, { eventId, name: 'a1' });
    await registrations.cancel(a1.id);
    // The freed seat is an enterprise seat and an event seat: a3 waited longest and fits; u2 still does not.
    expect(await statuses()).toEqual({
      a1: 'cancelled',
      a2: 'confirmed',
      a3: 'confirmed',
      u1: 'confirmed',
      u2: 'waitlisted',
    });
    expect(await seats()).toEqual({ event: 3, enterprise: 2, university: 1 });
    expect(await promotedMails()).toBe(1);
  });

  it('promotes when the event’s capacity is raised, and when a category’s is', async () => {
    await register('a4', 'enterprise');
    await registrations.updateSettings(eventId, { capacity: 10 });
    // u2 fits now; a4 still waits for an enterprise seat.
    expect(await statuses()).toEqual(expect.objectContaining({ u2: 'confirmed', a4: 'waitlisted' }));
    expect(await seats()).toEqual({ event: 4, enterprise: 2, university: 2 });

    const enterprise = await db.manager.findOneByOrFail(AttendeeCategory, { eventId, code: 'enterprise' });
    await registrations.updateCategory(eventId, enterprise.id, { capacity: 3 });
    expect(await statuses()).toEqual(expect.objectContaining({ a4: 'confirmed' }));
    expect(await seats()).toEqual({ event: 5, enterprise: 3, university: 2 });
    expect(await promotedMails()).toBe(3);
    // Every promoted person holds a badge-bearing confirmation: the counters match the confirmed registrations.
    expect(await db.manager.countBy(Registration, { eventId, status: 'confirmed' })).toBe(5);
  });
});
