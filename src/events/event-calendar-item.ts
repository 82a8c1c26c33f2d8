import type { CalendarItem } from '../calendar/calendar.js';
import type { Event } from './event.entity.js';
import type { Venue } from './venue.entity.js';

/**
 * The event itself as a calendar entry (UID event-<id>@host), as the personal feed and the registration invite both
 * show it: its titles, its page, and the main venue as the location. The SEQUENCE is the registration's invitation
 * sequence.
 */
export function eventCalendarItem(
  event: Pick<Event, 'id' | 'slug' | 'title' | 'titleEn' | 'startsAt' | 'endsAt'>,
  venue: Pick<Venue, 'name' | 'address'> | null,
  sequence: number,
  appUrl: string,
): CalendarItem {
  const page = `${appUrl}/events/${event.slug}`;
  return {
    kind: 'event',
    id: event.id,
    eventId: event.id,
    sequence,
    start: event.startsAt,
    end: event.endsAt,
    summary: event.title,
    description: [event.titleEn, page].filter(Boolean).join('\n'),
    location: venue ? [venue.name, venue.address].filter(Boolean).join(' · ') : undefined,
    url: page,
  };
}
