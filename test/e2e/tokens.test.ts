import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AuthToken } from '../../src/accounts/auth-token.entity.js';
import { Invitation } from '../../src/accounts/invitation.entity.js';
import { CheckInDevice } from '../../src/check-in/check-in-device.entity.js';
import { Database } from '../../src/database/database.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { OutboxService } from '../../src/mail/outbox.service.js';
import { Browser } from '../support/browser.js';
import { checkInEvent, registerPerson, type Auth } from '../support/check-in.js';
import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const SRC = join(import.meta.dirname, '..', '..', 'src');

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) yield path;
  }
}

/**
 * The secrets in URLs and headers — personal links (page, badge, calendar feed), pairing codes, device tokens,
 * sessions, invitations — are unguessable, revocable, and never compared byte by byte with `===`.
 */
describe(`tokens on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: Auth;
  let eventId: number;
  let db: Database;

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    ({ eventId, auth } = await checkInEvent(t));
    db = t.app.get(Database);
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload?: object, headers: Record<string, string> = auth) =>
    t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const linkOf = async (id: number) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations`,
      payload: {
        name: `参会者${id}`,
        email: `link-${id}@tokens.test`,
        organisation: '西部转化中心',
        category: 'enterprise',
        consent: true,
      },
    });
    return new URL(res.json<{ manageUrl: string }>().manageUrl).pathname.slice('/me/'.length);
  };
  const personalUrls = (token: string) => [
    `/me/${token}`,
    `/me/${token}/badge.svg`,
    `/me/${token}/calendar.ics`,
    `/me/${token}/event.ics`,
    `/api/me/${token}/meetings`,
  ];
  const statuses = async (urls: string[]) => Promise.all(urls.map(async (url) => [url, (await get(url)).statusCode]));

  it('gives personal links a 256-bit signature: a changed character, another id or a made-up link opens nothing', async () => {
    const token = await linkOf(1);
    const other = await registerPerson(t, eventId, { name: '李华', category: 'enterprise' });
    expect(token).toMatch(/^\d+\.[\w-]{43}$/);
    const [id, signature] = token.split('.');
    const flipped = `${id}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const forged = `${other.id}.${signature}`;
    const madeUp = `${id}.${'A'.repeat(43)}`;
    expect(await statuses(personalUrls(token))).toEqual(personalUrls(token).map((url) => [url, 200]));
    for (const bad of [flipped, forged, madeUp])
      expect(await statuses(personalUrls(bad))).toEqual(personalUrls(bad).map((url) => [url, 404]));
  });

  it('renews a personal link: the old page, badge and calendar feed stop at once; the new link is emailed', async () => {
    const token = await linkOf(2);
    const id = Number(token.split('.')[0]);
    const renewed = await post(`/api/registrations/${id}/renew-link`);
    expect(renewed.statusCode).toBe(200);
    expect(renewed.body).not.toContain(token.split('.')[1]);
    expect(await statuses(personalUrls(token))).toEqual(personalUrls(token).map((url) => [url, 404]));

    // A link email is kept as a shared body and the person's values: joined as the mail worker joins it.
    const email = await t.app.get(OutboxService).whole(
      await db.manager.findOneOrFail(OutboxMessage, {
        where: { registrationId: id, kind: 'registration_link' },
        order: { id: 'DESC' },
      }),
    );
    const next = /\/me\/(\d+\.[\w-]{43})/.exec(email.text)?.[1];
    expect(next).toBeDefined();
    expect(next).not.toBe(token);
    expect(email.text).toContain('原链接及其胸牌页面和日历订阅均已失效');
    expect(email.text).not.toContain('有人使用您的邮箱再次提交了报名');
    expect(await statuses(personalUrls(next!))).toEqual(personalUrls(next!).map((url) => [url, 200]));

    // The console's button does the same, with a flash that says so.
    const organiser = new Browser(t.app);
    await organiser.get('/login');
    await organiser.post('/login', { email: 'admin@test.duijie', password: 'correct-horse-battery', next: '' });
    await organiser.get(`/console/events/${eventId}/registrations`);
    const again = await organiser.post(`/console/events/${eventId}/registrations/${id}/renew-link`, {});
    expect(again.statusCode).toBe(303);
    expect((await get(`/me/${next}`)).statusCode).toBe(404);
    // Only organisers may renew a link.
    expect((await post(`/api/registrations/${id}/renew-link`, undefined, {})).statusCode).toBe(401);
  });

  it('pairs a device with a 256-bit code stored only as its hash, once; a revoked device is refused at once', async () => {
    const lists = (await get(`/api/events/${eventId}/checkin-lists`, auth)).json<{ id: number; kind: string }[]>();
    const listId = lists.find((l) => l.kind === 'entrance')!.id;
    const issued = await post(`/api/events/${eventId}/checkin-devices`, { name: '南门 2 号机', listId });
    const { id, pairingToken } = issued.json<{ id: number; pairingToken: string }>();
    expect(pairingToken).toMatch(/^[\w-]{43}$/);
    const stored = await db.manager.findOneByOrFail(CheckInDevice, { id });
    expect(stored.pairingTokenHash).toBe(sha256(pairingToken));
    expect(JSON.stringify(stored)).not.toContain(pairingToken);

    const paired = await post('/api/devices/pair', { token: pairingToken }, {});
    expect(paired.statusCode).toBe(200);
    const deviceToken = paired.json<{ deviceToken: string }>().deviceToken;
    expect(deviceToken).toMatch(/^dv\.[\w-]{43}$/);
    expect((await db.manager.findOneByOrFail(CheckInDevice, { id })).tokenHash).toBe(sha256(deviceToken));
    // Used once: the same code again pairs nothing.
    expect((await post('/api/devices/pair', { token: pairingToken }, {})).statusCode).toBe(404);

    const device = { authorization: `Bearer ${deviceToken}` };
    const scan = () => post(`/api/events/${eventId}/checkins`, { code: 'DJNOTABADGE' }, device);
    expect((await scan()).statusCode).toBe(200);
    expect((await post(`/api/events/${eventId}/checkin-devices/${id}/revoke`)).statusCode).toBe(200);
    expect((await scan()).statusCode).toBe(401);

    // An unused code stops working when it expires.
    const later = await post(`/api/events/${eventId}/checkin-devices`, { name: '南门 3 号机', listId });
    const code = later.json<{ id: number; pairingToken: string }>();
    await db.transaction((em) =>
      em.update(CheckInDevice, { id: code.id }, { pairingExpiresAt: new Date(Date.now() - 1000) }),
    );
    expect((await post('/api/devices/pair', { token: code.pairingToken }, {})).statusCode).toBe(404);
  });

  it('keeps sessions and invitations only as SHA-256, and a signed-out session is refused', async () => {
    const login = await apiLogin(t.app);
    const token = login.authorization.slice('Bearer '.length);
    expect(token).toMatch(/^[\w-]{43}$/);
    const rows = await db.manager.find(AuthToken);
    expect(rows.map((r) => r.tokenHash)).toContain(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await post('/api/auth/logout', undefined, login)).statusCode).toBeLessThan(300);
    expect((await get('/api/auth/me', login)).statusCode).toBe(401);

    const invited = await post('/api/users/invitations', {
      email: 'gate@tokens.test',
      name: '门岗',
      role: 'staff',
      eventId,
    });
    const invitationToken = new URL(invited.json<{ url: string }>().url).pathname.split('/').pop()!;
    expect(invitationToken).toMatch(/^[\w-]{43}$/);
    const invitation = await db.manager.findOneByOrFail(Invitation, { id: invited.json<{ id: number }>().id });
    expect(invitation.tokenHash).toBe(sha256(invitationToken));
    expect(JSON.stringify(invitation)).not.toContain(invitationToken);
    // Revoked, the invitation link opens nothing.
    expect((await get(`/invitations/${invitationToken}`)).statusCode).toBe(200);
    await t.app.inject({ method: 'DELETE', url: `/api/users/invitations/${invitation.id}`, headers: auth });
    expect((await get(`/invitations/${invitationToken}`)).statusCode).toBe(404);
  });

  it('compares no secret with === anywhere in src/: signatures through timingSafeEqual, tokens found by their hash', () => {
    const suspicious: string[] = [];
    const verifiers: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      text.split('\n').forEach((line, i) => {
        const code = line.trim();
        if (code.startsWith('//') || code.startsWith('*')) return;
        // A secret-named value right beside an equality operator (not a null or length check).
        const secret = String.raw`[\w.?]*(?:token|signature|secret|hash)\w*`;
        const side = new RegExp(
          String.raw`(?:^|[^'"\w.])${secret}\s*[!=]==?\s*(?!undefined|null)[\w'"\x60]|[!=]==?\s*${secret}(?![\w.]*(?:length|\())`,
          'i',
        );
        if (side.test(code)) suspicious.push(`${relative(SRC, file)}:${i + 1}: ${code}`);
      });
      if (/timingSafeEqual\(/.test(text)) verifiers.push(relative(SRC, file));
    }
    expect(suspicious).toEqual([]);
    // Where secrets are compared: HMAC signatures (personal links, CSRF) and passwords.
    expect(verifiers.sort()).toEqual(['common/tokens.ts', 'settings/secrets.service.ts', 'web/csrf.guard.ts']);
  });
});
