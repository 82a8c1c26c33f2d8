import { defineErrors } from '../common/domain-error.js';

export const RegistrationError = defineErrors('RegistrationError', {
  registration_not_found: 'not_found',
  category_not_found: 'invalid',
  registration_closed: 'conflict',
  registration_not_open_yet: 'conflict',
  event_not_open: 'conflict',
  no_categories: 'conflict',
  consent_required: 'invalid',
  invalid_answers: 'invalid',
  invalid_transition: 'conflict',
  event_started: 'conflict',
  category_code_taken: 'conflict',
  category_in_use: 'conflict',
  question_not_found: 'not_found',
  import_invalid: 'invalid',
  import_job_not_found: 'not_found',
  link_invalid: 'not_found',
});
