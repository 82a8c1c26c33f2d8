/** The pipeline's vocabulary: kinds of cooperation, subjects, sources and reasons for dropping (plain data). */

/** What kind of cooperation is intended. */
export const INTENT_KINDS = [
  'technology_transfer',
  'licence',
  'joint_development',
  'order',
  'investment',
  'other',
] as const;
export type IntentKind = (typeof INTENT_KINDS)[number];

/** What the intent is about: a library item, a roadshow project, a meeting, an agreement, or words. */
export const SUBJECT_KINDS = [
  'achievement',
  'demand',
  'roadshow_project',
  'meeting',
  'agreement',
  'free_text',
] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * Where the intent came from. The automatic ones (a proposal confirmed from the phones, a held meeting, a signed
 * agreement, a roadshow lead) carry the id of their source, unique per kind: creating one twice finds the first.
 */
export const SOURCE_KINDS = [
  'console',
  'api',
  'import',
  'demo',
  'proposal',
  'meeting',
  'agreement',
  'roadshow_lead',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Why an intent was dropped (a code from this list, plus free text). */
export const DROP_REASONS = [
  'no_budget',
  'technology_mismatch',
  'terms_not_agreed',
  'partner_withdrew',
  'approval_not_granted',
  'found_alternative',
  'no_response',
  'duplicate',
  'other',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
