import type { OverrunWarning } from './domain/running-order.js';
import type { ProjectScore } from './domain/scoring.js';
import type { LeadCounts, LeadRow } from './roadshow-leads.service.js';
import type { RoadshowLinks } from './roadshow-links.service.js';
import type { ProjectView, RoadshowView } from './roadshows.service.js';

/** What a warning says in JSON (the times as ISO strings). */
export function warningJson(w: OverrunWarning) {
  return {
    kind: w.kind,
    severity: w.severity,
    key: w.key,
    overrunMinutes: w.overrunMinutes,
    endsAt: w.endsAt.toISOString(),
    sessionEndsAt: w.sessionEndsAt.toISOString(),
    projectIds: w.projectIds,
  };
}

/** A project as anyone may read it: no email or phone of the presenter. */
export function projectJson(p: ProjectView, links: RoadshowLinks) {
  const { project, category, timing } = p;
  return {
    id: project.id,
    position: timing.position,
    name: project.name,
    nameEn: project.nameEn,
    summary: project.summary,
    summaryEn: project.summaryEn,
    organisation: { id: project.organisation.id, name: project.organisation.name, nameEn: project.organisation.nameEn },
    presenter: project.presenter
      ? {
          id: project.presenter.id,
          name: project.presenter.name,
          nameEn: project.presenter.nameEn,
          title: project.presenter.title,
          titleEn: project.presenter.titleEn,
        }
      : null,
    category: category ? { code: category.code, name: category.name, nameEn: category.nameEn } : null,
    stage: project.stage,
    seeks: project.seeks,
    pitchMinutes: project.pitchMinutes,
    qaMinutes: project.qaMinutes,
    startsAt: timing.startsAt.toISOString(),
    qaStartsAt: timing.qaStartsAt.toISOString(),
    endsAt: timing.endsAt.toISOString(),
    achievementId: project.achievementId,
    slides:
      project.slidesBytes !== null
        ? { bytes: project.slidesBytes, url: `${links.projectPath(project)}/slides.pdf` }
        : null,
    url: links.projectUrl(project),
  };
}

/** A running order as the public reads it. */
export function roadshowJson(view: RoadshowView, links: RoadshowLinks) {
  const { roadshow, session } = view;
  return {
    id: roadshow.id,
    eventId: roadshow.eventId,
    agendaSessionId: session.id,
    title: session.title,
    titleEn: session.titleEn,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    changeoverMinutes: roadshow.changeoverMinutes,
    projects: view.projects.map((p) => projectJson(p, links)),
  };
}

/** What organisers read: the running order with its warnings, criteria, and for each project its presenter's link. */
export async function roadshowAdminJson(
  view: RoadshowView,
  links: RoadshowLinks,
  extra: { counts?: Map<number, LeadCounts>; scores?: ProjectScore[] } = {},
) {
  const base = roadshowJson(view, links);
  return {
    ...base,
    endsAt: base.endsAt,
    runningOrderEndsAt: view.order.endsAt.toISOString(),
    overrunMinutes: view.order.overrunMinutes,
    warnings: view.warnings.map(warningJson),
    acceptedWarnings: view.roadshow.acceptedWarnings ?? [],
    criteria: view.criteria.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, weight: c.weight })),
    projects: await Promise.all(
      view.projects.map(async (p) => ({
        ...projectJson(p, links),
        presenterEmail: p.project.presenter?.email ?? null,
        presenterUrl: await links.presenterUrl(p.project),
        leadsMailedAt: p.project.leadsMailedAt?.toISOString() ?? null,
        ...(extra.counts ? { leads: extra.counts.get(p.project.id) } : {}),
        ...(extra.scores ? { score: scoreJson(extra.scores.find((s) => s.projectId === p.project.id)!) } : {}),
      })),
    ),
  };
}

export function scoreJson(s: ProjectScore) {
  return {
    average: s.average,
    judgeCount: s.judgeCount,
    byCriterion: s.byCriterion,
    excludedJudgeIds: s.excludedJudgeIds,
    incompleteJudgeIds: s.incompleteJudgeIds,
  };
}

export function leadJson(r: LeadRow) {
  return {
    id: r.id,
    projectId: r.projectId,
    project: r.project,
    kind: r.kind,
    message: r.message,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    registrationId: r.registrationId,
    name: r.name,
    organisation: r.organisation,
    title: r.title,
    email: r.email,
  };
}
