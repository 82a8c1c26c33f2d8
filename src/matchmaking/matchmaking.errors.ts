import { defineErrors } from '../common/domain-error.js';

export const MatchmakingError = defineErrors('MatchmakingError', {
  achievement_not_found: 'not_found',
  demand_not_found: 'not_found',
  match_category_not_found: 'invalid',
  match_category_code_taken: 'conflict',
  not_an_open_call: 'conflict',
  bid_not_allowed: 'forbidden',
  library_import_invalid: 'invalid',
  import_job_not_found: 'not_found',
  item_not_listed: 'not_found',
  recommendation_pair_invalid: 'invalid',
  recommendation_override_not_found: 'not_found',
  attachment_not_found: 'not_found',
  too_many_attachments: 'conflict',
});
