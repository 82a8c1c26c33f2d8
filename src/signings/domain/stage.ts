/**
 * The hall screen's pointer: before the first signing (opening), at one agreement, or after the last (closing). The
 * console steps it forwards and backwards through the agreements that will be signed, skipping withdrawn ones.
 */

export const STAGE_PHASES = ['opening', 'agreement', 'closing'] as const;
export type StagePhase = (typeof STAGE_PHASES)[number];

export interface Stage {
  phase: StagePhase;
  /** Set when the phase is `agreement`. */
  agreementId: number | null;
}

export const OPENING: Stage = { phase: 'opening', agreementId: null };
export const CLOSING: Stage = { phase: 'closing', agreementId: null };

/** The agreements in order, each with whether it is on the stage's running order (not withdrawn). */
export interface StageItem {
  id: number;
  onStage: boolean;
}

/**
 * The stage one step on. An agreement withdrawn while on screen is stepped over from where it stands (a deleted one is
 * passed in as not on stage until it is gone, see SigningsService.deleteAgreement).
 */
export function stepStage(stage: Stage, items: readonly StageItem[], direction: 'next' | 'previous'): Stage {
  const onStage = items.map((item, index) => ({ ...item, index })).filter((item) => item.onStage);
  if (onStage.length === 0) return direction === 'next' ? CLOSING : OPENING;
  // Where the pointer stands, as an index into `items` (−1 before the first, items.length after the last).
  let at: number;
  if (stage.phase === 'opening') at = -1;
  else if (stage.phase === 'closing') at = items.length;
  else {
    const found = items.findIndex((item) => item.id === stage.agreementId);
    // Not in the list at all (should not happen): start over from the opening.
    at = found >= 0 ? found : -1;
  }
  if (direction === 'next') {
    const next = onStage.find((item) => item.index > at);
    return next ? { phase: 'agreement', agreementId: next.id } : CLOSING;
  }
  const previous = [...onStage].reverse().find((item) => item.index < at);
  return previous ? { phase: 'agreement', agreementId: previous.id } : OPENING;
}

/** The stage as stored, made consistent: an agreement that is no longer on the running order is not shown. */
export function currentStage(stage: Stage, items: readonly StageItem[]): Stage {
  if (stage.phase !== 'agreement') return { phase: stage.phase, agreementId: null };
  const item = items.find((i) => i.id === stage.agreementId);
  return item?.onStage ? stage : OPENING;
}
