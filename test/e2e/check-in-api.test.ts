import { generateEventKeyPair, privateKeyFrom, signBadge } from '../../src/badges/badge-token.js';
import { CheckIn } from '../../src/check-in/check-in.entity.js';
import { Database } from '../../src/database/database.service.js';
import { badgeOf, checkInEvent, registerPerson, scan, staffLogin, type Auth } from '../support/check-in.js';
import { aCategory, anEvent, shanghaiMorning } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe(`check-in API on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: Auth;
  let eventId: number;
  let otherEventId: number;
  let wang: { id: number; code: string };
  let li: { id: number; code: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    ({ eventId, auth } = await checkInEvent(t));
    ({ eventId: otherEventId } = await checkInEvent(t, { auth }));
    const a = await registerPerson(t, eventId, { name: '王敏', category: 'enterprise', phone: '+86 138 1234 5678' });
    const b = await registerPerson(t, eventId, { name: '李华', category: 'guest', organisation: '西部转化中心' });
    wang = { id: a.id, code: await badgeOf(t, a.id) };
    li = { id: b.id, code: await badgeOf(t, b.id) };
  });
  afterAll(() => t.close());

  it('checks a confirmed badge in at the entrance and names the person', async () => {
    const res = await scan(t, eventId, auth, { code: wang.code, deviceId: 'gate-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      result: 'ok',
      attendee: {
        registrationId: wang.id,
        name: '王敏',
        organisation: '四川恒麓电气科技有限公司',
        category: { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise', colour: '#1d4f91' },
      },
    });
    expect(res.body.firstCheckIn).toBeUndefined();
  });

  it('answers already_checked_in with the first time and device when the badge comes again', async () => {
    const res = await scan(t, eventId, auth, { code: wang.code, deviceId: 'gate-2' });
    expect(res.body.result).toBe('already_checked_in');
    const first = res.body.firstCheckIn as { at: string; deviceId: string; deviceName: string };
    expect(first.deviceId).toBe('gate-1');
    expect(first.deviceName).toBe('Administrator');
    expect(Date.now() - new Date(first.at).getTime()).toBeLessThan(60_000);
  });

  it('answers the first answer again for a repeated nonce, and records one scan', async () => {
    const nonce = 'retry-0000-0001';
    const first = await scan(t, eventId, auth, { code: li.code, nonce });
    const again = await scan(t, eventId, auth, { code: li.code, nonce });
    expect(first.body.result).toBe('ok');
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const rows = await t.app.get(Database).manager.countBy(CheckIn, { eventId, nonce });
    expect(rows).toBe(1);
  });

  it('refuses forged, altered, other-event and unreadable codes as unknown', async () => {
    const forger = generateEventKeyPair();
    const forged = signBadge({ eventId, registrationId: wang.id, serial: 1 }, privateKeyFrom(forger.privateKey));
    const i = 20;
    const altered = wang.code.slice(0, i) + (wang.code[i] === 'A' ? 'B' : 'A') + wang.code.slice(i + 1);
    const other = await registerPerson(t, otherEventId, { name: '赵强', category: 'enterprise' });
    const otherCode = await badgeOf(t, other.id);
    for (const code of [forged, altered, otherCode, 'hello', wang.code.toLowerCase(), `${wang.code}A`]) {
      const res = await scan(t, eventId, auth, { code });
      expect([code, res.status, res.body]).toEqual([code, 200, { result: 'unknown', listId: expect.any(Number) }]);
    }
  });

  it('refuses the old badge of a cancelled registration and of a replaced badge as revoked', async () => {
    const gone = await registerPerson(t, eventId, { name: '孙丽', category: 'enterprise' });
    const goneCode = await badgeOf(t, gone.id);
    await t.app.inject({ method: 'POST', url: `/api/registrations/${gone.id}/cancel`, headers: auth, payload: {} });
    expect((await scan(t, eventId, auth, { code: goneCode })).body.result).toBe('revoked');

    const moved = await registerPerson(t, eventId, { name: '周杰', category: 'enterprise' });
    const oldCode = await badgeOf(t, moved.id);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/registrations/${moved.id}`,
      headers: auth,
      payload: { category: 'guest' },
    });
    expect(patch.statusCode).toBe(200);
    const newCode = await badgeOf(t, moved.id);
    expect(newCode).not.toBe(oldCode);
    expect((await scan(t, eventId, auth, { code: oldCode })).body).toMatchObject({
      result: 'revoked',
      attendee: { name: '周杰' },
    });
    expect((await scan(t, eventId, auth, { code: newCode })).body).toMatchObject({
      result: 'ok',
      attendee: { category: { code: 'guest' } },
    });
  });

  it('answers not_confirmed for pending and waitlisted people found by manual look-up', async () => {
    const pending = await registerPerson(t, eventId, { name: '钱多多', category: 'media', organisation: '四川日报' });
    expect(pending.status).toBe('pending');
    const lookup = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/checkins/lookup?q=${encodeURIComponent('四川日报')}`,
      headers: auth,
    });
    const people = lookup.json<{ people: { registrationId: number; status: string }[] }>().people;
    expect(people.map((p) => [p.registrationId, p.status])).toEqual([[pending.id, 'pending']]);
    expect((await scan(t, eventId, auth, { registrationId: pending.id })).body.result).toBe('not_confirmed');

    const { eventId: small } = await checkInEvent(t, {
      auth,
      categories: [{ code: 'enterprise', name: '企业', capacity: 1 }],
    });
    await registerPerson(t, small, { name: '甲', category: 'enterprise' });
    const waiting = await registerPerson(t, small, { name: '乙', category: 'enterprise' });
    expect(waiting.status).toBe('waitlisted');
    expect((await scan(t, small, auth, { registrationId: waiting.id })).body.result).toBe('not_confirmed');
  });

  it('finds people without their badge by name, phone or organisation, and checks them in by hand', async () => {
    const find = async (q: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/events/${eventId}/checkins/lookup?q=${encodeURIComponent(q)}`,
          headers: auth,
        })
      )
        .json<{ people: { name: string; phoneEnd: string | null; checkedInAt: string | null }[] }>()
        .people.map((p) => p.name);
    expect(await find('王')).toEqual(['王敏']);
    expect(await find('13812345678')).toEqual(['王敏']);
    expect(await find('138-1234')).toEqual(['王敏']);
    expect(await find('西部转化')).toEqual(['李华']);
    expect(await find('%')).toEqual([]);
    const manual = await registerPerson(t, eventId, { name: '忘带胸牌', category: 'enterprise' });
    expect((await scan(t, eventId, auth, { registrationId: manual.id })).body.result).toBe('ok');
    expect((await scan(t, eventId, auth, { registrationId: manual.id })).body.result).toBe('already_checked_in');
  });

  it('admits only the categories of a list, and lets people in again where re-entry is allowed', async () => {
    const hall = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/checkin-lists`,
      headers: auth,
      payload: { name: '签约厅', nameEn: 'Signing hall', kind: 'zone', categories: ['guest'] },
    });
    expect(hall.statusCode).toBe(201);
    const hallId = hall.json<{ id: number }>().id;
    expect((await scan(t, eventId, auth, { code: wang.code, listId: hallId })).body.result).toBe('not_on_list');
    expect((await scan(t, eventId, auth, { code: li.code, listId: hallId })).body.result).toBe('ok');
    expect((await scan(t, eventId, auth, { code: li.code, listId: hallId })).body.result).toBe('already_checked_in');

    const lounge = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/checkin-lists`,
      headers: auth,
      payload: { name: '贵宾室', kind: 'zone', allowReentry: true },
    });
    const loungeId = lounge.json<{ id: number }>().id;
    const first = await scan(t, eventId, auth, { code: wang.code, listId: loungeId });
    const second = await scan(t, eventId, auth, { code: wang.code, listId: loungeId });
    expect([first.body.result, second.body.result]).toEqual(['ok', 'ok']);
    expect(second.body.firstCheckIn).toMatchObject({ listId: loungeId });

    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/checkin-lists`,
      headers: auth,
      payload: { name: 'x', kind: 'zone', categories: ['nobody'] },
    });
    expect(bad.statusCode).toBe(400);
    const elsewhere = await scan(t, otherEventId, auth, { code: wang.code, listId: hallId });
    expect(elsewhere.status).toBe(404);
  });

  it('lets staff scan only at the events they are assigned to', async () => {
    const staff = await staffLogin(t, 'gate@example.cn', [eventId]);
    const person = await registerPerson(t, eventId, { name: '员工扫码', category: 'enterprise' });
    expect((await scan(t, eventId, staff, { code: await badgeOf(t, person.id) })).body.result).toBe('ok');
    const refused = await scan(t, otherEventId, staff, { code: 'DJ' });
    expect(refused.status).toBe(403);
    const nobody = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/checkins`,
      payload: { code: wang.code },
    });
    expect(nobody.statusCode).toBe(401);
    const createList = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/checkin-lists`,
      headers: staff,
      payload: { name: 'x', kind: 'zone' },
    });
    expect(createList.statusCode).toBe(403);
  });

  it('pairs a device once for one list, and stops it when revoked', async () => {
    const lists = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/checkin-lists`, headers: auth })
    ).json<{ id: number; kind: string }[]>();
    const entrance = lists.find((l) => l.kind === 'entrance')!;
    const other = lists.find((l) => l.kind !== 'entrance')!;
    const issued = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/checkin-devices`,
      headers: auth,
      payload: { name: '东门 1 号机', listId: entrance.id },
    });
    expect(issued.statusCode).toBe(201);
    const { id, pairingToken, pairingUrl } = issued.json<{ id: number; pairingToken: string; pairingUrl: string }>();
    expect(pairingUrl).toBe(`${t.config.appUrl}/staff/pair/${pairingToken}`);
    const pair = () => t.app.inject({ method: 'POST', url: '/api/devices/pair', payload: { token: pairingToken } });
    const paired = await pair();
    expect(paired.statusCode).toBe(200);
    expect((await pair()).statusCode).toBe(404);
    const device = { authorization: `Bearer ${paired.json<{ deviceToken: string }>().deviceToken}` };

    const person = await registerPerson(t, eventId, { name: '设备扫码', category: 'enterprise' });
    const code = await badgeOf(t, person.id);
    const ok = await scan(t, eventId, device, { code });
    expect(ok.body).toMatchObject({ result: 'ok', listId: entrance.id });
    expect((await scan(t, eventId, device, { code, listId: other.id })).status).toBe(403);
    expect((await scan(t, otherEventId, device, { code })).status).toBe(403);
    const data = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/checkins/offline-data`,
      headers: device,
    });
    expect(data.json<{ list: { id: number } }>().list.id).toBe(entrance.id);

    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/checkin-devices/${id}/revoke`,
      headers: auth,
    });
    expect(revoked.statusCode).toBe(200);
    expect((await scan(t, eventId, device, { code })).status).toBe(401);
  });

  it('keeps both offline scans of one badge from two devices and flags the second for the organiser', async () => {
    // An event under way, so that the scans' times (the last minutes) lie within its days.
    const underWay = await anEvent(t, { startsAt: shanghaiMorning(-1), endsAt: shanghaiMorning(1, 17) });
    await aCategory(t, underWay.id, { code: 'enterprise', name: '企业代表' });
    const person = await registerPerson(t, underWay.id, { name: '离线双扫', category: 'enterprise' });
    const code = await badgeOf(t, person.id);
    const upload = (deviceId: string, nonce: string, at: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/events/${underWay.id}/checkins/sync`,
        headers: auth,
        payload: { scans: [{ code, deviceId, nonce, scannedAt: at, localResult: 'ok' }] },
      });
    const a = await upload('phone-a', 'offline-a-000001', new Date(Date.now() - 120_000).toISOString());
    const b = await upload('phone-b', 'offline-b-000001', new Date(Date.now() - 60_000).toISOString());
    expect(a.json<{ answers: unknown[] }>().answers).toEqual([expect.objectContaining({ result: 'ok' })]);
    expect(b.json<{ answers: unknown[] }>().answers).toEqual([
      expect.objectContaining({
        result: 'already_checked_in',
        flagged: true,
        firstCheckIn: expect.objectContaining({ deviceId: 'phone-a' }),
      }),
    ]);
    // A retry of the same upload changes nothing.
    await upload('phone-b', 'offline-b-000001', new Date(Date.now() - 60_000).toISOString());
    const rows = await t.app.get(Database).manager.find(CheckIn, {
      where: { registrationId: person.id },
      order: { id: 'ASC' },
    });
    expect(rows.map((r) => [r.deviceId, r.source, r.localResult, r.result, r.flagged])).toEqual([
      ['phone-a', 'offline', 'ok', 'ok', false],
      ['phone-b', 'offline', 'ok', 'already_checked_in', true],
    ]);
    const arrivals = await t.app.inject({ method: 'GET', url: `/api/events/${underWay.id}/arrivals`, headers: auth });
    const flagged = arrivals.json<{ flagged: { name: string; deviceName: string }[] }>().flagged;
    expect(flagged.map((f) => f.name)).toContain('离线双扫');
  });

  it('refuses a scan with neither or both of code and registrationId, and bad nonces', async () => {
    for (const payload of [{}, { code: wang.code, registrationId: wang.id }, { code: wang.code, nonce: 'x' }]) {
      const res = await scan(t, eventId, auth, payload);
      expect(res.status).toBe(400);
    }
  });
});
