import { defineErrors } from '../common/domain-error.js';

export const EventsError = defineErrors('EventsError', {
  event_not_found: 'not_found',
  series_not_found: 'not_found',
  venue_not_found: 'not_found',
  room_not_found: 'not_found',
  zone_not_found: 'not_found',
  organisation_not_found: 'not_found',
  slug_taken: 'conflict',
  invalid_dates: 'invalid',
  invalid_timezone: 'invalid',
  second_main_venue: 'conflict',
  invalid_transition: 'conflict',
  event_has_registrations: 'conflict',
  event_cancelled: 'conflict',
});
