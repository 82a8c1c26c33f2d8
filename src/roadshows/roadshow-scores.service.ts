import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.service.js';
import type { Organisation } from '../directory/organisation.entity.js';
import type { Person } from '../directory/person.entity.js';
import { mayScore, projectScores, type ProjectScore } from './domain/scoring.js';
import type { ScoreDto } from './dto/roadshows.dto.js';
import { RoadshowCriterion } from './roadshow-criterion.entity.js';
import { RoadshowJudge } from './roadshow-judge.entity.js';
import { RoadshowLinks } from './roadshow-links.service.js';
import { RoadshowScore } from './roadshow-score.entity.js';
import { Roadshow } from './roadshow.entity.js';
import { RoadshowsError } from './roadshows.errors.js';
import { RoadshowsService, type ProjectView, type RoadshowView } from './roadshows.service.js';

export type JudgeWithPerson = RoadshowJudge & { person: Person & { organisation: Organisation | null } };

/** A judge's score sheet: each project, whether they may score it, and what they entered. */
export interface ScoreSheet {
  judge: JudgeWithPerson;
  view: RoadshowView;
  projects: (ProjectView & { mayScore: boolean; scores: Record<number, number> })[];
}

/**
 * Scoring by the designated judges on the organiser's criteria (1–10 each, weighted): one judge's sheet through their
 * signed link, and the averages (domain/scoring.ts), which leave out a judge's own organisation's project.
 */
@Injectable()
export class RoadshowScoresService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RoadshowsService) private readonly roadshows: RoadshowsService,
    @Inject(RoadshowLinks) private readonly links: RoadshowLinks,
  ) {}

  /** The judge a signed link names (a bad or revoked link, or a draft event, is a 404). */
  async judgeByToken(token: string): Promise<JudgeWithPerson> {
    const parsed = this.links.parse(token);
    const judge = parsed
      ? ((await this.db.manager.findOne(RoadshowJudge, {
          where: { id: parsed.id },
          relations: { person: { organisation: true } },
        })) as JudgeWithPerson | null)
      : null;
    if (
      !judge ||
      !parsed ||
      !(await this.links.verify('roadshow-judge', judge.id, judge.linkVersion, parsed.signature))
    )
      throw new RoadshowsError('judge_link_invalid');
    return judge;
  }

  async sheet(judge: JudgeWithPerson): Promise<ScoreSheet> {
    const roadshow = await this.db.manager.findOneByOrFail(Roadshow, { id: judge.roadshowId });
    const view = await this.roadshows.viewOf(this.db.manager, roadshow);
    if (view.event.status === 'draft') throw new RoadshowsError('judge_link_invalid');
    const scores = await this.db.manager.findBy(RoadshowScore, { judgeId: judge.id });
    const party = { id: judge.id, organisationId: judge.person.organisationId };
    return {
      judge,
      view,
      projects: view.projects.map((p) => ({
        ...p,
        mayScore: mayScore(party, { id: p.project.id, organisationId: p.project.organisationId }),
        scores: Object.fromEntries(
          scores.filter((s) => s.projectId === p.project.id).map((s) => [s.criterionId, s.score]),
        ),
      })),
    };
  }

  /** Saves a judge's scores of one project: every criterion, 1–10; never their own organisation's project. */
  async score(judge: JudgeWithPerson, projectId: number, scores: ScoreDto[]): Promise<void> {
    await this.db.transaction(async (em) => {
      const roadshow = await em.findOneByOrFail(Roadshow, { id: judge.roadshowId });
      const { project } = await this.roadshows.project(em, roadshow.eventId, projectId);
      if (project.roadshowId !== roadshow.id) throw new RoadshowsError('project_not_found', { id: projectId });
      if (!mayScore({ id: judge.id, organisationId: judge.person.organisationId }, project))
        throw new RoadshowsError('own_organisation', { projectId });
      const criteria = await em.findBy(RoadshowCriterion, { roadshowId: roadshow.id });
      if (!criteria.length) throw new RoadshowsError('no_criteria', { roadshowId: roadshow.id });
      const given = new Map(scores.map((s) => [s.criterionId, s.score]));
      const problems = [
        ...criteria
          .filter((c) => !given.has(c.id))
          .map((c) => ({ field: `scores.${c.id}`, reason: `score ${c.name} from 1 to 10` })),
        ...scores
          .filter((s) => !criteria.some((c) => c.id === s.criterionId))
          .map((s) => ({ field: `scores.${s.criterionId}`, reason: 'not a criterion of this roadshow' })),
      ];
      if (problems.length) throw new RoadshowsError('criterion_invalid', {}, problems);
      await em.delete(RoadshowScore, { judgeId: judge.id, projectId, criterionId: In(criteria.map((c) => c.id)) });
      await em.insert(
        RoadshowScore,
        criteria.map((c) => ({ judgeId: judge.id, projectId, criterionId: c.id, score: given.get(c.id)! })),
      );
    });
  }

  /** Each project's average and per-criterion scores, in running order. */
  async results(view: RoadshowView): Promise<ProjectScore[]> {
    const judges = await this.roadshows.judges(view.roadshow.id);
    const projectIds = view.projects.map((p) => p.project.id);
    const scores = projectIds.length
      ? await this.db.manager.find(RoadshowScore, {
          where: { projectId: In(projectIds) },
          select: { judgeId: true, projectId: true, criterionId: true, score: true },
        })
      : [];
    return projectScores(
      view.criteria,
      judges.map((j) => ({ id: j.id, organisationId: j.person.organisationId })),
      view.projects.map((p) => ({ id: p.project.id, organisationId: p.project.organisationId })),
      scores,
    );
  }
}
