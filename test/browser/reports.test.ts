import playwright from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { IntentSources } from '../../src/intents/intent-sources.service.js';
import { IntentsService } from '../../src/intents/intents.service.js';
import { AchievementsService } from '../../src/matchmaking/achievements.service.js';
import { DemandsService } from '../../src/matchmaking/demands.service.js';
import { EventListsService } from '../../src/matchmaking/event-lists.service.js';
import { RoadshowLeadsService } from '../../src/roadshows/roadshow-leads.service.js';
import { scan } from '../support/check-in.js';
import { aCategory, anEvent, aRegistration, aSession, theEntrance } from '../support/factories.js';
import { waitForExpression } from '../support/page-wait.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The report pages in headless Chromium: the event summary and the series page draw their charts with the ECharts
 * the app serves, under the app's Content-Security-Policy (no inline script, nothing from another host), and the
 * printable summary prints without the site's navigation.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

describe('report pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const consoleErrors: string[] = [];
  const ids = { series: 0, event: 0 };

  beforeAll(async () => {
    t = await startTestApp({ listen: true, env: { MAIL_WORKER: 'false' } });
    const auth = await apiLogin(t.app);
    const series = await t.app.inject({
      method: 'POST',
      url: '/api/series',
      headers: auth,
      payload: { slug: 'hutong', name: '互通互信 共建共享' },
    });
    ids.series = series.json<{ id: number }>().id;
    await anEvent(t, {
      seriesId: ids.series,
      edition: 18,
      startsAt: '2027-06-12T09:00:00+08:00',
      endsAt: '2027-06-12T17:00:00+08:00',
    });
    const event = await anEvent(t, {
      seriesId: ids.series,
      edition: 19,
      startsAt: '2027-10-23T09:00:00+08:00',
      endsAt: '2027-10-23T17:30:00+08:00',
    });
    ids.event = event.id;
    await aCategory(t, event.id, { code: 'guest', name: '嘉宾' });
    await aCategory(t, event.id, { code: 'enterprise', name: '企业代表' });
    const entrance = await theEntrance(t, event.id);
    const people = [];
    for (const category of ['guest', 'enterprise', 'enterprise', 'enterprise'])
      people.push(await aRegistration(t, event.id, { category }));
    for (const r of people.slice(0, 3)) await scan(t, event.id, auth, { registrationId: r.id, listId: entrance.id });
    await aSession(t, event, { kind: 'keynote' });
    const negotiation = await aSession(t, event, {
      kind: 'free_negotiation',
      startsAt: '2027-10-23T14:00:00+08:00',
      endsAt: '2027-10-23T16:00:00+08:00',
    });
    const achievements = [];
    for (const category of ['electronics', 'materials', 'electronics'])
      achievements.push(
        await t.app.get(AchievementsService).create({
          title: `成果 ${category}`,
          summary: '可提供样机测试',
          category,
          maturity: 'pilot',
          transferModes: ['licence'],
          owner: '重庆武瓴智行科技有限公司',
        }),
      );
    const demand = await t.app.get(DemandsService).create({
      title: '需求',
      description: '寻求合作',
      category: 'equipment',
      publisher: '德阳市经济和信息化局',
      city: '德阳',
    });
    const lists = t.app.get(EventListsService);
    await lists.add(
      event.id,
      'achievement',
      achievements.map((a) => a.id),
    );
    await lists.add(event.id, 'demand', [demand.id]);
    const base = `/api/events/${event.id}/meetings`;
    const ms = (
      await t.app.inject({
        method: 'POST',
        url: `${base}/sessions`,
        headers: auth,
        payload: { agendaSessionId: negotiation.id, slotMinutes: 20, tableCount: 3 },
      })
    ).json<{ id: number }>();
    const participants = [];
    for (const r of people.slice(0, 2)) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `${base}/sessions/${ms.id}/participants`,
        headers: auth,
        payload: { registrationId: r.id, offer: '技术方案', seek: '合作伙伴' },
      });
      participants.push(res.json<{ id: number }>().id);
    }
    await t.app.inject({
      method: 'POST',
      url: `${base}/sessions/${ms.id}/requests`,
      headers: auth,
      payload: { from: participants[0], to: participants[1], message: '希望洽谈' },
    });
    // A signing ceremony with one signed agreement and summary totals, for the agreements chart.
    const signing = await aSession(t, event, {
      kind: 'signing_ceremony',
      startsAt: '2027-10-23T11:00:00+08:00',
      endsAt: '2027-10-23T11:30:00+08:00',
    });
    const signings = `/api/events/${event.id}/signings`;
    const send = async <T = { id: number }>(url: string, payload: object) => {
      const res = await t.app.inject({ method: 'POST', url, headers: auth, payload });
      if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json<T>();
    };
    const ceremony = await send(`${signings}/ceremonies`, {
      agendaSessionId: signing.id,
      summary: { byKind: { project: 45 }, strategicPartners: 6 },
    });
    const agreement = await send(`${signings}/ceremonies/${ceremony.id}/agreements`, {
      title: '战略合作协议',
      kind: 'strategic',
      parties: [{ organisation: '先进技术成果西部转化中心' }, { organisation: '清华四川能源互联网研究院' }],
    });
    for (const status of ['confirmed', 'signed'])
      await send(`${signings}/agreements/${agreement.id}/status`, { status });
    // A roadshow with a project some attendees follow up on, for the roadshows chart.
    const pitch = await aSession(t, event, {
      kind: 'roadshow',
      startsAt: '2027-10-23T13:00:00+08:00',
      endsAt: '2027-10-23T13:30:00+08:00',
    });
    const roadshow = await send(`/api/events/${event.id}/roadshows`, { agendaSessionId: pitch.id });
    const { project } = await send<{ project: { id: number } }>(
      `/api/events/${event.id}/roadshows/${roadshow.id}/projects`,
      { name: '汽车磁流变智能油气悬架', organisation: '重庆武瓴智行科技有限公司', pitchMinutes: 10 },
    );
    const leads = t.app.get(RoadshowLeadsService);
    for (const r of people.slice(0, 3)) await leads.record(project.id, r, { kind: 'interest' });
    await leads.record(project.id, people[0], { kind: 'meeting' });
    // The pipeline: what the signing and the meeting request started, and an intent that landed.
    await t.app.get(IntentSources).sweep();
    const intents = t.app.get(IntentsService);
    const actor = { key: 'user:1', name: 'Admin', userId: 1 };
    const landed = await intents.create(
      {
        title: '凯州新城园区光伏储能改造',
        kind: 'joint_development',
        valueWan: 500,
        eventId: event.id,
        parties: [{ organisation: '四川恒麓电气科技有限公司' }, { organisation: '德阳市凯州新城管委会' }],
        source: { kind: 'api', id: null },
      },
      actor,
    );
    await intents.changeStage(
      landed.id,
      { stage: 'landed', landedPlace: '德阳凯州新城', landedOn: '2027-12-20' },
      actor,
    );

    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // Content-Security-Policy violations, as the page itself sees them (added by the browser, not by a page script).
    await context.addInitScript({
      content: `window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`,
    });
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('#f-email', ADMIN.email);
    await page.fill('#f-password', ADMIN.password);
    await Promise.all([
      page.waitForURL(`${t.baseUrl}/console`),
      page.click('form[action="/login"] button[type="submit"]'),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The charts the page has data for, and for each whether ECharts drew an SVG into its box. */
  function chartsDrawn(): Promise<{ id: string; drawn: boolean; svg: boolean; text: string }[]> {
    return page.evaluate(`
      JSON.parse(document.getElementById('report-charts').textContent).map(({ id }) => {
        const box = document.getElementById('chart-' + id);
        const svg = box.querySelector('svg');
        return {
          id,
          drawn: box.getAttribute('data-drawn') === 'true',
          svg: !!svg && svg.querySelectorAll('path').length > 0,
          text: svg ? svg.textContent : '',
        };
      })`);
  }

  it("opens the summary from the event's console page and draws every chart", async () => {
    await page.goto(`${t.baseUrl}/console/events/${ids.event}`);
    await Promise.all([page.waitForURL(/\/report$/), page.click('#event-report-link')]);
    await waitForExpression(page, 'document.querySelectorAll(\'.chart-box[data-drawn="true"] svg\').length === 9');
    const charts = await chartsDrawn();
    expect(charts.map((c) => [c.id, c.drawn, c.svg])).toEqual([
      ['registrations', true, true],
      ['check-ins', true, true],
      ['sessions', true, true],
      ['agreements', true, true],
      ['achievements', true, true],
      ['demands', true, true],
      ['roadshows', true, true],
      ['meetings', true, true],
      ['funnel', true, true],
    ]);
    // Drawn from the page's figures: the fields of the achievements pie, the categories of the check-ins bars.
    expect(charts[4].text).toContain('电子信息');
    expect(charts[4].text).toContain('先进材料');
    expect(charts[1].text).toContain('企业代表');
    expect(charts[3].text).toContain('战略合作协议');
    expect(charts[3].text).toContain('汇总数据（未逐项登记）');
    expect(charts[6].text).toContain('约见请求');
    // The pipeline as a funnel, its layers named by stage.
    expect(charts[8].text).toContain('意向');
    expect(charts[8].text).toContain('落地');
    expect(await page.locator('.figure-card[data-figure="intentsLanded"] dd').innerText()).toBe('1');
    expect(await page.locator('#funnel-stages tr[data-stage="landed"] td').first().innerText()).toBe('1');
    expect(await page.locator('.figure-card[data-figure="agreementsSigned"] dd').innerText()).toBe('1');
    expect(await page.locator('.figure-card[data-figure="roadshowInterest"] dd').innerText()).toBe('3');
    expect(await page.locator('.figure-card[data-figure="agreementsSummary"] dd').innerText()).toBe('45');
    expect(await page.locator('.figure-card[data-figure="checkedIn"] dd').innerText()).toBe('3');
  });

  it('draws the series page chart, reached from the summary', async () => {
    await Promise.all([page.waitForURL(/\/console\/series\/\d+\/report$/), page.click('#series-link')]);
    await waitForExpression(page, '!!document.querySelector(\'#chart-editions[data-drawn="true"] svg path\')');
    await waitForExpression(page, '!!document.querySelector(\'#chart-pipeline[data-drawn="true"] svg path\')');
    const [chart, pipeline] = await chartsDrawn();
    expect([chart.id, chart.svg]).toEqual(['editions', true]);
    expect([pipeline.id, pipeline.svg]).toEqual(['pipeline', true]);
    expect(pipeline.text).toContain('签约');
    expect(chart.text).toContain('第18次');
    expect(chart.text).toContain('第19次');
  });

  it('prints the summary without the navigation', async () => {
    await page.goto(`${t.baseUrl}/console/events/${ids.event}/report/print`);
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(
      `['.site-header', '.site-footer', '.report-print-tools', '.press-text'].map(
        (selector) => getComputedStyle(document.querySelector(selector)).display !== 'none')`,
    );
    await page.emulateMedia({ media: 'screen' });
    expect(shown).toEqual([false, false, false, true]);
    expect(await page.locator('.press-text p').first().innerText()).toMatch(/^2027年10月23日，/);
  });

  it('loaded everything from the app itself, with no script error and no CSP violation', async () => {
    expect(requested).toContain(`${t.baseUrl}/vendor/echarts.min.js`);
    expect([...new Set(requested.map((url) => new URL(url).origin))]).toEqual([t.baseUrl]);
    expect(consoleErrors).toEqual([]);
    expect(await page.evaluate('window.cspViolations')).toEqual([]);
  });
});
