import playwright from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The programme editor in headless Chromium: sign in, open the day-by-room grid, add a session from a free slot of a
 * sub-venue's room, see it land in that room's column at its time, and publish. The browser runs in
 * America/New_York (test/support/setup-env.ts): times typed and shown are the event's own (Asia/Shanghai).
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

async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

async function textsOf(locator: Locator): Promise<string[]> {
  return (await locator.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** Follows a link or submits a form and waits for the page that answers it (after any redirect). */
async function go(page: Page, target: Locator): Promise<void> {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }),
    target.click(),
  ]);
  await page.waitForLoadState('load');
}

describe('programme editor in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let eventId: number;
  let hallA: number;
  let meetingRoom: number;

  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { MAIL_WORKER: 'false' } });
    const auth = await apiLogin(t.app);
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: {
          slug: 'browser-agenda',
          title: '成果转化对接会',
          titleEn: 'Technology transfer matchmaking',
          startsAt: '2027-06-01T09:00:00+08:00',
          endsAt: '2027-06-02T17:30:00+08:00',
          venues: [
            { name: '主会场', kind: 'main', rooms: [{ name: 'A厅', capacity: 300 }] },
            { name: '德阳分会场', kind: 'sub', rooms: [{ name: '洽谈室', capacity: 40 }] },
          ],
        },
      })
    ).json();
    eventId = event.id;
    hallA = event.venues[0].rooms[0].id;
    meetingRoom = event.venues[1].rooms[0].id;
    await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
    await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/sessions`,
      headers: auth,
      payload: {
        kind: 'keynote',
        title: '主旨报告',
        startsAt: '2027-06-01T09:30:00+08:00',
        endsAt: '2027-06-01T10:30:00+08:00',
        roomId: hallA,
      },
    });
    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in and opens the grid from the event page', async () => {
    await page.goto(`${t.baseUrl}/login?next=/console/events/${eventId}`);
    await page.fill('#f-email', ADMIN.email);
    await page.fill('#f-password', ADMIN.password);
    await go(page, page.locator('form[action="/login"] button[type="submit"]'));
    await go(page, page.locator('.console-tabs a', { hasText: '议程' }));
    expect(new URL(page.url()).pathname).toBe(`/console/events/${eventId}/agenda`);
    expect(await textOf(page.locator('main h1'))).toBe('议程编排');
    expect(await textsOf(page.locator('.grid-venue'))).toEqual(['主会场', '德阳分会场']);
    expect(await textsOf(page.locator('.grid-room .grid-room-name'))).toEqual(['A厅', '洽谈室']);
    expect(await textsOf(page.locator('.day-switcher .day-n'))).toEqual(['第 1 天', '第 2 天']);
    expect(await textOf(page.locator('.agenda-card .card-time'))).toBe('09:30–10:30');
  });

  it('adds a session from a free slot of the sub-venue room; it lands in that column at its time', async () => {
    await go(page, page.locator('a.grid-free[aria-label="在洽谈室添加 11:00 开始的场次"]'));
    expect(new URL(page.url()).hash).toBe('#session-form');
    expect(await page.inputValue('#f-s-day')).toBe('2027-06-01');
    expect(await page.inputValue('#f-s-startsAt')).toBe('11:00');
    expect(await page.inputValue('#f-s-endsAt')).toBe('12:00');
    expect(await page.inputValue('#f-s-roomId')).toBe(String(meetingRoom));
    await page.selectOption('#f-s-kind', 'roadshow');
    await page.fill('#f-s-title', '项目路演·德阳专场');
    await page.fill('#f-s-titleEn', 'Project roadshow: Deyang');
    await page.fill('#f-s-endsAt', '11:45');
    await page.selectOption('#f-s-people-0-role', 'chair');
    await page.fill('#f-s-people-0-name', '王主持');
    await page.fill('#f-s-people-0-organisation', '德阳市科技局');
    await go(page, page.locator('#session-form button[type="submit"].primary'));

    expect(await textOf(page.locator('.alert-success'))).toBe('已添加“项目路演·德阳专场”。');
    const card = page.locator('.agenda-card', { hasText: '项目路演·德阳专场' });
    expect(await textOf(card.locator('.card-time'))).toBe('11:00–11:45');
    expect(await textOf(card.locator('.card-people'))).toBe('主持：王主持');
    const id = await card.getAttribute('id');
    expect(new URL(page.url()).hash).toBe(`#${id}`);

    // Under the room's heading, from the 11:00 line down to the 12:00 line.
    await card.scrollIntoViewIfNeeded();
    const [room, box, eleven, twelve] = await Promise.all([
      page.locator('.grid-room', { hasText: '洽谈室' }).boundingBox(),
      card.boundingBox(),
      page.locator('.grid-time', { hasText: '11:00' }).boundingBox(),
      page.locator('.grid-time', { hasText: '12:00' }).boundingBox(),
    ]);
    expect(box!.x).toBeGreaterThanOrEqual(room!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(room!.x + room!.width + 1);
    expect(box!.y).toBeGreaterThanOrEqual(eleven!.y);
    expect(box!.y + box!.height).toBeLessThanOrEqual(twelve!.y + 1);

    const hall = await page.locator('.grid-room', { hasText: 'A厅' }).boundingBox();
    const keynote = await page.locator('.agenda-card', { hasText: '主旨报告' }).boundingBox();
    expect(keynote!.x).toBeGreaterThanOrEqual(hall!.x);
    expect(keynote!.x + keynote!.width).toBeLessThanOrEqual(hall!.x + hall!.width + 1);
  });

  it('publishes the programme after seeing the pending changes, then shows the version', async () => {
    expect(await textsOf(page.locator('.pending-changes .change strong'))).toEqual(['主旨报告', '项目路演·德阳专场']);
    expect(await page.isChecked('input[name="notify"]')).toBe(false);
    await go(page, page.locator('.publish-form button[type="submit"]'));
    expect(new URL(page.url()).pathname).toBe(`/console/events/${eventId}/agenda/versions/1`);
    expect(await textOf(page.locator('.alert-success'))).toBe('已发布第 1 版。请查看将收到通知的人，然后发送。');
    expect(await textOf(page.locator('#recipients .empty'))).toBe('这一版只有新增场次，无需通知任何人。');

    await page.goto(`${t.baseUrl}/events/browser-agenda/agenda?view=room`);
    expect(await textsOf(page.locator('.room-programme h2'))).toEqual(['主会场 · A厅', '德阳分会场 · 洽谈室']);
    expect(await textOf(page.locator('#s-' + (await sessionId('项目路演·德阳专场')) + ' .session-time'))).toBe(
      '11:00–11:45',
    );
  });

  it('falls back to a list by day on a phone, each session naming its room', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${t.baseUrl}/console/events/${eventId}/agenda?day=2027-06-01`);
    expect(await page.locator('.grid-room').first().isVisible()).toBe(false);
    expect(await textsOf(page.locator('.agenda-card .card-room'))).toEqual(['主会场 · A厅', '德阳分会场 · 洽谈室']);
    const [first, second] = await Promise.all([
      page.locator('.agenda-card').nth(0).boundingBox(),
      page.locator('.agenda-card').nth(1).boundingBox(),
    ]);
    expect(second!.y).toBeGreaterThan(first!.y + first!.height);
    expect(Math.round(second!.x)).toBe(Math.round(first!.x));
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  async function sessionId(title: string): Promise<number> {
    const sessions = (
      await t.app.inject({
        method: 'GET',
        url: `/api/events/${eventId}/sessions`,
        headers: await apiLogin(t.app),
      })
    ).json<{ id: number; title: string }[]>();
    return sessions.find((s) => s.title === title)!.id;
  }
});
