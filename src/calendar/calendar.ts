import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

/**
 * The one place where iCalendar objects are built, for events, sessions and meetings alike: stable UIDs derived from
 * the event and the item, SEQUENCE from the caller, all times in UTC (no floating times), DTSTAMP in UTC.
 */
export interface CalendarItem {
  /** e.g. { kind: 'event', id: 3 } → UID event-3@host */
  kind: 'event' | 'session' | 'meeting';
  id: number;
  eventId: number;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  cancelled?: boolean;
}

export interface InviteParties {
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
}

export function calendarUid(item: Pick<CalendarItem, 'kind' | 'id' | 'eventId'>, host: string): string {
  return item.kind === 'event'
    ? `event-${item.eventId}@${host}`
    : `${item.kind}-${item.id}.event-${item.eventId}@${host}`;
}

export interface CalendarOptions {
  host: string;
  name?: string;
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  parties?: InviteParties;
  now?: Date;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LINE_BREAK = /\r\n|\r|\u0085|\u2028|\u2029/g;

/** Text as a TEXT value holds it: every kind of line break as \n (escaped when written), no other control character. */
function text(value: string): string {
  return value.replace(LINE_BREAK, '\n').replace(CONTROL, '');
}

/** One line: for names in parameters and addresses, where no line break may stay. */
function oneLine(value: string): string {
  return text(value)
    .replace(/[\n\t]+/g, ' ')
    .trim();
}

/**
 * A TEXT property value escaped as RFC 5545 §3.3.11 says (backslash, semicolon, comma, line breaks as \n): whatever it
 * holds, it stays one property of one content line (folded by the writer), so no text can add a property or a VEVENT.
 */
export function escapeText(value: string): string {
  return text(value)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/** A quoted parameter value (CN="…"): one line, and no DQUOTE, which a quoted value cannot hold (§3.1). */
function paramValue(value: string): string {
  return oneLine(value).replace(/"/g, "'");
}

/** A URI value: one line, without the characters that cannot appear in one unescaped. */
function uri(value: string): string {
  return oneLine(value).replace(/[\s"<>\\]/g, '');
}

/** An address for mailto: — nothing that could end the value or the line. */
function address(value: string): string {
  return uri(value).replace(/[;:,]/g, '');
}

/**
 * Every value from the outside passes through here on its way into a calendar. ical-generator escapes SUMMARY,
 * DESCRIPTION and LOCATION itself but writes the calendar's name (NAME, X-WR-CALNAME) as given, so that one is escaped
 * here; the others are only cleaned, so they are not escaped twice.
 */
export function buildCalendar(items: CalendarItem[], options: CalendarOptions): string {
  const party = (p: { name: string; email: string }) => ({ name: paramValue(p.name), email: address(p.email) });
  const calendar = ical({
    prodId: { company: 'Duijie', product: 'Duijie', language: 'ZH' },
    name: options.name === undefined ? undefined : escapeText(oneLine(options.name)),
    method:
      options.method === 'REQUEST'
        ? ICalCalendarMethod.REQUEST
        : options.method === 'CANCEL'
          ? ICalCalendarMethod.CANCEL
          : options.method === 'PUBLISH'
            ? ICalCalendarMethod.PUBLISH
            : undefined,
  });
  for (const item of items) {
    calendar.createEvent({
      id: calendarUid(item, options.host),
      sequence: item.sequence,
      stamp: options.now ?? new Date(),
      start: item.start,
      end: item.end,
      summary: oneLine(item.summary),
      description: item.description === undefined ? undefined : text(item.description),
      location: item.location === undefined ? undefined : oneLine(item.location),
      url: item.url === undefined ? undefined : uri(item.url),
      status: item.cancelled || options.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(options.parties
        ? {
            organizer: party(options.parties.organizer),
            attendees: [
              {
                ...party(options.parties.attendee),
                rsvp: true,
                role: ICalAttendeeRole.REQ,
                status: ICalAttendeeStatus.NEEDSACTION,
              },
            ],
          }
        : {}),
    });
  }
  return calendar.toString();
}
