import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { buildCalendar, type CalendarItem } from '../../calendar/calendar.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { shortTitleOf } from '../../i18n/event-title.js';
import type { StoredAttachment } from '../../mail/outbox-message.entity.js';
import { OutboxService } from '../../mail/outbox.service.js';
import { ManageLinks } from '../../registration/manage-links.service.js';
import type { Registration } from '../../registration/registration.entity.js';
import type { MeetingRequest } from './meeting-request.entity.js';
import type { SessionContext } from './meetings.service.js';

/** One meeting as a person's schedule email lists it. */
export interface ScheduledItem {
  meetingId: number;
  change: 'new' | 'moved' | 'cancelled' | 'unchanged';
  startsAt: Date;
  endsAt: Date;
  slot: number;
  table: number;
  zone: string | null;
  zoneEn: string | null;
  with: { name: string; organisation: string };
  sequence: number;
}

/**
 * The emails of the meetings: a request to the person asked, the answer to both sides, and each person's schedule
 * with one iTIP object per changed meeting (REQUEST for new and moved, CANCEL for dropped; the UID of the meeting is
 * the same in both people's calendars). Written to the outbox in the caller's transaction, bilingual, the reader's
 * language first.
 */
@Injectable()
export class MeetingMail {
  constructor(
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(ManageLinks) private readonly links: ManageLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async requested(
    em: EntityManager,
    context: SessionContext,
    request: MeetingRequest,
    people: { from: Registration; to: Registration },
  ): Promise<void> {
    await this.outbox.enqueue(em, {
      kind: 'meeting_request',
      to: people.to.email,
      toName: people.to.name,
      locale: people.to.locale,
      template: 'meeting-request',
      eventId: context.event.id,
      registrationId: people.to.id,
      data: {
        ...(await this.common(context, people.to)),
        recipient: people.to,
        from: { name: people.from.name, organisation: people.from.organisationName, title: people.from.title },
        message: request.message,
        subjectParams: {
          name: people.from.name,
          event: shortTitleOf(context.event, 'zh-CN'),
          eventEn: shortTitleOf(context.event, 'en'),
        },
      },
    });
  }

  async answered(
    em: EntityManager,
    context: SessionContext,
    request: MeetingRequest,
    people: { from: Registration; to: Registration },
  ): Promise<void> {
    const accepted = request.status === 'accepted';
    for (const [recipient, other, role] of [
      [people.from, people.to, 'requester'],
      [people.to, people.from, 'requested'],
    ] as const) {
      await this.outbox.enqueue(em, {
        kind: 'meeting_answered',
        to: recipient.email,
        toName: recipient.name,
        locale: recipient.locale,
        template: 'meeting-answered',
        eventId: context.event.id,
        registrationId: recipient.id,
        data: {
          ...(await this.common(context, recipient)),
          recipient,
          other: { name: other.name, organisation: other.organisationName },
          accepted,
          asRequester: role === 'requester',
          byOrganiser: request.answeredBy === 'organiser',
          message: request.message,
          subjectParams: {
            name: other.name,
            answer: accepted ? '已接受' : '已谢绝',
            answerEn: accepted ? 'accepted' : 'declined',
            event: shortTitleOf(context.event, 'zh-CN'),
            eventEn: shortTitleOf(context.event, 'en'),
          },
        },
      });
    }
  }

  async schedule(
    em: EntityManager,
    context: SessionContext,
    recipient: Registration,
    items: ScheduledItem[],
    phase: 'preliminary' | 'final',
  ): Promise<void> {
    const calendars = items
      .filter((i) => i.change !== 'unchanged')
      .map((item) => {
        const method = item.change === 'cancelled' ? ('CANCEL' as const) : ('REQUEST' as const);
        return {
          method,
          content: buildCalendar([this.calendarItem(context, item)], {
            host: new URL(this.config.appUrl).hostname,
            method,
            parties: {
              organizer: {
                name: context.event.title.slice(0, 60),
                email: /<([^>]+)>/.exec(this.config.mailFrom)?.[1] ?? this.config.mailFrom,
              },
              attendee: { name: recipient.name, email: recipient.email },
            },
          }),
        };
      });
    const attachments: StoredAttachment[] = calendars.slice(1).map((c, i) => ({
      filename: `meeting-${i + 2}.ics`,
      contentType: `text/calendar; charset=utf-8; method=${c.method}`,
      content: Buffer.from(c.content).toString('base64'),
    }));
    await this.outbox.enqueue(em, {
      kind: 'meeting_schedule',
      to: recipient.email,
      toName: recipient.name,
      locale: recipient.locale,
      template: 'meeting-schedule',
      eventId: context.event.id,
      registrationId: recipient.id,
      calendar: calendars[0],
      attachments,
      data: {
        ...(await this.common(context, recipient)),
        recipient,
        final: phase === 'final',
        meetings: items.filter((i) => i.change !== 'cancelled'),
        cancelled: items.filter((i) => i.change === 'cancelled'),
        subjectParams: {
          phase: phase === 'final' ? '正式' : '初步',
          phaseEn: phase === 'final' ? 'final' : 'preliminary',
          event: shortTitleOf(context.event, 'zh-CN'),
          eventEn: shortTitleOf(context.event, 'en'),
        },
      },
    });
  }

  /** A meeting as a calendar item: the UID (meeting-<id>.event-<event>@host) is built by the calendar module. */
  calendarItem(
    context: Pick<SessionContext, 'event' | 'agenda'>,
    item: Pick<ScheduledItem, 'meetingId' | 'sequence' | 'startsAt' | 'endsAt' | 'table' | 'zone' | 'with'>,
  ): CalendarItem {
    const table = `${item.zone ? `${item.zone} · ` : ''}${item.table}号桌 / Table ${item.table}`;
    return {
      kind: 'meeting',
      id: item.meetingId,
      eventId: context.event.id,
      sequence: item.sequence,
      start: item.startsAt,
      end: item.endsAt,
      summary: `洽谈 Meeting: ${item.with.name}（${item.with.organisation}）`,
      description: [context.agenda.title, context.agenda.titleEn, table].filter(Boolean).join('\n'),
      location: table,
      url: `${this.config.appUrl}/events/${context.event.slug}`,
    };
  }

  private async common(context: SessionContext, recipient: Registration) {
    return {
      event: context.event,
      timezone: context.event.timezone,
      session: context.agenda,
      meetingsUrl: `${await this.links.url(recipient)}/meetings`,
    };
  }
}
