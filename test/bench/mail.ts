/**
 * Mail throughput: 10,000 registration confirmations sent from the outbox by the mail worker process (the built
 * `node dist/src/worker.js`) to a local SMTP sink, against nodemailer alone sending 10,000 messages of the same
 * content with the same pooled SMTP settings to the same sink, in the same run, so the figures read as ratios.
 *
 *   npm run bench:mail      (= npm run build && node --import tsx test/bench/mail.ts)
 *
 * The outbox is filled through the real path: an event with 10,000 seats and 10,000 registrations made by
 * RegistrationsService.createIn (badge signed, QR PNG inline, iTIP REQUEST, bilingual HTML and text rendered),
 * 250 to a transaction, on a fresh SQLite file. The sink is an smtp-server in its own process that accepts
 * everything; it timestamps each accepted message, and throughput is counted from its first to its last delivery.
 * The baseline is a child process too: nodemailer's pool (4 connections, as the worker's transport) sending the same
 * 10,000 messages, built as the worker builds them from the outbox rows (each row's HTML and text, joined from its
 * shared body as the worker joins them, calendar, recipient, Message-ID and date; half are in Chinese, half in English,
 * as registered), with each QR image already drawn. Its CPU
 * time counts from when it has the messages in hand (reading them from the file is the bench's work, not nodemailer's);
 * the worker's counts its whole process. The baseline runs before and after Duijie; the faster run is reported. Everything listens on
 * 127.0.0.1; children are killed on exit, on failure and on a global deadline. Figures are printed as a table and
 * written to data/bench/mail.json.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { qrPng } from '../../src/common/qr-image.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { Database } from '../../src/database/database.service.js';
import { Event } from '../../src/events/event.entity.js';
import { Venue } from '../../src/events/venue.entity.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { OutboxService } from '../../src/mail/outbox.service.js';
import { AttendeeCategory } from '../../src/registration/attendee-category.entity.js';
import { RateLimitModule } from '../../src/common/rate-limit.module.js';
import { WebModule } from '../../src/web/web.module.js';
import { RegistrationModule } from '../../src/registration/registration.module.js';
import { RegistrationsService } from '../../src/registration/registrations.service.js';
import {
  ROOT,
  childEnv as cleanEnv,
  cpuMs,
  guard,
  machine,
  PRODUCTION_ENV,
  printTable,
  profileArgs,
  progress as progressLine,
  requireSetup,
  round,
  run,
  scratchDir,
  spawnNode,
  stop as stopChild,
  writeReport,
} from './harness.js';

const WORKER = join(ROOT, 'dist/src/worker.js');

const MESSAGES = 10_000;
const PER_TRANSACTION = 250;
const SEND_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 10_000;
/** The whole bench (without the build) stops with an error past this point, killing whatever it started. */
const DEADLINE_MS = 600_000;

/**
 * The sink: smtp-server accepting every message, in its own process. It answers IPC messages: 'reset' clears the
 * counters, 'stats' sends them back (count, distinct Message-IDs, bytes, first and last acceptance time in ms).
 */
const SINK_SOURCE = String.raw`
const { SMTPServer } = require(process.env.BENCH_SMTP_SERVER);
let stats;
const reset = () => { stats = { count: 0, ids: new Set(), bytes: 0, first: 0, last: 0 }; };
reset();
const server = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS'], logger: false, size: 20 * 1024 * 1024,
  onData(stream, session, callback) {
    let bytes = 0; let head = '';
    stream.on('data', (chunk) => { bytes += chunk.length; if (head.length < 4096) head += chunk.toString('latin1'); });
    stream.on('end', () => {
      const now = performance.now();
      if (stats.count === 0) stats.first = now;
      stats.last = now; stats.count++; stats.bytes += bytes;
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head);
      if (id) stats.ids.add(id[1]);
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', (m) => {
  if (m === 'reset') { reset(); process.send({ reset: true }); }
  if (m === 'stats') process.send({ count: stats.count, distinct: stats.ids.size, bytes: stats.bytes, first: stats.first, last: stats.last });
});
process.on('disconnect', () => process.exit(0));
`;

/**
 * The baseline: nodemailer alone. The transport options are those of src/mail/mail-transport.ts for an smtp:// URL
 * with tls=off, and nodemailer is the same build as the worker's (its ES module); each message is built as
 * MailWorker.toNodemailer builds it from its outbox row (one JSON line each, the QR image drawn). It answers its CPU
 * time spent sending (from when the messages are read).
 */
const BASELINE_SOURCE = String.raw`
import(process.env.BENCH_NODEMAILER).then(({ default: nodemailer }) => {
const rows = require('node:fs').readFileSync(process.env.BENCH_MESSAGES_FILE, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const from = process.env.BENCH_FROM;
const cpu0 = process.cpuUsage();
const transporter = nodemailer.createTransport({
  pool: true, maxConnections: 4, host: '127.0.0.1', port: Number(process.env.BENCH_SMTP_PORT), secure: false,
  ignoreTLS: true, tls: { rejectUnauthorized: true }, connectionTimeout: 10000, greetingTimeout: 10000, socketTimeout: 30000,
});
const message = (row) => ({
  messageId: row.messageId,
  from,
  to: row.toName ? { name: row.toName, address: row.toAddress } : row.toAddress,
  subject: row.subject,
  html: row.html,
  text: row.text,
  date: new Date(row.createdAt),
  headers: { 'Auto-Submitted': 'auto-generated' },
  attachments: (row.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType,
    content: Buffer.from(a.content, 'base64'), ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' } : {}) })),
  ...(row.calendar && row.calendarMethod
    ? { icalEvent: { method: row.calendarMethod, filename: 'invite.ics', content: row.calendar } } : {}),
});
let failed = 0;
Promise.all(rows.map((row) => transporter.sendMail(message(row)).catch(() => failed++))).then(() => {
  transporter.close();
  const cpu = process.cpuUsage(cpu0);
  process.send({ failed, cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
});
});
`;

interface SinkStats {
  count: number;
  distinct: number;
  bytes: number;
  first: number;
  last: number;
}

interface RunFigures {
  messages: number;
  distinct: number;
  seconds: number;
  messagesPerSecond: number;
  bytesPerMessage: number;
  cpuMsPerMessage: number;
  sinkCpuMsPerMessage: number;
}

guard(DEADLINE_MS);

function progress(text: string): void {
  progressLine(text, 70);
}

const require = createRequire(import.meta.url);

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return cleanEnv(['DATABASE_URL', 'SMTP_URL', 'APP_URL', 'NODE_OPTIONS', 'MAIL_POLL_MS', 'MAIL_LEASE_SECONDS'], extra);
}

/** Spawns a child with an IPC channel, collecting the tail of its output for error messages. */
function spawnChild(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  return spawnNode(args, env, true);
}

function nextMessage<T>(child: ChildProcess, accept: (m: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((done, fail) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (!accept(m)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      done(m as T);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      fail(new Error(`child exited (${code}) before answering`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

class Sink {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /** CPU time of the sink process so far, in ms. */
  cpuMs(): number {
    return cpuMs(this.child.pid!);
  }

  static async start(): Promise<Sink> {
    const { child } = spawnChild(['-e', SINK_SOURCE], childEnv({ BENCH_SMTP_SERVER: require.resolve('smtp-server') }));
    const { port } = await nextMessage<{ port: number }>(child, (m) => 'port' in m);
    return new Sink(child, port);
  }

  async reset(): Promise<void> {
    const answer = nextMessage(this.child, (m) => 'reset' in m);
    this.child.send('reset');
    await answer;
  }

  async stats(): Promise<SinkStats> {
    const answer = nextMessage<SinkStats>(this.child, (m) => 'count' in m);
    this.child.send('stats');
    return answer;
  }

  /** Polls until `count` messages arrived; fails after SEND_TIMEOUT_MS or when `alive` says the sender died. */
  async waitFor(count: number, alive: () => string | undefined): Promise<SinkStats> {
    const t0 = performance.now();
    for (;;) {
      const stats = await this.stats();
      if (stats.count >= count) return stats;
      const dead = alive();
      if (dead) throw new Error(`${dead} (${stats.count} of ${count} delivered)`);
      if (performance.now() - t0 > SEND_TIMEOUT_MS)
        throw new Error(`only ${stats.count} of ${count} delivered after ${SEND_TIMEOUT_MS / 1000} s`);
      await sleep(100);
    }
  }

  async stop(): Promise<void> {
    await stop(this.child);
  }
}

const stop = (child: ChildProcess) => stopChild(child, STOP_TIMEOUT_MS);

@Module({})
class MailBenchModule {}

/** Fills a fresh SQLite outbox with MESSAGES confirmations through RegistrationsService; answers the config. */
async function fillOutbox(dataDir: string): Promise<{ config: AppConfig; seconds: number; messages: OutboxMessage[] }> {
  const config = loadConfig({
    ...PRODUCTION_ENV,
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    MAIL_WORKER: 'false',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.createApplicationContext(
    {
      module: MailBenchModule,
      // The registration module as the app has it (its entities, the directory, badges, settings, the outbox), with
      // what its modules need as the command line has it (src/cli.module.ts).
      imports: [ConfigModule.forRoot(config), DatabaseModule, RateLimitModule, WebModule, RegistrationModule],
    },
    { logger: false },
  );
  try {
    const db = app.get(Database);
    const registrations = app.get(RegistrationsService);
    const t0 = performance.now();
    const day = 24 * 3600 * 1000;
    const startsAt = new Date(Date.now() + 30 * day);
    const eventId = await db.transaction(async (em) => {
      const event = await em.save(
        em.create(Event, {
          slug: 'bench-mail',
          title: '成都都市圈先进技术成果转化推介活动',
          titleEn: 'Chengdu Metropolitan Area Technology Transfer Promotion',
          startsAt,
          endsAt: new Date(startsAt.getTime() + day + 8 * 3600 * 1000),
          status: 'published',
          publishedAt: new Date(),
        }),
      );
      await em.save(
        em.create(Venue, {
          eventId: event.id,
          name: '成都市科技成果转化中心',
          nameEn: 'Chengdu Technology Transfer Centre',
          kind: 'main',
          address: '成都市高新区天府大道中段',
          addressEn: 'Middle Tianfu Avenue, Chengdu',
        }),
      );
      await em.save(
        em.create(AttendeeCategory, {
          eventId: event.id,
          code: 'enterprise',
          name: '企业代表',
          nameEn: 'Enterprise',
          capacity: MESSAGES,
        }),
      );
      return event.id;
    });
    for (let start = 0; start < MESSAGES; start += PER_TRANSACTION) {
      await db.transaction(async (em) => {
        for (let n = start; n < Math.min(start + PER_TRANSACTION, MESSAGES); n++) {
          await registrations.createIn(
            em,
            eventId,
            {
              name: `参会者${n}`,
              email: `person${n}@example.cn`,
              phone: '+86 138 0000 0000',
              organisation: '重庆武瓴智行科技有限公司',
              title: '总经理',
              category: 'enterprise',
              locale: n % 2 ? 'zh-CN' : 'en',
              consent: true,
            },
            'api',
          );
        }
      });
      progress(`filling the outbox: ${Math.min(start + PER_TRANSACTION, MESSAGES)} of ${MESSAGES}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const pending = await db.manager.countBy(OutboxMessage, { status: 'pending', kind: 'registration_confirmed' });
    if (pending !== MESSAGES) throw new Error(`expected ${MESSAGES} confirmations in the outbox, found ${pending}`);
    const messages = await db.manager.find(OutboxMessage, { order: { id: 'ASC' } });
    // A confirmation is kept as a shared body and the person's values: nodemailer alone is given each message whole,
    // joined as the worker joins it (the worker's joining counts against Duijie).
    const missing = await app.get(OutboxService).joinBodies(messages);
    if (missing.length > 0) throw new Error(`${missing.length} messages without their shared body`);
    return { config, seconds, messages };
  } finally {
    await app.close();
  }
}

async function countSent(config: AppConfig): Promise<Record<string, number>> {
  const app = await NestFactory.createApplicationContext(
    { module: MailBenchModule, imports: [ConfigModule.forRoot(config), DatabaseModule] },
    { logger: false },
  );
  try {
    const rows = await app
      .get(Database)
      .manager.createQueryBuilder(OutboxMessage, 'm')
      .select('m.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('m.status')
      .getRawMany<{ status: string; n: number }>();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  } finally {
    await app.close();
  }
}

function figures(stats: SinkStats, cpu: number, sinkCpu: number): RunFigures {
  const seconds = (stats.last - stats.first) / 1000;
  return {
    messages: stats.count,
    distinct: stats.distinct,
    seconds,
    // n deliveries span n - 1 intervals from the first to the last
    messagesPerSecond: (stats.count - 1) / seconds,
    bytesPerMessage: stats.bytes / stats.count,
    cpuMsPerMessage: cpu / stats.count,
    sinkCpuMsPerMessage: sinkCpu / stats.count,
  };
}

async function runDuijie(sink: Sink, config: AppConfig): Promise<RunFigures> {
  await sink.reset();
  const sinkCpu0 = sink.cpuMs();
  // BENCH_CPU_PROF=1 writes a V8 CPU profile of the worker to data/bench/profiles/ (open in Chrome DevTools).
  const profile = profileArgs();
  const { child, output } = spawnChild(
    [...profile, WORKER],
    childEnv({
      DATABASE_URL: `sqlite:${config.database.kind === 'sqlite' ? config.database.path : ''}`,
      DATA_DIR: config.dataDir,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}?tls=off`,
      LOG_LEVEL: 'warn',
    }),
  );
  const stats = await sink.waitFor(MESSAGES, () =>
    child.exitCode !== null || child.signalCode !== null ? `the worker exited:\n${output()}` : undefined,
  );
  const cpu = cpuMs(child.pid!);
  const sinkCpu = sink.cpuMs() - sinkCpu0;
  await stop(child);
  if (child.exitCode !== 0) throw new Error(`the worker did not stop cleanly (${child.exitCode}):\n${output()}`);
  return figures(stats, cpu, sinkCpu);
}

async function runBaseline(sink: Sink, messagesPath: string, from: string): Promise<RunFigures> {
  await sink.reset();
  const sinkCpu0 = sink.cpuMs();
  // BENCH_CPU_PROF=1 profiles nodemailer alone too, to compare with the worker's profile.
  const { child, output } = spawnChild(
    [...profileArgs(), '-e', BASELINE_SOURCE],
    childEnv({
      // The build the worker loads (nodemailer ships an ES module build and a CommonJS one).
      BENCH_NODEMAILER: import.meta.resolve('nodemailer'),
      BENCH_MESSAGES_FILE: messagesPath,
      BENCH_FROM: from,
      BENCH_SMTP_PORT: String(sink.port),
    }),
  );
  const result = await nextMessage<{ failed: number; cpuMs: number }>(child, (m) => 'failed' in m);
  const cpu = result.cpuMs;
  if (result.failed) throw new Error(`nodemailer: ${result.failed} messages failed:\n${output()}`);
  const stats = await sink.waitFor(MESSAGES, () => undefined);
  const sinkCpu = sink.cpuMs() - sinkCpu0;
  // It exits by itself once it has answered; a CPU profile is written as it exits, which a SIGTERM would cut short.
  if (child.exitCode === null) await Promise.race([new Promise((done) => child.once('exit', done)), sleep(10_000)]);
  await stop(child);
  return figures(stats, cpu, sinkCpu);
}

const rounded = (run: RunFigures): RunFigures => ({
  messages: run.messages,
  distinct: run.distinct,
  seconds: round(run.seconds, 2),
  messagesPerSecond: round(run.messagesPerSecond, 0),
  bytesPerMessage: Math.round(run.bytesPerMessage),
  cpuMsPerMessage: round(run.cpuMsPerMessage, 3),
  sinkCpuMsPerMessage: round(run.sinkCpuMsPerMessage, 3),
});

async function main(): Promise<void> {
  requireSetup(WORKER, 'bench:mail', 'stat', 'CPU time');
  const dir = scratchDir('mail');

  progress('filling the outbox');
  const { config, seconds: fillSeconds, messages } = await fillOutbox(dir);
  const messagesPath = join(dir, 'messages.jsonl');
  // The outbox keeps the badge's code and the worker draws the QR image when it sends; nodemailer alone is given each
  // image already drawn (the same PNG), so the worker's drawing counts against Duijie.
  const lines: string[] = [];
  for (const message of messages) {
    const attachments = await Promise.all(
      (message.attachments ?? []).map(async (a) =>
        a.qr === undefined ? a : { ...a, qr: undefined, content: (await qrPng(a.qr)).toString('base64') },
      ),
    );
    lines.push(JSON.stringify({ ...message, attachments }));
  }
  writeFileSync(messagesPath, `${lines.join('\n')}\n`);
  messages.length = 0;

  const sink = await Sink.start();
  try {
    progress('baseline: nodemailer alone (1)');
    const baseline1 = await runBaseline(sink, messagesPath, config.mailFrom);
    progress('Duijie: outbox → worker → SMTP');
    const duijie = await runDuijie(sink, config);
    progress('baseline: nodemailer alone (2)');
    const baseline2 = await runBaseline(sink, messagesPath, config.mailFrom);
    progress('');
    if (process.stderr.isTTY) process.stderr.write('\r');
    const baseline = baseline1.messagesPerSecond >= baseline2.messagesPerSecond ? baseline1 : baseline2;

    const outbox = await countSent(config);
    if (outbox.sent !== MESSAGES || Object.keys(outbox).length !== 1)
      throw new Error(`expected ${MESSAGES} sent in the outbox, found ${JSON.stringify(outbox)}`);
    for (const [target, run] of [
      ['duijie', duijie],
      ['baseline', baseline],
    ] as const) {
      if (run.distinct !== MESSAGES)
        throw new Error(`${target}: ${run.distinct} distinct Message-IDs of ${run.messages} delivered`);
    }

    const rows = [
      { metric: 'throughput, first to last delivery', unit: 'msg/s', key: 'messagesPerSecond', digits: 0 },
      { metric: 'time for 10,000 messages', unit: 's', key: 'seconds', digits: 1 },
      { metric: 'sender CPU per message', unit: 'ms', key: 'cpuMsPerMessage', digits: 2 },
      { metric: 'sink CPU per message', unit: 'ms', key: 'sinkCpuMsPerMessage', digits: 2 },
      { metric: 'message size at the sink', unit: 'KB', key: 'bytesPerMessage', digits: 1 },
    ] as const;
    const value = (run: RunFigures, key: (typeof rows)[number]['key']) =>
      key === 'bytesPerMessage' ? run[key] / 1024 : run[key];
    const table = rows.map((row) => ({
      metric: row.metric,
      unit: row.unit,
      duijie: round(value(duijie, row.key), row.digits),
      baseline: round(value(baseline, row.key), row.digits),
      ratio: round(value(duijie, row.key) / value(baseline, row.key), 2),
    }));

    const cpu = machine();
    console.log(
      `Mail: ${MESSAGES.toLocaleString('en')} registration confirmations (HTML + text + inline QR PNG + text/calendar) ` +
        `to a local SMTP sink`,
    );
    console.log(
      `Duijie (outbox on SQLite → node dist/src/worker.js) vs nodemailer alone (same pool: 4 connections); ` +
        `node ${process.version}, ${cpu.summary}`,
    );
    const widths = [36, 10, 10, 8, 6];
    printTable(
      widths,
      table.map((row, i) => {
        const digits = rows[i].digits;
        return [
          row.metric,
          row.duijie.toFixed(digits),
          row.baseline.toFixed(digits),
          `${row.ratio.toFixed(2)}×`,
          row.unit,
        ];
      }),
    );
    console.log(
      `baseline runs: ${Math.round(baseline1.messagesPerSecond)} and ${Math.round(baseline2.messagesPerSecond)} msg/s ` +
        `(the faster is reported); outbox filled through RegistrationsService in ${fillSeconds.toFixed(1)} s ` +
        `(${Math.round(MESSAGES / fillSeconds)} registrations/s, ${PER_TRANSACTION} per transaction); ` +
        `outbox after: ${JSON.stringify(outbox)}`,
    );

    // Issue 13's goal: at least 0.8× nodemailer alone, with every message claimed before and marked after its send.
    const ratio = duijie.messagesPerSecond / baseline.messagesPerSecond;
    const met = ratio >= 0.8;
    console.log(
      `goal: throughput ≥ 0.8× nodemailer alone: ${met ? 'met' : 'NOT met'} (${ratio.toFixed(2)}×; ` +
        `${MESSAGES.toLocaleString('en')} sent and marked, ${MESSAGES.toLocaleString('en')} distinct Message-IDs)`,
    );

    const report = {
      goal: { ratio: round(ratio, 2), met },
      measuredAt: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpu.cpus,
      cpuModel: cpu.cpuModel,
      messages: MESSAGES,
      table,
      duijie: rounded(duijie),
      baselineRuns: [rounded(baseline1), rounded(baseline2)],
      fillSeconds: round(fillSeconds, 1),
      outbox,
    };
    writeReport('mail.json', report);
  } finally {
    await sink.stop();
  }
}

await run(main);
