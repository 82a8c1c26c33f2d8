import { NestFactory } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import QRCode from 'qrcode';
import { SMTPServer } from 'smtp-server';
import { IsNull, Not } from 'typeorm';
import { buildCalendar } from '../../src/calendar/calendar.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.service.js';
import { MailWorker } from '../../src/mail/mail-worker.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { OutboxService } from '../../src/mail/outbox.service.js';
import { WorkerModule } from '../../src/worker.module.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MESSAGES = 300;
/** The first worker is killed when the sink has this message in hand (received, not yet answered). */
const KILL_AT = 100;
const ACCEPT_DELAY_MS = 30;

interface Received {
  messageId: string;
  to: string[];
}

/**
 * A real SMTP server that takes its time over each message (ACCEPT_DELAY_MS before the 250), so a worker always
 * has messages in flight. A message counts as received once its data is complete, as a real relay that has queued
 * it would: if the sender dies before reading the 250, it will send the message again.
 */
class SlowSink {
  readonly received: Received[] = [];
  onReceived?: (count: number, message: Received) => void;
  private server?: SMTPServer;
  private port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 20 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
          const message = {
            messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)',
            to: session.envelope.rcptTo.map((r) => r.address),
          };
          this.received.push(message);
          this.onReceived?.(this.received.length, message);
          setTimeout(() => callback(), ACCEPT_DELAY_MS);
        });
      },
    });
    // A sender killed mid-conversation resets its sockets; that is expected here.
    this.server.on('error', () => undefined);
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}?tls=off`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The outbox's own services (real renderer, real enqueue) on a fresh database, with the worker not started. */
async function outboxContext(db: TestDatabase, env: Record<string, string> = {}) {
  const config: AppConfig = {
    ...loadConfig({ DATA_DIR: db.dataDir, LOG_LEVEL: 'silent', MAIL_WORKER: 'false', ...env }),
    database: db.database,
  };
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
  return { app, config, database: app.get(Database), outbox: app.get(OutboxService) };
}

const EVENT = {
  id: 1,
  slug: 'chengdu-2027',
  title: '成都都市圈先进技术成果转化推介活动',
  titleEn: 'Chengdu Metropolitan Area Technology Transfer Promotion',
  startsAt: new Date('2027-03-05T01:00:00Z'),
  endsAt: new Date('2027-03-06T09:30:00Z'),
  timezone: 'Asia/Shanghai',
};

/** Writes `count` registration confirmations (HTML + text, the QR badge inline, an iTIP REQUEST) to the outbox. */
async function enqueueConfirmations(database: Database, outbox: OutboxService, count: number): Promise<void> {
  const png = (await QRCode.toBuffer('badge-sample', { scale: 6, margin: 2 })).toString('base64');
  for (let start = 1; start <= count; start += 100) {
    await database.transaction(async (em) => {
      for (let i = start; i < Math.min(start + 100, count + 1); i++) {
        const email = `guest${i}@example.cn`;
        const calendar = buildCalendar(
          [
            {
              kind: 'event',
              id: EVENT.id,
              eventId: EVENT.id,
              sequence: 1,
              start: EVENT.startsAt,
              end: EVENT.endsAt,
              summary: EVENT.title,
              url: `http://localhost:3000/events/${EVENT.slug}`,
            },
          ],
          {
            host: 'localhost',
            method: 'REQUEST',
            parties: {
              organizer: { name: EVENT.title, email: 'no-reply@localhost' },
              attendee: { name: `参会者${i}`, email },
            },
          },
        );
        await outbox.enqueue(em, {
          kind: 'registration_confirmed',
          to: email,
          toName: `参会者${i}`,
          locale: i % 2 ? 'zh-CN' : 'en',
          template: 'registration-confirmed',
          eventId: EVENT.id,
          registrationId: i,
          attachments: [{ filename: 'badge.png', contentType: 'image/png', content: png, cid: `badge-${i}@localhost` }],
          calendar: { method: 'REQUEST', content: calendar },
          data: {
            registration: { name: `参会者${i}` },
            event: EVENT,
            venue: { name: '主会场', nameEn: 'Main venue' },
            category: { name: '企业代表', nameEn: 'Enterprise' },
            timezone: EVENT.timezone,
            manageUrl: `http://localhost:3000/me/${i}.token`,
            eventUrl: `http://localhost:3000/events/${EVENT.slug}`,
            badgeCid: `badge-${i}@localhost`,
            subjectParams: { event: EVENT.title, eventEn: EVENT.titleEn },
          },
        });
      }
    });
  }
}

/** Worker processes started by this file; any still running at the end is killed. */
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** The worker as a real child process (`node --import tsx src/worker.ts`), as `npm run worker` runs it. */
function startWorker(
  db: TestDatabase,
  smtpUrl: string,
): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }> } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'MAIL_WORKER', 'APP_URL', 'MAIL_FROM']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'worker.ts')], {
    cwd: ROOT,
    env: {
      ...env,
      DATABASE_URL: db.database.kind === 'sqlite' ? `sqlite:${db.database.path}` : db.database.url,
      DATA_DIR: db.dataDir,
      SMTP_URL: smtpUrl,
      MAIL_LEASE_SECONDS: '2',
      MAIL_POLL_MS: '50',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (stderr) process.stderr.write(`worker ${child.pid} stderr:\n${stderr}\n`);
      done({ code, signal });
    }),
  );
  return { child, exited };
}

async function counts(database: Database) {
  const rows = await database.manager.find(OutboxMessage, { select: { id: true, status: true } });
  return {
    pending: rows.filter((r) => r.status === 'pending').length,
    sent: rows.filter((r) => r.status === 'sent').length,
    failed: rows.filter((r) => r.status === 'failed').length,
  };
}

describe('mail worker process killed mid-batch', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof outboxContext>>;
  let sink: SlowSink;

  beforeAll(async () => {
    db = await freshDatabase();
    ctx = await outboxContext(db);
    sink = await new SlowSink().start();
    await enqueueConfirmations(ctx.database, ctx.outbox, MESSAGES);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    children.clear();
    await sink?.stop();
    await ctx?.app.close();
    await db?.drop();
  });

  it('delivers every message after a SIGKILL and a restart, duplicates only with the same Message-ID', async () => {
    const outbox = await ctx.database.manager.find(OutboxMessage, { order: { id: 'ASC' } });
    expect(outbox).toHaveLength(MESSAGES);
    expect(await counts(ctx.database)).toEqual({ pending: MESSAGES, sent: 0, failed: 0 });

    // 1. The first worker is killed while the sink holds message KILL_AT: its data is in, the 250 is not out.
    const first = startWorker(db, sink.url);
    let inHand: Received | undefined;
    sink.onReceived = (count, message) => {
      if (count !== KILL_AT) return;
      inHand = message;
      first.child.kill('SIGKILL');
    };
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    sink.onReceived = undefined;

    const afterCrash = await counts(ctx.database);
    const receivedBeforeRestart = sink.received.length;
    expect(receivedBeforeRestart).toBeGreaterThanOrEqual(KILL_AT);
    expect(receivedBeforeRestart).toBeLessThan(MESSAGES);
    expect(afterCrash.pending).toBeGreaterThan(0);
    expect(afterCrash.pending + afterCrash.sent).toBe(MESSAGES);
    // The message in hand was claimed (leased) by the dead worker and never marked sent.
    const held = await ctx.database.manager.findOneByOrFail(OutboxMessage, { messageId: inHand!.messageId });
    expect(held.status).toBe('pending');
    expect(held.leaseUntil).not.toBeNull();

    // 2. A second worker takes over once the dead worker's leases expire and sends the rest.
    const second = startWorker(db, sink.url);
    await until('an empty outbox', async () => (await counts(ctx.database)).pending === 0, 40_000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    // 3. Every message arrived at least once; a message that arrived twice carried its one Message-ID both times.
    expect(await counts(ctx.database)).toEqual({ pending: 0, sent: MESSAGES, failed: 0 });
    const expected = new Map(outbox.map((m) => [m.toAddress, m.messageId]));
    const receivedIds = new Set(sink.received.map((m) => m.messageId));
    expect([...receivedIds].sort()).toEqual([...expected.values()].sort());
    for (const message of sink.received) expect(message.messageId).toBe(expected.get(message.to[0]));
    const duplicates = sink.received.length - receivedIds.size;
    expect(sink.received.filter((m) => m.messageId === inHand!.messageId)).toHaveLength(2);
    expect(duplicates).toBeGreaterThanOrEqual(1);
    console.log(
      `mail worker crash (${db.kind}): ${receivedBeforeRestart} of ${MESSAGES} received before SIGKILL, ` +
        `${afterCrash.pending} pending after it; ${sink.received.length} deliveries after the restart, ` +
        `${duplicates} duplicate(s) with the same Message-ID`,
    );
  });
});

describe('mail worker process stopped with SIGTERM mid-batch', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof outboxContext>>;
  let sink: SlowSink;

  beforeAll(async () => {
    db = await freshDatabase();
    ctx = await outboxContext(db);
    sink = await new SlowSink().start();
    await enqueueConfirmations(ctx.database, ctx.outbox, 60);
  });
  afterAll(async () => {
    await sink?.stop();
    await ctx?.app.close();
    await db?.drop();
  });

  it('finishes the messages in hand, leaves none leased and exits 0', async () => {
    const worker = startWorker(db, sink.url);
    sink.onReceived = (count) => {
      if (count === 20) worker.child.kill('SIGTERM');
    };
    expect(await worker.exited).toEqual({ code: 0, signal: null });

    // Every message the sink took was answered and marked sent; the rest wait, unclaimed, for the next worker.
    const after = await counts(ctx.database);
    expect(after.sent).toBe(sink.received.length);
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(sink.received.length);
    expect(after).toEqual({ pending: 60 - after.sent, sent: after.sent, failed: 0 });
    expect(after.pending).toBeGreaterThan(0);
    const leased = await ctx.database.manager.countBy(OutboxMessage, { status: 'pending', leaseUntil: Not(IsNull()) });
    expect(leased).toBe(0);
  });
});

describe('mail worker and SMTP replies', () => {
  let db: TestDatabase;
  let ctx: Awaited<ReturnType<typeof outboxContext>>;
  let sink: SmtpSink;
  let worker: MailWorker;

  beforeAll(async () => {
    db = await freshDatabase();
    sink = await new SmtpSink().start();
    ctx = await outboxContext(db, { SMTP_URL: sink.url });
    worker = ctx.app.get(MailWorker);
  });
  afterAll(async () => {
    await ctx?.app.close();
    await sink?.stop();
    await db?.drop();
  });
  afterEach(() => {
    sink.failWith = undefined;
  });

  it('registers its interval with the scheduler only when MAIL_WORKER is on, every MAIL_POLL_MS', async () => {
    expect(ctx.app.get(SchedulerRegistry).getIntervals()).toEqual([]);
    const on = await outboxContext(db, { MAIL_WORKER: 'true', MAIL_POLL_MS: '60000', MAIL_LEASE_SECONDS: '7' });
    try {
      expect(on.app.get(SchedulerRegistry).getIntervals()).toEqual(['mail-worker']);
      expect(on.app.get(MailWorker).options).toMatchObject({ pollMs: 60_000, leaseMs: 7_000 });
    } finally {
      await on.app.close();
    }
    expect(on.app.get(SchedulerRegistry).getIntervals()).toEqual([]);
  });

  const enqueueOne = async (to: string) => {
    await ctx.database.transaction((em) =>
      ctx.outbox.enqueue(em, {
        kind: 'registration_waitlisted',
        to,
        locale: 'zh-CN',
        template: 'registration-waitlisted',
        data: {
          registration: { name: '王敏' },
          event: EVENT,
          category: { name: '企业代表', nameEn: 'Enterprise' },
          timezone: EVENT.timezone,
          manageUrl: 'http://localhost:3000/me/1.token',
          subjectParams: { event: EVENT.title, eventEn: EVENT.titleEn },
        },
      }),
    );
    return ctx.database.manager.findOneByOrFail(OutboxMessage, { toAddress: to });
  };
  /** Time passes: the message's retry falls due now instead of after the back-off. */
  const makeDue = (id: number) =>
    ctx.database.transaction((em) => em.update(OutboxMessage, { id }, { nextAttemptAt: new Date(Date.now() - 1000) }));

  it('retries a message after a 4xx, after the back-off, and then delivers it with the same Message-ID', async () => {
    const message = await enqueueOne('retry@example.cn');
    sink.failWith = { code: 451, message: 'Requested action aborted: local error in processing' };
    const before = Date.now();
    expect(await worker.runOnce()).toBe(1);
    const deferred = await ctx.database.manager.findOneByOrFail(OutboxMessage, { id: message.id });
    expect(deferred).toMatchObject({ status: 'pending', attempts: 1, leaseUntil: null, sentAt: null });
    expect(deferred.lastError).toContain('451');
    expect(deferred.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    // Not due yet: nothing is sent before the back-off.
    sink.failWith = undefined;
    expect(await worker.runOnce()).toBe(0);
    expect(sink.messages).toHaveLength(0);

    await makeDue(message.id);
    expect(await worker.runOnce()).toBe(1);
    const [mail] = await sink.waitFor(1);
    expect(mail.parsed.messageId).toBe(message.messageId);
    const sent = await ctx.database.manager.findOneByOrFail(OutboxMessage, { id: message.id });
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null, leaseUntil: null });
  });

  it('marks a message failed with the reason after a 5xx and does not try it again', async () => {
    const message = await enqueueOne('rejected@example.cn');
    sink.failWith = { code: 550, message: 'Mailbox unavailable' };
    expect(await worker.runOnce()).toBe(1);
    const failed = await ctx.database.manager.findOneByOrFail(OutboxMessage, { id: message.id });
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, leaseUntil: null, sentAt: null });
    expect(failed.lastError).toContain('550');
    expect(failed.lastError).toContain('Mailbox unavailable');

    sink.failWith = undefined;
    await makeDue(message.id);
    expect(await worker.runOnce()).toBe(0);
    expect(sink.to('rejected@example.cn')).toHaveLength(0);
  });
});
