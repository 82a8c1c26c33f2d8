import { Inject, Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { Session } from '../agenda/session.entity.js';
import { Database } from '../database/database.service.js';
import { Person } from '../directory/person.entity.js';
import { MatchCategoriesService } from '../matchmaking/match-categories.service.js';
import { totalsFromGroups, type RoadshowTotals } from './domain/totals.js';
import { RoadshowCriterion } from './roadshow-criterion.entity.js';
import { RoadshowJudge } from './roadshow-judge.entity.js';
import { RoadshowLead, type LeadKind } from './roadshow-lead.entity.js';
import { RoadshowProject } from './roadshow-project.entity.js';
import { RoadshowScore } from './roadshow-score.entity.js';
import { Roadshow } from './roadshow.entity.js';

/** A count or sum as the drivers answer it (PostgreSQL's bigint as a string, NULL for an empty SUM). */
const number = (value: unknown): number => Number(value ?? 0);
const nullable = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * The roadshows of many events at once, in figures (the reports: one event, or every edition of a series): sessions,
 * projects by category, leads by kind and the people who left them, projects with a meeting request, the projects
 * with the most leads and the judges' average — from grouped queries, never by loading the leads or the scores, put
 * together by domain/totals.ts (the judges' average by the scoring rule of domain/scoring.ts). A roadshow whose agenda
 * session is cancelled counts nowhere.
 */
@Injectable()
export class RoadshowsReader {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(MatchCategoriesService) private readonly categories: MatchCategoriesService,
  ) {}

  /** Every event asked for is answered, with zeros where it has no roadshow. */
  async totalsByEvent(eventIds: readonly number[]): Promise<Map<number, RoadshowTotals>> {
    if (eventIds.length === 0) return new Map();
    const ids = [...eventIds];
    const em = this.db.manager;
    /** Roadshows (alias r) of the events whose session is not cancelled. */
    const live = <T extends object>(qb: SelectQueryBuilder<T>) =>
      qb
        .innerJoin(Session, 's', 's.id = r.agendaSessionId AND s.cancelledAt IS NULL')
        .where('r.eventId IN (:...ids)', { ids });
    const projects = <T extends object>(qb: SelectQueryBuilder<T>) =>
      live(qb.innerJoin(Roadshow, 'r', 'r.id = p.roadshowId'));
    const leads = () =>
      projects(em.createQueryBuilder(RoadshowLead, 'l').innerJoin(RoadshowProject, 'p', 'p.id = l.projectId'));

    const [categories, sessions, byCategory, byKind, people, byProject, criteria, sheets] = await Promise.all([
      this.categories.list(em),
      live(em.createQueryBuilder(Roadshow, 'r'))
        .select('r.eventId', 'eventId')
        .addSelect('COUNT(*)', 'sessions')
        .groupBy('r.eventId')
        .getRawMany<{ eventId: unknown; sessions: unknown }>(),
      projects(em.createQueryBuilder(RoadshowProject, 'p'))
        .select('r.eventId', 'eventId')
        .addSelect('p.categoryCode', 'code')
        .addSelect('COUNT(*)', 'projects')
        .groupBy('r.eventId')
        .addGroupBy('p.categoryCode')
        .getRawMany<{ eventId: unknown; code: string | null; projects: unknown }>(),
      leads()
        .select('r.eventId', 'eventId')
        .addSelect('l.kind', 'kind')
        .addSelect('COUNT(*)', 'leads')
        .groupBy('r.eventId')
        .addGroupBy('l.kind')
        .getRawMany<{ eventId: unknown; kind: LeadKind; leads: unknown }>(),
      leads()
        .select('r.eventId', 'eventId')
        .addSelect('COUNT(DISTINCT l.registrationId)', 'people')
        .addSelect(`COUNT(DISTINCT CASE WHEN l.kind = 'meeting' THEN l.projectId END)`, 'withmeetings')
        .groupBy('r.eventId')
        .getRawMany<{ eventId: unknown; people: unknown; withmeetings: unknown }>(),
      // Leads per project, in running order (the top projects are taken from these, ties kept in this order).
      leads()
        .select('r.eventId', 'eventId')
        .addSelect('p.id', 'projectId')
        .addSelect('p.name', 'name')
        .addSelect('p.nameEn', 'nameEn')
        .addSelect('COUNT(*)', 'leads')
        .groupBy('r.eventId')
        .addGroupBy('p.id')
        .addGroupBy('p.name')
        .addGroupBy('p.nameEn')
        .addGroupBy('s.startsAt')
        .addGroupBy('r.id')
        .addGroupBy('p.position')
        .orderBy('s.startsAt', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .addOrderBy('p.position', 'ASC')
        .addOrderBy('p.id', 'ASC')
        .getRawMany<{ eventId: unknown; projectId: unknown; name: string; nameEn: string | null; leads: unknown }>(),
      live(em.createQueryBuilder(RoadshowCriterion, 'c').innerJoin(Roadshow, 'r', 'r.id = c.roadshowId'))
        .select('c.roadshowId', 'roadshowId')
        .addSelect('COUNT(*)', 'criteria')
        .groupBy('c.roadshowId')
        .getRawMany<{ roadshowId: unknown; criteria: unknown }>(),
      // Each judge's sheet of each project, summed over the criteria of the project's roadshow, by that roadshow's
      // judges; whether it counts (complete, not the judge's own organisation) is the scoring rule's to say.
      projects(
        em
          .createQueryBuilder(RoadshowScore, 'sc')
          .innerJoin(RoadshowProject, 'p', 'p.id = sc.projectId')
          .innerJoin(RoadshowCriterion, 'c', 'c.id = sc.criterionId AND c.roadshowId = p.roadshowId')
          .innerJoin(RoadshowJudge, 'j', 'j.id = sc.judgeId AND j.roadshowId = p.roadshowId')
          .innerJoin(Person, 'pe', 'pe.id = j.personId'),
      )
        .select('r.eventId', 'eventId')
        .addSelect('r.id', 'roadshowId')
        .addSelect('sc.projectId', 'projectId')
        .addSelect('sc.judgeId', 'judgeId')
        .addSelect('pe.organisationId', 'judgeOrganisationId')
        .addSelect('p.organisationId', 'projectOrganisationId')
        .addSelect('SUM(c.weight * sc.score)', 'weightedSum')
        .addSelect('SUM(c.weight)', 'weights')
        .addSelect('COUNT(*)', 'scored')
        .groupBy('r.eventId')
        .addGroupBy('r.id')
        .addGroupBy('sc.projectId')
        .addGroupBy('sc.judgeId')
        .addGroupBy('pe.organisationId')
        .addGroupBy('p.organisationId')
        .getRawMany<{
          eventId: unknown;
          roadshowId: unknown;
          projectId: unknown;
          judgeId: unknown;
          judgeOrganisationId: unknown;
          projectOrganisationId: unknown;
          weightedSum: unknown;
          weights: unknown;
          scored: unknown;
        }>(),
    ]);
    const criteriaOf = new Map(criteria.map((row) => [number(row.roadshowId), number(row.criteria)]));
    const of = <R extends { eventId: unknown }>(rows: R[], eventId: number) =>
      rows.filter((row) => number(row.eventId) === eventId);
    return new Map(
      ids.map((eventId) => {
        const counts = of(people, eventId)[0];
        return [
          eventId,
          totalsFromGroups({
            sessions: number(of(sessions, eventId)[0]?.sessions),
            projectsByCategory: of(byCategory, eventId).map((row) => ({
              code: row.code,
              projects: number(row.projects),
            })),
            categories,
            leadsByKind: of(byKind, eventId).map((row) => ({ kind: row.kind, leads: number(row.leads) })),
            people: number(counts?.people),
            projectsWithMeetingRequests: number(counts?.withmeetings),
            leadsByProject: of(byProject, eventId).map((row) => ({
              id: number(row.projectId),
              name: row.name,
              nameEn: row.nameEn,
              leads: number(row.leads),
            })),
            sheets: of(sheets, eventId).map((row) => ({
              judgeId: number(row.judgeId),
              projectId: number(row.projectId),
              judgeOrganisationId: nullable(row.judgeOrganisationId),
              projectOrganisationId: number(row.projectOrganisationId),
              weightedSum: number(row.weightedSum),
              weights: number(row.weights),
              scored: number(row.scored),
              criteria: criteriaOf.get(number(row.roadshowId)) ?? 0,
            })),
          }),
        ];
      }),
    );
  }
}
