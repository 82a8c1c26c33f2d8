import { User } from '../../src/accounts/user.entity.js';
import { generateEventKeyPair, privateKeyFrom, signBadge } from '../../src/badges/badge-token.js';
import type { CheckInResult } from '../../src/check-in/check-in-result.js';
import { ArrivalsService } from '../../src/check-in/arrivals.service.js';
import { CheckIn } from '../../src/check-in/check-in.entity.js';
import { CheckInService, type ScanActor, type ScanInput } from '../../src/check-in/check-in.service.js';
import { Database } from '../../src/database/database.service.js';
import type { Event } from '../../src/events/event.entity.js';
import { RegistrationsService } from '../../src/registration/registrations.service.js';
import {
  aCategory,
  aCheckInList,
  anEvent,
  aRegistration,
  aSession,
  badgeCode,
  shanghaiMorning,
  theEntrance,
} from '../support/factories.js';
import { ADMIN, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Check-in decisions, made by CheckInService.perform on the real database (no HTTP in between): one case per reason
 * code a scanner switches on, then the nonce's idempotency.
 */
describe(`check-in decisions on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let checkIns: CheckInService;
  let db: Database;
  let event: Event;
  let actor: ScanActor;

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    checkIns = t.app.get(CheckInService);
    db = t.app.get(Database);
    const admin = await db.manager.findOneByOrFail(User, { email: ADMIN.email });
    actor = { kind: 'user', userId: admin.id, name: '入口工作人员', role: 'organiser' };
    // Under way (it started yesterday and ends tomorrow), so that scan times of the last minutes lie within its days.
    event = await anEvent(t, { startsAt: shanghaiMorning(-1), endsAt: shanghaiMorning(1, 17) });
    await aCategory(t, event.id, { code: 'guest', name: '特邀嘉宾', colour: '#b3261e' });
    await aCategory(t, event.id, { code: 'enterprise', name: '企业代表' });
    await aCategory(t, event.id, { code: 'one-seat', name: '限额类别', capacity: 1 });
    await aCategory(t, event.id, { code: 'media', name: '新闻媒体', approval: 'review' });
  });
  afterAll(() => t.close());

  type Scan = Omit<ScanInput, 'eventId' | 'source'> & Partial<Pick<ScanInput, 'eventId' | 'source'>>;
  const scan = (input: Scan) => checkIns.perform({ eventId: event.id, source: 'api', ...input }, actor);
  const confirmed = async (category = 'guest') => {
    const registration = await aRegistration(t, event.id, { category });
    expect(registration.status).toBe('confirmed');
    return { registration, code: await badgeCode(t, registration.id) };
  };
  /** Whole seconds, so the time read back compares equal on both databases. */
  const minutesAgo = (minutes: number) => new Date(Math.floor((Date.now() - minutes * 60_000) / 1000) * 1000);

  type Case = {
    name: string;
    result: CheckInResult;
    /** Makes the records and answers the scan to decide, and what else the answer must hold. */
    arrange: () => Promise<{ scan: Scan; expected?: object }>;
  };
  const cases: Case[] = [
    {
      name: 'a confirmed registration’s badge at the entrance, first time',
      result: 'ok',
      arrange: async () => {
        const { registration, code } = await confirmed();
        return {
          scan: { code, deviceId: 'gate-1' },
          expected: {
            checkInId: expect.any(Number),
            attendee: expect.objectContaining({
              registrationId: registration.id,
              name: registration.name,
              category: expect.objectContaining({ code: 'guest', name: '特邀嘉宾', colour: '#b3261e' }),
            }),
          },
        };
      },
    },
    {
      name: 'the same badge again, with the first time and device',
      result: 'already_checked_in',
      arrange: async () => {
        const { code } = await confirmed();
        const at = minutesAgo(7);
        const first = await scan({ code, deviceId: 'gate-1', scannedAt: at });
        expect(first.result).toBe('ok');
        return {
          scan: { code, deviceId: 'gate-2' },
          expected: {
            firstCheckIn: {
              at: at.toISOString(),
              deviceId: 'gate-1',
              deviceName: '入口工作人员',
              listId: first.listId,
            },
          },
        };
      },
    },
    {
      name: 'a confirmed enterprise badge on a list that admits guests only',
      result: 'not_on_list',
      arrange: async () => {
        const { registration, code } = await confirmed('enterprise');
        const list = await aCheckInList(t, event.id, { name: '贵宾厅', categories: ['guest'] });
        return {
          scan: { code, listId: list.id },
          expected: { listId: list.id, attendee: expect.objectContaining({ registrationId: registration.id }) },
        };
      },
    },
    {
      name: 'the badge of a cancelled registration',
      result: 'revoked',
      arrange: async () => {
        const { registration, code } = await confirmed();
        await t.app.get(RegistrationsService).cancel(registration.id);
        return { scan: { code } };
      },
    },
    {
      name: 'a cancelled registration found by manual look-up',
      result: 'revoked',
      arrange: async () => {
        const { registration } = await confirmed();
        await t.app.get(RegistrationsService).cancel(registration.id);
        return { scan: { registrationId: registration.id, source: 'manual' } };
      },
    },
    {
      name: 'a genuine badge of another event',
      result: 'unknown',
      arrange: async () => {
        const other = await anEvent(t, { title: '另一场活动' });
        await aCategory(t, other.id, { code: 'guest', name: '嘉宾' });
        const registration = await aRegistration(t, other.id, { category: 'guest' });
        return { scan: { code: await badgeCode(t, registration.id) } };
      },
    },
    {
      name: 'a code with this event’s claims signed by another key (forged)',
      result: 'unknown',
      arrange: async () => {
        const { registration } = await confirmed();
        const forger = privateKeyFrom(generateEventKeyPair().privateKey);
        return {
          scan: { code: signBadge({ eventId: event.id, registrationId: registration.id, serial: 1 }, forger) },
        };
      },
    },
    {
      name: 'a genuine code with one character altered',
      result: 'unknown',
      arrange: async () => {
        const { code } = await confirmed();
        const i = 40;
        return { scan: { code: code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1) } };
      },
    },
    {
      name: 'a waitlisted registration (its category is full)',
      result: 'not_confirmed',
      arrange: async () => {
        await aRegistration(t, event.id, { category: 'one-seat' });
        const waiting = await aRegistration(t, event.id, { category: 'one-seat' });
        expect(waiting.status).toBe('waitlisted');
        return { scan: { registrationId: waiting.id } };
      },
    },
    {
      name: 'a registration still in review',
      result: 'not_confirmed',
      arrange: async () => {
        const pending = await aRegistration(t, event.id, { category: 'media' });
        expect(pending.status).toBe('pending');
        return { scan: { registrationId: pending.id } };
      },
    },
    {
      name: 'a second entry on a list that allows re-entry, with the first time',
      result: 'ok',
      arrange: async () => {
        const { code } = await confirmed();
        const list = await aCheckInList(t, event.id, { name: '展区', kind: 'zone', allowReentry: true });
        const at = minutesAgo(30);
        const first = await scan({ code, listId: list.id, deviceId: 'zone-door', scannedAt: at });
        expect(first.result).toBe('ok');
        return {
          scan: { code, listId: list.id, deviceId: 'zone-door' },
          expected: {
            listId: list.id,
            checkInId: expect.any(Number),
            firstCheckIn: { at: at.toISOString(), deviceId: 'zone-door', deviceName: '入口工作人员', listId: list.id },
          },
        };
      },
    },
  ];

  it.each(cases)('$result: $name', async ({ result, arrange }) => {
    const { scan: input, expected } = await arrange();
    const answer = await scan(input);
    expect(answer).toEqual(expect.objectContaining({ result, ...expected }));
    if (result !== 'ok') expect(answer.checkInId).toBeUndefined();
    if (result === 'unknown') expect(answer.attendee).toBeUndefined();
    // Every decision, admitted or refused, leaves one row with its answer.
    const row = await db.manager.findOneOrFail(CheckIn, { where: { eventId: event.id }, order: { id: 'DESC' } });
    expect(row.result).toBe(result);
  });

  it('keeps a check-in on one list from counting on another (entrance, then a session’s door)', async () => {
    const { code } = await confirmed();
    const session = await aSession(t, event, { kind: 'roadshow', title: '项目路演' });
    const zone = await aCheckInList(t, event.id, { name: '路演厅', kind: 'session', sessionId: session.id });
    expect(zone.sessionId).toBe(session.id);
    expect((await scan({ code })).result).toBe('ok');
    expect((await scan({ code, listId: zone.id })).result).toBe('ok');
    expect((await scan({ code, listId: zone.id })).result).toBe('already_checked_in');
    expect((await scan({ code })).listId).toBe((await theEntrance(t, event.id)).id);
  });

  describe('the nonce', () => {
    it('answers a repeated ok with the same answer and check-in, and records it once', async () => {
      const { registration, code } = await confirmed();
      const nonce = `nonce-ok-${registration.id}`;
      const first = await scan({ code, nonce, deviceId: 'gate-3' });
      const again = await scan({ code, nonce, deviceId: 'gate-3' });
      expect(first).toEqual(expect.objectContaining({ result: 'ok', checkInId: expect.any(Number) }));
      expect(first.replayed).toBeUndefined();
      expect(again).toEqual({ ...first, replayed: true });
      expect(await db.manager.countBy(CheckIn, { registrationId: registration.id })).toBe(1);
    });

    it('answers the first answer even when the registration changed in between', async () => {
      const { registration, code } = await confirmed();
      const nonce = `nonce-cancel-${registration.id}`;
      const first = await scan({ code, nonce });
      await t.app.get(RegistrationsService).cancel(registration.id);
      const again = await scan({ code, nonce });
      expect(again).toEqual({ ...first, replayed: true });
      // A new scan (another nonce) sees the cancellation.
      expect((await scan({ code, nonce: `${nonce}-new` })).result).toBe('revoked');
    });

    it('replays a refusal too, and answers concurrent repeats of one nonce alike', async () => {
      const forged = signBadge(
        { eventId: event.id, registrationId: 999_999, serial: 1 },
        privateKeyFrom(generateEventKeyPair().privateKey),
      );
      const refused = await scan({ code: forged, nonce: 'nonce-forged-0001' });
      expect(refused.result).toBe('unknown');
      expect(await scan({ code: forged, nonce: 'nonce-forged-0001' })).toEqual({ ...refused, replayed: true });

      const { registration, code } = await confirmed();
      const nonce = `nonce-burst-${registration.id}`;
      const answers = await Promise.all(Array.from({ length: 8 }, () => scan({ code, nonce })));
      expect(new Set(answers.map((a) => a.result))).toEqual(new Set(['ok']));
      expect(new Set(answers.map((a) => a.checkInId)).size).toBe(1);
      expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
      expect(await db.manager.countBy(CheckIn, { registrationId: registration.id })).toBe(1);
    });

    it('is scoped to the device: another device reusing a nonce gets its own decision, never the first one’s', async () => {
      const a = await confirmed();
      const b = await confirmed();
      const nonce = `nonce-device-${a.registration.id}`;
      const first = await scan({ code: a.code, nonce, deviceId: 'gate-a' });
      expect(first.attendee?.registrationId).toBe(a.registration.id);
      const otherPhone = await scan({ code: b.code, nonce, deviceId: 'gate-b' });
      expect(otherPhone).toEqual(expect.objectContaining({ result: 'ok' }));
      expect(otherPhone.replayed).toBeUndefined();
      expect(otherPhone.attendee?.registrationId).toBe(b.registration.id);
      const entrance = await theEntrance(t, event.id);
      const paired: ScanActor = {
        kind: 'device',
        deviceId: 4242,
        name: '东门 1 号机',
        eventId: event.id,
        listId: entrance.id,
      };
      const onDevice = await checkIns.perform({ eventId: event.id, source: 'api', code: a.code, nonce }, paired);
      expect(onDevice).toEqual(expect.objectContaining({ result: 'already_checked_in' }));
      expect(onDevice.replayed).toBeUndefined();
      // The same device repeating its nonce still gets its own first answer.
      expect(await scan({ code: b.code, nonce, deviceId: 'gate-a' })).toEqual({ ...first, replayed: true });
      expect(await db.manager.countBy(CheckIn, { eventId: event.id, nonce })).toBe(3);
    });

    it('is scoped to the event: the same nonce at another event is a new scan', async () => {
      const other = await anEvent(t, { title: '第三场活动' });
      await aCategory(t, other.id, { code: 'guest', name: '嘉宾' });
      const guest = await aRegistration(t, other.id, { category: 'guest' });
      const { registration, code } = await confirmed();
      const nonce = `nonce-shared-${registration.id}`;
      expect((await scan({ code, nonce })).result).toBe('ok');
      const elsewhere = await scan({ eventId: other.id, code: await badgeCode(t, guest.id), nonce });
      expect(elsewhere).toEqual(expect.objectContaining({ result: 'ok' }));
      expect(elsewhere.replayed).toBeUndefined();
      expect(elsewhere.attendee?.registrationId).toBe(guest.id);
    });
  });

  describe('the time a device gives', () => {
    const latest = () => db.manager.findOneOrFail(CheckIn, { where: { eventId: event.id }, order: { id: 'DESC' } });

    it('keeps a time within the event’s days', async () => {
      const { code } = await confirmed();
      const at = minutesAgo(30);
      await scan({
        code,
        source: 'offline',
        nonce: `nonce-time-in-${code.slice(-8)}`,
        scannedAt: at,
        localResult: 'ok',
      });
      const row = await latest();
      expect({ at: row.scannedAt.toISOString(), claimed: row.claimedAt, flagged: row.flagged }).toEqual({
        at: at.toISOString(),
        claimed: null,
        flagged: false,
      });
    });

    it.each([
      ['1970', new Date(0)],
      ['the week before the event', minutesAgo(7 * 24 * 60)],
      ['an hour ahead of the server', minutesAgo(-60)],
    ])(
      'records an offline scan made in %s at its upload time, flagged, with the device’s time kept',
      async (_, claimed) => {
        const { code } = await confirmed();
        const before = Date.now();
        const answer = await scan({
          code,
          source: 'offline',
          nonce: `nonce-time-${claimed.getTime()}`,
          scannedAt: claimed,
          localResult: 'ok',
        });
        expect(answer).toEqual(expect.objectContaining({ result: 'ok', flagged: true, flags: ['time_outside_event'] }));
        const row = await latest();
        expect(row.scannedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
        expect(row.claimedAt?.toISOString()).toBe(claimed.toISOString());
        expect(row.flagged).toBe(true);
        const arrivals = await t.app.get(ArrivalsService).arrivals(event.id);
        expect(arrivals.flagged.find((f) => f.id === row.id)?.flags).toEqual(['time_outside_event']);
      },
    );

    it('does not believe an online scan’s 1970 either, but does not flag it: the server’s time is the scan’s', async () => {
      const { code } = await confirmed();
      const answer = await scan({ code, scannedAt: new Date(0) });
      expect(answer.flagged).toBeUndefined();
      const row = await latest();
      expect({
        claimed: row.claimedAt?.getTime(),
        flagged: row.flagged,
        recent: Date.now() - row.scannedAt.getTime() < 60_000,
      }).toEqual({
        claimed: 0,
        flagged: false,
        recent: true,
      });
    });
  });
});
