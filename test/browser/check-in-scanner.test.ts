import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import playwright from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CheckIn } from '../../src/check-in/check-in.entity.js';
import { Database } from '../../src/database/database.service.js';
import { checkInEvent, registerPerson, staffLogin } from '../support/check-in.js';
import { waitForExpression } from '../support/page-wait.js';
import { ADMIN, startTestApp, type TestApp } from '../support/test-app.js';
import { writeY4m, type Scene } from '../support/y4m.js';

/**
 * The scanner on a phone, in headless Chromium with a fake camera that films badges printed from the app's own badge
 * sheet (element screenshots of the A6 sheet, turned into a looping .y4m video). Online: the page checks the attendee
 * in (green), the same badge again is amber with the first time, and the organiser's dashboard shows the arrival by
 * itself. Offline (network cut in the browser): the page, reloaded from its service worker, decides three badges on
 * its own and uploads them when the network returns.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const VIDEO = { width: 800, height: 600, fps: 5 };
/** Shown for 1.6 s, then 2.8 s of blank paper: longer than the scanner's quiet time for a code it just read. */
const SHOW_FRAMES = 8;
const BLANK_FRAMES = 14;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

function cameraArgs(video: string): string[] {
  return [
    ...CHROMIUM_ARGS,
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ];
}

function sceneLoop(badges: Buffer[]): Scene[] {
  return badges.flatMap((png) => [
    { png, frames: SHOW_FRAMES },
    { png: null, frames: BLANK_FRAMES },
  ]);
}

/** CHECKIN_SHOTS=/tmp/shots keeps screenshots of the sheet, the phone and the dashboard (to look at, not to compare). */
const SHOTS = process.env.CHECKIN_SHOTS;
async function shoot(target: Page | ReturnType<Page['locator']>, name: string, fullPage = false): Promise<void> {
  if (!SHOTS) return;
  if ('goto' in target) await target.screenshot({ path: `${SHOTS}-${name}.png`, fullPage });
  else await target.screenshot({ path: `${SHOTS}-${name}.png` });
}

describe('the scanner page on a phone with a camera', () => {
  let t: TestApp;
  let eventId: number;
  let dir: string;
  let desk: Browser;
  let organiser: BrowserContext;
  let sheet: Page;
  const badges: Buffer[] = [];
  const names = ['王敏', '李华', '张伟', '孙芳', '赵丽'];
  const ids: number[] = [];
  const browsers: Browser[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duijie-camera-'));
    t = await startTestApp({ listen: true, env: { MAIL_WORKER: 'false' } });
    // Under way: the scanner gives every scan its own time, which must lie within the event's days to be believed.
    ({ eventId } = await checkInEvent(t, { underWay: true }));
    const organisations = [
      '四川恒麓电气科技有限公司',
      '先进技术成果西部转化中心',
      '重庆武瓴智行科技有限公司',
      '眉山东坡医疗健康投资有限公司',
      '雅安城市建设投资开发有限公司',
    ];
    for (const [i, name] of names.entries()) {
      const r = await registerPerson(t, eventId, {
        name,
        category: i === 1 ? 'guest' : 'enterprise',
        organisation: organisations[i],
        title: '总经理',
      });
      ids.push(r.id);
    }
    await staffLogin(t, 'gate@example.cn', [eventId]);
    desk = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    browsers.push(desk);
    organiser = await desk.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 2,
    });
    sheet = await organiser.newPage();
    await sheet.goto(`${t.baseUrl}/login`);
    await sheet.fill('#f-email', ADMIN.email);
    await sheet.fill('#f-password', ADMIN.password);
    await Promise.all([sheet.waitForURL(/\/console/), sheet.click('form[action="/login"] button[type="submit"]')]);
  }, 60_000);

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the badges from the A6 sheet (the print run is logged)', async () => {
    await sheet.goto(`${t.baseUrl}/console/events/${eventId}/badges?layout=a6`);
    await Promise.all([sheet.waitForURL(/\/badges\/print$/), sheet.click('#print-form button[type="submit"]')]);
    expect(await sheet.locator('#print-logged').innerText()).toContain('首次打印 5 个');
    await shoot(sheet.locator('.sheet-page').first(), 'sheet-a6');
    for (const id of ids) {
      badges.push(await sheet.locator(`.badge-item[data-registration="${id}"]`).screenshot());
    }
    expect(badges).toHaveLength(5);
  });

  describe('online', () => {
    let phone: Page;
    let camera: Browser;

    beforeAll(async () => {
      const video = join(dir, 'online.y4m');
      writeY4m(video, sceneLoop([badges[0]]), VIDEO);
      const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: cameraArgs(video) });
      browsers.push(browser);
      camera = browser;
      // The organiser pairs the phone: a pairing QR code for the entrance list, opened on the phone.
      await sheet.goto(`${t.baseUrl}/console/events/${eventId}/check-in/devices`);
      await sheet.fill('#f-d-name', '东门 1 号机');
      await Promise.all([
        sheet.waitForLoadState('load'),
        sheet.click('form[action$="/check-in/devices"] button[type="submit"]'),
      ]);
      const pairingUrl = await sheet.inputValue('#pairing-url');
      const context = await browser.newContext({ locale: 'zh-CN', ...PHONE });
      phone = await context.newPage();
      await phone.goto(pairingUrl);
      await Promise.all([phone.waitForURL(/\/check-in\/\d+$/), phone.click('#pair-confirm')]);
      await phone.waitForSelector('#scanner[data-ready="true"]');
    }, 60_000);

    // This phone's camera keeps filming its badge: put it away before the offline phone starts.
    afterAll(() => camera?.close());

    it('checks the attendee in with a green answer naming the person', async () => {
      expect(await phone.locator('.scanner-title strong').innerText()).toBe('入口签到');
      expect(await phone.locator('#net-status').getAttribute('data-state')).toBe('online');
      await phone.click('#start');
      await phone.waitForSelector('#history li[data-result="ok"]', { timeout: 20_000 });
      const overlay = phone.locator('#result-overlay');
      expect(await overlay.getAttribute('data-signal')).toBe('green');
      expect(await phone.locator('#last-result .last-headline').innerText()).toBe('签到成功 · 王敏');
      expect(await phone.locator('#last-result .last-detail').innerText()).toContain(
        '四川恒麓电气科技有限公司 · 企业代表',
      );
      await shoot(phone, 'phone-green');
      await phone.waitForSelector('#result-overlay', { state: 'hidden' });
      await shoot(phone, 'phone-scanner');
      const row = await t.app.get(Database).manager.findOneByOrFail(CheckIn, { registrationId: ids[0] });
      expect([row.result, row.source, row.deviceName]).toEqual(['ok', 'scanner', '东门 1 号机']);
    });

    it('shows amber with the first time when the same badge comes again', async () => {
      await phone.waitForSelector('#history li[data-result="already_checked_in"]', { timeout: 20_000 });
      await phone.waitForSelector('#result-overlay[data-result="already_checked_in"]:not([hidden])', {
        timeout: 20_000,
      });
      await shoot(phone, 'phone-amber');
      expect(await phone.locator('#result-overlay').getAttribute('data-signal')).toBe('amber');
      const first = await t.app
        .get(Database)
        .manager.findOneByOrFail(CheckIn, { registrationId: ids[0], result: 'ok' });
      const hhmmss = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }).format(first.scannedAt);
      expect(await phone.locator('#last-result .last-detail').innerText()).toContain(
        `首次签到 ${hhmmss} · 东门 1 号机`,
      );
    });

    it('verifies badge signatures in the browser, with WebCrypto or the bundled JavaScript verifier', async () => {
      const { badgeOf } = await import('../support/check-in.js');
      const genuine = await badgeOf(t, ids[0]);
      const altered = genuine.slice(0, 30) + (genuine[30] === 'A' ? 'B' : 'A') + genuine.slice(31);
      const decide = (code: string) =>
        phone.evaluate(`window.duijieScanner.decideLocally({ code: ${JSON.stringify(code)} }).then((a) => a.result)`);
      const path = new URL(phone.url()).pathname;
      for (const [query, verifier] of [
        ['', 'webcrypto'],
        ['?verifier=js', 'js'],
      ]) {
        await phone.goto(`${t.baseUrl}${path}${query}`);
        await phone.waitForSelector('#scanner[data-ready="true"]');
        expect([await decide(genuine), await decide(altered)]).toEqual(['already_checked_in', 'unknown']);
        expect(await phone.locator('#scanner').getAttribute('data-verifier')).toBe(verifier);
      }
    });

    it('shows the arrival on the organiser dashboard by itself within seconds', async () => {
      await sheet.goto(`${t.baseUrl}/console/events/${eventId}/check-in`);
      // The dashboard refreshes itself: a new check-in appears without a reload.
      await registerAndScanElsewhere();
      await waitForExpression(sheet, "document.getElementById('checked-in-total').textContent === '2'", {
        timeout: 15_000,
      });
      expect((await sheet.locator('#recent-scans li strong').allInnerTexts()).slice(0, 3)).toContain('赵丽');
      await shoot(sheet, 'dashboard', true);
    });

    async function registerAndScanElsewhere() {
      const { CheckInService } = await import('../../src/check-in/check-in.service.js');
      const { badgeOf } = await import('../support/check-in.js');
      await t.app
        .get(CheckInService)
        .perform(
          { eventId, code: await badgeOf(t, ids[4]), source: 'api' },
          { kind: 'user', userId: 1, name: '西门', role: 'organiser' },
        );
    }
  });

  describe('offline', () => {
    let context: BrowserContext;
    let phone: Page;

    beforeAll(async () => {
      const video = join(dir, 'offline.y4m');
      writeY4m(video, sceneLoop([badges[1], badges[2], badges[3]]), VIDEO);
      const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: cameraArgs(video) });
      browsers.push(browser);
      context = await browser.newContext({ locale: 'zh-CN', ...PHONE });
      phone = await context.newPage();
      // A staff member signs in on the phone and opens the entrance scanner.
      await phone.goto(`${t.baseUrl}/login?next=/staff`);
      await phone.fill('#f-email', 'gate@example.cn');
      await phone.fill('#f-password', 'staff-password-1');
      await Promise.all([phone.waitForURL(/\/staff$/), phone.click('form[action="/login"] button[type="submit"]')]);
      await Promise.all([phone.waitForURL(/\/check-in$/), phone.click(`a[href="/staff/events/${eventId}/check-in"]`)]);
      await Promise.all([phone.waitForURL(/\/check-in\/\d+$/), phone.click('.scanner-list-link >> nth=0')]);
      await phone.waitForSelector('#scanner[data-ready="true"][data-offline-ready="true"]');
    }, 60_000);

    it('reloads from its service worker with the network cut and decides three scans on its own', async () => {
      await context.setOffline(true);
      const reloaded = await phone.reload();
      expect(reloaded?.fromServiceWorker()).toBe(true);
      await phone.waitForSelector('#scanner[data-ready="true"]');
      expect(await phone.locator('#net-status').getAttribute('data-state')).toBe('offline');
      await phone.click('#start');
      await waitForExpression(
        phone,
        'document.querySelectorAll(\'#history li[data-result="ok"][data-offline="true"]\').length >= 3',
        { timeout: 40_000 },
      );
      const offlineNames = await phone
        .locator('#history li[data-result="ok"][data-offline="true"] strong')
        .allInnerTexts();
      expect(offlineNames.sort()).toEqual(['孙芳', '张伟', '李华'].sort());
      // Someone without their badge, found by the look-up in the offline list: checked in online before, so amber.
      await phone.fill('#lookup-q', '王');
      await phone.click('#lookup-form button[type="submit"]');
      await phone.click('#lookup-results .lookup-person button');
      await phone.waitForSelector('#history li[data-result="already_checked_in"][data-offline="true"]');
      await shoot(phone, 'phone-offline');
      expect(Number(await phone.locator('#queue-count').innerText())).toBeGreaterThanOrEqual(4);
      expect(await t.app.get(Database).manager.countBy(CheckIn, { registrationId: ids[1] })).toBe(0);
    });

    it('uploads the queued scans when the network returns', async () => {
      await context.setOffline(false);
      await waitForExpression(phone, "document.getElementById('queue-status').hidden === true", {
        timeout: 20_000,
      });
      expect(await phone.locator('#net-status').getAttribute('data-state')).toBe('online');
      const rows = await t.app.get(Database).manager.find(CheckIn, { where: { eventId, source: 'offline' } });
      const admitted = rows.filter((r) => r.result === 'ok');
      expect(admitted.map((r) => [r.registrationId, r.localResult, r.flagged]).sort()).toEqual(
        [
          [ids[1], 'ok', false],
          [ids[2], 'ok', false],
          [ids[3], 'ok', false],
        ].sort(),
      );
      expect(rows.filter((r) => r.registrationId === ids[0]).map((r) => [r.result, r.localResult])).toEqual([
        ['already_checked_in', 'already_checked_in'],
      ]);
    });
  });
});
