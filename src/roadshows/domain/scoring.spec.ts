import {
  averagesFromSums,
  mayScore,
  meanOfAverages,
  projectScores,
  weightedScore,
  type ScoreEntry,
  type ScoringCriterion,
  type ScoringParty,
  type SheetSum,
} from './scoring.js';

// Criteria: innovation weighs 40, market 40, team 20.
const criteria = [
  { id: 1, weight: 40 },
  { id: 2, weight: 40 },
  { id: 3, weight: 20 },
];
const sheet = (judgeId: number, projectId: number, [a, b, c]: number[]): ScoreEntry[] => [
  { judgeId, projectId, criterionId: 1, score: a },
  { judgeId, projectId, criterionId: 2, score: b },
  { judgeId, projectId, criterionId: 3, score: c },
];

describe('weightedScore', () => {
  it('weighs each criterion', () => {
    expect(
      weightedScore(
        criteria,
        new Map([
          [1, 10],
          [2, 5],
          [3, 5],
        ]),
      ),
    ).toBe(7);
  });

  it('is null until every criterion is scored, and without criteria', () => {
    expect(weightedScore(criteria, new Map([[1, 10]]))).toBe(null);
    expect(weightedScore([], new Map())).toBe(null);
  });
});

describe('projectScores', () => {
  // Judge 1 works for organisation 100, which presents project 10; judges 2 and 3 are independent.
  const judges = [
    { id: 1, organisationId: 100 },
    { id: 2, organisationId: 200 },
    { id: 3, organisationId: null },
  ];
  const projects = [
    { id: 10, organisationId: 100 },
    { id: 11, organisationId: 300 },
  ];

  it("averages the judges' weighted scores, ignoring the judge of the presenting organisation", () => {
    const scores = [
      ...sheet(1, 10, [10, 10, 10]),
      ...sheet(2, 10, [6, 6, 6]),
      ...sheet(3, 10, [8, 7, 9]),
      ...sheet(1, 11, [9, 9, 9]),
      ...sheet(2, 11, [5, 5, 5]),
    ];
    expect(projectScores(criteria, judges, projects, scores)).toEqual([
      {
        projectId: 10,
        // (6 + 7.8) / 2: judge 1's 10 is not counted.
        average: 6.9,
        judgeCount: 2,
        byCriterion: { 1: 7, 2: 6.5, 3: 7.5 },
        excludedJudgeIds: [1],
        incompleteJudgeIds: [],
      },
      {
        projectId: 11,
        average: 7,
        judgeCount: 2,
        byCriterion: { 1: 7, 2: 7, 3: 7 },
        excludedJudgeIds: [],
        incompleteJudgeIds: [],
      },
    ]);
  });

  it('leaves incomplete sheets out and has no average without a counted judge', () => {
    const scores = [{ judgeId: 2, projectId: 11, criterionId: 1, score: 9 }];
    expect(projectScores(criteria, judges, projects, scores)[1]).toEqual({
      projectId: 11,
      average: null,
      judgeCount: 0,
      byCriterion: {},
      excludedJudgeIds: [],
      incompleteJudgeIds: [2],
    });
  });

  it('ignores scores of criteria that no longer exist', () => {
    const scores = [...sheet(2, 11, [4, 4, 4]), { judgeId: 2, projectId: 11, criterionId: 99, score: 10 }];
    expect(projectScores(criteria, judges, projects, scores)[1].average).toBe(4);
  });
});

describe('mayScore', () => {
  it('refuses only the own organisation', () => {
    expect(mayScore({ id: 1, organisationId: 5 }, { id: 2, organisationId: 5 })).toBe(false);
    expect(mayScore({ id: 1, organisationId: 5 }, { id: 2, organisationId: 6 })).toBe(true);
    expect(mayScore({ id: 1, organisationId: null }, { id: 2, organisationId: null })).toBe(true);
    expect(mayScore({ id: 1, organisationId: 5 }, { id: 2, organisationId: null })).toBe(true);
  });
});

/** What the reports' grouped query answers: each judge's sheet of a project summed over the roadshow's criteria. */
function sums(
  criteria: readonly ScoringCriterion[],
  judges: readonly ScoringParty[],
  projects: readonly ScoringParty[],
  scores: readonly ScoreEntry[],
): SheetSum[] {
  const out = new Map<string, SheetSum>();
  for (const s of scores) {
    const criterion = criteria.find((c) => c.id === s.criterionId);
    if (!criterion) continue;
    const key = `${s.judgeId}:${s.projectId}`;
    if (!out.has(key))
      out.set(key, {
        judgeId: s.judgeId,
        projectId: s.projectId,
        judgeOrganisationId: judges.find((j) => j.id === s.judgeId)!.organisationId,
        projectOrganisationId: projects.find((p) => p.id === s.projectId)!.organisationId!,
        weightedSum: 0,
        weights: 0,
        scored: 0,
        criteria: criteria.length,
      });
    const sheet = out.get(key)!;
    sheet.weightedSum += criterion.weight * s.score;
    sheet.weights += criterion.weight;
    sheet.scored += 1;
  }
  // In no particular order, as a database answers a GROUP BY.
  return [...out.values()].reverse();
}

/** The averages projectScores gives, as a map of the scored projects. */
const averagesOf = (...args: Parameters<typeof projectScores>) =>
  new Map(
    projectScores(...args)
      .filter((p) => p.average !== null)
      .map((p) => [p.projectId, p.average!]),
  );

describe('averagesFromSums', () => {
  const judges = [
    { id: 1, organisationId: 100 },
    { id: 2, organisationId: 200 },
    { id: 3, organisationId: null },
  ];
  const projects = [
    { id: 10, organisationId: 100 },
    { id: 11, organisationId: 300 },
    { id: 12, organisationId: 200 },
  ];

  it('gives each scored project the average projectScores gives, from the sheets summed by a grouped query', () => {
    const scores = [
      ...sheet(1, 10, [10, 10, 10]),
      ...sheet(2, 10, [6, 6, 6]),
      ...sheet(3, 10, [8, 7, 9]),
      ...sheet(1, 11, [9, 9, 9]),
      ...sheet(2, 11, [5, 5, 5]),
      // Incomplete: judge 3 scored one criterion of project 11.
      { judgeId: 3, projectId: 11, criterionId: 1, score: 1 },
      // Judge 2 belongs to project 12's organisation (scores entered before the project changed hands).
      ...sheet(2, 12, [10, 10, 10]),
    ];
    const averages = averagesFromSums(sums(criteria, judges, projects, scores));
    expect(averages).toEqual(
      new Map([
        [10, 6.9],
        [11, 7],
      ]),
    );
    expect(averages).toEqual(averagesOf(criteria, judges, projects, scores));
  });

  it('agrees with projectScores on many sheets with uneven weights, to the last decimal', () => {
    const uneven = [
      { id: 1, weight: 7 },
      { id: 2, weight: 3 },
      { id: 3, weight: 11 },
      { id: 4, weight: 1 },
    ];
    const many = Array.from({ length: 9 }, (_, i) => ({ id: i + 1, organisationId: i % 4 === 0 ? 500 : 600 + i }));
    const pitched = Array.from({ length: 12 }, (_, i) => ({ id: 20 + i, organisationId: i % 5 === 0 ? 500 : 900 }));
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const scores: ScoreEntry[] = [];
    for (const j of many)
      for (const p of pitched)
        for (const c of uneven)
          // Now and then a criterion left out, so that some sheets are incomplete.
          if (next() % 17 !== 0)
            scores.push({ judgeId: j.id, projectId: p.id, criterionId: c.id, score: 1 + (next() % 10) });
    const expected = averagesOf(uneven, many, pitched, scores);
    expect(expected.size).toBeGreaterThan(8);
    expect(averagesFromSums(sums(uneven, many, pitched, scores))).toEqual(expected);
  });

  it('counts no sheet of a roadshow without criteria', () => {
    expect(
      averagesFromSums([
        {
          judgeId: 1,
          projectId: 1,
          judgeOrganisationId: null,
          projectOrganisationId: 1,
          weightedSum: 0,
          weights: 0,
          scored: 0,
          criteria: 0,
        },
      ]),
    ).toEqual(new Map());
  });
});

describe('meanOfAverages', () => {
  it('is the mean of the scored projects, to two decimals, and null with none', () => {
    expect(meanOfAverages([6.9, 7, 8.15])).toBe(7.35);
    expect(meanOfAverages([7])).toBe(7);
    expect(meanOfAverages([])).toBe(null);
  });
});
