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
