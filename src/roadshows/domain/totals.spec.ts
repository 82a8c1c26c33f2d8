import { emptyRoadshowTotals, totalsFromGroups, type RoadshowGroups } from './totals.js';

const CATEGORIES = [
  { code: 'electronics', name: '电子信息', nameEn: 'Electronics & IT' },
  { code: 'materials', name: '先进材料', nameEn: 'Advanced materials' },
  { code: 'equipment', name: '装备制造', nameEn: 'Equipment manufacturing' },
];

const groups = (over: Partial<RoadshowGroups>): RoadshowGroups => ({
  sessions: 0,
  projectsByCategory: [],
  categories: CATEGORIES,
  leadsByKind: [],
  people: 0,
  projectsWithMeetingRequests: 0,
  leadsByProject: [],
  sheets: [],
  ...over,
});

const project = (id: number, leads: number) => ({ id, name: `项目${id}`, nameEn: null, leads });

describe("an event's roadshow totals from the grouped queries' rows", () => {
  it('is all zeros for an event without roadshows', () => {
    expect(totalsFromGroups(groups({}))).toEqual(emptyRoadshowTotals());
  });

  it("counts projects by category in the libraries' order, a category-less project apart, an unknown code by its code", () => {
    const totals = totalsFromGroups(
      groups({
        sessions: 2,
        projectsByCategory: [
          { code: 'equipment', projects: 2 },
          { code: null, projects: 1 },
          { code: 'retired', projects: 1 },
          { code: 'electronics', projects: 3 },
        ],
      }),
    );
    expect([totals.sessions, totals.projects, totals.uncategorised]).toEqual([2, 7, 1]);
    expect(totals.byCategory).toEqual([
      { code: 'electronics', name: '电子信息', nameEn: 'Electronics & IT', count: 3 },
      { code: 'equipment', name: '装备制造', nameEn: 'Equipment manufacturing', count: 2 },
      { code: 'retired', name: 'retired', nameEn: null, count: 1 },
    ]);
  });

  it('adds the leads up by kind and keeps the distinct people and the projects with meeting requests', () => {
    const totals = totalsFromGroups(
      groups({
        leadsByKind: [
          { kind: 'meeting', leads: 3 },
          { kind: 'interest', leads: 10 },
          { kind: 'message', leads: 2 },
        ],
        people: 9,
        projectsWithMeetingRequests: 2,
      }),
    );
    expect([totals.leads, totals.people, totals.projectsWithMeetingRequests]).toEqual([
      { total: 15, interest: 10, meeting: 3, message: 2 },
      9,
      2,
    ]);
  });

  it('names the three projects with the most leads, ties in running order', () => {
    const totals = totalsFromGroups(
      groups({ leadsByProject: [project(5, 2), project(1, 4), project(7, 4), project(3, 9), project(2, 0)] }),
    );
    expect(totals.topProjects.map((p) => [p.id, p.leads])).toEqual([
      [3, 9],
      [1, 4],
      [7, 4],
    ]);
    expect(totalsFromGroups(groups({ leadsByProject: [project(2, 0)] })).topProjects).toEqual([]);
  });

  it("averages the scored projects' averages, counting only complete sheets of judges who may score", () => {
    const sheet = (judgeId: number, projectId: number, weightedSum: number, scored = 2) => ({
      judgeId,
      projectId,
      judgeOrganisationId: judgeId === 9 ? 100 : null,
      projectOrganisationId: projectId === 1 ? 100 : 200,
      // Weights 3 and 1: a judge's score is weightedSum / 4.
      weightedSum,
      weights: 4,
      scored,
      criteria: 2,
    });
    const totals = totalsFromGroups(
      groups({
        sheets: [
          sheet(1, 1, 28), // 7
          sheet(2, 1, 34), // 8.5
          sheet(9, 1, 40), // judge 9 belongs to project 1's organisation
          sheet(1, 2, 24), // 6
          sheet(2, 2, 9, 1), // incomplete
          sheet(1, 3, 3, 1), // incomplete: project 3 is not scored
        ],
      }),
    );
    // Project 1: (7 + 8.5) / 2 = 7.75; project 2: 6; the mean of the two: 6.875 → 6.88.
    expect(totals.scores).toEqual({ projects: 2, average: 6.88 });
  });
});
