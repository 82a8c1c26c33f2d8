/**
 * An event's roadshows in figures, for the reports ("项目路演环节共有5个项目登台路演，现场收到关注M次、约见请求K次"):
 * what RoadshowsReader.totalsByEvent answers for many events at once, put together here from its grouped queries'
 * rows. Pure: no TypeORM.
 */
import type { LeadKind } from '../roadshow-lead.entity.js';
import { averagesFromSums, meanOfAverages, type SheetSum } from './scoring.js';

/** How many of the top projects by leads a report names. */
export const TOP_PROJECTS = 3;

/** A domain category of the libraries (电子信息, 先进材料 …) and how many projects of it were presented. */
export interface RoadshowCategoryCount {
  code: string;
  name: string;
  nameEn: string | null;
  count: number;
}

export interface TopProject {
  id: number;
  name: string;
  nameEn: string | null;
  /** Leads of every kind. */
  leads: number;
}

export interface RoadshowTotals {
  /** Roadshow sessions with a running order (a cancelled session's left out, with its projects and leads). */
  sessions: number;
  /** Projects presented at them. */
  projects: number;
  /** The categories with projects, in the libraries' order of categories. */
  byCategory: RoadshowCategoryCount[];
  /** Projects without a category (not in `byCategory`). */
  uncategorised: number;
  /** Leads by kind: interest (关注), meeting requests (约见请求), messages (留言), and all of them. */
  leads: Record<LeadKind, number> & { total: number };
  /** Distinct attendees (registrations) who left at least one lead. */
  people: number;
  /** Projects with at least one meeting request. */
  projectsWithMeetingRequests: number;
  /** The projects with the most leads (at most TOP_PROJECTS, only those with leads), ties in running order. */
  topProjects: TopProject[];
  /** Judges' scores: how many projects have an average (as the console shows it) and the mean of those averages. */
  scores: { projects: number; average: number | null };
}

export const emptyRoadshowTotals = (): RoadshowTotals => ({
  sessions: 0,
  projects: 0,
  byCategory: [],
  uncategorised: 0,
  leads: { total: 0, interest: 0, meeting: 0, message: 0 },
  people: 0,
  projectsWithMeetingRequests: 0,
  topProjects: [],
  scores: { projects: 0, average: null },
});

/** The rows of one event's grouped queries. */
export interface RoadshowGroups {
  sessions: number;
  /** Projects by category code (null: no category). */
  projectsByCategory: { code: string | null; projects: number }[];
  /** The libraries' categories in their order, to name the codes. */
  categories: readonly { code: string; name: string; nameEn: string | null }[];
  leadsByKind: { kind: LeadKind; leads: number }[];
  people: number;
  projectsWithMeetingRequests: number;
  /** Projects with leads, already in running order (session start, position). */
  leadsByProject: TopProject[];
  sheets: readonly SheetSum[];
}

export function totalsFromGroups(g: RoadshowGroups): RoadshowTotals {
  const totals = emptyRoadshowTotals();
  totals.sessions = g.sessions;
  const byCode = new Map<string, number>();
  for (const row of g.projectsByCategory) {
    totals.projects += row.projects;
    if (row.code === null) totals.uncategorised += row.projects;
    else byCode.set(row.code, (byCode.get(row.code) ?? 0) + row.projects);
  }
  // A code without a category row still shows, under its code, rather than vanishing from the total.
  totals.byCategory = [
    ...g.categories.filter((c) => byCode.has(c.code)),
    ...[...byCode.keys()]
      .filter((code) => !g.categories.some((c) => c.code === code))
      .map((code) => ({ code, name: code, nameEn: null })),
  ].map((c) => ({ code: c.code, name: c.name, nameEn: c.nameEn, count: byCode.get(c.code)! }));
  for (const row of g.leadsByKind) {
    totals.leads[row.kind] += row.leads;
    totals.leads.total += row.leads;
  }
  totals.people = g.people;
  totals.projectsWithMeetingRequests = g.projectsWithMeetingRequests;
  // A stable sort keeps the running order among projects with as many leads.
  totals.topProjects = g.leadsByProject
    .filter((p) => p.leads > 0)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.leads - a.p.leads || a.i - b.i)
    .slice(0, TOP_PROJECTS)
    .map(({ p }) => ({ id: p.id, name: p.name, nameEn: p.nameEn, leads: p.leads }));
  // In project order, so that the sum (and its last decimal) does not depend on the order the rows came in.
  const averages = [...averagesFromSums(g.sheets)].sort((a, b) => a[0] - b[0]).map(([, average]) => average);
  totals.scores = { projects: averages.length, average: meanOfAverages(averages) };
  return totals;
}
