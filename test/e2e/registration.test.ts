import ICAL from 'ical.js';
import { Badge } from '../../src/badges/badge.entity.js';
import { publicKeyFrom, verifyBadge } from '../../src/badges/badge-token.js';
import { EventKey } from '../../src/badges/event-key.entity.js';
import { Database } from '../../src/database/database.service.js';
import { decodeQrPng } from '../support/qr.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

function calendarPart(mail: ReceivedMail) {
  const part = mail.parsed.attachments.find((a) => a.mimeType === 'text/calendar');
  const text = part
    ? typeof part.content === 'string'
      ? part.content
      : Buffer.from(part.content as Uint8Array).toString('utf8')
    : '';
  return { part, component: text ? new ICAL.Component(ICAL.parse(text)) : undefined, raw: text };
}

describe('registration and its emails', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let auth: { authorization: string };
  let eventId: number;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({
      env: { MAIL_POLL_MS: '50', SMTP_URL: sink.url, MAIL_FROM: 'Duijie <no-reply@duijie.test>' },
    });
    auth = await apiLogin(t.app);
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({ startsAt: '2027-03-05T09:00:00+08:00', endsAt: '2027-03-06T17:30:00+08:00' }),
      })
    ).json();
    eventId = event.id;
    await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
    const categories = [
      { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise', capacity: 2 },
      { code: 'guest', name: '嘉宾', nameEn: 'Guest of honour', approval: 'review' },
      { code: 'invited', name: '特邀', publicForm: false },
    ];
    for (const payload of categories) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/categories`,
        headers: auth,
        payload,
      });
      expect(res.statusCode).toBe(201);
    }
    const question = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/questions`,
      headers: auth,
      payload: {
        code: 'industries',
        kind: 'multiple',
        label: '关注的产业领域',
        labelEn: 'Industries of interest',
        required: true,
        options: [
          { value: 'aerospace', label: '航空航天', labelEn: 'Aerospace' },
          { value: 'materials', label: '先进材料', labelEn: 'Advanced materials' },
        ],
      },
    });
    expect(question.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const person = (n: number, overrides: Record<string, unknown> = {}) => ({
    name: `参会者${n}`,
    email: `person${n}@example.cn`,
    organisation: '重庆武瓴智行科技有限公司',
    title: '总经理',
    category: 'enterprise',
    answers: { industries: ['aerospace'] },
    consent: true,
    ...overrides,
  });
  const register = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/events/${eventId}/registrations`, payload });

  it('describes the form: public categories with seats left, and the questions', async () => {
    const form = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registration-form` })).json();
    expect(form.open).toBe(true);
    expect(form.categories.map((c: { code: string; seatsLeft: number | null }) => [c.code, c.seatsLeft])).toEqual([
      ['enterprise', 2],
      ['guest', null],
    ]);
    expect(form.questions).toEqual([expect.objectContaining({ code: 'industries', kind: 'multiple', required: true })]);
  });

  it('confirms a registration and mails a bilingual confirmation with the QR badge inline and an iTIP REQUEST', async () => {
    const res = await register(person(1));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.status).toBe('confirmed');
    expect(body.manageUrl).toMatch(new RegExp(`^${t.baseUrl || t.config.appUrl}/me/${body.id}\\.[\\w-]{43}$`));

    const [mail] = await sink.waitFor(1);
    expect(mail.envelopeTo).toEqual(['person1@example.cn']);
    // The subject is in the reader's language only (the body has both).
    expect(mail.parsed.subject).toBe('报名成功：成都都市圈先进技术成果转化推介活动');
    expect(mail.parsed.messageId).toMatch(/^<[\w-]+@localhost>$/);
    expect(mail.parsed.text).toContain('您的报名已确认');
    expect(mail.parsed.text).toContain('Your registration is confirmed');
    expect(mail.parsed.text).toContain(body.manageUrl);
    expect(mail.parsed.text).toContain('2027年3月5日 09:00');

    const image = mail.parsed.attachments.find((a) => a.mimeType === 'image/png')!;
    expect(image.disposition).toBe('inline');
    expect(mail.parsed.html).toContain(`cid:${image.contentId!.replace(/[<>]/g, '')}`);
    const code = decodeQrPng(image.content as Uint8Array);
    const db = t.app.get(Database);
    const badge = await db.manager.findOneByOrFail(Badge, { registrationId: body.id });
    expect(code).toBe(badge.code);
    const key = await db.manager.findOneByOrFail(EventKey, { eventId });
    expect(verifyBadge(code!, publicKeyFrom(key.publicKey))).toEqual({ eventId, registrationId: body.id, serial: 1 });

    expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const { component } = calendarPart(mail);
    expect(component!.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = component!.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe(`event-${eventId}@localhost`);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1);
    expect(String(vevent.getFirstPropertyValue('dtstart'))).toBe('2027-03-05T01:00:00Z');
    expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:no-reply@duijie.test');
    const attendee = vevent.getFirstProperty('attendee')!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:person1@example.cn');
    expect(attendee.getParameter('rsvp')).toBe('TRUE');
  });

  it('gives the same email the existing registration back', async () => {
    const first = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations`, headers: auth })
    ).json();
    const again = await register(person(1, { email: 'PERSON1@example.cn', name: '别人' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first[0].id, status: 'confirmed', manageUrl: null });
    // The link goes to the owner of the email, not to whoever typed it.
    const deadline = Date.now() + 10_000;
    while (
      !sink.to('person1@example.cn').some((m) => /报名链接/.test(m.parsed.subject ?? '')) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const linkMail = sink.to('person1@example.cn').find((m) => /报名链接/.test(m.parsed.subject ?? ''))!;
    expect(linkMail.parsed.text).toContain(`/me/${first[0].id}.`);
    await register(person(1));
    const { OutboxMessage } = await import('../../src/mail/outbox-message.entity.js');
    expect(await t.app.get(Database).manager.countBy(OutboxMessage, { kind: 'registration_link' })).toBe(1);
    const after = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations`, headers: auth })
    ).json();
    expect(after).toHaveLength(1);
  });

  it('waitlists beyond capacity in order, and promotes the first waiting person when a seat frees up', async () => {
    expect((await register(person(2))).json().status).toBe('confirmed');
    const third = (await register(person(3, { locale: 'en' }))).json();
    const fourth = (await register(person(4))).json();
    expect([third.status, fourth.status]).toEqual(['waitlisted', 'waitlisted']);
    await sink.waitFor(5);
    expect(sink.to('person3@example.cn')[0].parsed.subject).toBe(
      'On the waiting list: Chengdu Metropolitan Area Technology Transfer Promotion',
    );

    const list = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations?status=confirmed`, headers: auth })
    ).json();
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/registrations/${list[0].id}/cancel`,
      headers: auth,
      payload: {},
    });
    expect(cancelled.json().status).toBe('cancelled');
    const promoted = (
      await t.app.inject({ method: 'GET', url: `/api/registrations/${third.id}`, headers: auth })
    ).json();
    expect(promoted.status).toBe('confirmed');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/registrations/${fourth.id}`, headers: auth })).json().status,
    ).toBe('waitlisted');

    await sink.waitFor(7);
    const cancelMail = sink.to('person1@example.cn').find((m) => /取消/.test(m.parsed.subject ?? ''))!;
    expect(cancelMail.raw).toMatch(/method=CANCEL/i);
    const cancelEvent = calendarPart(cancelMail).component!.getFirstSubcomponent('vevent')!;
    expect(cancelEvent.getFirstPropertyValue('uid')).toBe(`event-${eventId}@localhost`);
    expect(cancelEvent.getFirstPropertyValue('sequence')).toBe(2);
    expect(cancelEvent.getFirstPropertyValue('status')).toBe('CANCELLED');
    const promotedMail = sink.to('person3@example.cn').find((m) => /You are in/.test(m.parsed.subject ?? ''))!;
    expect(promotedMail.parsed.text).toContain('moved up from the waiting list');
    expect(calendarPart(promotedMail).component!.getFirstPropertyValue('method')).toBe('REQUEST');

    const badge = await t.app.get(Database).manager.findOneByOrFail(Badge, { registrationId: list[0].id });
    expect(badge.revokedAt).toBeInstanceOf(Date);
  });

  it('holds registrations of a reviewed category as pending; approval confirms, rejection tells the reason', async () => {
    const a = (await register(person(10, { category: 'guest' }))).json();
    const b = (await register(person(11, { category: 'guest' }))).json();
    expect([a.status, b.status]).toEqual(['pending', 'pending']);
    const approved = await t.app.inject({ method: 'POST', url: `/api/registrations/${a.id}/approve`, headers: auth });
    expect(approved.json().status).toBe('confirmed');
    const rejected = await t.app.inject({
      method: 'POST',
      url: `/api/registrations/${b.id}/reject`,
      headers: auth,
      payload: { reason: '本场嘉宾席位已满' },
    });
    expect(rejected.json().status).toBe('rejected');
    const again = await t.app.inject({ method: 'POST', url: `/api/registrations/${b.id}/approve`, headers: auth });
    expect(again.statusCode).toBe(409);
    const count = sink.messages.length;
    await sink.waitFor(count + 0);
    const mails = await (async () => {
      const deadline = Date.now() + 10_000;
      while (
        Date.now() < deadline &&
        !sink.to('person11@example.cn').some((m) => /未通过/.test(m.parsed.subject ?? ''))
      )
        await new Promise((r) => setTimeout(r, 25));
      return sink.to('person11@example.cn');
    })();
    const rejection = mails.find((m) => /未通过/.test(m.parsed.subject ?? ''))!;
    expect(rejection.parsed.text).toContain('本场嘉宾席位已满');
  });

  it('answers 400 naming the field for missing consent, an unknown or invite-only category and bad answers', async () => {
    const noConsent = await register(person(20, { consent: false }));
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().fields).toEqual([{ field: 'consent', reason: 'consent must be given (true)' }]);
    for (const category of ['nope', 'invited']) {
      const res = await register(person(21, { category }));
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual([{ field: 'category', reason: 'not a category of this event' }]);
    }
    const answers = await register(person(22, { answers: { industries: ['cooking'], colour: 'red' } }));
    expect(answers.statusCode).toBe(400);
    expect(answers.json().fields).toEqual([
      { field: 'answers.colour', reason: 'not a question of this form' },
      { field: 'answers.industries', reason: 'must be among the options' },
    ]);
    const missing = await register(person(23, { answers: {} }));
    expect(missing.json().fields).toEqual([{ field: 'answers.industries', reason: 'an answer is required' }]);
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations?q=person2`, headers: auth })
    ).json();
    expect(list.map((r: { email: string }) => r.email)).toEqual(['person2@example.cn']);
  });

  it('asks for a category in a readable sentence when the form offers several and none is given', async () => {
    const res = await register(person(24, { category: undefined }));
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual([{ field: 'category', reason: 'choose an attendee category' }]);
  });

  /** A published event with the given public categories. */
  const publishedEvent = async (slug: string, categories: Record<string, unknown>[]) => {
    const id = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: twoDayEvent({ slug, startsAt: '2027-05-05T09:00:00+08:00', endsAt: '2027-05-05T17:30:00+08:00' }),
      })
    ).json().id as number;
    await t.app.inject({ method: 'POST', url: `/api/events/${id}/publish`, headers: auth });
    for (const payload of categories) {
      await t.app.inject({ method: 'POST', url: `/api/events/${id}/categories`, headers: auth, payload });
    }
    return id;
  };

  it('reports an event without any public category as closed, with the reason, and refuses without naming a field', async () => {
    const id = await publishedEvent('no-categories', [{ code: 'vip', name: '领导嘉宾', publicForm: false }]);
    const form = (await t.app.inject({ method: 'GET', url: `/api/events/${id}/registration-form` })).json();
    expect([form.open, form.state, form.reason, form.categories]).toEqual([false, 'open', 'no_categories', []]);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/events/${id}/registrations`,
      payload: { name: '王敏', email: 'wang.min@example.cn', organisation: '西部转化中心', consent: true },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      statusCode: 409,
      error: 'no_categories',
      message: 'This event has no attendee category open for registration yet, so it does not take registrations.',
    });
    const page = await t.app.inject({ method: 'GET', url: '/events/no-categories/register' });
    expect(page.body).toContain('此活动尚未设置可报名的参会类别，暂不接受报名。');
    expect(page.body).not.toContain('<form method="post" action="/events/no-categories/register"');
    const event = await t.app.inject({ method: 'GET', url: '/events/no-categories' });
    expect(event.body).not.toContain('href="/events/no-categories/register"');
    expect(event.body).toContain('此活动尚未设置可报名的参会类别');
  });

  it('registers without a category when the form offers exactly one', async () => {
    const id = await publishedEvent('one-category', [{ code: 'all', name: '参会代表', nameEn: 'Attendee' }]);
    const form = (await t.app.inject({ method: 'GET', url: `/api/events/${id}/registration-form` })).json();
    expect([form.open, form.reason, form.categoryRequired]).toEqual([true, null, false]);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/events/${id}/registrations`,
      payload: { name: '王敏', email: 'wang.min@example.cn', organisation: '西部转化中心', consent: true },
    });
    expect(res.statusCode).toBe(201);
    const saved = (
      await t.app.inject({ method: 'GET', url: `/api/registrations/${res.json().id}`, headers: auth })
    ).json();
    expect([saved.status, saved.categoryId]).toEqual(['confirmed', form.categories[0].id]);
  });

  it('records the consent with its time and wording', async () => {
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/registrations?q=person3`, headers: auth })
    ).json();
    const { Registration } = await import('../../src/registration/registration.entity.js');
    const row = await t.app.get(Database).manager.findOneByOrFail(Registration, { id: list[0].id });
    expect(row.consentText).toMatch(/^I agree that the organisers collect/);
    expect(row.consentAt).toBeInstanceOf(Date);
  });
});
