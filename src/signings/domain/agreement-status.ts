/** The kinds of agreement signed on stage, and the life of one agreement: planned → confirmed → signed, or withdrawn. */

export const AGREEMENT_KINDS = ['strategic', 'project', 'technology_transfer', 'order', 'investment'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const AGREEMENT_STATUSES = ['planned', 'confirmed', 'signed', 'withdrawn'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const PARTY_SIDES = ['left', 'right'] as const;
export type PartySide = (typeof PARTY_SIDES)[number];

/**
 * Which status may follow which. Confirmed means the parties approved the text; only a confirmed agreement is signed
 * on stage. A signed agreement is a record of what happened and stays signed (the cooperation pipeline follows it
 * from there); a withdrawn one may be planned again, and a confirmed one may go back to planned when its text reopens.
 */
const NEXT: Record<AgreementStatus, readonly AgreementStatus[]> = {
  planned: ['confirmed', 'withdrawn'],
  confirmed: ['signed', 'withdrawn', 'planned'],
  signed: [],
  withdrawn: ['planned'],
};

export function canTransition(from: AgreementStatus, to: AgreementStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses an agreement in `from` may move to, in the order the console offers them. */
export function nextStatuses(from: AgreementStatus): readonly AgreementStatus[] {
  return NEXT[from];
}

/** The timestamps an agreement carries after moving to `to` at `at` (going back to planned clears them). */
export function stampsAfter(
  to: AgreementStatus,
  at: Date,
  current: { confirmedAt: Date | null; signedAt: Date | null; withdrawnAt: Date | null },
): { confirmedAt: Date | null; signedAt: Date | null; withdrawnAt: Date | null } {
  switch (to) {
    case 'planned':
      return { confirmedAt: null, signedAt: null, withdrawnAt: null };
    case 'confirmed':
      return { confirmedAt: at, signedAt: null, withdrawnAt: null };
    case 'signed':
      return { confirmedAt: current.confirmedAt ?? at, signedAt: at, withdrawnAt: null };
    case 'withdrawn':
      return { confirmedAt: current.confirmedAt, signedAt: null, withdrawnAt: at };
  }
}
