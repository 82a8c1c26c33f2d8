import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.service.js';
import { SqlRunner } from '../database/sql-runner.js';
import type { Locale } from '../i18n/i18n.js';
import { MailRenderer, type RenderedMail } from './mail-renderer.service.js';
import { OutboxMessage, type StoredAttachment } from './outbox-message.entity.js';

export interface MailRequest {
  kind: string;
  to: string;
  toName?: string;
  locale: Locale;
  template: string;
  data: Record<string, unknown>;
  attachments?: StoredAttachment[];
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  eventId?: number;
  registrationId?: number;
  /** The message as `MailRenderer` rendered it already from `template` and `data` (then not rendered again). */
  rendered?: RenderedMail;
}

/**
 * A Message-ID: the time, then a random UUID. Ids that grow with time are appended to the end of the outbox's unique
 * index, where a random one lands on any of its pages: on SQLite that was a third of an email's insert (52 against
 * 35 µs for a confirmation's row, measured with better-sqlite3 alone). Unique across processes by the UUID.
 */
export function newMessageId(host: string): string {
  return `<${Date.now().toString(36).padStart(9, '0')}-${randomUUID()}@${host}>`;
}

/** Transactions whose emails are written held, with the date they are held until (`holdEmailsIn`). */
const heldIn = new WeakMap<EntityManager, Date>();

/**
 * Emails enqueued with this EntityManager (one transaction) are written held: due and leased until `until`, so that
 * no worker claims them until whoever held them lets them go (a chunked import, once all its rows are in). Saves
 * updating each message (a row with its HTML, text and attachments) right after writing it.
 */
export function holdEmailsIn(em: EntityManager, until: Date): void {
  heldIn.set(em, until);
}

/**
 * The transactional outbox: `enqueue` renders an email and writes it with the caller's EntityManager, so the email
 * exists if and only if the change that causes it commits. The mail worker sends it later.
 */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(MailRenderer) private readonly renderer: MailRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.host = new URL(config.appUrl).hostname;
  }

  private readonly host: string;

  async enqueue(em: EntityManager, request: MailRequest): Promise<void> {
    const rendered =
      request.rendered ??
      this.renderer.render(request.template, request.locale, { ...request.data, appUrl: this.config.appUrl });
    const held = heldIn.get(em);
    // A plain insert on a prepared statement: nothing needs the row back, and this path is hot.
    await SqlRunner.of(em.connection).insert(em, OutboxMessage, {
      messageId: newMessageId(this.host),
      kind: request.kind,
      eventId: request.eventId ?? null,
      registrationId: request.registrationId ?? null,
      toAddress: request.to,
      toName: request.toName ?? null,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: request.attachments?.length ? request.attachments : null,
      calendar: request.calendar?.content ?? null,
      calendarMethod: request.calendar?.method ?? null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: held ?? new Date(),
      leaseUntil: held ?? null,
      createdAt: new Date(),
    });
  }

  list(filter: { eventId?: number; status?: OutboxMessage['status']; limit?: number } = {}): Promise<OutboxMessage[]> {
    return this.db.manager.find(OutboxMessage, {
      where: {
        ...(filter.eventId ? { eventId: filter.eventId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      },
      order: { id: 'DESC' },
      take: filter.limit ?? 200,
      select: {
        id: true,
        messageId: true,
        kind: true,
        eventId: true,
        registrationId: true,
        toAddress: true,
        subject: true,
        status: true,
        attempts: true,
        nextAttemptAt: true,
        lastError: true,
        sentAt: true,
        createdAt: true,
      },
    });
  }

  /** An organiser's resend: the same message (same Message-ID) goes out again. Scoped to the event's messages. */
  /** One message of an event, whole (bodies, attachments, calendar), for the organiser's mail view. */
  findForEvent(id: number, eventId: number): Promise<OutboxMessage | null> {
    return this.db.manager.findOne(OutboxMessage, { where: { id, eventId } });
  }

  async resend(id: number, eventId?: number): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const result = await em.update(OutboxMessage, eventId === undefined ? { id } : { id, eventId }, {
        status: 'pending',
        nextAttemptAt: new Date(),
        leaseUntil: null,
        lastError: null,
      });
      return (result.affected ?? 0) > 0;
    });
  }
}
