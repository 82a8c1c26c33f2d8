/**
 * Judges' scores on a roadshow: each judge's weighted score of a project, and the project's average over its judges.
 * Pure: the service loads criteria, judges, projects and scores; these compute.
 */
export interface ScoringCriterion {
  id: number;
  /** Relative weight (any positive numbers; they need not add up to 100). */
  weight: number;
}

export interface ScoringParty {
  id: number;
  /** The directory organisation: a judge's employer, a project's presenting organisation. */
  organisationId: number | null;
}

export interface ScoreEntry {
  judgeId: number;
  projectId: number;
  criterionId: number;
  /** 1–10. */
  score: number;
}

export interface ProjectScore {
  projectId: number;
  /** The mean of the counted judges' weighted scores, to two decimals; null when no judge counts yet. */
  average: number | null;
  /** Judges whose complete score sheet counts. */
  judgeCount: number;
  /** The mean score per criterion over the counted judges (criterion id → score, two decimals). */
  byCriterion: Record<number, number>;
  /** Judges left out because they belong to the presenting organisation. */
  excludedJudgeIds: number[];
  /** Judges who scored some criteria but not all (their sheet does not count until complete). */
  incompleteJudgeIds: number[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Whether a judge may score a project: never their own organisation's. */
export function mayScore(judge: ScoringParty, project: ScoringParty): boolean {
  return judge.organisationId === null || judge.organisationId !== project.organisationId;
}

/** A judge's weighted score: Σ weight × score / Σ weight over every criterion, or null unless all are scored. */
export function weightedScore(
  criteria: readonly ScoringCriterion[],
  scores: ReadonlyMap<number, number>,
): number | null {
  if (criteria.length === 0) return null;
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const score = scores.get(c.id);
    if (score === undefined) return null;
    sum += c.weight * score;
    weights += c.weight;
  }
  return weights > 0 ? sum / weights : null;
}

/**
 * Each project's average: the mean of its judges' weighted scores, ignoring judges of the presenting organisation
 * (whatever they entered) and incomplete sheets.
 */
export function projectScores(
  criteria: readonly ScoringCriterion[],
  judges: readonly ScoringParty[],
  projects: readonly ScoringParty[],
  scores: readonly ScoreEntry[],
): ProjectScore[] {
  const criterionIds = new Set(criteria.map((c) => c.id));
  const sheets = new Map<string, Map<number, number>>();
  for (const s of scores) {
    if (!criterionIds.has(s.criterionId)) continue;
    const key = `${s.judgeId}:${s.projectId}`;
    if (!sheets.has(key)) sheets.set(key, new Map());
    sheets.get(key)!.set(s.criterionId, s.score);
  }
  return projects.map((project) => {
    const counted: Map<number, number>[] = [];
    const weighted: number[] = [];
    const excludedJudgeIds: number[] = [];
    const incompleteJudgeIds: number[] = [];
    for (const judge of judges) {
      if (!mayScore(judge, project)) {
        excludedJudgeIds.push(judge.id);
        continue;
      }
      const sheet = sheets.get(`${judge.id}:${project.id}`);
      if (!sheet) continue;
      const score = weightedScore(criteria, sheet);
      if (score === null) {
        incompleteJudgeIds.push(judge.id);
        continue;
      }
      counted.push(sheet);
      weighted.push(score);
    }
    const byCriterion: Record<number, number> = {};
    if (counted.length)
      for (const c of criteria)
        byCriterion[c.id] = round2(counted.reduce((sum, sheet) => sum + sheet.get(c.id)!, 0) / counted.length);
    return {
      projectId: project.id,
      average: weighted.length ? round2(weighted.reduce((a, b) => a + b, 0) / weighted.length) : null,
      judgeCount: weighted.length,
      byCriterion,
      excludedJudgeIds,
      incompleteJudgeIds,
    };
  });
}

/**
 * One judge's sheet of one project as a grouped query sums it, over the criteria of the project's roadshow: Σ weight ×
 * score, Σ weight, how many criteria the judge scored and how many the roadshow has, and both organisations (to leave
 * out a judge of the presenting organisation).
 */
export interface SheetSum {
  judgeId: number;
  projectId: number;
  judgeOrganisationId: number | null;
  projectOrganisationId: number;
  weightedSum: number;
  weights: number;
  scored: number;
  criteria: number;
}

/**
 * Each scored project's average from its sheets' sums, by the rule of `projectScores`: a sheet counts when the judge
 * may score the project and scored every criterion; the judge's score is Σ weight × score / Σ weight; the project's
 * average is the mean over its judges (taken in judge order, as `projectScores` does), to two decimals. A project no
 * sheet counts for has no average and is absent.
 */
export function averagesFromSums(sheets: readonly SheetSum[]): Map<number, number> {
  const byProject = new Map<number, SheetSum[]>();
  for (const sheet of sheets) {
    const counts =
      sheet.criteria > 0 &&
      sheet.scored === sheet.criteria &&
      sheet.weights > 0 &&
      mayScore(
        { id: sheet.judgeId, organisationId: sheet.judgeOrganisationId },
        { id: sheet.projectId, organisationId: sheet.projectOrganisationId },
      );
    if (!counts) continue;
    if (!byProject.has(sheet.projectId)) byProject.set(sheet.projectId, []);
    byProject.get(sheet.projectId)!.push(sheet);
  }
  const averages = new Map<number, number>();
  for (const [projectId, counted] of byProject) {
    const weighted = [...counted].sort((a, b) => a.judgeId - b.judgeId).map((s) => s.weightedSum / s.weights);
    averages.set(projectId, round2(weighted.reduce((a, b) => a + b, 0) / weighted.length));
  }
  return averages;
}

/** The mean of the scored projects' averages, to two decimals (null when no project is scored yet). */
export function meanOfAverages(averages: readonly number[]): number | null {
  return averages.length ? round2(averages.reduce((a, b) => a + b, 0) / averages.length) : null;
}
