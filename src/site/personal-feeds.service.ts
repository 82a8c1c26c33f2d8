import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AttendeePrincipal, EventStatus } from '../accounts/access-rules.js';
import { AccessService } from '../accounts/access.service.js';
import { sessionItem } from '../agenda/agenda-notifier.service.js';
import { AgendaService } from '../agenda/agenda.service.js';
import { buildCalendar } from '../calendar/calendar.js';
import { Lru } from '../common/lru.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.service.js';
import { SqlRunner } from '../database/sql-runner.js';
import { eventCalendarItem } from '../events/event-calendar-item.js';
import { Event } from '../events/event.entity.js';
import { Venue } from '../events/venue.entity.js';
import { MeetingScheduleService } from '../matchmaking/meetings/meeting-schedule.service.js';
import { ManageLinks } from '../registration/manage-links.service.js';
import type { RegistrationStatus } from '../registration/registration.entity.js';
import { RegistrationError } from '../registration/registration.errors.js';

/** Personal calendars kept in memory: about 5 KB each for a person following ten sessions, so at most ~25 MB. */
const FEED_CACHE_ENTRIES = 5000;

const text = (sql: string) => `COALESCE(CAST(${sql} AS text), '')`;

/**
 * Everything a person's feed is made of, in one statement (SQLite and PostgreSQL alike): the registration (its link
 * version for the signature, its status and invitation sequence), the event's status (for the access rule) and the
 * fields the feed shows, the main venue, the published programme's version, the followed sessions in order, and per
 * published meeting what its calendar entry shows (place and time as sent, SEQUENCE, the table zones, the agenda
 * session's title, the other person's name and organisation). Participants are found through the unique index on
 * (meeting session, registration), with the event's meeting sessions listed first.
 */
const KEY_QUERY = `SELECT r."linkVersion", r.status, r."inviteSequence", r."eventId", e.status AS "eventStatus",
  e.slug || '|' || e.title || '|' || ${text('e."titleEn"')} || '|' || ${text('e."startsAt"')} || '|' || ${text('e."endsAt"')} AS event,
  (SELECT CAST(v.id AS text) || '|' || v.name || '|' || ${text('v.address')} FROM venues v
    WHERE v."eventId" = r."eventId" AND v.kind = 'main' ORDER BY v.id LIMIT 1) AS venue,
  (SELECT sv.id FROM schedule_versions sv WHERE sv."eventId" = r."eventId" ORDER BY sv.version DESC LIMIT 1) AS "versionId",
  (SELECT string_agg(CAST(ss."sessionId" AS text), ',' ORDER BY ss.id) FROM session_stars ss
    WHERE ss."registrationId" = r.id) AS stars,
  (SELECT string_agg(CAST(m.id AS text) || '|' || CAST(m.sequence AS text) || '|' || ${text('m."sentTable"')} || '|'
      || ${text('m."sentStartsAt"')} || '|' || ${text('m."sentEndsAt"')} || '|' || CAST(ms."tableCount" AS text) || '|'
      || ${text('ms."tableZones"')} || '|' || s.title || '|' || ${text('s."titleEn"')} || '|' || o.name || '|'
      || o."organisationName", ';' ORDER BY m.id)
    FROM meeting_participants p
    JOIN meeting_requests q ON q."fromParticipantId" = p.id OR q."toParticipantId" = p.id
    JOIN meetings m ON m."requestId" = q.id AND m."sentSlot" IS NOT NULL
    JOIN meeting_sessions ms ON ms.id = m."meetingSessionId"
    JOIN agenda_sessions s ON s.id = ms."agendaSessionId"
    JOIN meeting_participants op
      ON op.id = CASE WHEN q."fromParticipantId" = p.id THEN q."toParticipantId" ELSE q."fromParticipantId" END
    JOIN registrations o ON o.id = op."registrationId"
    WHERE p."meetingSessionId" IN (SELECT id FROM meeting_sessions WHERE "eventId" = r."eventId")
      AND p."registrationId" = r.id) AS meetings
FROM registrations r JOIN events e ON e.id = r."eventId"
WHERE r.id = $1`;

interface KeyRow {
  linkVersion: number;
  status: RegistrationStatus;
  inviteSequence: number;
  eventId: number;
  eventStatus: EventStatus;
  event: string;
  venue: string | null;
  versionId: number | null;
  stars: string | null;
  meetings: string | null;
}

/** A feed to send, or `body` undefined when the client's copy (If-None-Match) is current. */
export interface FeedReply {
  etag: string;
  body?: Buffer;
}

/**
 * The personal calendar (the webcal subscription of /me/<link>/calendar.ics and the .ics download). Calendar apps
 * poll it every few minutes, so the text is kept per person (at most FEED_CACHE_ENTRIES, least recently used
 * forgotten) under a key of everything it is made of (KEY_QUERY), read from the database on every request: a follow,
 * a new publication, a meeting's change or a cancellation gives a new key on every instance at once. The ETag is a
 * digest of the key; it is weak because DTSTAMP says when the text was built, which may differ between instances.
 */
@Injectable()
export class PersonalFeeds {
  private readonly feeds = new Lru<number, { key: string; etag: string; body: Buffer }>(FEED_CACHE_ENTRIES);
  private readonly run: SqlRunner;

  constructor(
    private readonly db: Database,
    private readonly links: ManageLinks,
    private readonly access: AccessService,
    private readonly agenda: AgendaService,
    private readonly meetingSchedule: MeetingScheduleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.run = SqlRunner.of(db.dataSource);
  }

  /** The feed a personal link names; `ifNoneMatch` is the request's header, when it has one. */
  async feed(token: string, ifNoneMatch?: string): Promise<FeedReply> {
    const parsed = this.links.parse(token);
    const row = parsed ? (await this.run.all<KeyRow>(this.db.manager, KEY_QUERY, [parsed.id]))[0] : undefined;
    if (
      !parsed ||
      !row ||
      !(await this.links.verify({ id: parsed.id, linkVersion: row.linkVersion }, parsed.signature))
    )
      throw new RegistrationError('link_invalid');
    const id = parsed.id;
    const eventId = Number(row.eventId);
    const attendee: AttendeePrincipal = { kind: 'attendee', registrationId: id, eventId };
    this.access.requireAccessOn(attendee, 'registration.readOwn', id, {
      eventId,
      eventStatus: row.eventStatus,
      assigned: false,
      registrationId: id,
    });
    const key = [
      row.status,
      row.inviteSequence,
      row.event,
      row.venue ?? '',
      row.versionId ?? 0,
      row.stars ?? '',
      row.meetings ?? '',
      this.config.appUrl,
    ].join('\n');
    const cached = this.feeds.get(id);
    const etag = cached?.key === key ? cached.etag : `W/"${createHash('sha256').update(key).digest('base64url')}"`;
    if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) return { etag };
    if (cached?.key === key) return { etag, body: cached.body };
    const active = row.status !== 'cancelled' && row.status !== 'rejected';
    const starred = active && row.stars ? new Set(row.stars.split(',').map(Number)) : new Set<number>();
    const body = Buffer.from(
      await this.build(
        { id, eventId, status: row.status, inviteSequence: Number(row.inviteSequence) },
        active,
        starred,
      ),
    );
    this.feeds.set(id, { key, etag, body });
    return { etag, body };
  }

  private async build(
    registration: { id: number; eventId: number; status: RegistrationStatus; inviteSequence: number },
    active: boolean,
    starred: Set<number>,
  ): Promise<string> {
    const em = this.db.manager;
    const event = await em.findOneByOrFail(Event, { id: registration.eventId });
    const venue = await em.findOne(Venue, { where: { eventId: event.id, kind: 'main' }, order: { id: 'ASC' } });
    const version = await this.agenda.latest(event.id);
    const meetings = active ? await this.meetingSchedule.calendarItems(registration.id) : [];
    const appUrl = this.config.appUrl;
    const sessions = (version?.snapshot.sessions ?? [])
      .filter((s) => starred.has(s.id))
      .map((s) => sessionItem(event, s, s.sequence, appUrl));
    return buildCalendar(
      active ? [eventCalendarItem(event, venue, registration.inviteSequence, appUrl), ...sessions, ...meetings] : [],
      { host: new URL(appUrl).hostname, method: 'PUBLISH', name: event.title },
    );
  }
}

/** If-None-Match: `*` or a list of entity tags, compared weakly (RFC 9110 §13.1.2). */
function matches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = etag.slice(2);
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return (t.startsWith('W/') ? t.slice(2) : t) === opaque;
  });
}
