import { BadgePrint } from '../../src/check-in/badge-print.entity.js';
import { CheckIn } from '../../src/check-in/check-in.entity.js';
import { Database } from '../../src/database/database.service.js';
import { Browser } from '../support/browser.js';
import { badgeOf, checkInEvent, registerPerson, staffLogin, type Auth } from '../support/check-in.js';
import { decodeQrPng } from '../support/qr.js';
import { ADMIN, startTestApp, type TestApp } from '../support/test-app.js';

async function signIn(t: TestApp, email: string, password: string): Promise<Browser> {
  const b = new Browser(t.app);
  await b.get('/login');
  const res = await b.post('/login', { email, password, next: '' });
  if (res.statusCode !== 303) throw new Error(`login: ${res.statusCode}`);
  return b;
}

describe('check-in pages', () => {
  let t: TestApp;
  let auth: Auth;
  let eventId: number;
  let organiser: Browser;
  const people: { id: number; code: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    ({ eventId, auth } = await checkInEvent(t));
    for (const [name, category, organisation] of [
      ['王敏', 'enterprise', '四川恒麓电气科技有限公司'],
      ['李华', 'guest', '先进技术成果西部转化中心'],
      ['张伟', 'enterprise', '重庆武瓴智行科技有限公司'],
    ]) {
      const r = await registerPerson(t, eventId, { name, category, organisation, title: '总经理' });
      people.push({ id: r.id, code: await badgeOf(t, r.id) });
    }
    await registerPerson(t, eventId, { name: '待审核', category: 'media' });
    organiser = await signIn(t, ADMIN.email, ADMIN.password);
  });
  afterAll(() => t.close());

  describe('badge sheet', () => {
    it('shows every confirmed badge on A6 sheets, four to an A4 page, with name, organisation and category', async () => {
      const res = await organiser.get(`/console/events/${eventId}/badges`);
      expect(res.statusCode).toBe(200);
      const items = [...res.body.matchAll(/<article class="badge-item" style="--cat: (#[0-9a-f]{6})"/g)];
      expect(items.map((m) => m[1])).toEqual(['#b3261e', '#1d4f91', '#1d4f91']);
      expect(res.body.match(/<section class="sheet-page"/g)).toHaveLength(1);
      expect(res.body).toContain('class="badge-sheet layout-a6"');
      expect(res.body).toContain('<p class="badge-person">李华</p>');
      expect(res.body).toContain('<p class="badge-org">先进技术成果西部转化中心</p>');
      expect(res.body).not.toContain('待审核');
      expect(res.body.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
    });

    it('filters by category and lays out business cards ten to a page', async () => {
      const res = await organiser.get(`/console/events/${eventId}/badges?category=enterprise&layout=card`);
      expect(res.body).toContain('class="badge-sheet layout-card"');
      expect(res.body.match(/<article class="badge-item"/g)).toHaveLength(2);
      const one = await organiser.get(`/console/events/${eventId}/badges?q=${encodeURIComponent('武瓴')}`);
      expect(one.body.match(/<article class="badge-item"/g)).toHaveLength(1);
    });

    it('serves each badge as PNG and SVG at error correction Q, readable by an independent decoder', async () => {
      const png = await organiser.get(`/console/events/${eventId}/badges/${people[0].id}/badge.png`);
      expect(png.headers['content-type']).toBe('image/png');
      expect(decodeQrPng(png.rawPayload)).toBe(people[0].code);
      // Version 7 at Q (45 modules) where M would need version 5 (37): (45 + 2 × 2 margin) × scale 10.
      expect(png.rawPayload.readUInt32BE(16)).toBe(490);
      const svg = await organiser.get(`/console/events/${eventId}/badges/${people[0].id}/badge.svg`);
      expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(svg.body).toContain('viewBox="0 0 49 49"');
    });

    it('logs prints and reprints, and printing checks nobody in', async () => {
      const first = await organiser.post(`/console/events/${eventId}/badges/print`, { layout: 'a6' });
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('data-autoprint');
      expect(first.body).toMatch(/首次打印 3 个，补打 0 个/);
      const again = await organiser.post(`/console/events/${eventId}/badges/print`, {
        layout: 'card',
        registration: String(people[1].id),
      });
      expect(again.body).toMatch(/首次打印 0 个，补打 1 个/);
      const db = t.app.get(Database).manager;
      const prints = await db.find(BadgePrint, { where: { eventId }, order: { id: 'ASC' } });
      expect(prints.map((p) => [p.registrationId, p.layout, p.reprint])).toEqual([
        [people[1].id, 'a6', false],
        [people[0].id, 'a6', false],
        [people[2].id, 'a6', false],
        [people[1].id, 'card', true],
      ]);
      expect(await db.countBy(CheckIn, { eventId })).toBe(0);
      const page = await organiser.get(`/console/events/${eventId}/badges`);
      expect(page.body).toContain('已打印 2 次');
    });

    it('is for organisers only', async () => {
      await staffLogin(t, 'printer@example.cn', [eventId]);
      const staff = await signIn(t, 'printer@example.cn', 'staff-password-1');
      expect((await staff.get(`/console/events/${eventId}/badges`)).statusCode).toBe(403);
    });
  });

  describe('lists', () => {
    it('adds a list for guests only, edits it and deletes it', async () => {
      const created = await organiser.post(`/console/events/${eventId}/check-in/lists`, {
        name: '签约厅',
        nameEn: 'Signing hall',
        kind: 'zone',
        categories: ['guest'],
      });
      expect(created.statusCode).toBe(303);
      const page = await organiser.get(`/console/events/${eventId}/check-in/lists`);
      expect(page.body).toContain('签约厅');
      const id = Number(/action="\/console\/events\/\d+\/check-in\/lists\/(\d+)\/delete"/.exec(page.body)![1]);
      const bad = await organiser.post(`/console/events/${eventId}/check-in/lists/${id}`, { name: '', kind: 'zone' });
      expect(bad.statusCode).toBe(400);
      const edited = await organiser.post(`/console/events/${eventId}/check-in/lists/${id}`, {
        name: '签约厅（嘉宾）',
        kind: 'zone',
        categories: ['guest', 'enterprise'],
        allowReentry: 'true',
      });
      expect(edited.statusCode).toBe(303);
      const lists = (
        await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/checkin-lists`, headers: auth })
      ).json<{ id: number; name: string; categoryIds: number[]; allowReentry: boolean }[]>();
      expect(lists.find((l) => l.id === id)).toMatchObject({ name: '签约厅（嘉宾）', allowReentry: true });
      expect(lists.find((l) => l.id === id)!.categoryIds).toHaveLength(2);
      expect((await organiser.post(`/console/events/${eventId}/check-in/lists/${id}/delete`, {})).statusCode).toBe(303);
      const entrance = lists.find((l) => l.name === '入口签到')!;
      const refused = await organiser.post(`/console/events/${eventId}/check-in/lists/${entrance.id}/delete`, {});
      expect(refused.statusCode).toBe(409);
    });
  });

  describe('pairing a phone and scanning on the scanner page', () => {
    let phone: Browser;
    let scannerPath = '';

    it('issues a pairing QR code that a phone opens once to become a device of one list', async () => {
      const devices = await organiser.get(`/console/events/${eventId}/check-in/devices`);
      const listId = /<option value="(\d+)"/.exec(devices.body)![1];
      const issued = await organiser.post(`/console/events/${eventId}/check-in/devices`, {
        name: '东门 1 号机',
        listId,
      });
      expect(issued.statusCode).toBe(200);
      expect(issued.headers['cache-control']).toBe('no-store');
      const url = /value="(http[^"]+\/staff\/pair\/[\w-]+)"/.exec(issued.body)![1];
      expect(issued.body).toContain('<svg');
      const path = new URL(url).pathname;

      phone = new Browser(t.app);
      // Opening the link claims nothing (a chat app's link preview must not use the code up): one tap pairs.
      const confirm = await phone.get(path);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain('东门 1 号机');
      expect((await phone.get(path)).statusCode).toBe(200);
      const paired = await phone.post(path, {});
      expect(paired.statusCode).toBe(303);
      scannerPath = paired.headers.location as string;
      expect(scannerPath).toBe(`/staff/events/${eventId}/check-in/${listId}`);
      expect(phone.cookies.duijie_device).toBeDefined();
      const other = new Browser(t.app);
      expect((await other.get(path)).statusCode).toBe(404);
      await other.get('/login');
      expect((await other.post(path, {})).statusCode).toBe(404);
    });

    it('opens the scanner with the device, and decides scans sent with the CSRF header', async () => {
      const page = await phone.get(scannerPath);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('id="scanner"');
      expect(page.body).toContain('东门 1 号机');
      const data = await phone.get(`${scannerPath}/offline-data`);
      const offline = data.json<{ publicKey: string; badges: unknown[][]; csrfToken: string }>();
      expect(offline.badges.map((b) => b[2])).toEqual(['王敏', '李华', '张伟']);
      expect(offline.publicKey).toMatch(/^[\w-]{43}$/);
      const post = (headers: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `${scannerPath}/scan`,
          cookies: phone.cookies,
          headers: { 'content-type': 'application/json', ...headers },
          payload: { code: people[0].code, nonce: 'page-scan-000001' },
        });
      expect((await post({})).statusCode).toBe(403);
      const ok = await post({ 'x-csrf-token': await phone.csrfToken() });
      expect(ok.json()).toMatchObject({ result: 'ok', attendee: { name: '王敏' } });
      const row = await t.app.get(Database).manager.findOneByOrFail(CheckIn, { nonce: 'page-scan-000001' });
      expect([row.source, row.deviceName, row.pairedDeviceId !== null]).toEqual(['scanner', '东门 1 号机', true]);
    });

    it('serves the service worker and the decoders from the app itself', async () => {
      const sw = await phone.get('/staff/sw.js');
      expect(sw.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(sw.body).toContain("addEventListener('fetch'");
      expect((await phone.get('/staff/vendor/jsqr.js')).body).toContain('jsQR');
      expect((await phone.get('/staff/vendor/ed25519.js')).body).toContain('verifyAsync');
    });

    it('stops the phone once the organiser revokes the device', async () => {
      const devices = await organiser.get(`/console/events/${eventId}/check-in/devices`);
      const revoke = /action="(\/console\/events\/\d+\/check-in\/devices\/\d+\/revoke)"/.exec(devices.body)![1];
      expect((await organiser.post(revoke, {})).statusCode).toBe(303);
      const page = await phone.get(scannerPath);
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toMatch(/^\/login\?next=/);
    });
  });

  describe('staff', () => {
    it('finds the scanner from the staff page and checks someone in by manual look-up', async () => {
      await staffLogin(t, 'door@example.cn', [eventId]);
      const staff = await signIn(t, 'door@example.cn', 'staff-password-1');
      const home = await staff.get('/staff');
      expect(home.body).toContain(`href="/staff/events/${eventId}/check-in"`);
      const choose = await staff.get(`/staff/events/${eventId}/check-in`);
      const path = /href="(\/staff\/events\/\d+\/check-in\/\d+)"/.exec(choose.body)![1];
      const found = await staff.get(`${path}/lookup?q=${encodeURIComponent('张')}`);
      const person = found.json<{ people: { registrationId: number; name: string }[] }>().people[0];
      expect(person.name).toBe('张伟');
      const res = await t.app.inject({
        method: 'POST',
        url: `${path}/scan`,
        cookies: staff.cookies,
        headers: { 'content-type': 'application/json', 'x-csrf-token': await staff.csrfToken() },
        payload: { registrationId: person.registrationId },
      });
      expect(res.json()).toMatchObject({ result: 'ok', attendee: { name: '张伟' } });
      const row = await t.app.get(Database).manager.findOneByOrFail(CheckIn, {
        registrationId: person.registrationId,
      });
      expect(row.source).toBe('manual');
    });

    it('keeps staff of other events out', async () => {
      await staffLogin(t, 'elsewhere@example.cn', []);
      const other = await signIn(t, 'elsewhere@example.cn', 'staff-password-1');
      expect((await other.get(`/staff/events/${eventId}/check-in`)).statusCode).toBe(403);
    });
  });

  describe('live arrivals', () => {
    it('counts checked in against confirmed by category and list, with the chart and the no-shows', async () => {
      const res = await organiser.get(`/console/events/${eventId}/check-in`);
      expect(res.statusCode).toBe(200);
      expect(
        /<strong id="checked-in-total">(\d+)<\/strong><span class="stat-of"> \/ (\d+)/.exec(res.body)!.slice(1),
      ).toEqual(['2', '3']);
      expect(res.body).toContain('<svg class="arrivals-chart"');
      expect(res.body).toMatch(/<tr data-category="enterprise">[\s\S]*?<strong>2<\/strong> \/ 2/);
      expect(res.body).toMatch(/<tr data-category="guest">[\s\S]*?<strong>0<\/strong> \/ 1/);
      const noShows = res.body.slice(res.body.indexOf('id="no-shows"'));
      expect(noShows).toContain('李华');
      expect(noShows).not.toContain('王敏');
      expect(res.body).toContain('/assets/checkin/dashboard.js');
    });
  });
});
