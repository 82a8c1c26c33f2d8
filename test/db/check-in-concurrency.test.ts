import { CheckIn } from '../../src/check-in/check-in.entity.js';
import { Database } from '../../src/database/database.service.js';
import { badgeOf, checkInEvent, registerPerson, type Auth } from '../support/check-in.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe(`simultaneous scans on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: Auth;
  let eventId: number;

  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { MAIL_WORKER: 'false' } });
    ({ eventId, auth } = await checkInEvent(t));
  });
  afterAll(() => t.close());

  const post = async (payload: Record<string, unknown>) => {
    const res = await fetch(`${t.baseUrl}/api/events/${eventId}/checkins`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return { status: res.status, body: (await res.json()) as { result: string; checkInId?: number } };
  };

  it('gives one ok and nineteen already_checked_in to 20 devices scanning one badge at the same moment', async () => {
    const person = await registerPerson(t, eventId, { name: '同时扫码', category: 'enterprise' });
    const code = await badgeOf(t, person.id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post({ code, deviceId: `phone-${i}`, nonce: `simultaneous-${i}-0000` })),
    );
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const tally = answers.reduce<Record<string, number>>(
      (acc, a) => ({ ...acc, [a.body.result]: (acc[a.body.result] ?? 0) + 1 }),
      {},
    );
    expect(tally).toEqual({ ok: 1, already_checked_in: 19 });
    const rows = await t.app.get(Database).manager.findBy(CheckIn, { registrationId: person.id });
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.firstOf !== null)).toHaveLength(1);
  });

  it('answers 20 simultaneous retries of one nonce with the same single check-in', async () => {
    const person = await registerPerson(t, eventId, { name: '重试扫码', category: 'enterprise' });
    const code = await badgeOf(t, person.id);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post({ code, nonce: 'one-nonce-retried-20' })));
    expect(new Set(answers.map((a) => `${a.status} ${a.body.result} ${a.body.checkInId}`)).size).toBe(1);
    expect(answers[0].body.result).toBe('ok');
    expect(await t.app.get(Database).manager.countBy(CheckIn, { registrationId: person.id })).toBe(1);
  });
});
