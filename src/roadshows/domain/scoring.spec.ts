import { mayScore, projectScores, weightedScore, type ScoreEntry } from './scoring.js';

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
