import playwright from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { waitForExpression } from '../support/page-wait.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

/**
 * A signing ceremony driven through the real pages in headless Chromium: the run sheet printed on A4 with the emcee's
 * lines, and the hall screen (opened without signing in, as on the hall PC) following the desk without reloading:
 * the next agreement appears, and the totals change once the organiser marks it signed.
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

const CENTRE = '先进技术成果西部转化中心';
const OFFICE = '四川省推进成德眉资同城化发展领导小组办公室';

async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Clicks a form's button and waits for the page that answers it (after the redirect). */
async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

/** The page sizes of a PDF in points (from its MediaBox entries). */
function pdfPageSizes(pdf: Buffer): [number, number][] {
  return [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
    Math.round(Number(m[1])),
    Math.round(Number(m[2])),
  ]);
}

describe('signing ceremony pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let organiser: BrowserContext;
  let hall: BrowserContext;
  let desk: Page;
  let screen: Page;
  let eventId: number;
  let ceremonyId: number;
  let consoleUrl = '';

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    const auth = await apiLogin(t.app);
    const api = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
      const res = await t.app.inject({ method, url, headers: auth, payload });
      if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const event = await api('POST', '/api/events', twoDayEvent());
    eventId = event.id;
    const { session } = await api('POST', `/api/events/${eventId}/sessions`, {
      kind: 'signing_ceremony',
      title: '多方签约仪式',
      startsAt: '2027-12-04T09:15:00+08:00',
      endsAt: '2027-12-04T09:45:00+08:00',
      roomId: event.venues[0].rooms[0].id,
    });
    const ceremony = await api('POST', `/api/events/${eventId}/signings/ceremonies`, {
      agendaSessionId: session.id,
      hostOrganisation: CENTRE,
      openingMinutes: 3,
      minutesPerSigning: 4,
    });
    ceremonyId = ceremony.id;
    const agreements = [
      {
        title: `${CENTRE} ${OFFICE}战略合作协议`,
        kind: 'strategic',
        parties: [
          { organisation: CENTRE, signatory: '张伟', signatoryTitle: '主任' },
          { organisation: OFFICE, signatory: '李强', signatoryTitle: '主任' },
        ],
        witnesses: [{ name: '王明', title: '副局长', organisation: '国家国防科技工业局' }],
      },
      {
        title: '四川恒麓电气科技有限公司 雅安城市建设投资开发有限公司合作项目协议',
        kind: 'project',
        facilitator: CENTRE,
        landing: { province: '四川省', city: '雅安市' },
        parties: [{ organisation: '四川恒麓电气科技有限公司' }, { organisation: '雅安城市建设投资开发有限公司' }],
      },
    ];
    for (const payload of agreements) {
      const a = await api('POST', `/api/events/${eventId}/signings/ceremonies/${ceremonyId}/agreements`, payload);
      await api('POST', `/api/events/${eventId}/signings/agreements/${a.id}/status`, { status: 'confirmed' });
    }
    consoleUrl = `${t.baseUrl}/console/events/${eventId}/signings?ceremony=${ceremonyId}`;

    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    organiser = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    // The hall PC: its own browser profile, nobody signed in.
    hall = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1920, height: 1080 } });
    desk = await organiser.newPage();
    await desk.goto(`${t.baseUrl}/login`);
    await desk.fill('#f-email', ADMIN.email);
    await desk.fill('#f-password', ADMIN.password);
    await submit(desk, desk.locator('form[action="/login"] button[type="submit"]'));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('prints the run sheet on A4 pages with the order and the emcee’s lines', async () => {
    await desk.goto(consoleUrl);
    await submit(desk, desk.locator('a', { hasText: '流程单（打印）' }));
    expect(new URL(desk.url()).pathname).toBe(`/console/events/${eventId}/signings/${ceremonyId}/run-sheet`);
    expect(await textOf(desk.locator('h1'))).toBe('多方签约仪式流程单');
    expect(await textOf(desk.locator('.run-sheet-order tbody tr').first())).toContain('09:18–09:22');
    const lines = (await desk.locator('.emcee-text').allInnerTexts()).map((s) => s.trim());
    expect(lines[0]).toBe(
      '尊敬的各位领导、各位来宾：下面举行多方签约仪式。本次仪式共有2项签约，其中战略合作协议1项、项目合作协议1项。',
    );
    expect(lines[1]).toBe(
      `下面进行第一项签约：《${CENTRE} ${OFFICE}战略合作协议》。有请${CENTRE}主任张伟、${OFFICE}主任李强上台签约，` +
        '有请国家国防科技工业局副局长王明见证。',
    );
    expect(lines).toContain(
      '下面进行第二项签约：《四川恒麓电气科技有限公司 雅安城市建设投资开发有限公司合作项目协议》' +
        `（由${CENTRE}助推，项目落地四川省雅安市）。有请四川恒麓电气科技有限公司代表、雅安城市建设投资开发有限公司代表上台签约。`,
    );

    // Printed: no site navigation or buttons, and the sheet's pages are A4 (595 × 842 points).
    await desk.emulateMedia({ media: 'print' });
    expect(await desk.locator('.site-header').isVisible()).toBe(false);
    expect(await desk.locator('[data-print-page]').isVisible()).toBe(false);
    expect(await desk.locator('.emcee-text').first().isVisible()).toBe(true);
    const pdf = await desk.pdf({ preferCSSPageSize: true });
    const sizes = pdfPageSizes(pdf);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sizes.map(([w, h]) => `${w}x${h}`))).toEqual(new Set(['595x842']));
    await desk.emulateMedia({ media: 'screen' });
  });

  it('shows the hall screen from its link without signing in, and follows the console without reloading', async () => {
    await desk.goto(consoleUrl);
    const screenUrl = await desk.inputValue('#f-screen-url');
    expect(screenUrl).toMatch(/\/screens\/signings\/\d+\.[\w-]{43}$/);
    screen = await hall.newPage();
    const problems: string[] = [];
    screen.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await screen.goto(screenUrl);
    expect(await textOf(screen.locator('[data-field="heading"]'))).toBe('签约仪式即将开始');
    expect(await textOf(screen.locator('[data-field="progress"]'))).toBe('共2项签约');
    expect(await screen.locator('.site-header').isVisible()).toBe(false);
    // A mark that a reload would wipe.
    await screen.evaluate('window.__sameDocument = true');

    await submit(desk, desk.locator('[data-stage-next]'));
    expect(await textOf(desk.locator('[data-stage-now]'))).toContain('第1项签约');
    await waitForExpression(screen, `document.querySelector('[data-field="heading"]').textContent === '第1项签约'`);
    expect(await textOf(screen.locator('[data-field="title"]'))).toBe(`《${CENTRE} ${OFFICE}战略合作协议》`);
    expect(await screen.locator('.ss-left .ss-org').allInnerTexts()).toEqual([CENTRE]);
    expect(await screen.locator('.ss-right .ss-person').allInnerTexts()).toEqual(['主任李强']);
    expect(await textOf(screen.locator('[data-field="status"]'))).toBe('文本已确认');
    expect(await textOf(screen.locator('.ss-totals div').first())).toBe('已签约 0');
    expect(await screen.evaluate('window.__sameDocument')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('updates the screen’s totals when the organiser marks the agreement signed', async () => {
    const row = desk.locator(`tr.is-on-screen`);
    await submit(desk, row.locator('button[data-to="signed"]'));
    expect(await textOf(desk.locator('.alert-success'))).toBe('已标记为已签约。');
    expect(await textOf(desk.locator('[data-total="signed"]'))).toBe('1');
    expect(await textOf(desk.locator('[data-total="partners"]'))).toBe('1');

    await waitForExpression(screen, `document.querySelector('[data-field="status"]').textContent === '已签约'`);
    const totals = await screen.locator('.ss-totals div').allInnerTexts();
    expect(totals.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      '已签约 1',
      '战略合作协议 1',
      '战略合作伙伴 1',
    ]);
    expect(await screen.evaluate('window.__sameDocument')).toBe(true);

    // And on to the second signing, still without a reload.
    await submit(desk, desk.locator('[data-stage-next]'));
    await waitForExpression(screen, `document.querySelector('[data-field="heading"]').textContent === '第2项签约'`);
    expect(await screen.locator('.ss-notes li').allInnerTexts()).toEqual([`由${CENTRE}助推`, '项目落地四川省雅安市']);
    expect(await screen.evaluate('window.__sameDocument')).toBe(true);
  });
});
