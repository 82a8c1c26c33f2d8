import { defineErrors } from '../common/domain-error.js';

export const SigningsError = defineErrors('SigningsError', {
  ceremony_not_found: 'not_found',
  not_a_signing_session: 'invalid',
  ceremony_exists: 'conflict',
  ceremony_has_signed: 'conflict',
  agreement_not_found: 'not_found',
  party_not_found: 'not_found',
  witness_not_found: 'not_found',
  illegal_transition: 'conflict',
  too_few_parties: 'conflict',
  agreement_signed: 'conflict',
  duplicate_party: 'invalid',
  duplicate_witness: 'invalid',
  invalid_order: 'invalid',
  invalid_source: 'invalid',
  screen_link_invalid: 'not_found',
});
