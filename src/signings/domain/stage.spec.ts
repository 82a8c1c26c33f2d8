import { CLOSING, currentStage, OPENING, stepStage, type StageItem } from './stage.js';

const at = (agreementId: number) => ({ phase: 'agreement' as const, agreementId });

describe('stepping the stage screen', () => {
  // Agreements 11..14 in order; 13 was withdrawn.
  const items: StageItem[] = [
    { id: 11, onStage: true },
    { id: 12, onStage: true },
    { id: 13, onStage: false },
    { id: 14, onStage: true },
  ];

  it.each([
    ['opening', OPENING, 'next', at(11)],
    ['the first', at(11), 'next', at(12)],
    ['the second (skipping the withdrawn third)', at(12), 'next', at(14)],
    ['the last', at(14), 'next', CLOSING],
    ['closing', CLOSING, 'next', CLOSING],
    ['closing', CLOSING, 'previous', at(14)],
    ['the fourth (skipping the withdrawn third)', at(14), 'previous', at(12)],
    ['the first', at(11), 'previous', OPENING],
    ['opening', OPENING, 'previous', OPENING],
  ] as const)('from %s, %s goes to the right place', (_, stage, direction, expected) => {
    expect(stepStage(stage, items, direction)).toEqual(expected);
  });

  it('steps from where a withdrawn current agreement stood', () => {
    expect(stepStage(at(13), items, 'next')).toEqual(at(14));
    expect(stepStage(at(13), items, 'previous')).toEqual(at(12));
  });

  it('goes straight to the end or the start when nothing is on the running order', () => {
    expect(stepStage(OPENING, [], 'next')).toEqual(CLOSING);
    expect(stepStage(CLOSING, [{ id: 1, onStage: false }], 'previous')).toEqual(OPENING);
  });

  it('shows the opening instead of an agreement that left the running order', () => {
    expect(currentStage(at(13), items)).toEqual(OPENING);
    expect(currentStage(at(12), items)).toEqual(at(12));
    expect(currentStage({ phase: 'closing', agreementId: 12 }, items)).toEqual(CLOSING);
  });
});
