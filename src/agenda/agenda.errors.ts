import { defineErrors } from '../common/domain-error.js';

export const AgendaError = defineErrors('AgendaError', {
  session_not_found: 'not_found',
  room_conflict: 'conflict',
  room_not_found: 'invalid',
  person_not_found: 'invalid',
  invalid_times: 'invalid',
  not_published: 'conflict',
  nothing_to_publish: 'conflict',
  already_notified: 'conflict',
  version_not_found: 'not_found',
  not_in_programme: 'invalid',
  already_published: 'conflict',
  not_one_block: 'invalid',
  warning_not_of_session: 'invalid',
});
