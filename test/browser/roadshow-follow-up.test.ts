import playwright from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { decodeQrPng } from '../support/qr.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

/**
 * The audience's follow-up in headless Chromium: the QR code is read off the printed programme (an element
 * screenshot, decoded by an independent decoder), opened on a phone that the attendee's personal page has
 * recognised, and a meeting is asked for there. The organiser's leads page and the presenter's own page then show the
 * lead. The browser runs in America/New_York (test/support/setup-env.ts): times shown are the event's (Asia/Shanghai).
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
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** ROADSHOW_SHOTS=/tmp/shots keeps screenshots of the programme, the phone and the leads (to look at, not to compare). */
const SHOTS = process.env.ROADSHOW_SHOTS;
async function shoot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}-${name}.png`, fullPage: true });
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Submits the form holding `button` and waits for the page that answers it (after any redirect). */
async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

describe('following up a roadshow project from its QR code on a phone', () => {
  let t: TestApp;
  let browser: Browser;
  let eventId: number;
  let roadshowId: number;
  let personalLink: string;
  let presenterUrl: string;
  let projectUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { MAIL_WORKER: 'false' } });
    const auth = await apiLogin(t.app);
    const api = async (method: 'POST' | 'GET', url: string, payload?: object) =>
      (await t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) })).json();
    const event = await api(
      'POST',
      '/api/events',
      twoDayEvent({
        slug: 'roadshow-phone',
        startsAt: '2027-10-23T09:00:00+08:00',
        endsAt: '2027-10-23T17:30:00+08:00',
      }),
    );
    eventId = event.id;
    const { session } = await api('POST', `/api/events/${eventId}/sessions`, {
      kind: 'roadshow',
      title: '项目路演',
      startsAt: '2027-10-23T13:30:00+08:00',
      endsAt: '2027-10-23T14:45:00+08:00',
    });
    await api('POST', `/api/events/${eventId}/publish`);
    await api('POST', `/api/events/${eventId}/categories`, { code: 'enterprise', name: '企业代表' });
    roadshowId = (await api('POST', `/api/events/${eventId}/roadshows`, { agendaSessionId: session.id })).id;
    for (const [name, organisation, presenter] of [
      ['矢安AI主动防御实战化评价中心', '成都矢安网络安全技术有限公司', '李睿'],
      ['汽车磁流变智能油气悬架', '重庆武瓴智行科技有限公司', '周航'],
    ]) {
      await api('POST', `/api/events/${eventId}/roadshows/${roadshowId}/projects`, {
        name,
        organisation,
        presenter: { name: presenter, email: `${presenter}@presenters.example.cn` },
        categoryCode: 'equipment',
        seeks: ['financing', 'partners'],
        pitchMinutes: 10,
        qaMinutes: 5,
      });
    }
    const order = await api('GET', `/api/events/${eventId}/roadshows/${roadshowId}`);
    presenterUrl = order.projects[1].presenterUrl;
    projectUrl = order.projects[1].url;
    const registration = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations`,
      payload: {
        name: '苏婷',
        email: 'suting@dongpo.example.cn',
        organisation: '眉山东坡医疗健康投资有限公司',
        title: '项目总监',
        consent: true,
      },
    });
    expect(registration.statusCode).toBe(201);
    personalLink = registration.json().manageUrl;
    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('reads the project’s address off the printed programme’s QR code', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1000, height: 1400 } });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/events/roadshow-phone/roadshows`);
    await page.emulateMedia({ media: 'print' });
    await shoot(page, 'programme');
    const item = page.locator('.programme-project', { hasText: '汽车磁流变智能油气悬架' });
    expect(await textOf(item.locator('.programme-time time'))).toBe('13:45');
    const qr = await item.locator('.programme-qr .qr').screenshot();
    const decoded = decodeQrPng(qr);
    // Only the project's own address, with an opaque token: nothing about a person.
    expect(decoded).toBe(projectUrl);
    expect(decoded).toMatch(new RegExp(`^${t.baseUrl}/roadshows/p/[\\w-]{22}$`));
    await context.close();
  });

  it('recognises the attendee from the personal page and sends a meeting request from the phone', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', ...PHONE });
    const page = await context.newPage();
    // The personal page (from the confirmation email) offers the roadshow on this phone.
    await page.goto(personalLink);
    expect(await textOf(page.locator('.roadshows-card .hint'))).toContain('本活动有 2 个路演项目');
    await submit(page, page.locator('.roadshows-card a.button'));
    expect(new URL(page.url()).pathname).toBe('/events/roadshow-phone/roadshows');
    expect(await textOf(page.locator('.alert-success'))).toBe('您好，苏婷！现在可以在路演项目页面上关注项目了。');

    await page.goto(projectUrl);
    expect(await textOf(page.locator('main h1'))).toBe('汽车磁流变智能油气悬架');
    expect(await textOf(page.locator('.starts-at'))).toBe('13:45');
    expect(await textOf(page.locator('.you-are'))).toBe('当前身份：苏婷（眉山东坡医疗健康投资有限公司）');
    // Phone-friendly: nothing wider than the screen, the main button a thumb's width.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const button = page.locator('#lead-meeting');
    expect((await button.boundingBox())!.width).toBeGreaterThan(250);

    await shoot(page, 'phone');
    await page.fill('#f-l-meeting-message', '想了解油气悬架在医疗车上的应用，能否会后面谈？');
    await submit(page, button);
    expect(await textOf(page.locator('.alert-success'))).toBe('已将约见请求发给路演方。');
    await shoot(page, 'phone-done');
    expect(await textOf(page.locator('.done-meeting'))).toBe('✓ 您已请求约见，路演方会通过邮件与您联系');
    await context.close();
  });

  it('shows the lead on the organiser’s leads page and on the presenter’s page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('#f-email', ADMIN.email);
    await page.fill('#f-password', ADMIN.password);
    await submit(page, page.locator('form[action="/login"] button[type="submit"]'));
    await page.goto(`${t.baseUrl}/console/events/${eventId}/roadshows/${roadshowId}/leads`);
    await shoot(page, 'leads');
    const row = page.locator('.leads-table tr.lead-meeting');
    expect(await textOf(row.locator('.lead-name'))).toBe('苏婷');
    expect(await textOf(row.locator('.lead-organisation'))).toBe('眉山东坡医疗健康投资有限公司');
    expect(await textOf(row.locator('.lead-message'))).toBe('想了解油气悬架在医疗车上的应用，能否会后面谈？');
    const counts = page.locator('.project-counts tbody tr', { hasText: '汽车磁流变智能油气悬架' });
    await page.goto(`${t.baseUrl}/console/events/${eventId}/roadshows?roadshow=${roadshowId}`);
    await shoot(page, 'console');
    await page.goBack();
    expect(await textOf(counts.locator('.meeting'))).toBe('1');

    const presenter = await context.newPage();
    await presenter.goto(presenterUrl);
    await shoot(presenter, 'presenter');
    expect(await textOf(presenter.locator('main h1'))).toBe('汽车磁流变智能油气悬架');
    expect(await textOf(presenter.locator('.count-meeting'))).toBe('1');
    expect(await textOf(presenter.locator('tr.lead-meeting .lead-name'))).toBe('苏婷');
    expect(await textOf(presenter.locator('tr.lead-meeting .lead-kind'))).toBe('约见');
    await context.close();
  });
});
