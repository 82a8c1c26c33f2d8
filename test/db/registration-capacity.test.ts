import { Database } from '../../src/database/database.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { AttendeeCategory } from '../../src/registration/attendee-category.entity.js';
import { RegistrationSettings } from '../../src/registration/registration-settings.entity.js';
import { aCategory, anEvent } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe(`capacity under concurrent registrations on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { MAIL_WORKER: 'false', RATE_LIMIT_SCALE: '10' } });
  });
  afterAll(() => t.close());

  it('confirms exactly 10 and waitlists 190 of 200 simultaneous registrations for 10 free seats, with no error', async () => {
    const event = await anEvent(t, { startsAt: '2027-05-05T09:00:00+08:00', endsAt: '2027-05-05T17:00:00+08:00' });
    await aCategory(t, event.id, { code: 'enterprise', name: '企业', capacity: 15 });
    await aCategory(t, event.id, { code: 'media', name: '媒体', capacity: 50 });
    const body = (i: number, category = 'enterprise') => ({
      name: `并发${i}`,
      email: `load${i}@example.cn`,
      organisation: `企业${i % 7}`,
      category,
      consent: true,
    });
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${t.baseUrl}/api/events/${event.id}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body(1000 + i)),
      });
      expect(res.status).toBe(201);
    }

    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const res = await fetch(`${t.baseUrl}/api/events/${event.id}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body(i)),
        });
        return { status: res.status, body: (await res.json()) as { status: string } };
      }),
    );
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const tally = results.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [r.body.status]: (acc[r.body.status] ?? 0) + 1 }),
      {},
    );
    expect(tally).toEqual({ confirmed: 10, waitlisted: 190 });

    const db = t.app.get(Database);
    const category = await db.manager.findOneByOrFail(AttendeeCategory, { eventId: event.id, code: 'enterprise' });
    expect(category.confirmedCount).toBe(15);
    const settings = await db.manager.findOneByOrFail(RegistrationSettings, { eventId: event.id });
    expect(settings.confirmedCount).toBe(15);
    // Every registration caused exactly one email, written in its own transaction.
    expect(await db.manager.countBy(OutboxMessage, { eventId: event.id })).toBe(205);

    // The other category still has its seats.
    const media = await fetch(`${t.baseUrl}/api/events/${event.id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(5000, 'media')),
    });
    expect(((await media.json()) as { status: string }).status).toBe('confirmed');
  });
});
