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

export function buildCalendar(items: CalendarItem[], options: CalendarOptions): string {
  const calendar = ical({
    prodId: { company: 'Duijie', product: 'Duijie', language: 'ZH' },
    name: options.name,
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
      summary: item.summary,
      description: item.description,
      location: item.location,
      url: item.url,
      status: item.cancelled || options.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(options.parties
        ? {
            organizer: { name: options.parties.organizer.name, email: options.parties.organizer.email },
            attendees: [
              {
                name: options.parties.attendee.name,
                email: options.parties.attendee.email,
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
