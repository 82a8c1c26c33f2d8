import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { buildCalendar } from '../calendar/calendar.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.service.js';
import { Person } from '../directory/person.entity.js';
import { Event } from '../events/event.entity.js';
import type { StoredAttachment } from '../mail/outbox-message.entity.js';
import { OutboxService } from '../mail/outbox.service.js';
import { Registration } from '../registration/registration.entity.js';
import { AgendaError } from './agenda.errors.js';
import { AgendaService } from './agenda.service.js';
import type { ScheduleChange, SnapshotSession } from './domain/schedule.js';
import { ScheduleVersion } from './schedule-version.entity.js';
import { SessionStar } from './session-star.entity.js';
import { shortTitleOf } from '../i18n/event-title.js';

export interface Recipient {
  email: string;
  name: string;
  locale: 'zh-CN' | 'en';
  /** Why they are told: they follow a session, or they are on it. */
  reasons: ('starred' | 'on_session')[];
  changes: ScheduleChange[];
}

/**
 * Tells people about a publication's changes: everyone who starred a changed session and everyone on it, one email
 * per person per publication listing all their changes, each with an iTIP object (same UID, higher SEQUENCE;
 * REQUEST for new and changed sessions, CANCEL for cancelled ones).
 */
@Injectable()
export class AgendaNotifier {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AgendaService) private readonly agenda: AgendaService,
  ) {}

  async recipients(eventId: number, versionNumber: number, em: EntityManager = this.db.manager): Promise<Recipient[]> {
    const version = await em.findOneBy(ScheduleVersion, { eventId, version: versionNumber });
    if (!version) throw new AgendaError('version_not_found', { version: versionNumber });
    const previous = await em.findOneBy(ScheduleVersion, { eventId, version: versionNumber - 1 });
    const changes = version.changes.filter((c) => c.type !== 'new');
    if (changes.length === 0) return [];
    const byEmail = new Map<string, Recipient>();
    const add = (
      email: string,
      name: string,
      locale: Recipient['locale'],
      reason: Recipient['reasons'][number],
      change: ScheduleChange,
    ) => {
      const key = email.toLowerCase();
      const recipient = byEmail.get(key) ?? { email: key, name, locale, reasons: [], changes: [] };
      if (!recipient.reasons.includes(reason)) recipient.reasons.push(reason);
      if (!recipient.changes.some((c) => c.sessionId === change.sessionId)) recipient.changes.push(change);
      byEmail.set(key, recipient);
    };

    const sessionIds = changes.map((c) => c.sessionId);
    const stars = await em.find(SessionStar, { where: { sessionId: In(sessionIds) } });
    const registrations = stars.length
      ? await em.find(Registration, {
          where: {
            id: In([...new Set(stars.map((s) => s.registrationId))]),
            status: Not(In(['cancelled', 'rejected'])),
          },
        })
      : [];
    for (const star of stars) {
      const registration = registrations.find((r) => r.id === star.registrationId);
      const change = changes.find((c) => c.sessionId === star.sessionId)!;
      if (registration) add(registration.email, registration.name, registration.locale, 'starred', change);
    }

    const sessionsOf = (snapshot: { sessions: SnapshotSession[] } | undefined) =>
      new Map((snapshot?.sessions ?? []).map((s) => [s.id, s]));
    const before = sessionsOf(previous?.snapshot);
    const after = sessionsOf(version.snapshot);
    const personIds = new Set<number>();
    for (const change of changes) {
      for (const p of [...(before.get(change.sessionId)?.people ?? []), ...(after.get(change.sessionId)?.people ?? [])])
        personIds.add(p.personId);
    }
    const people = personIds.size
      ? await em.find(Person, { where: { id: In([...personIds]), email: Not(IsNull()) } })
      : [];
    for (const change of changes) {
      const on = [...(before.get(change.sessionId)?.people ?? []), ...(after.get(change.sessionId)?.people ?? [])];
      for (const person of people.filter((p) => on.some((o) => o.personId === p.id)))
        add(person.email!, person.name, 'zh-CN', 'on_session', change);
    }
    return [...byEmail.values()].sort((a, b) => a.email.localeCompare(b.email));
  }

  /** Sends the emails of one publication, once. Answers how many were written to the outbox. */
  async notify(eventId: number, versionNumber: number): Promise<number> {
    return this.db.transaction((em) => this.notifyIn(em, eventId, versionNumber));
  }

  /** Publishes the draft and, when asked, tells the affected people: one user action, one transaction. */
  async publish(
    eventId: number,
    userId: number | null,
    options: { notify: boolean },
  ): Promise<{ version: ScheduleVersion; notified: number | null }> {
    return this.db.transaction(async (em) => {
      const version = await this.agenda.publishIn(em, eventId, userId);
      const notified = options.notify ? await this.notifyIn(em, eventId, version.version) : null;
      return { version, notified };
    });
  }

  private async notifyIn(em: EntityManager, eventId: number, versionNumber: number): Promise<number> {
    {
      // Claimed with a conditional update: two organisers pressing "send" at once notify once.
      const claimed = await em.update(
        ScheduleVersion,
        { eventId, version: versionNumber, notifiedAt: IsNull() },
        { notifiedAt: new Date() },
      );
      if (!claimed.affected) {
        if (!(await em.existsBy(ScheduleVersion, { eventId, version: versionNumber })))
          throw new AgendaError('version_not_found', { version: versionNumber });
        throw new AgendaError('already_notified', { version: versionNumber });
      }
      const event = await em.findOneByOrFail(Event, { id: eventId });
      const version = await em.findOneByOrFail(ScheduleVersion, { eventId, version: versionNumber });
      const previous = await em.findOneBy(ScheduleVersion, { eventId, version: versionNumber - 1 });
      const recipients = await this.recipients(eventId, versionNumber, em);
      for (const recipient of recipients) {
        const calendars = recipient.changes.map((change) =>
          this.calendarFor(event, change, version, previous, recipient),
        );
        const attachments: StoredAttachment[] = calendars.slice(1).map((c, i) => ({
          filename: `change-${i + 2}.ics`,
          contentType: `text/calendar; charset=utf-8; method=${c.method}`,
          content: Buffer.from(c.content).toString('base64'),
        }));
        await this.outbox.enqueue(em, {
          kind: 'schedule_changes',
          to: recipient.email,
          toName: recipient.name,
          locale: recipient.locale,
          template: 'schedule-changes',
          eventId,
          calendar: calendars[0],
          attachments,
          data: {
            event,
            timezone: event.timezone,
            recipient,
            changes: recipient.changes,
            version: versionNumber,
            agendaUrl: `${this.config.appUrl}/events/${event.slug}/agenda`,
            changelogUrl: `${this.config.appUrl}/events/${event.slug}/agenda/changes`,
            subjectParams: {
              event: shortTitleOf(event, 'zh-CN'),
              eventEn: shortTitleOf(event, 'en'),
              n: recipient.changes.length,
            },
          },
        });
      }
      return recipients.length;
    }
  }

  private calendarFor(
    event: Event,
    change: ScheduleChange,
    version: ScheduleVersion,
    previous: ScheduleVersion | null,
    recipient: Recipient,
  ): { method: 'REQUEST' | 'CANCEL'; content: string } {
    const cancelled = change.type === 'cancelled';
    const session = (cancelled ? previous : version)?.snapshot.sessions.find((s) => s.id === change.sessionId);
    if (!session) throw new Error(`session ${change.sessionId} missing from its snapshot`);
    const method = cancelled ? 'CANCEL' : 'REQUEST';
    return {
      method,
      content: buildCalendar([sessionItem(event, session, change.sequence, this.config.appUrl)], {
        host: new URL(this.config.appUrl).hostname,
        method,
        parties: {
          organizer: {
            name: event.title.slice(0, 60),
            email: /<([^>]+)>/.exec(this.config.mailFrom)?.[1] ?? this.config.mailFrom,
          },
          attendee: { name: recipient.name, email: recipient.email },
        },
      }),
    };
  }
}

/** A published session as a calendar item. */
export function sessionItem(
  event: Pick<Event, 'id' | 'slug'>,
  session: SnapshotSession,
  sequence: number,
  appUrl: string,
) {
  const people = session.people.map((p) => [p.name, p.organisation, p.title].filter(Boolean).join(' ')).join('; ');
  return {
    kind: 'session' as const,
    id: session.id,
    eventId: event.id,
    sequence,
    start: new Date(session.startsAt),
    end: new Date(session.endsAt),
    summary: session.title,
    description: [session.titleEn, session.description, people, `${appUrl}/events/${event.slug}/sessions/${session.id}`]
      .filter(Boolean)
      .join('\n'),
    location: [session.venue, session.room].filter(Boolean).join(' · ') || undefined,
    url: `${appUrl}/events/${event.slug}/sessions/${session.id}`,
  };
}
