import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityNotFoundError, In, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Lru } from '../common/lru.js';
import { Database } from '../database/database.service.js';
import { SqlRunner } from '../database/sql-runner.js';
import type { Locale } from '../i18n/i18n.js';
import { MailBody } from './mail-body.entity.js';
import {
  joinBody,
  MailRenderer,
  readBody,
  type BodyPieces,
  type PiecedMail,
  type RenderedMail,
} from './mail-renderer.service.js';
import { OutboxMessage, type StoredAttachment } from './outbox-message.entity.js';

/** What `OutboxService.joinBodies` joins: a stored message, or the columns of one that a send reads. */
export interface JoinableMessage {
  html: string | null;
  text: string | null;
  bodyHash: string | null;
  bodyValues: Record<string, string> | null;
}

/** Shared bodies kept read (a burst's messages share a few: one per template, language and event). */
const BODIES_KEPT = 64;

/** A stored message with its HTML and text at hand (see `OutboxService.whole`). */
export type WholeMessage = OutboxMessage & { html: string; text: string };

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
  /**
   * The message as `MailRenderer` rendered it already from `template` and `data` (then not rendered again): whole, or
   * as a shared body and the recipient's values (`MailRenderer.piecesFor`), kept so.
   */
  rendered?: RenderedMail | PiecedMail;
}

/**
 * A Message-ID: the time, then a random UUID. Ids that grow with time are appended to the end of the outbox's unique
 * index, where a random one lands on any of its pages: on SQLite that was a third of an email's insert (52 against
 * 35 µs for a confirmation's row, measured with better-sqlite3 alone). Unique across processes by the UUID.
 */
export function newMessageId(host: string): string {
  return `<${Date.now().toString(36).padStart(9, '0')}-${randomUUID()}@${host}>`;
}

const BODY_KNOWN = 'SELECT 1 AS known FROM mail_bodies WHERE hash = $1';
// Two PostgreSQL transactions writing the same new body: the second waits for the first and then writes nothing.
const BODY_INSERT =
  'INSERT INTO mail_bodies (hash, content, "createdAt") VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING';

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
    const run = SqlRunner.of(em.connection);
    // A message of a shared body keeps the body's address and its own values: a few hundred bytes instead of
    // kilobytes of HTML and text per row (on SQLite, fewer pages to insert and to commit).
    const pieced = 'body' in rendered ? rendered : undefined;
    if (pieced) {
      const [known] = await run.all(em, BODY_KNOWN, [pieced.body.hash]);
      if (!known) {
        await run.exec(em, BODY_INSERT, [pieced.body.hash, pieced.body.content, run.dialect.time(new Date())]);
      }
    }
    // A plain insert on a prepared statement: nothing needs the row back, and this path is hot.
    await run.insert(em, OutboxMessage, {
      messageId: newMessageId(this.host),
      kind: request.kind,
      eventId: request.eventId ?? null,
      registrationId: request.registrationId ?? null,
      toAddress: request.to,
      toName: request.toName ?? null,
      subject: rendered.subject,
      html: pieced ? null : (rendered as RenderedMail).html,
      text: pieced ? null : (rendered as RenderedMail).text,
      bodyHash: pieced?.body.hash ?? null,
      bodyValues: pieced?.values ?? null,
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

  /** One message of an event, whole (bodies, attachments, calendar), for the organiser's mail view. */
  async findForEvent(id: number, eventId: number): Promise<WholeMessage | null> {
    const message = await this.db.manager.findOne(OutboxMessage, { where: { id, eventId } });
    return message && this.whole(message);
  }

  /** A stored message with its HTML and text, joined from its shared body when it has one. */
  async whole(message: OutboxMessage): Promise<WholeMessage> {
    const [missing] = await this.joinBodies([message]);
    if (missing) throw new EntityNotFoundError(MailBody, { hash: missing.bodyHash });
    return Object.assign(message, { html: message.html ?? '', text: message.text ?? '' });
  }

  /**
   * Gives the messages kept as a shared body (`bodyHash`) their HTML and text, joined with their own `bodyValues`; the
   * bodies are read once for all of them (and a few kept read: a burst's thousands of messages share a handful).
   * Answers the messages whose body is missing (a damaged database), left as they are.
   */
  async joinBodies<T extends JoinableMessage>(messages: T[]): Promise<T[]> {
    const pieced = messages.filter((m) => m.bodyHash !== null && m.bodyHash !== undefined);
    const unread = [...new Set(pieced.map((m) => m.bodyHash!))].filter((hash) => !this.bodies.get(hash));
    if (unread.length > 0) {
      const rows = await this.db.manager.find(MailBody, { where: { hash: In(unread) } });
      for (const row of rows) this.bodies.set(row.hash, readBody(row.content));
    }
    const missing: T[] = [];
    for (const message of pieced) {
      const body = this.bodies.get(message.bodyHash!);
      if (body) Object.assign(message, joinBody(body, message.bodyValues ?? {}));
      else missing.push(message);
    }
    return missing;
  }

  private readonly bodies = new Lru<string, BodyPieces>(BODIES_KEPT);

  /** An organiser's resend: the same message (same Message-ID) goes out again. Scoped to the event's messages. */
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
