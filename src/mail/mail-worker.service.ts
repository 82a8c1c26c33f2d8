import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { SendMailOptions } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.service.js';
import { qrPng } from '../common/qr-image.js';
import { GroupCommit } from '../database/group-commit.js';
import { SqlRunner } from '../database/sql-runner.js';
import {
  createMailTransport,
  isPermanentFailure,
  MAIL_POOL_CONNECTIONS,
  type MailTransport,
} from './mail-transport.js';
import { OutboxMessage } from './outbox-message.entity.js';

const MAX_ATTEMPTS = 8;
/** The worker's interval in the SchedulerRegistry. */
const INTERVAL = 'mail-worker';

export interface MailWorkerOptions {
  /** How long a claimed message stays reserved for this worker; a crashed worker's messages come back after it. */
  leaseMs: number;
  pollMs: number;
  /** Messages claimed by one statement. */
  batchSize: number;
  /** Sends in flight at once. */
  parallel: number;
}

const DUE = `status = 'pending' AND "nextAttemptAt" <= $2 AND ("leaseUntil" IS NULL OR "leaseUntil" < $2)`;
const CLAIM = `UPDATE outbox_messages SET "leaseUntil" = $1, attempts = attempts + 1
  WHERE id IN (SELECT id FROM outbox_messages WHERE ${DUE} ORDER BY id LIMIT $3) AND ${DUE} RETURNING *`;
// Several workers on one PostgreSQL: each skips the rows another is claiming at that moment.
const CLAIM_PG = `UPDATE outbox_messages SET "leaseUntil" = $1, attempts = attempts + 1
  WHERE id IN (SELECT id FROM outbox_messages WHERE ${DUE} ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) AND ${DUE}
  RETURNING *`;
const MARK_SENT = `UPDATE outbox_messages SET status = 'sent', "sentAt" = $1, "leaseUntil" = NULL, "lastError" = NULL
  WHERE id = $2`;
const HAND_BACK = `UPDATE outbox_messages SET "leaseUntil" = NULL, attempts = attempts - 1 WHERE id = $1`;

/** Retry delays: 30 s, 1 min, 2 min, … up to 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Sends the outbox, every MAIL_POLL_MS on an interval of `@nestjs/schedule` (registered only when MAIL_WORKER is on;
 * a round still running when the next is due is not overlapped, and a round goes on while messages are due).
 * Messages are claimed a batch at a time with one conditional update (a lease each), so several workers on one
 * PostgreSQL never send the same message at once; a worker that dies mid-batch leaves leases that expire, and the
 * messages are sent again, with the same Message-ID. Delivery is at least once, never lost.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport?: MailTransport;
  private running?: Promise<void>;
  private stopped = true;
  /** Set by stop(): a batch in hand ends after its current messages. */
  private stopping = false;
  /** After a failed round (e.g. the database unreachable), the worker waits five intervals. */
  private pausedUntil = 0;
  readonly options: MailWorkerOptions;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SchedulerRegistry) private readonly scheduler: SchedulerRegistry,
  ) {
    this.options = {
      leaseMs: config.mailLeaseSeconds * 1000,
      pollMs: config.mailPollMs,
      batchSize: 50,
      // Twice the pool's connections: a connection that frees finds the next message already queued.
      parallel: 2 * MAIL_POOL_CONNECTIONS,
    };
    this.run = SqlRunner.of(db.dataSource);
    this.marks = new GroupCommit(db, { maxGroup: 64 });
  }

  private readonly run: SqlRunner;
  /** Marks of sends that end together share one SQLite transaction. */
  private readonly marks: GroupCommit;

  onApplicationBootstrap(): void {
    if (this.config.mailWorker) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    const interval = setInterval(() => this.tick(), this.options.pollMs);
    // In the web process the HTTP server keeps the process alive; worker.ts holds its own.
    interval.unref?.();
    this.scheduler.addInterval(INTERVAL, interval);
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.scheduler.doesExist('interval', INTERVAL)) this.scheduler.deleteInterval(INTERVAL);
    await this.running;
    this.transport?.close();
    this.transport = undefined;
  }

  /** Sends until the outbox has nothing due, unless a run is in hand, the worker is stopped or it pauses. */
  private tick(): void {
    if (this.stopped || this.running || Date.now() < this.pausedUntil) return;
    this.running = (async () => {
      try {
        await this.pump(true);
      } catch (error) {
        this.logger.error(`Mail worker round failed: ${String(error)}`);
        this.pausedUntil = Date.now() + this.options.pollMs * 5;
      } finally {
        this.running = undefined;
      }
    })();
  }

  /** One round: claim the due messages (one batch) and send them. Answers how many were claimed. */
  async runOnce(): Promise<number> {
    return this.pump(false);
  }

  /**
   * Claims due messages a batch at a time (one statement) and keeps `parallel` sends in flight, so that every pooled
   * connection stays busy: a send that ends starts the next at once, and the next batch is claimed as soon as the
   * last of this one has started (`continuous`), not after the slowest send. Each message is marked once its own
   * send has answered; marks that end together share one SQLite transaction. When the worker stops, the sends in
   * flight finish and are marked, and claimed messages not yet started are handed back at once.
   */
  private async pump(continuous: boolean): Promise<number> {
    const inFlight = new Set<Promise<void>>();
    let queue: OutboxMessage[] = [];
    let claimed = 0;
    let more = true;
    try {
      for (;;) {
        if (queue.length === 0 && more && !this.stopping) {
          queue = await this.claim();
          claimed += queue.length;
          more = continuous && queue.length >= this.options.batchSize;
        }
        while (queue.length > 0 && inFlight.size < this.options.parallel && !this.stopping) {
          const send = this.send(queue.shift()!).finally(() => inFlight.delete(send));
          inFlight.add(send);
        }
        if (inFlight.size === 0) break;
        await Promise.race(inFlight);
      }
    } finally {
      await Promise.allSettled(inFlight);
      if (queue.length > 0) await this.handBack(queue.map((m) => m.id));
    }
    return claimed;
  }

  /** Claims up to a batch of due messages with one conditional update (a lease each) and answers them, oldest first. */
  private async claim(): Promise<OutboxMessage[]> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    const sql = this.run.dialect;
    const rows = await this.db.transaction((em) =>
      this.run.entities(em, OutboxMessage, sql.isSqlite ? CLAIM : CLAIM_PG, [
        sql.time(leaseUntil),
        sql.time(now),
        this.options.batchSize,
      ]),
    );
    return rows.sort((a, b) => a.id - b.id);
  }

  /** Claimed messages not sent (the worker stops): their lease and the attempt are given back. */
  private async handBack(ids: number[]): Promise<void> {
    await this.db.transaction(async (em) => {
      for (const id of ids) await this.run.exec(em, HAND_BACK, [id]);
    });
  }

  private async send(message: OutboxMessage): Promise<void> {
    const id = message.id;
    try {
      await this.transportFor().send(await this.toNodemailer(message));
    } catch (error) {
      const permanent = isPermanentFailure(error) || message.attempts >= MAX_ATTEMPTS;
      const reason = String((error as Error)?.message ?? error).slice(0, 500);
      this.logger.warn(`Message ${id} ${permanent ? 'failed' : 'will be retried'}: ${reason}`);
      await this.marks.run((em) =>
        em.update(
          OutboxMessage,
          { id },
          {
            status: permanent ? 'failed' : 'pending',
            nextAttemptAt: new Date(Date.now() + backoffMs(message.attempts)),
            leaseUntil: null,
            lastError: reason,
          },
        ),
      );
      return;
    }
    try {
      await this.marks.run((em) => this.run.exec(em, MARK_SENT, [this.run.dialect.time(new Date()), id]));
    } catch (error) {
      // Sent but not marked (the database is unreachable): the lease expires and it is sent again, same Message-ID.
      this.logger.error(`Message ${id} sent but not marked: ${String(error)}`);
    }
  }

  private transportFor(): MailTransport {
    this.transport ??= createMailTransport(this.config);
    return this.transport;
  }

  private async toNodemailer(message: OutboxMessage): Promise<SendMailOptions> {
    const attachments = await Promise.all(
      (message.attachments ?? []).map(async (a) => ({
        filename: a.filename,
        contentType: a.contentType,
        // A badge's QR code is drawn now, when the message is sent (the outbox keeps the code).
        content: a.qr !== undefined ? await qrPng(a.qr) : Buffer.from(a.content ?? '', 'base64'),
        ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
      })),
    );
    return {
      messageId: message.messageId,
      from: this.config.mailFrom,
      to: message.toName ? { name: message.toName, address: message.toAddress } : message.toAddress,
      subject: message.subject,
      html: message.html,
      text: message.text,
      date: message.createdAt,
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments,
      ...(message.calendar && message.calendarMethod
        ? { icalEvent: { method: message.calendarMethod, filename: 'invite.ics', content: message.calendar } }
        : {}),
    };
  }
}
