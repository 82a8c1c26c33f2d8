import { defineErrors } from '../common/domain-error.js';

/** Errors of check-in. Scan decisions are not errors: they are answered as results (see check-in-result.ts). */
export const CheckInError = defineErrors('CheckInError', {
  list_not_found: 'not_found',
  list_code_taken: 'conflict',
  entrance_list_fixed: 'conflict',
  list_in_use: 'conflict',
  device_not_found: 'not_found',
  pairing_invalid: 'not_found',
  device_revoked: 'unauthorized',
  device_wrong_scope: 'forbidden',
  scan_input_invalid: 'invalid',
  category_not_of_event: 'invalid',
  place_not_of_event: 'invalid',
});
