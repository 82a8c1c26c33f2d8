import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { SendMailOptions } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.service.js';
import { createMailTransport, isPermanentFailure, type MailTransport } from './mail-transport.js';
import { OutboxMessage } from './outbox-message.entity.js';

const MAX_ATTEMPTS = 8;
/** The worker's interval in the SchedulerRegistry. */
const INTERVAL = 'mail-worker';

export interface MailWorkerOptions {
  /** How long a claimed message stays reserved for this worker; a crashed worker's messages come back after it. */
  leaseMs: number;
  pollMs: number;
  batchSize: number;
  parallel: number;
}

/** Retry delays: 30 s, 1 min, 2 min, … up to 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Sends the outbox, every MAIL_POLL_MS on an interval of `@nestjs/schedule` (registered only when MAIL_WORKER is on;
 * a round still running when the next is due is not overlapped, and a full batch is followed at once by another).
 * Each message is claimed with a conditional update (a lease), so several workers on one
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
      parallel: 4,
    };
  }

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

  /** Runs rounds until a batch is not full, unless a run is in hand, the worker is stopped or it pauses. */
  private tick(): void {
    if (this.stopped || this.running || Date.now() < this.pausedUntil) return;
    this.running = (async () => {
      try {
        while ((await this.runOnce()) >= this.options.batchSize && !this.stopped);
      } catch (error) {
        this.logger.error(`Mail worker round failed: ${String(error)}`);
        this.pausedUntil = Date.now() + this.options.pollMs * 5;
      } finally {
        this.running = undefined;
      }
    })();
  }

  /** One round: claim due messages and send them. Answers how many were attempted. */
  async runOnce(): Promise<number> {
    const now = new Date();
    const due = await this.db.manager
      .createQueryBuilder(OutboxMessage, 'm')
      .select(['m.id'])
      .where('m.status = :status', { status: 'pending' })
      .andWhere('m.nextAttemptAt <= :now', { now })
      .andWhere('(m.leaseUntil IS NULL OR m.leaseUntil < :now)', { now })
      .orderBy('m.id', 'ASC')
      .take(this.options.batchSize)
      .getMany();
    for (let i = 0; i < due.length; i += this.options.parallel) {
      if (this.stopping) break;
      await Promise.all(due.slice(i, i + this.options.parallel).map((m) => this.claimAndSend(m.id)));
    }
    return due.length;
  }

  private async claimAndSend(id: number): Promise<void> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    const claimed = await this.db.transaction((em) =>
      em
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ leaseUntil, attempts: () => 'attempts + 1' })
        .where('id = :id AND status = :status AND (leaseUntil IS NULL OR leaseUntil < :now)', {
          id,
          status: 'pending',
          now,
        })
        .execute(),
    );
    if (!claimed.affected) return;
    const message = await this.db.manager.findOneByOrFail(OutboxMessage, { id });
    try {
      await this.transportFor().send(this.toNodemailer(message));
      await this.db.transaction((em) =>
        em.update(OutboxMessage, { id }, { status: 'sent', sentAt: new Date(), leaseUntil: null, lastError: null }),
      );
    } catch (error) {
      const permanent = isPermanentFailure(error) || message.attempts >= MAX_ATTEMPTS;
      const reason = String((error as Error)?.message ?? error).slice(0, 500);
      this.logger.warn(`Message ${id} ${permanent ? 'failed' : 'will be retried'}: ${reason}`);
      await this.db.transaction((em) =>
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
    }
  }

  private transportFor(): MailTransport {
    this.transport ??= createMailTransport(this.config);
    return this.transport;
  }

  private toNodemailer(message: OutboxMessage): SendMailOptions {
    return {
      messageId: message.messageId,
      from: this.config.mailFrom,
      to: message.toName ? { name: message.toName, address: message.toAddress } : message.toAddress,
      subject: message.subject,
      html: message.html,
      text: message.text,
      date: message.createdAt,
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.content, 'base64'),
        ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
      })),
      ...(message.calendar && message.calendarMethod
        ? { icalEvent: { method: message.calendarMethod, filename: 'invite.ics', content: message.calendar } }
        : {}),
    };
  }
}
