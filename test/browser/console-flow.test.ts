import playwright from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { waitForExpression } from '../support/page-wait.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The organiser's first event, driven through the real pages in headless Chromium: sign in, create a two-day event
 * from local wall times (its slug spelt from the title), add its places, publish it after the readiness check, read it
 * as the public does in Chinese and in English, and print one badge.
 * The test process runs in America/New_York (test/support/setup-env.ts) and so does the browser it starts, so any
 * time shown in anything but the event's own zone (Asia/Shanghai) fails here.
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

const EVENT = {
  title: '成都都市圈先进技术成果转化推介活动',
  titleEn: 'Chengdu Metropolitan Area Technology Transfer Promotion',
  // Proposed from the title in pinyin while it is typed, and by the server when the field is sent empty.
  slug: 'chengdu-dushiquan-xianjin-jishu-chengguo',
  startsAt: '2026-12-05T09:00',
  endsAt: '2026-12-06T17:30',
};

/** Text with runs of white space folded, as a person reads it. */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

async function textsOf(locator: Locator): Promise<string[]> {
  return (await locator.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** Submits the form holding `button` and waits for the page that answers it (after any redirect). */
async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

describe('organiser console in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let eventPath = '';
  const requested: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs the organiser in on /login and opens the console', async () => {
    await page.goto(`${t.baseUrl}/login`);
    // The premise of the time assertions below: the browser's own zone is neither UTC nor China's.
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.fill('#f-email', ADMIN.email);
    await page.fill('#f-password', ADMIN.password);
    await submit(page, page.locator('form[action="/login"] button[type="submit"]'));
    expect(new URL(page.url()).pathname).toBe('/console');
    expect(await textOf(page.locator('main h1'))).toBe('组织者后台');
    expect(await textOf(page.locator('.site-header .user-name'))).toBe('Administrator');
  });

  it('shows the error and keeps every typed value when the end is before the start', async () => {
    await page.goto(`${t.baseUrl}/console/events/new`);
    // The time zone is a list: China's zone first, then every zone the browser's runtime knows.
    const zones = await page
      .locator('#f-timezone option')
      .evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    expect(zones[0]).toBe('Asia/Shanghai');
    expect(zones).toEqual(expect.arrayContaining(['Asia/Urumqi', 'Europe/Berlin', 'America/Sao_Paulo']));
    expect(await page.inputValue('#f-timezone')).toBe('Asia/Shanghai');
    expect(await page.inputValue('#f-slug')).toBe('');
    await page.fill('#f-title', EVENT.title);
    await waitForExpression(page, "document.querySelector('#f-slug').value !== ''");
    expect(await page.inputValue('#f-slug')).toBe(EVENT.slug);
    await page.fill('#f-titleEn', EVENT.titleEn);
    // Sent empty, the slug is spelt by the server.
    await page.fill('#f-slug', '');
    await page.fill('#f-startsAt', EVENT.startsAt);
    await page.fill('#f-endsAt', '2026-12-04T17:30');
    const answer = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/console/events/new',
    );
    await submit(page, page.locator('form[action="/console/events/new"] button[type="submit"]'));
    expect((await answer).status()).toBe(400);

    expect(await textOf(page.locator('.alert-error strong'))).toBe('请修改以下问题后重新提交：');
    expect(await textsOf(page.locator('.alert-error li'))).toEqual(['结束时间：结束时间必须晚于开始时间']);
    expect(await textOf(page.locator('#e-endsAt'))).toBe('结束时间必须晚于开始时间');
    expect(await page.getAttribute('#f-endsAt', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-startsAt', 'aria-invalid')).toBeNull();
    // The first problem has the focus, in view.
    expect(await page.evaluate('document.activeElement?.id')).toBe('f-endsAt');
    expect(await page.locator('#f-endsAt').evaluate((e) => e.getBoundingClientRect().top >= 0)).toBe(true);
    // The page came back with the slug empty; the form proposes it again.
    await waitForExpression(page, "document.querySelector('#f-slug').value !== ''");
    expect({
      title: await page.inputValue('#f-title'),
      titleEn: await page.inputValue('#f-titleEn'),
      slug: await page.inputValue('#f-slug'),
      timezone: await page.inputValue('#f-timezone'),
      startsAt: await page.inputValue('#f-startsAt'),
      endsAt: await page.inputValue('#f-endsAt'),
    }).toEqual({ ...EVENT, timezone: 'Asia/Shanghai', endsAt: '2026-12-04T17:30' });
  });

  it('creates the two-day event as a draft once the end is corrected', async () => {
    await page.fill('#f-endsAt', EVENT.endsAt);
    await page.fill('#f-slug', '');
    await submit(page, page.locator('form[action="/console/events/new"] button[type="submit"]'));
    eventPath = new URL(page.url()).pathname;
    expect(eventPath).toMatch(/^\/console\/events\/\d+$/);
    expect(await textOf(page.locator('.alert-success'))).toBe('活动已创建（草稿）。');
    expect(await textOf(page.locator('.page-head h1'))).toBe(EVENT.title);
    expect(await textOf(page.locator('.page-head .status'))).toBe('草稿');
    // The form shows the same wall times back: stored in UTC, shown in the event's zone.
    expect(await page.inputValue('#f-startsAt')).toBe(EVENT.startsAt);
    expect(await page.inputValue('#f-endsAt')).toBe(EVENT.endsAt);
    expect(await page.inputValue('#f-slug')).toBe(EVENT.slug);
  });

  it('adds a main venue, a sub-venue and a room with its capacity', async () => {
    // The first venue is proposed as the main venue, the next ones as sub-venues (分会场).
    const addVenue = async (name: string, nameEn: string, kind: 'main' | 'sub', address: string) => {
      expect(await page.inputValue('#f-venue-kind')).toBe(kind);
      await page.fill('#f-venue-name', name);
      await page.fill('#f-venue-nameEn', nameEn);
      await page.fill('#f-venue-address', address);
      await submit(page, page.locator(`form[action="${eventPath}/venues"] button[type="submit"]`));
      expect(await textOf(page.locator('.alert-success'))).toBe('已保存。');
    };
    await addVenue('成都国际会议中心', 'Chengdu International Conference Centre', 'main', '四川省成都市高新区');
    await addVenue('德阳分会场', 'Deyang sub-venue', 'sub', '四川省德阳市旌阳区');

    expect(await textsOf(page.locator('.venue-head h3'))).toEqual(['成都国际会议中心 主会场', '德阳分会场 分会场']);

    const main = page.locator('.venue', { has: page.locator('h3', { hasText: '成都国际会议中心' }) });
    await main.locator('input[name="name"]').fill('一号厅');
    await main.locator('input[name="nameEn"]').fill('Hall 1');
    await main.locator('input[name="capacity"]').fill('300');
    await submit(page, main.locator('form.inline-form button[type="submit"]'));
    expect(await textOf(page.locator('.alert-success'))).toBe('已保存。');

    const rooms = page
      .locator('.venue', { has: page.locator('h3', { hasText: '成都国际会议中心' }) })
      .locator('tbody tr');
    expect(await rooms.count()).toBe(1);
    expect(
      await textsOf(
        rooms
          .first()
          .locator('td')
          .filter({ hasNot: page.locator('form') }),
      ),
    ).toEqual(['一号厅', '300']);
    const subRooms = page.locator('.venue', { has: page.locator('h3', { hasText: '德阳分会场' }) }).locator('tbody tr');
    expect(await subRooms.count()).toBe(0);
  });

  it('focuses the first problem of a refused venue form', async () => {
    await page.fill('#f-venue-name', '');
    await page.fill('#f-venue-address', '四川省成都市');
    await submit(page, page.locator(`form[action="${eventPath}/venues"] button[type="submit"]`));
    expect(await page.getAttribute('#f-venue-name', 'aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.id')).toBe('f-venue-name');
    const box = await page.locator('#f-venue-name').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(900);
  });

  it('lists what the event still needs, and asks before publishing it without a description or category', async () => {
    await page.goto(`${t.baseUrl}${eventPath}`);
    const codes = (selector: string) =>
      page.locator(`${selector} li[data-code]`).evaluateAll((items) => items.map((li) => li.getAttribute('data-code')));
    expect(await textOf(page.locator('#readiness h2'))).toBe('开放报名前还需要');
    expect(await codes('#readiness')).toEqual(['description', 'category', 'published']);

    await submit(
      page,
      page
        .locator(`form[action="${eventPath}/status"]`, { has: page.locator('input[value="published"]') })
        .locator('button'),
    );
    expect(await textOf(page.locator('#publish-check h2'))).toBe('发布前请确认');
    expect(await codes('#publish-check')).toEqual(['description', 'category']);
    expect(await textsOf(page.locator('#publish-check li'))).toEqual(['还没有活动简介', '还没有公开报名的参会类别']);
    expect(await textOf(page.locator('.page-head .status'))).toBe('草稿');
    expect(await page.evaluate('document.activeElement?.id')).toBe('publish-check');
  });

  it('publishes the event on confirmation', async () => {
    await submit(page, page.locator('#publish-check button[type="submit"]'));
    expect(await textOf(page.locator('.alert-success'))).toBe('活动已发布。');
    expect(await textOf(page.locator('.page-head .status'))).toBe('已发布');
  });

  it('shows the public page in Chinese with both venues and the dates in Asia/Shanghai time', async () => {
    await page.goto(`${t.baseUrl}/events/${EVENT.slug}`);
    expect(await page.title()).toBe(`${EVENT.title} · 对接`);
    expect(await textOf(page.locator('main h1'))).toBe(EVENT.title);
    expect(await page.locator('.alert-info').count()).toBe(0); // published: no draft notice
    expect(await textsOf(page.locator('.facts dt'))).toEqual(['时间', '会场']);
    expect(await textOf(page.locator('.fact-when dd'))).toBe('2026年12月5日 09:00 – 2026年12月6日 17:30 北京时间');
    expect(
      await page.locator('.fact-when time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime'))),
    ).toEqual(['2026-12-05T01:00:00.000Z', '2026-12-06T09:30:00.000Z']);
    expect(await textOf(page.locator('.facts dd').nth(1))).toBe('成都国际会议中心 四川省成都市高新区');
    expect(await textOf(page.locator('#subvenues'))).toBe('分会场 1');
    expect(await textsOf(page.locator('.venue-card'))).toEqual(['德阳分会场 四川省德阳市旌阳区']);
  });

  it('switches to English with the language switch and remembers the choice on the next page', async () => {
    await submit(page, page.locator('.site-header .lang-switch a[hreflang="en"]'));
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await textOf(page.locator('main h1'))).toBe(EVENT.titleEn);
    expect(await textsOf(page.locator('.facts dt'))).toEqual(['When', 'Venue']);
    expect(await textOf(page.locator('.fact-when dd'))).toBe(
      'December 5, 2026 at 09:00 – December 6, 2026 at 17:30 China Standard Time',
    );
    expect(await textOf(page.locator('.facts dd').nth(1))).toBe(
      'Chengdu International Conference Centre 四川省成都市高新区',
    );
    expect(await textOf(page.locator('#subvenues'))).toBe('Sub-venues 1');
    expect(await textsOf(page.locator('.venue-card h3'))).toEqual(['Deyang sub-venue']);
    expect(await textsOf(page.locator('.site-header .lang-switch a[aria-current]'))).toEqual(['English']);

    const cookies = await context.cookies(t.baseUrl);
    expect(cookies.filter((c) => c.name === 'duijie_lang').map((c) => c.value)).toEqual(['en']);

    // The next page has no ?lang= and is English all the same.
    await page.goto(`${t.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await textOf(page.locator('#upcoming'))).toBe('Upcoming events 1');
    expect(await textsOf(page.locator('.event-card h3'))).toEqual([EVENT.titleEn]);
    expect(await textOf(page.locator('.event-card .event-date'))).toBe('Sat, December 5, 2026 – Sun, December 6, 2026');
    await page.goto(`${t.baseUrl}${eventPath}`);
    expect(await textOf(page.locator('main h1'))).toBe(EVENT.titleEn);
    expect(await textOf(page.locator('.page-head .status'))).toBe('Published');
    expect(await textsOf(page.locator('.main-nav a'))).toEqual([
      'Events',
      'Organiser console',
      'Organisations',
      'Intents',
      'Achievements & demands',
      'Team',
      'On site',
    ]);
  });

  it('prints one A6 badge in the first cell of the A4 sheet, with the layout list readable', async () => {
    const auth = await apiLogin(t.app);
    const eventId = Number(eventPath.split('/').pop());
    const category = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/categories`,
      headers: auth,
      payload: { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise' },
    });
    expect(category.statusCode).toBe(201);
    const registered = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/registrations`,
      payload: {
        name: '王敏',
        email: 'wang.min@example.cn',
        organisation: '成都某科技公司',
        category: 'enterprise',
        consent: true,
      },
    });
    expect(registered.statusCode).toBe(201);

    await page.goto(`${t.baseUrl}${eventPath}/badges?layout=a6&lang=zh-CN`);
    expect(await page.locator('.sheet-page').count()).toBe(1);
    expect(await page.locator('.badge-item').count()).toBe(1);
    const sheet = (await page.locator('.sheet-page').boundingBox())!;
    const badge = (await page.locator('.badge-item').boundingBox())!;
    // A6 is 105 × 148 mm; at 96 dpi a millimetre is 96 / 25.4 px. The sheet's rows leave 0.5 mm top and bottom.
    const mm = 96 / 25.4;
    expect(Math.abs(badge.x - sheet.x)).toBeLessThan(1);
    expect(Math.abs(badge.y - sheet.y - 0.5 * mm)).toBeLessThan(1);
    expect(Math.abs(badge.width - 105 * mm)).toBeLessThan(1);
    expect(Math.abs(badge.height - 148 * mm)).toBeLessThan(1);

    // The layout selector is wide enough for the longest layout name it offers.
    const fits = await page.locator('#f-b-layout').evaluate((select) => {
      const doc = select.ownerDocument;
      const style = doc.defaultView!.getComputedStyle(select);
      const probe = doc.createElement('span');
      probe.style.font = style.font;
      probe.style.position = 'absolute';
      probe.style.whiteSpace = 'nowrap';
      doc.body.append(probe);
      const widths = [...select.querySelectorAll('option')].map((o) => {
        probe.textContent = o.textContent;
        return probe.getBoundingClientRect().width;
      });
      probe.remove();
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return widths.length > 0 && Math.max(...widths) <= room;
    });
    expect(fits).toBe(true);
  });

  it('fetched nothing from any host but the app itself: no CDN, no web font', () => {
    expect(requested).toContain(`${t.baseUrl}/assets/app.css`);
    expect([...new Set(requested.map((url) => new URL(url).origin))]).toEqual([t.baseUrl]);
  });
});
