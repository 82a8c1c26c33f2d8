import { defineErrors } from '../common/domain-error.js';

export const AccountsError = defineErrors('AccountsError', {
  invalid_credentials: 'unauthorized',
  too_many_attempts: 'rate_limited',
  user_not_found: 'not_found',
  email_taken: 'conflict',
  invitation_not_found: 'not_found',
  invitation_expired: 'invalid',
  event_required_for_staff: 'invalid',
  cannot_disable_self: 'invalid',
  last_organiser: 'conflict',
});

/** Refusals of the access service: sign in (401), not allowed (403), or no such thing for this principal (404). */
export const AccessError = defineErrors('AccessError', {
  unauthenticated: 'unauthorized',
  forbidden: 'forbidden',
  event_not_found: 'not_found',
  registration_not_found: 'not_found',
  session_not_found: 'not_found',
  list_not_found: 'not_found',
});
