import { defineErrors } from '../common/domain-error.js';

export const IntentsError = defineErrors('IntentsError', {
  intent_not_found: 'not_found',
  intent_invalid: 'invalid',
  intent_stage_refused: 'invalid',
  intent_import_invalid: 'invalid',
  intent_attachment_refused: 'invalid',
  intent_attachment_not_found: 'not_found',
  intent_proposal_not_found: 'not_found',
  intent_proposal_answered: 'conflict',
  intent_proposal_own: 'invalid',
  intent_registration_not_confirmed: 'conflict',
});
