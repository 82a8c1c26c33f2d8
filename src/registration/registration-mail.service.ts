import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Badge } from '../badges/badge.entity.js';
import { SqlRunner } from '../database/sql-runner.js';
import { EntityNotFoundError } from 'typeorm';
import { buildCalendar } from '../calendar/calendar.js';
import { InvitePieces, type InviteValues } from '../calendar/calendar-pieces.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { eventCalendarItem } from '../events/event-calendar-item.js';
import { Event } from '../events/event.entity.js';
import { Venue } from '../events/venue.entity.js';
import { MailRenderer, type PiecedMail, type RenderedMail } from '../mail/mail-renderer.service.js';
import { OutboxService } from '../mail/outbox.service.js';
import { AttendeeCategory } from './attendee-category.entity.js';
import { ManageLinks } from './manage-links.service.js';
import type { Registration } from './registration.entity.js';
import { shortTitleOf } from '../i18n/event-title.js';

export type RegistrationMailKind =
  | 'registration_confirmed'
  | 'registration_promoted'
  | 'registration_waitlisted'
  | 'registration_pending'
  | 'registration_rejected'
  | 'registration_cancelled'
  | 'registration_updated'
  | 'registration_link'
  | 'event_cancelled';

const TEMPLATE: Record<RegistrationMailKind, string> = {
  registration_confirmed: 'registration-confirmed',
  registration_promoted: 'registration-promoted',
  registration_waitlisted: 'registration-waitlisted',
  registration_pending: 'registration-pending',
  registration_rejected: 'registration-rejected',
  registration_cancelled: 'registration-cancelled',
  registration_updated: 'registration-updated',
  registration_link: 'registration-link',
  event_cancelled: 'event-cancelled',
};

/** Kinds that carry the badge and a calendar invite (REQUEST); a cancellation carries a CANCEL. */
const WITH_BADGE = new Set<RegistrationMailKind>([
  'registration_confirmed',
  'registration_promoted',
  'registration_updated',
]);

/**
 * Composes the emails of a registration's life and writes them to the outbox in the caller's transaction:
 * confirmation with the QR badge inline, an iTIP invite for the event and the personal link.
 */
@Injectable()
export class RegistrationMail {
  constructor(
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(ManageLinks) private readonly links: ManageLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MailRenderer) private readonly renderer: MailRenderer,
  ) {}

  async send(
    em: EntityManager,
    kind: RegistrationMailKind,
    registration: Registration,
    extra: Record<string, unknown> = {},
    /**
     * Rows the caller has loaded already (the registration path is hot: no need to read them twice), and
     * `inviteSequenceStored` when the registration was just written with this invite's sequence.
     */
    loaded: {
      event?: Event;
      category?: AttendeeCategory;
      venue?: Venue | null;
      badge?: Badge;
      inviteSequenceStored?: boolean;
    } = {},
  ): Promise<void> {
    const run = SqlRunner.of(em.connection);
    const event =
      loaded.event ?? (await run.selectOne(em, Event, 'WHERE id = $1', [registration.eventId])) ?? missing('event');
    const category =
      loaded.category?.id === registration.categoryId
        ? loaded.category
        : ((await run.selectOne(em, AttendeeCategory, 'WHERE id = $1', [registration.categoryId])) ??
          missing('category'));
    const venue =
      loaded.venue !== undefined && loaded.event
        ? loaded.venue
        : await run.selectOne(em, Venue, 'WHERE "eventId" = $1 AND kind = $2', [event.id, 'main']);
    const manageUrl = await this.links.url(registration);
    const host = new URL(this.config.appUrl).hostname;
    const attachments = [];
    let calendar: { method: 'REQUEST' | 'CANCEL'; content: string } | undefined;

    const withBadge = WITH_BADGE.has(kind);
    let sharedKey: string | undefined;
    // A cancellation withdraws the invite the person's calendar holds (one was sent when they were confirmed).
    const cancels =
      kind === 'registration_cancelled' || (kind === 'event_cancelled' && registration.inviteSequence > 0);
    if (withBadge || cancels) {
      if (!loaded.inviteSequenceStored) {
        registration.inviteSequence += 1;
        await run.exec(em, 'UPDATE registrations SET "inviteSequence" = $1 WHERE id = $2', [
          registration.inviteSequence,
          registration.id,
        ]);
      }
      const method = withBadge ? 'REQUEST' : 'CANCEL';
      const invite = (values: InviteValues) =>
        buildCalendar([eventCalendarItem(event, venue, registration.inviteSequence, this.config.appUrl)], {
          host,
          method,
          now: values.now,
          parties: {
            organizer: { name: shortTitleOf(event, registration.locale).slice(0, 60), email: this.senderAddress() },
            attendee: { name: values.name, email: values.email },
          },
        });
      // Invites of one event differ only in the person and DTSTAMP (see `InvitePieces`).
      sharedKey ??= this.sharedKey(event, venue, category);
      calendar = {
        method,
        content: this.invites.invite(
          `${method}\u0000${registration.inviteSequence}\u0000${registration.locale}\u0000${sharedKey}`,
          { name: registration.name, email: registration.email, now: new Date() },
          invite,
        ),
      };
    }
    if (withBadge) {
      const badge =
        loaded.badge ??
        (await run.selectOne(em, Badge, 'WHERE "registrationId" = $1 ORDER BY id DESC', [registration.id])) ??
        missing('badge');
      // The image is drawn by the mail worker when it sends the message: the outbox keeps the code.
      attachments.push({
        filename: 'badge.png',
        contentType: 'image/png',
        qr: badge.code,
        cid: `badge-${registration.id}@${host}`,
      });
    }
    const badgeCid = withBadge ? `badge-${registration.id}@${host}` : undefined;
    const data = {
      registration,
      event,
      venue,
      category,
      timezone: event.timezone,
      manageUrl,
      eventUrl: `${this.config.appUrl}/events/${event.slug}`,
      badgeCid,
      subjectParams: { event: shortTitleOf(event, 'zh-CN'), eventEn: shortTitleOf(event, 'en') },
      ...extra,
    };
    await this.outbox.enqueue(em, {
      kind,
      to: registration.email,
      toName: registration.name,
      locale: registration.locale,
      template: TEMPLATE[kind],
      eventId: event.id,
      registrationId: registration.id,
      attachments,
      calendar,
      data,
      rendered:
        Object.keys(extra).length === 0
          ? this.render(TEMPLATE[kind], registration, data, sharedKey ?? this.sharedKey(event, venue, category))
          : undefined,
    });
  }

  /**
   * A message without extras differs from person to person only in the name, the personal link and the badge's
   * content id: it is a shared body rendered once per template, language, event, venue and category and the person's
   * values (see `MailRenderer.piecesFor`), which a burst of registrations for one event would otherwise render and
   * store whole thousands of times.
   */
  private render(
    template: string,
    registration: Registration,
    data: { event: Event; venue: Venue | null; category: AttendeeCategory; manageUrl: string; badgeCid?: string },
    sharedKey: string,
  ): RenderedMail | PiecedMail {
    const values: Record<string, string> = { name: registration.name, manageUrl: data.manageUrl };
    if (data.badgeCid !== undefined) values.badgeCid = data.badgeCid;
    const appUrl = this.config.appUrl;
    return this.renderer.piecesFor(template, registration.locale, sharedKey, values, (v) =>
      v === values
        ? { ...data, appUrl }
        : { ...data, appUrl, registration: nameOnly(v.name), manageUrl: v.manageUrl, badgeCid: v.badgeCid },
    );
  }

  /** What an event's messages share, as a key: the rows whole, but for the category's seat counter (no email shows it). */
  private sharedKey(event: Event, venue: Venue | null, category: AttendeeCategory): string {
    // The registrations of one group commit share the rows they read (see RegistrationsService.register): the key is
    // written once for them, not once per message.
    const known = this.keys.get(event);
    const version = keyVersion(event, venue, category);
    if (known?.venue === venue && known.category === category && known.version === version) return known.key;
    const key = JSON.stringify([event, venue, { ...category, confirmedCount: undefined }]);
    this.keys.set(event, { venue, category, version, key });
    return key;
  }

  private readonly keys = new WeakMap<
    Event,
    { venue: Venue | null; category: AttendeeCategory; version: string; key: string }
  >();

  private readonly invites = new InvitePieces();

  private senderAddress(): string {
    this.sender ??= /<([^>]+)>/.exec(this.config.mailFrom)?.[1] ?? this.config.mailFrom;
    return this.sender;
  }

  private sender?: string;
}

/** The fields of rows held in memory that the messages show: a row changed in place gets its key written again. */
function keyVersion(event: Event, venue: Venue | null, category: AttendeeCategory): string {
  return [
    event.updatedAt?.getTime?.(),
    event.status,
    event.slug,
    event.title,
    event.titleEn,
    event.shortTitle,
    event.shortTitleEn,
    event.startsAt?.getTime?.(),
    event.endsAt?.getTime?.(),
    event.timezone,
    venue?.name,
    venue?.nameEn,
    venue?.address,
    venue?.addressEn,
    category.id,
    category.name,
    category.nameEn,
  ].join('\u0000');
}

/** A registration that is only its name: a template reading any other property of it stops the pieces being made. */
function nameOnly(name: string): Registration {
  return new Proxy({ name } as Registration, {
    get(target, property) {
      if (property === 'name' || typeof property === 'symbol') return Reflect.get(target, property);
      throw new Error(`the template reads registration.${property}`);
    },
  });
}

/** A row the message needs is gone: the same error TypeORM's findOneByOrFail gives. */
function missing(what: string): never {
  throw new EntityNotFoundError(what, {});
}
