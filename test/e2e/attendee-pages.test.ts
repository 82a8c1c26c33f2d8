import ICAL from 'ical.js';
import { Badge } from '../../src/badges/badge.entity.js';
import { Database } from '../../src/database/database.service.js';
import { Venue } from '../../src/events/venue.entity.js';
import { Browser } from '../support/browser.js';
import { decodeQrPng } from '../support/qr.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { aCategory, anEvent } from '../support/factories.js';
import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

async function until<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('attendee pages: registering in Chinese, the personal link, cancelling', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let eventId: number;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({ env: { MAIL_POLL_MS: '50', SMTP_URL: sink.url } });
    const auth = await apiLogin(t.app);
    eventId = (
      await anEvent(t, { slug: 'open-day', startsAt: '2027-04-10T09:00:00+08:00', endsAt: '2027-04-10T17:00:00+08:00' })
    ).id;
    await aCategory(t, eventId, { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise', capacity: 1 });
    await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/questions`,
      headers: auth,
      payload: {
        code: 'seek',
        kind: 'single',
        label: '您希望对接',
        required: true,
        options: [
          { value: 'tech', label: '技术成果' },
          { value: 'capital', label: '资金' },
        ],
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const fields = (n: number) => ({
    category: 'enterprise',
    name: `报名人${n}`,
    email: `visitor${n}@example.cn`,
    phone: '+86 138 0000 000' + n,
    organisation: '四川恒麓电气科技有限公司',
    title: '技术总监',
    'q.seek': 'tech',
    consent: 'yes',
  });

  it('offers the form from the event page and keeps what was typed when something is missing', async () => {
    const b = new Browser(t.app);
    const event = await b.get('/events/open-day');
    expect(event.body).toContain('href="/events/open-day/register"');
    const form = await b.get('/events/open-day/register');
    expect(form.body).toContain('剩余 1 个名额');
    expect(form.body).toContain('您希望对接');
    // The only category on offer is chosen already.
    expect(form.body).toMatch(/name="category" value="enterprise" id="f-category"\s+checked/);
    const rest: Record<string, string> = fields(0);
    delete rest.consent;
    const res = await b.post('/events/open-day/register', rest);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('请阅读并勾选同意个人信息处理说明');
    expect(res.body).toContain('value="报名人0"');
    expect(res.body).toMatch(/value="tech" checked/);
  });

  it('registers in Chinese, lands on the personal page, and the emailed link opens the same page', async () => {
    const b = new Browser(t.app);
    await b.get('/events/open-day/register');
    const res = await b.post('/events/open-day/register', fields(1));
    expect(res.statusCode).toBe(303);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/me\/\d+\.[\w-]{43}$/);
    const page = await b.get(location);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('报名成功');
    expect(page.body).toContain('已确认');
    expect(page.body).toContain('<svg');

    const mail = await until(() => sink.to('visitor1@example.cn')[0]);
    expect(mail.parsed.subject).toMatch(/^报名成功：/);
    expect(mail.parsed.text).toContain(`${t.config.appUrl}${location}`);
    const db = t.app.get(Database);
    const id = Number(/\/me\/(\d+)\./.exec(location)![1]);
    const badge = await db.manager.findOneByOrFail(Badge, { registrationId: id });
    const png = await b.get(`${location}/badge.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(decodeQrPng(png.rawPayload)).toBe(badge.code);
    const svg = await b.get(`${location}/badge.svg`);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');

    const ics = await b.get(`${location}/event.ics`);
    const vevent = new ICAL.Component(ICAL.parse(ics.body)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe(`event-${eventId}@localhost`);
    expect(String(vevent.getFirstPropertyValue('dtstart'))).toBe('2027-04-10T01:00:00Z');
    const feed = await b.get(`${location}/calendar.ics`);
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain(`UID:event-${eventId}@localhost`);
  });

  it('refuses unknown, altered and revoked-looking links', async () => {
    const b = new Browser(t.app);
    for (const token of ['1.' + 'A'.repeat(43), '999.' + 'A'.repeat(43), 'nonsense', '1']) {
      expect((await b.get(`/me/${token}`)).statusCode).toBe(404);
    }
  });

  it('lets the attendee edit their details before the event', async () => {
    const b = new Browser(t.app);
    const location = sink.to('visitor1@example.cn')[0].parsed.text!.match(/\/me\/\d+\.[\w-]{43}/)![0];
    await b.get(location);
    const res = await b.post(location, {
      name: '报名人一',
      phone: '+86 139 1111 2222',
      organisation: '四川恒麓电气科技有限公司',
      title: '总经理',
      locale: 'en',
      'q.seek': 'capital',
    });
    expect(res.statusCode).toBe(303);
    const page = await b.get(location);
    expect(page.body).toContain('value="总经理"');
    expect(page.body).toMatch(/value="capital" checked/);
  });

  it('sends the same email registering again to the link email, not to the personal page', async () => {
    const b = new Browser(t.app);
    await b.get('/events/open-day/register');
    const res = await b.post('/events/open-day/register', { ...fields(1), name: '冒名者' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/events/open-day/register/sent');
  });

  it('answers the feed’s own ETag with a 304 until the event or its main venue changes', async () => {
    const auth = await apiLogin(t.app);
    const location = sink.to('visitor1@example.cn')[0].parsed.text!.match(/\/me\/\d+\.[\w-]{43}/)![0];
    const get = (headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: `${location}/calendar.ics`, headers });
    const vevent = (body: string) => new ICAL.Component(ICAL.parse(body)).getFirstSubcomponent('vevent')!;
    const first = await get();
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers['set-cookie']).toBeUndefined(); // no CSRF secret for a calendar app that keeps no cookie
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[\w-]{43}"$/);
    const unchanged = await get({ 'if-none-match': etag });
    expect([unchanged.statusCode, unchanged.body, unchanged.headers.etag]).toEqual([304, '', etag]);
    expect((await get({ 'if-none-match': `W/"other", ${etag}` })).statusCode).toBe(304);
    expect((await get({ 'if-none-match': 'W/"other"' })).statusCode).toBe(200);

    const retitle = (title: string) =>
      t.app.inject({ method: 'PATCH', url: `/api/events/${eventId}`, headers: auth, payload: { title } });
    const title = vevent(first.body).getFirstPropertyValue('summary');
    expect((await retitle('开放日（新址）')).statusCode).toBe(200);
    const retitled = await get({ 'if-none-match': etag });
    expect(retitled.statusCode).toBe(200);
    expect(vevent(retitled.body).getFirstPropertyValue('summary')).toBe('开放日（新址）');
    expect(retitled.headers.etag).not.toBe(etag);

    const venue = await t.app.get(Database).manager.findOneByOrFail(Venue, { eventId, kind: 'main' });
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}/venues/${venue.id}`,
      headers: auth,
      payload: { address: '成都市高新区天府大道北段 1480 号' },
    });
    expect(moved.statusCode).toBe(200);
    const relocated = await get({ 'if-none-match': retitled.headers.etag as string });
    expect(relocated.statusCode).toBe(200);
    expect(vevent(relocated.body).getFirstPropertyValue('location')).toBe(
      `${venue.name} · 成都市高新区天府大道北段 1480 号`,
    );
    expect((await retitle(title as string)).statusCode).toBe(200);
  });

  it('cancels from the personal page: the seat goes to the first person waiting, who is told', async () => {
    const b = new Browser(t.app);
    await b.get('/events/open-day/register');
    const waiting = await b.post('/events/open-day/register', fields(2));
    const waitingPage = await b.get(waiting.headers.location as string);
    expect(waitingPage.body).toContain('候补中');

    const owner = new Browser(t.app);
    const location = sink.to('visitor1@example.cn')[0].parsed.text!.match(/\/me\/\d+\.[\w-]{43}/)![0];
    await owner.get(location);
    const events = async () => {
      const feed = await owner.get(`${location}/calendar.ics`);
      return new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent').length;
    };
    expect(await events()).toBe(1);
    const cancelled = await owner.post(`${location}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    expect(await events()).toBe(0); // the cached feed is not answered after the cancellation
    const after = await owner.get(location);
    expect(after.body).toContain('已取消');
    expect((await owner.get(`${location}/badge.png`)).statusCode).toBe(404);

    const promotedMail = await until(() =>
      sink.to('visitor2@example.cn').find((m) => /候补转正/.test(m.parsed.subject ?? '')),
    );
    expect(promotedMail.parsed.text).toContain('已从候补名单转为正式参会');
    const promotedPage = await b.get(waiting.headers.location as string);
    expect(promotedPage.body).toContain('已确认');
  });

  it('tells what is wrong in sentences of the reader’s language that name the field as the form labels it', async () => {
    const auth = await apiLogin(t.app);
    await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/categories`,
      headers: auth,
      payload: { code: 'investor', name: '投资机构', nameEn: 'Investor' },
    });
    const wrong = { ...fields(5), email: 'not-an-email', phone: 'call me' } as Record<string, string>;
    delete wrong.category;
    delete wrong.name;

    const zh = new Browser(t.app);
    await zh.get('/events/open-day/register?lang=zh-CN');
    const zhPage = await zh.post('/events/open-day/register', wrong);
    expect(zhPage.statusCode).toBe(400);
    for (const sentence of ['请选择参会类别。', '请填写姓名。', '邮箱格式不正确', '手机号码格式不正确']) {
      expect(zhPage.body).toContain(sentence);
    }

    const en = new Browser(t.app);
    await en.get('/events/open-day/register?lang=en');
    const enPage = await en.post('/events/open-day/register', wrong);
    expect(enPage.statusCode).toBe(400);
    for (const sentence of [
      'Choose an attendee category.',
      'Enter your name.',
      'The email address is not valid',
      'The mobile phone number is not valid',
    ]) {
      expect(enPage.body).toContain(sentence);
    }
    // Never a rule name or a bare field key in front of a rule.
    for (const body of [zhPage.body, enPage.body]) {
      expect(body).not.toMatch(/长度不符合要求|Wrong length|格式不正确<\/|>category|>email/);
    }
    expect(enPage.body.match(/[：，]/g) ?? []).toEqual([]);

    // The personal page's edit form speaks the same way.
    const location = sink.to('visitor2@example.cn')[0].parsed.text!.match(/\/me\/\d+\.[\w-]{43}/)![0];
    await en.get(location);
    const edit = await en.post(location, {
      name: '报名人二',
      organisation: '四川恒麓电气科技有限公司',
      phone: 'call me',
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.body).toContain('The mobile phone number is not valid');
  });
});
