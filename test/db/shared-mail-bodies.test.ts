import { In } from 'typeorm';
import { Database } from '../../src/database/database.service.js';
import { MailBody } from '../../src/mail/mail-body.entity.js';
import { MailWorker } from '../../src/mail/mail-worker.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { OutboxService } from '../../src/mail/outbox.service.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { aCategory, anEvent } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PEOPLE = 40;

describe(`registration emails as shared bodies on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({ listen: true, env: { SMTP_URL: sink.url, MAIL_WORKER: 'false', RATE_LIMIT_SCALE: '10' } });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('keeps a burst of first registrations as one body per kind and language, each message joined to its own', async () => {
    // A fresh event: every simultaneous registration finds its body missing and writes it (PostgreSQL: concurrently).
    const event = await anEvent(t, { startsAt: '2027-06-06T09:00:00+08:00', endsAt: '2027-06-06T17:00:00+08:00' });
    await aCategory(t, event.id, { code: 'enterprise', name: '企业', capacity: 10 });
    const person = (i: number) => ({
      name: `共享${i}`,
      email: `shared${i}@example.cn`,
      organisation: `企业${i % 5}`,
      locale: i % 2 ? 'zh-CN' : 'en',
      consent: true,
    });
    const answers = await Promise.all(
      Array.from({ length: PEOPLE }, async (_, i) => {
        const res = await fetch(`${t.baseUrl}/api/events/${event.id}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(person(i)),
        });
        return { status: res.status, body: (await res.json()) as { id: number; status: string; manageUrl: string } };
      }),
    );
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);

    const db = t.app.get(Database);
    const messages = await db.manager.find(OutboxMessage, { where: { eventId: event.id }, order: { id: 'ASC' } });
    expect(messages).toHaveLength(PEOPLE);
    // No message keeps its HTML or text: each names its body and holds its own values.
    expect(messages.filter((m) => m.html !== null || m.text !== null || !m.bodyHash)).toEqual([]);
    const kinds = new Set(messages.map((m) => `${m.kind} ${m.bodyValues?.badgeCid ? 'badge' : ''}`));
    expect(kinds).toEqual(new Set(['registration_confirmed badge', 'registration_waitlisted ']));
    // Confirmed and waitlisted, in two languages: four bodies, each written once.
    const hashes = [...new Set(messages.map((m) => m.bodyHash!))];
    expect(hashes).toHaveLength(4);
    expect(await db.manager.countBy(MailBody, { hash: In(hashes) })).toBe(4);

    const outbox = t.app.get(OutboxService);
    for (const answer of answers) {
      const message = messages.find((m) => m.registrationId === answer.body.id)!;
      const whole = await outbox.whole({ ...message });
      const i = Number(/shared(\d+)@/.exec(message.toAddress)![1]);
      expect(whole.text).toContain(person(i).name);
      expect(whole.text).toContain(answer.body.manageUrl);
      expect(whole.html).toContain(answer.body.manageUrl.replace(/&/g, '&amp;'));
      expect(whole.html + whole.text).not.toMatch(/[\ue000\ue001]/);
    }

    // The mail worker sends each message joined: its own name and link, nobody else's.
    const worker = t.app.get(MailWorker);
    while ((await worker.runOnce()) > 0);
    const received = await sink.waitFor(PEOPLE);
    for (const answer of answers) {
      const message = messages.find((m) => m.registrationId === answer.body.id)!;
      const [mail] = sink.to(message.toAddress);
      expect(mail.parsed.text).toContain(answer.body.manageUrl);
      expect(mail.parsed.html).toContain(answer.body.manageUrl);
      expect(mail.parsed.subject).toBe(message.subject);
      const others = answers.filter((a) => a !== answer).map((a) => a.body.manageUrl);
      expect(others.filter((url) => `${mail.parsed.text}`.includes(url))).toEqual([]);
    }
    expect(received).toHaveLength(PEOPLE);
  });

  it('fails a message whose body is gone alone, and sends the rest of its batch', async () => {
    const event = await anEvent(t, { startsAt: '2027-07-07T09:00:00+08:00', endsAt: '2027-07-07T17:00:00+08:00' });
    await aCategory(t, event.id, { code: 'enterprise', name: '企业', capacity: 10 });
    // A title of its own: this event's bodies are its own, not those of the first test's event.
    const register = async (i: number, locale: 'zh-CN' | 'en') => {
      const res = await fetch(`${t.baseUrl}/api/events/${event.id}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `缺失${i}`,
          email: `gone${i}@example.cn`,
          organisation: '某院',
          locale,
          consent: true,
        }),
      });
      expect(res.status).toBe(201);
    };
    await register(1, 'zh-CN');
    await register(2, 'en');
    await register(3, 'zh-CN');
    const db = t.app.get(Database);
    const messages = await db.manager.find(OutboxMessage, { where: { eventId: event.id }, order: { id: 'ASC' } });
    const english = messages.find((m) => m.toAddress === 'gone2@example.cn')!;
    await db.transaction((em) => em.delete(MailBody, { hash: english.bodyHash! }));

    const worker = t.app.get(MailWorker);
    while ((await worker.runOnce()) > 0);
    const after = await db.manager.find(OutboxMessage, { where: { eventId: event.id }, order: { id: 'ASC' } });
    expect(after.map((m) => [m.toAddress, m.status])).toEqual([
      ['gone1@example.cn', 'sent'],
      ['gone2@example.cn', 'failed'],
      ['gone3@example.cn', 'sent'],
    ]);
    expect(after[1].lastError).toContain('mail body');
    expect(sink.to('gone2@example.cn')).toEqual([]);
    expect(sink.to('gone3@example.cn')).toHaveLength(1);
  });
});
