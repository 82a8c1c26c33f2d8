import { moveOne, overrunWarning, reorderProblem, runningOrder } from './running-order.js';

const t = (hhmm: string) => new Date(`2027-10-23T${hhmm}:00+08:00`);
const iso = (hhmm: string) => t(hhmm).toISOString();
const session = { startsAt: t('13:30'), endsAt: t('14:45') };

describe('runningOrder', () => {
  it('starts the first pitch at the session start and each next one when the previous questions end', () => {
    const order = runningOrder(session, [
      { id: 11, pitchMinutes: 8, qaMinutes: 4 },
      { id: 12, pitchMinutes: 10, qaMinutes: 5 },
      { id: 13, pitchMinutes: 8, qaMinutes: 0 },
    ]);
    expect(order.pitches.map((p) => [p.id, p.position, p.startsAt.toISOString(), p.qaStartsAt.toISOString()])).toEqual([
      [11, 1, iso('13:30'), iso('13:38')],
      [12, 2, iso('13:42'), iso('13:52')],
      [13, 3, iso('13:57'), iso('14:05')],
    ]);
    expect(order.endsAt.toISOString()).toBe(iso('14:05'));
    expect(order.overrunMinutes).toBe(0);
  });

  it('leaves the changeover minutes between two projects, not before the first', () => {
    const order = runningOrder(
      session,
      [
        { id: 1, pitchMinutes: 10, qaMinutes: 5 },
        { id: 2, pitchMinutes: 10, qaMinutes: 5 },
      ],
      { changeoverMinutes: 2 },
    );
    expect(order.pitches.map((p) => p.startsAt.toISOString())).toEqual([iso('13:30'), iso('13:47')]);
    expect(order.endsAt.toISOString()).toBe(iso('14:02'));
  });

  it('ends at the session start when there are no projects', () => {
    expect(runningOrder(session, [])).toEqual({ pitches: [], endsAt: session.startsAt, overrunMinutes: 0 });
  });

  it('counts the minutes past the session end, exactly at the end being no overrun', () => {
    const fits = runningOrder(session, [{ id: 1, pitchMinutes: 60, qaMinutes: 15 }]);
    expect(fits.overrunMinutes).toBe(0);
    const over = runningOrder(session, [
      { id: 1, pitchMinutes: 60, qaMinutes: 15 },
      { id: 2, pitchMinutes: 5, qaMinutes: 2 },
    ]);
    expect(over.overrunMinutes).toBe(7);
  });
});

describe('overrunWarning', () => {
  it('is null when the projects fit', () => {
    expect(overrunWarning(4, session, runningOrder(session, [{ id: 1, pitchMinutes: 10, qaMinutes: 5 }]))).toBe(null);
  });

  it('names the overrun, the projects past the end and a key that changes with the overrun', () => {
    const pitches = [
      { id: 1, pitchMinutes: 40, qaMinutes: 10 },
      { id: 2, pitchMinutes: 20, qaMinutes: 10 },
      { id: 3, pitchMinutes: 10, qaMinutes: 5 },
    ];
    const warning = overrunWarning(4, session, runningOrder(session, pitches));
    expect(warning).toEqual({
      kind: 'overrun',
      severity: 'warning',
      key: 'roadshow_overrun:4:20',
      roadshowId: 4,
      overrunMinutes: 20,
      endsAt: t('15:05'),
      sessionEndsAt: session.endsAt,
      projectIds: [2, 3],
    });
    const longer = overrunWarning(
      4,
      session,
      runningOrder(session, [...pitches, { id: 9, pitchMinutes: 1, qaMinutes: 0 }]),
    );
    expect(longer?.key).toBe('roadshow_overrun:4:21');
  });
});

describe('reorderProblem', () => {
  it.each([
    [[1, 2, 3], [3, 1, 2], undefined],
    [[1, 2, 3], [3, 1, 1], 'lists a project twice'],
    [[1, 2, 3], [3, 1, 9], 'project 9 is not in this roadshow'],
    [[1, 2, 3], [3, 1], 'must list all 3 projects of this roadshow'],
  ])('%j reordered as %j: %s', (current, wanted, problem) => {
    expect(reorderProblem(current, wanted)).toBe(problem);
  });
});

describe('moveOne', () => {
  it('swaps with the neighbour and stays put at the ends', () => {
    expect(moveOne([1, 2, 3], 2, 'up')).toEqual([2, 1, 3]);
    expect(moveOne([1, 2, 3], 2, 'down')).toEqual([1, 3, 2]);
    expect(moveOne([1, 2, 3], 1, 'up')).toEqual([1, 2, 3]);
    expect(moveOne([1, 2, 3], 3, 'down')).toEqual([1, 2, 3]);
  });
});
