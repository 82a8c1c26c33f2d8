import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchedulerRegistry } from '@nestjs/schedule';
import { User } from '../../src/accounts/user.entity.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.service.js';
import { IntentReminder } from '../../src/intents/intent-reminder.entity.js';
import { IntentReminders } from '../../src/intents/intent-reminders.service.js';
import { IntentSettings } from '../../src/intents/intent-settings.service.js';
import { IntentSources } from '../../src/intents/intent-sources.service.js';
import { IntentsService, type Actor, type IntentInput } from '../../src/intents/intents.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { OutboxService } from '../../src/mail/outbox.service.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

const ACTOR: Actor = { key: 'user:1', name: 'Admin', userId: 1 };
/** 09:00 China time on a day of June 2031 (2031-06-09 and 2031-06-16 are Mondays). */
const june = (day: number, hour = 9) => new Date(Date.UTC(2031, 5, day, hour - 8));

/**
 * Owners' reminders, with the clock moved by passing `now`: a follow-up date arriving, an intent idle past the
 * organisers' threshold, the weekly digest; each fires once, also when two claimers race for it.
 */
describe(`reminders to owners (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let reminders: IntentReminders;
  let intents: IntentsService;
  let auth: { authorization: string };
  const office = { organisation: '眉山市委融办', contactName: '陈静', contactEmail: 'chenjing@meishan.example.gov.cn' };

  const outbox = (kind: string, to?: string) =>
    t.app.get(Database).manager.find(OutboxMessage, {
      where: { kind, ...(to ? { toAddress: to } : {}) },
      order: { id: 'ASC' },
    });
  const delivered = async (to: string, subject: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = sink.to(to).find((m) => m.parsed.subject === subject);
      if (found || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const subjects = async (kind: string, to?: string) => (await outbox(kind, to)).map((m) => m.subject);
  const make = (title: string, more: Partial<IntentInput>, when = june(1)) =>
    intents.create(
      {
        title,
        kind: 'other',
        parties: [{ organisation: '四川恒麓电气科技有限公司' }, { organisation: '雅安城市建设投资开发有限公司' }],
        source: { kind: 'api', id: null },
        ...more,
      },
      ACTOR,
      when,
    );

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({ env: { SMTP_URL: sink.url, MAIL_POLL_MS: '50' } });
    auth = await apiLogin(t.app);
    reminders = t.app.get(IntentReminders);
    intents = t.app.get(IntentsService);
    // Idle reminders are checked in their own test.
    await t.app.inject({ method: 'PUT', url: '/api/intents/settings', headers: auth, payload: { idleDays: 0 } });
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  it('runs every morning at 08:00 China time on @nestjs/schedule', () => {
    const job = t.app.get(SchedulerRegistry).getCronJob('intent-reminders');
    const next = job.nextDate().toJSDate();
    expect(next.getUTCHours()).toBe(0);
    expect(next.getUTCMinutes()).toBe(0);
  });

  it('emails the owner once when the follow-up date arrives, and never for intents without an owner or closed', async () => {
    await make('跟进甲', { owner: { userId: 1 }, nextFollowUpOn: '2031-06-10' });
    await make('跟进乙（责任单位）', { owner: office, nextFollowUpOn: '2031-06-12' });
    await make('无负责人', { nextFollowUpOn: '2031-06-10' });
    const dropped = await make('已终止', { owner: { userId: 1 }, nextFollowUpOn: '2031-06-10' });
    await intents.changeStage(dropped.id, { stage: 'dropped', droppedReason: 'no_budget' }, ACTOR, june(2));

    expect((await reminders.run(june(9))).followUps).toBe(0);
    expect((await reminders.run(june(10))).followUps).toBe(1);
    expect((await reminders.run(june(10, 15))).followUps).toBe(0);
    expect((await reminders.run(june(11))).followUps).toBe(0);
    expect(await subjects('intent_follow_up')).toEqual(['跟进提醒：跟进甲']);
    expect((await reminders.run(june(13))).followUps).toBe(1);
    expect(await subjects('intent_follow_up', office.contactEmail)).toEqual(['跟进提醒：跟进乙（责任单位）']);

    // Delivered through the outbox: bilingual, with the link to the console for an organiser.
    const mail = await delivered(ADMIN.email, '跟进提醒：跟进甲');
    expect(mail?.parsed.text).toContain('您负责的合作意向今天需要跟进');
    expect(mail?.parsed.text).toContain('A cooperation intent you own is due for a follow-up today');
    expect(mail?.parsed.text).toMatch(/\/console\/intents\/\d+/);
    const toOffice = (await outbox('intent_follow_up', office.contactEmail))[0];
    expect(toOffice.text).toContain('跟进日期已过 1 天');
    expect(toOffice.text).not.toContain('/console/intents/');
  });

  it('sends a moved follow-up date again, once for the new date', async () => {
    const intent = await make('改期', { owner: { userId: 1 }, nextFollowUpOn: '2031-06-14' });
    await reminders.run(june(14));
    await t.app.inject({
      method: 'PATCH',
      url: `/api/intents/${intent.id}`,
      headers: auth,
      payload: { nextFollowUpOn: '2031-06-20' },
    });
    await reminders.run(june(15));
    await reminders.run(june(20));
    await reminders.run(june(20, 18));
    expect((await subjects('intent_follow_up')).filter((s) => s.endsWith('改期'))).toEqual([
      '跟进提醒：改期',
      '跟进提醒：改期',
    ]);
  });

  it('fires once when two claimers run at the same moment', async () => {
    await make('并发', { owner: { userId: 1 }, nextFollowUpOn: '2031-06-21' });
    const results = await Promise.all([reminders.run(june(21)), reminders.run(june(21)), reminders.run(june(21))]);
    expect(results.map((r) => r.followUps).sort()).toEqual([0, 0, 1]);
    expect((await subjects('intent_follow_up')).filter((s) => s.endsWith('并发'))).toEqual(['跟进提醒：并发']);
    const claims = await t.app.get(Database).manager.countBy(IntentReminder, { kind: 'follow_up', day: '2031-06-21' });
    expect(claims).toBe(1);
  });

  /**
   * Several instances: on PostgreSQL a second application on the same database races the first, each with its own
   * connection pool. SQLite has one writer per file, so its instances live in one process and share the write queue:
   * there the second is another reminders service of the same application.
   */
  it('fires once when two instances run at the same moment', async () => {
    let second: NestFastifyApplication | undefined;
    try {
      let other: IntentReminders;
      if (t.db.kind === 'postgres') {
        second = await createApp({
          ...loadConfig({ DATA_DIR: t.db.dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false', MAIL_WORKER: 'false' }),
          database: t.db.database,
        });
        other = second.get(IntentReminders);
      } else {
        const get = <T>(token: new (...args: never[]) => T) => t.app.get(token);
        other = new IntentReminders(
          get(Database),
          get(OutboxService),
          get(IntentsService),
          get(IntentSettings),
          get(IntentSources),
          t.config,
        );
      }
      expect(other).not.toBe(reminders);
      // The claim itself: the first holds its transaction open; the second, racing for the same key, waits for it
      // (PostgreSQL: on the unique index; SQLite: in the write queue) and then finds the first's claim.
      const db = t.app.get(Database);
      const otherDb = second ? second.get(Database) : db;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = db.transaction(async (em) => {
        const won = await reminders.claim(em, 'digest', 'race', '2031-01-06', null, june(1));
        await gate;
        return won;
      });
      await new Promise((r) => setTimeout(r, 50));
      const racing = otherDb.transaction((em) => other.claim(em, 'digest', 'race', '2031-01-06', null, june(1)));
      await new Promise((r) => setTimeout(r, 200));
      release();
      expect(await Promise.all([first, racing])).toEqual([true, false]);
      for (const n of [1, 2, 3, 4, 5])
        await make(`两个实例 ${n}`, { owner: { userId: 1 }, nextFollowUpOn: '2031-06-22' });
      const [a, b] = await Promise.all([reminders.run(june(22)), other.run(june(22))]);
      expect(a.followUps + b.followUps).toBe(5);
      const sent = (await subjects('intent_follow_up')).filter((s) => s.includes('两个实例'));
      expect(sent.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `跟进提醒：两个实例 ${n}`));
    } finally {
      await second?.close();
    }
  });

  it('reminds the owner of an intent idle longer than the threshold, once per idle spell', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/intents/settings',
      headers: auth,
      payload: { idleDays: 7 },
    });
    expect(put.json()).toEqual({ idleDays: 7 });
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/intents/settings',
      headers: auth,
      payload: { idleDays: -1 },
    });
    expect(bad.statusCode).toBe(400);
    const idle = await make('沉寂', { owner: office }, june(24));
    const idleMails = async () =>
      (await subjects('intent_idle', office.contactEmail)).filter((s) => s.endsWith('沉寂'));
    await reminders.run(june(30));
    expect(await idleMails()).toEqual([]);
    await reminders.run(new Date(Date.UTC(2031, 6, 2)));
    await reminders.run(new Date(Date.UTC(2031, 6, 2, 6)));
    expect(await idleMails()).toEqual(['长时间无进展：沉寂']);
    // A follow-up is activity: the spell ends; a new one starts a week later.
    await intents.addFollowUp(
      idle.id,
      { happenedOn: '2031-07-03', note: '电话沟通' },
      undefined,
      ACTOR,
      new Date(Date.UTC(2031, 6, 3)),
    );
    await reminders.run(new Date(Date.UTC(2031, 6, 8)));
    expect(await idleMails()).toHaveLength(1);
    await reminders.run(new Date(Date.UTC(2031, 6, 11)));
    expect(await idleMails()).toHaveLength(2);
    const text = (await outbox('intent_idle', office.contactEmail)).at(-1)!.text;
    expect(text).toContain('已有 8 天没有任何进展（提醒阈值 7 天）');
  });

  it('sends each owner a weekly digest of their open intents, from Monday 08:00 China time', async () => {
    const users = t.app.get(UsersService);
    const owner = await users.createUser({
      email: 'digest@intents.example.cn',
      name: 'Wang Min',
      role: 'organiser',
      password: 'digest-password-1',
    });
    await t.app.get(Database).manager.update(User, { id: owner.id }, { locale: 'en' });
    await make('周报一', { owner: { userId: owner.id }, nextFollowUpOn: '2031-08-01' }, june(28));
    await make('周报二', { owner: { userId: owner.id }, nextFollowUpOn: '2031-07-01' }, june(28));
    const closed = await make('周报外', { owner: { userId: owner.id } }, june(28));
    await intents.changeStage(closed.id, { stage: 'dropped', droppedReason: 'duplicate' }, ACTOR, june(28));
    const digests = () => subjects('intent_digest', owner.email);
    await reminders.run(new Date(Date.UTC(2031, 5, 29, 23))); // Monday 30 June, 07:00 in China
    expect(await digests()).toEqual([]);
    await reminders.run(new Date(Date.UTC(2031, 5, 30, 1)));
    await reminders.run(new Date(Date.UTC(2031, 6, 3, 1)));
    expect(await digests()).toEqual(['Your open intents this week (2)']);
    const [digest] = await outbox('intent_digest', owner.email);
    expect(digest.text!.indexOf('周报二')).toBeLessThan(digest.text!.indexOf('周报一'));
    expect(digest.text).not.toContain('周报外');
    expect(digest.text).toContain('You own 2 open cooperation intents; 0 have an overdue follow-up');
    expect(digest.text).toContain('您负责的开放中合作意向共 2 项，其中 0 项跟进已逾期');
    expect(digest.text).toContain(`/console/intents?owner=user:${owner.id}`);
    await reminders.run(new Date(Date.UTC(2031, 6, 7, 1)));
    expect(await digests()).toHaveLength(2);
    expect((await outbox('intent_digest', owner.email))[1].text).toContain(
      '2 open cooperation intents; 1 have an overdue',
    );
  });
});
