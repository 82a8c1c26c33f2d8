import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { SendMailOptions } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.service.js';
import { QrThreads } from '../common/qr-threads.js';
import { GroupCommit } from '../database/group-commit.js';
import { SqlRunner } from '../database/sql-runner.js';
import {
  createMailTransport,
  isPermanentFailure,
  MAIL_POOL_CONNECTIONS,
  type MailTransport,
} from './mail-transport.js';
import { OutboxMessage, type StoredAttachment } from './outbox-message.entity.js';
import { OutboxService } from './outbox.service.js';

const MAX_ATTEMPTS = 8;
/** Sent messages wait at most this long to be marked with the others sent meanwhile… */
const MARK_DELAY_MS = 20;
/** …or until this many wait. */
const MARK_GROUP = 32;
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
/**
 * The claimed rows, with the columns a send needs (not the whole entity). The subquery walks the due index in its own
 * order ("nextAttemptAt", then id: due longest first) and stops after the batch, instead of sorting every due row by
 * id; each row is checked again once locked.
 */
const CLAIMED_COLUMNS = `id, "messageId", "toAddress", "toName", subject, html, text, "bodyHash", "bodyValues",
  attachments, calendar, "calendarMethod", attempts, "createdAt"`;
const CLAIM = `UPDATE outbox_messages SET "leaseUntil" = $1, attempts = attempts + 1
  WHERE id IN (SELECT id FROM outbox_messages WHERE ${DUE} ORDER BY "nextAttemptAt", id LIMIT $3)
  AND +status = 'pending' AND +"nextAttemptAt" <= $2 AND ("leaseUntil" IS NULL OR "leaseUntil" < $2)
  RETURNING ${CLAIMED_COLUMNS}`;
// SQLite: the unary + keeps the outer check off the due index, so the claimed ids are looked up by primary key (without
// it SQLite scans every due row again). Several workers on one PostgreSQL: each skips the rows another is claiming.
const CLAIM_PG = `UPDATE outbox_messages SET "leaseUntil" = $1, attempts = attempts + 1
  WHERE id IN (SELECT id FROM outbox_messages WHERE ${DUE} ORDER BY "nextAttemptAt", id LIMIT $3 FOR UPDATE SKIP LOCKED)
  AND ${DUE} RETURNING ${CLAIMED_COLUMNS}`;
/** Marks a group of sent messages, $2 … $(n + 1) their ids. */
const markSent = (count: number) =>
  `UPDATE outbox_messages SET status = 'sent', "sentAt" = $1, "leaseUntil" = NULL, "lastError" = NULL
  WHERE id IN (${Array.from({ length: count }, (_, i) => `$${i + 2}`).join(', ')})`;
const HAND_BACK = `UPDATE outbox_messages SET "leaseUntil" = NULL, attempts = attempts - 1 WHERE id = $1`;

/** A claimed message, as the claim returns it (its HTML and text joined from its shared body if it has one). */
interface ClaimedMessage {
  id: number;
  messageId: string;
  toAddress: string;
  toName: string | null;
  subject: string;
  html: string;
  text: string;
  bodyHash: string | null;
  bodyValues: Record<string, string> | null;
  /** Its shared body was not found: it cannot be sent (see `OutboxService.joinBodies`). */
  bodyMissing?: boolean;
  attachments: StoredAttachment[] | null;
  calendar: string | null;
  calendarMethod: 'REQUEST' | 'CANCEL' | null;
  attempts: number;
  createdAt: Date;
  /** The images of the attachments stored as a QR code (by index), being drawn since the claim. */
  qrImages: Map<number, Promise<Buffer>>;
}

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
  /** Draws the badges' QR images off this thread, a claimed batch at a time. */
  private readonly qrThreads = new QrThreads();
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
    @Inject(OutboxService) private readonly outbox: OutboxService,
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
    this.sent = new SentMarks((ids) => this.markSent(ids));
  }

  private readonly run: SqlRunner;
  /** Marks of failed sends that end together share one SQLite transaction. */
  private readonly marks: GroupCommit;
  /** Marks of sent messages, a group to a statement. */
  private readonly sent: SentMarks;

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
    await this.qrThreads.close();
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
   * connection stays busy: a send that ends starts the next at once, and the next batch is claimed while `parallel`
   * of this one still wait to start (`continuous`), so its QR images are drawn (on another thread) before they are
   * needed. Each message is marked once its own
   * send has answered; marks that end together share one SQLite transaction. When the worker stops, the sends in
   * flight finish and are marked, and claimed messages not yet started are handed back at once.
   */
  private async pump(continuous: boolean): Promise<number> {
    const inFlight = new Set<Promise<void>>();
    let queue: ClaimedMessage[] = [];
    let claimed = 0;
    let more = true;
    try {
      for (;;) {
        if (queue.length <= this.options.parallel && more && !this.stopping) {
          const batch = await this.claim();
          queue = queue.concat(batch);
          claimed += batch.length;
          more = continuous && batch.length >= this.options.batchSize;
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
      await this.sent.flush();
      if (queue.length > 0) await this.handBack(queue.map((m) => m.id));
    }
    return claimed;
  }

  /** Claims up to a batch of due messages with one conditional update (a lease each) and answers them, oldest first. */
  private async claim(): Promise<ClaimedMessage[]> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    const sql = this.run.dialect;
    const rows = await this.db.transaction((em) =>
      this.run.all<Record<keyof ClaimedMessage, unknown>>(em, sql.isSqlite ? CLAIM : CLAIM_PG, [
        sql.time(leaseUntil),
        sql.time(now),
        this.options.batchSize,
      ]),
    );
    // Decoded here, as TypeORM stores them: attachments as JSON text (simple-json), times as the dialect keeps them.
    const messages = rows
      .map((row): ClaimedMessage => ({
        id: Number(row.id),
        messageId: row.messageId as string,
        toAddress: row.toAddress as string,
        toName: row.toName as string | null,
        subject: row.subject as string,
        html: (row.html as string | null) ?? '',
        text: (row.text as string | null) ?? '',
        bodyHash: row.bodyHash as string | null,
        bodyValues: row.bodyValues ? (JSON.parse(row.bodyValues as string) as Record<string, string>) : null,
        attachments: row.attachments ? (JSON.parse(row.attachments as string) as StoredAttachment[]) : null,
        calendar: row.calendar as string | null,
        calendarMethod: row.calendarMethod as ClaimedMessage['calendarMethod'],
        attempts: Number(row.attempts),
        createdAt: sql.readTime(row.createdAt),
        qrImages: new Map(),
      }))
      .sort((a, b) => a.id - b.id);
    // A body is written with its first message and never deleted: without it (a damaged database) the message fails
    // alone when its turn comes, and the rest of the batch goes out.
    for (const message of await this.outbox.joinBodies(messages)) message.bodyMissing = true;
    // The batch's QR images, asked for at once, in the order they are sent.
    const wanted: { message: ClaimedMessage; index: number; code: string }[] = [];
    for (const message of messages) {
      (message.attachments ?? []).forEach((a, index) => {
        if (a.qr !== undefined) wanted.push({ message, index, code: a.qr });
      });
    }
    const images = this.qrThreads.draw(wanted.map((w) => w.code));
    wanted.forEach(({ message, index }, n) => message.qrImages.set(index, images[n]));
    return messages;
  }

  /** One group of sent messages marked, in one statement. */
  private async markSent(ids: number[]): Promise<void> {
    try {
      await this.db.transaction((em) =>
        this.run.exec(em, markSent(ids.length), [this.run.dialect.time(new Date()), ...ids]),
      );
    } catch (error) {
      // Sent but not marked (the database is unreachable): the leases expire and they are sent again, same Message-ID.
      this.logger.error(`Messages ${ids.join(', ')} sent but not marked: ${String(error)}`);
    }
  }

  /** Claimed messages not sent (the worker stops): their lease and the attempt are given back. */
  private async handBack(ids: number[]): Promise<void> {
    await this.db.transaction(async (em) => {
      for (const id of ids) await this.run.exec(em, HAND_BACK, [id]);
    });
  }

  /** Sends one message; answers once it is sent and its mark queued (`sent`), or its failure recorded. */
  private async send(message: ClaimedMessage): Promise<void> {
    const id = message.id;
    try {
      if (message.bodyMissing) {
        // A fault of the message itself, as nodemailer names one: permanent, the message is marked failed.
        throw Object.assign(new Error(`its mail body ${message.bodyHash} is missing`), { code: 'EMESSAGE' });
      }
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
    this.sent.add(id);
  }

  private transportFor(): MailTransport {
    this.transport ??= createMailTransport(this.config);
    return this.transport;
  }

  private async toNodemailer(message: ClaimedMessage): Promise<SendMailOptions> {
    const attachments = await Promise.all(
      (message.attachments ?? []).map(async (a, index) => ({
        filename: a.filename,
        contentType: a.contentType,
        // A badge's QR code is drawn when the message is claimed (the outbox keeps the code), off this thread.
        content: a.qr !== undefined ? await message.qrImages.get(index)! : Buffer.from(a.content ?? '', 'base64'),
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

/**
 * Sent messages, marked a group at a time: one UPDATE … WHERE id IN (…) in one transaction, MARK_DELAY_MS after the
 * first of the group was sent or as soon as MARK_GROUP wait. A message is marked only after its send has answered; a
 * worker that dies before the mark leaves the lease, and the message is sent again (same Message-ID) once it expires.
 */
class SentMarks {
  private ids: number[] = [];
  private timer?: NodeJS.Timeout;
  /** Groups being written. */
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly write: (ids: number[]) => Promise<void>) {}

  add(id: number): void {
    this.ids.push(id);
    if (this.ids.length >= MARK_GROUP) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), MARK_DELAY_MS);
  }

  /** Writes the waiting group now; answers once every group so far is written. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ids.length > 0) {
      const written = this.write(this.ids).finally(() => this.writing.delete(written));
      this.writing.add(written);
      this.ids = [];
    }
    await Promise.all(this.writing);
  }
}
