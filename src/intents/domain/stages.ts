/**
 * The stages of a cooperation intent and the rules for moving between them, as plain functions: which changes are
 * allowed and what each needs, and the summary of a history (how far an intent got and when it first reached each
 * stage) that the funnel counts.
 */

export const INTENT_STAGES = ['intent', 'negotiating', 'signed', 'landed', 'dropped'] as const;
export type IntentStage = (typeof INTENT_STAGES)[number];

/** The stages in funnel order (dropped is off the line). */
export const FUNNEL_STAGES = ['intent', 'negotiating', 'signed', 'landed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Stages still being followed (reminders, overdue follow-ups). */
export const OPEN_STAGES = ['intent', 'negotiating', 'signed'] as const;

export function rankOf(stage: IntentStage): number {
  switch (stage) {
    case 'intent':
      return 0;
    case 'negotiating':
      return 1;
    case 'signed':
      return 2;
    case 'landed':
      return 3;
    case 'dropped':
      return -1;
  }
}

export function isOpen(stage: IntentStage): boolean {
  return (OPEN_STAGES as readonly string[]).includes(stage);
}

export interface StageChangeInput {
  to: IntentStage;
  note?: string | null;
  /** Moving back (or reopening what was landed) is a correction of an earlier entry. */
  correction?: boolean;
  landedPlace?: string | null;
  landedOn?: string | null;
  droppedReason?: string | null;
}

export interface StageProblem {
  field: string;
  reason: string;
}

const filled = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';

/**
 * What is wrong with moving an intent from `from` as `change` says (empty: allowed).
 * - Forward along intent → negotiating → signed → landed: always (stages may be skipped).
 * - Landed needs the place and the date; dropped needs a reason (the list is checked by the DTO).
 * - Dropping is possible from any open stage; a landed intent is finished (a wrong "landed" is corrected instead).
 * - A dropped intent is reopened to an open stage with a note saying why.
 * - Moving back is a correction: it says so (`correction`) and why (a note).
 */
export function stageChangeProblems(from: IntentStage, change: StageChangeInput): StageProblem[] {
  const { to } = change;
  const problems: StageProblem[] = [];
  if (to === from) return [{ field: 'stage', reason: `the intent is already at ${to}` }];
  if (to === 'landed') {
    if (!filled(change.landedPlace)) problems.push({ field: 'landedPlace', reason: 'say where the project landed' });
    if (!filled(change.landedOn)) problems.push({ field: 'landedOn', reason: 'say when the project landed' });
  }
  if (to === 'dropped') {
    if (!filled(change.droppedReason)) problems.push({ field: 'droppedReason', reason: 'choose why it was dropped' });
    if (from === 'landed' && !change.correction)
      problems.push({ field: 'stage', reason: 'a landed intent is finished: correct it first if it was not landed' });
  } else if (from === 'dropped') {
    if (to === 'landed' && !change.correction)
      problems.push({ field: 'stage', reason: 'reopen a dropped intent to an open stage first' });
    if (!filled(change.note)) problems.push({ field: 'note', reason: 'say why the intent is reopened' });
  } else if (rankOf(to) < rankOf(from)) {
    if (!change.correction)
      problems.push({ field: 'correction', reason: 'moving back is a correction: mark it as one' });
    if (!filled(change.note)) problems.push({ field: 'note', reason: 'say what is being corrected' });
  }
  if (change.correction && !filled(change.note) && !problems.some((p) => p.field === 'note'))
    problems.push({ field: 'note', reason: 'say what is being corrected' });
  return problems;
}

/** One entry of a history as the summary needs it. */
export interface HistoryEntry {
  id: number;
  toStage: IntentStage;
  at: Date;
  correctsId: number | null;
}

export interface HistorySummary {
  /** The furthest stage reached (0 intent … 3 landed), by the entries that were not corrected. */
  reachedRank: number;
  intentAt: Date | null;
  negotiatingAt: Date | null;
  signedAt: Date | null;
  landedAt: Date | null;
  droppedAt: Date | null;
}

/**
 * How far an intent got and when it first reached each stage, from its history. An entry named by a later entry's
 * `correctsId` was a mistake and does not count. Every intent counts as having reached `intent` (rank 0), even one
 * created at a later stage (an agreement signed at a ceremony); its `intentAt` is then null.
 */
export function summarise(entries: readonly HistoryEntry[]): HistorySummary {
  const corrected = new Set(entries.map((e) => e.correctsId).filter((id): id is number => id !== null));
  const summary: HistorySummary = {
    reachedRank: 0,
    intentAt: null,
    negotiatingAt: null,
    signedAt: null,
    landedAt: null,
    droppedAt: null,
  };
  const first = (current: Date | null, at: Date) => (current === null || at < current ? at : current);
  for (const entry of entries) {
    if (corrected.has(entry.id)) continue;
    summary.reachedRank = Math.max(summary.reachedRank, rankOf(entry.toStage));
    switch (entry.toStage) {
      case 'intent':
        summary.intentAt = first(summary.intentAt, entry.at);
        break;
      case 'negotiating':
        summary.negotiatingAt = first(summary.negotiatingAt, entry.at);
        break;
      case 'signed':
        summary.signedAt = first(summary.signedAt, entry.at);
        break;
      case 'landed':
        summary.landedAt = first(summary.landedAt, entry.at);
        break;
      case 'dropped':
        summary.droppedAt = first(summary.droppedAt, entry.at);
        break;
    }
  }
  return summary;
}

/** "YYYY-MM-DD" that is a real calendar day. */
export function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The Monday (YYYY-MM-DD) of the week a day belongs to. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}
