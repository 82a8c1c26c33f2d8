import playwright from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { MeetingsService } from '../../src/matchmaking/meetings/meetings.service.js';
import { ManageLinks } from '../../src/registration/manage-links.service.js';
import { aCategory, anEvent, aRegistration, aSession } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The opt-in form of the personal meetings page in headless Chromium: with no free slot ticked, the page warns
 * (app.js) and asks before sending; the server says it again after saving.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

describe('the meetings opt-in form in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url = '';
  let sessionId = 0;
  let registrationId = 0;

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    const event = await anEvent(t);
    await aCategory(t, event.id);
    const day = new Date(event.startsAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const agenda = await aSession(t, event, {
      kind: 'free_negotiation',
      title: '自由洽谈',
      startsAt: `${day}T16:00:00+08:00`,
      endsAt: `${day}T17:00:00+08:00`,
    });
    sessionId = (
      await t.app.get(MeetingsService).create(event.id, { agendaSessionId: agenda.id, slotMinutes: 20, tableCount: 3 })
    ).id;
    const registration = await aRegistration(t, event.id);
    registrationId = registration.id;
    url = `${t.baseUrl}/me/${await t.app.get(ManageLinks).token(registration)}/meetings`;
    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const warning = () => page.locator(`#ms-${sessionId} [data-no-slot-warning]`);
  const slots = () => page.locator(`#ms-${sessionId} input[name="slots"]`);

  it('shows the warning while no slot is ticked, and hides it again when one is', async () => {
    await page.goto(url);
    expect(await slots().count()).toBe(3);
    expect(await warning().isVisible()).toBe(false);
    for (const box of await slots().all()) await box.uncheck();
    expect(await warning().isVisible()).toBe(true);
    expect(await warning().innerText()).toContain('您没有勾选任何空闲时段');
    await slots().nth(1).check();
    expect(await warning().isVisible()).toBe(false);
  });

  it('asks before sending without a slot; declined, nothing is sent; accepted, the server warns after saving', async () => {
    await page.fill(`#f-p${sessionId}-offer`, '磁流变减震器样机');
    await page.fill(`#f-p${sessionId}-seek`, '整车企业');
    await slots().nth(1).uncheck();
    const submit = page.locator(`#ms-${sessionId} form[action$="/participation"] button[type="submit"]`);

    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await submit.click();
    expect(asked).toEqual(['您没有勾选任何空闲时段，主办方将无法为您安排洽谈。仍要保存吗？']);
    expect(await t.app.get(MeetingsService).participant(sessionId, registrationId)).toBeNull();

    page.once('dialog', (dialog) => void dialog.accept());
    await Promise.all([page.waitForURL(/\/meetings(#.*)?$/), submit.click()]);
    await page.waitForLoadState('load');
    const flash = page.locator('div.alert-warning');
    expect(await flash.innerText()).toContain('已保存，但您没有勾选任何空闲时段');
    expect(await t.app.get(MeetingsService).participant(sessionId, registrationId)).toMatchObject({
      offer: '磁流变减震器样机',
      unavailableSlots: [1, 2, 3],
    });
    // The form stays open with its warning until a slot is ticked.
    expect(await warning().isVisible()).toBe(true);
  });
});
