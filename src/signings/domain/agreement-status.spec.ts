import {
  AGREEMENT_STATUSES,
  canTransition,
  nextStatuses,
  stampsAfter,
  type AgreementStatus,
} from './agreement-status.js';

describe('agreement status', () => {
  const legal: [AgreementStatus, AgreementStatus][] = [
    ['planned', 'confirmed'],
    ['planned', 'withdrawn'],
    ['confirmed', 'planned'],
    ['confirmed', 'signed'],
    ['confirmed', 'withdrawn'],
    ['withdrawn', 'planned'],
  ];

  it('allows exactly the transitions of planned → confirmed → signed, withdrawing and re-planning', () => {
    const allowed = AGREEMENT_STATUSES.flatMap((from) =>
      AGREEMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => [from, to]),
    );
    expect(allowed).toEqual(legal);
  });

  it.each([
    ['planned', 'signed'],
    ['signed', 'withdrawn'],
    ['signed', 'planned'],
    ['signed', 'signed'],
    ['withdrawn', 'signed'],
    ['withdrawn', 'confirmed'],
    ['confirmed', 'confirmed'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('offers nothing after signing', () => {
    expect(nextStatuses('signed')).toEqual([]);
    expect(nextStatuses('planned')).toEqual(['confirmed', 'withdrawn']);
  });

  it('stamps the time of each step and clears the stamps when an agreement is planned again', () => {
    const confirmedAt = new Date('2027-05-01T02:00:00Z');
    const at = new Date('2027-05-20T01:30:00Z');
    const none = { confirmedAt: null, signedAt: null, withdrawnAt: null };
    expect(stampsAfter('confirmed', at, none)).toEqual({ confirmedAt: at, signedAt: null, withdrawnAt: null });
    expect(stampsAfter('signed', at, { ...none, confirmedAt })).toEqual({
      confirmedAt,
      signedAt: at,
      withdrawnAt: null,
    });
    expect(stampsAfter('withdrawn', at, { ...none, confirmedAt })).toEqual({
      confirmedAt,
      signedAt: null,
      withdrawnAt: at,
    });
    expect(stampsAfter('planned', at, { confirmedAt, signedAt: null, withdrawnAt: at })).toEqual(none);
  });
});
