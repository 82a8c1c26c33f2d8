import { defineErrors } from '../common/domain-error.js';

export const DirectoryError = defineErrors('DirectoryError', {
  organisation_not_found: 'not_found',
  organisation_name_taken: 'conflict',
});
