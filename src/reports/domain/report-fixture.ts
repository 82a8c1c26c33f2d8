/**
 * A report for the unit specs of this folder: the 19th "互通互信 共建共享" event in Chengdu as the press described it
 * (257 achievements in six fields), with registrations, check-ins, agreements and meetings made up to be easy to add
 * up, a second ceremony recording summary totals only (45 projects, 6 strategic partners, as Suzhou reported), and
 * the roadshow's five projects with their leads and scores, and the cooperation pipeline of 23 intents (12 went on to
 * negotiation, 8 were signed, 3 landed, 4 dropped).
 */
import type { EventReport, IntentFunnelFigures, LibraryCategoryCount, StatusCounts } from './figures.js';

const statuses = (s: Partial<StatusCounts>): StatusCounts => ({
  confirmed: 0,
  pending: 0,
  waitlisted: 0,
  rejected: 0,
  cancelled: 0,
  ...s,
});

const field = (code: string, name: string, nameEn: string, count: number): LibraryCategoryCount => ({
  code,
  name,
  nameEn,
  count,
});

export function chengduReport(): EventReport {
  return {
    event: {
      id: 19,
      slug: 'hutong-19',
      title: '成都都市圈先进技术成果转化推介活动',
      titleEn: 'Chengdu Metropolitan Area Technology Transfer Promotion',
      shortTitle: '成都推介活动',
      shortTitleEn: 'Chengdu promotion',
      seriesId: 1,
      edition: 19,
      // 23 October 2027, 09:00–17:30 in Asia/Shanghai.
      startsAt: new Date('2027-10-23T01:00:00Z'),
      endsAt: new Date('2027-10-23T09:30:00Z'),
      timezone: 'Asia/Shanghai',
      status: 'published',
    },
    registrations: {
      total: 330,
      registered: 320,
      byStatus: statuses({ confirmed: 300, pending: 8, waitlisted: 12, cancelled: 7, rejected: 3 }),
      byCategory: [
        {
          id: 1,
          code: 'guest',
          name: '嘉宾',
          nameEn: 'Guests of honour',
          colour: '#b3261e',
          registered: 40,
          byStatus: statuses({ confirmed: 40 }),
        },
        {
          id: 2,
          code: 'enterprise',
          name: '企业代表',
          nameEn: 'Enterprises',
          colour: '#1d4f91',
          registered: 260,
          byStatus: statuses({ confirmed: 248, waitlisted: 12, cancelled: 7 }),
        },
        {
          id: 3,
          code: 'media',
          name: '媒体',
          nameEn: null,
          colour: '#1b6a3a',
          registered: 20,
          byStatus: statuses({ confirmed: 12, pending: 8, rejected: 3 }),
        },
      ],
    },
    checkIns: {
      people: 286,
      byCategory: [
        { id: 1, code: 'guest', name: '嘉宾', nameEn: 'Guests of honour', colour: '#b3261e', people: 38 },
        { id: 2, code: 'enterprise', name: '企业代表', nameEn: 'Enterprises', colour: '#1d4f91', people: 238 },
        { id: 3, code: 'media', name: '媒体', nameEn: null, colour: '#1b6a3a', people: 10 },
      ],
      byList: [{ id: 7, code: 'entrance', kind: 'entrance', name: '入口', nameEn: 'Entrance', people: 286 }],
    },
    sessions: {
      total: 7,
      byKind: [
        { kind: 'signing_ceremony', count: 1 },
        { kind: 'policy_briefing', count: 1 },
        { kind: 'achievement_release', count: 1 },
        { kind: 'lecture', count: 1 },
        { kind: 'roadshow', count: 1 },
        { kind: 'capability_promotion', count: 1 },
        { kind: 'free_negotiation', count: 1 },
      ],
    },
    agreements: {
      ceremonies: 2,
      counted: {
        signed: 6,
        bySignedKind: { strategic: 2, project: 3, technology_transfer: 1, order: 0, investment: 0 },
        planned: 1,
        confirmed: 2,
        withdrawn: 1,
        strategicPartners: 2,
        amountWan: 6200.5,
        landingPlaces: [
          { province: '四川省', city: '资阳市', district: null, label: '四川省资阳市', signed: 2, amountWan: 4000 },
          { province: '四川省', city: '德阳市', district: null, label: '四川省德阳市', signed: 1, amountWan: 1000 },
          {
            province: '四川省',
            city: '雅安市',
            district: '雨城区',
            label: '四川省雅安市雨城区',
            signed: 1,
            amountWan: 1200.5,
          },
        ],
      },
      summary: {
        ceremonies: 1,
        agreements: 45,
        byKind: { strategic: 0, project: 45, technology_transfer: 0, order: 0, investment: 0 },
        strategicPartners: 6,
        amountWan: 0,
        notes: [{ note: '45个转化项目供需双方签约', noteEn: null }],
      },
    },
    achievements: {
      total: 257,
      byCategory: [
        field('electronics', '电子信息', 'Electronics & IT', 81),
        field('materials', '先进材料', 'Advanced materials', 36),
        field('new_energy', '新能源', 'New energy', 19),
        field('equipment', '装备制造', 'Equipment manufacturing', 104),
        field('biomedicine', '生物医学', 'Biomedicine', 10),
        field('aerospace', '航空航天', 'Aerospace', 7),
      ],
    },
    demands: {
      total: 25,
      byCategory: [
        field('equipment', '装备制造', 'Equipment manufacturing', 15),
        field('new_energy', '新能源', 'New energy', 10),
      ],
      byCity: [
        { city: '成都', count: 10 },
        { city: '德阳', count: 6 },
        { city: '眉山', count: 4 },
        { city: '资阳', count: 3 },
        { city: '雅安', count: 2 },
      ],
      openCalls: { calls: 3, bids: 8, solvers: 7 },
    },
    roadshows: {
      sessions: 1,
      projects: 5,
      byCategory: [
        field('electronics', '电子信息', 'Electronics & IT', 2),
        field('materials', '先进材料', 'Advanced materials', 1),
        field('new_energy', '新能源', 'New energy', 1),
        field('equipment', '装备制造', 'Equipment manufacturing', 1),
      ],
      uncategorised: 0,
      leads: { total: 56, interest: 36, meeting: 12, message: 8 },
      people: 30,
      projectsWithMeetingRequests: 4,
      topProjects: [
        { id: 2, name: '汽车磁流变智能油气悬架', nameEn: 'Magnetorheological suspension', leads: 18 },
        { id: 1, name: '矢安AI主动防御实战化评价中心', nameEn: null, leads: 14 },
        { id: 4, name: '全彩微光夜视仪', nameEn: 'Full-colour low-light night vision', leads: 11 },
      ],
      scores: { projects: 5, average: 7.68 },
    },
    meetings: {
      sessions: 1,
      participants: 64,
      requests: { total: 120, pending: 10, accepted: 90, declined: 15, withdrawn: 5 },
      scheduled: 88,
      held: 80,
      noShow: 8,
      intents: 23,
    },
    funnel: chengduFunnel(),
  };
}

const stages = (intent: number, negotiating: number, signed: number, landed: number, dropped: number) => ({
  intent,
  negotiating,
  signed,
  landed,
  dropped,
});

/** The pipeline: 23 intents, 12 reached negotiating, 8 signed, 3 landed; 4 dropped; values in 万元. */
export function chengduFunnel(): IntentFunnelFigures {
  const group = (key: string, label: string | null, labelEn: string | null, total: number, landed: number) => ({
    key,
    label,
    labelEn,
    total,
    reachedCounts: stages(total, landed, landed, landed, 0),
    currentCounts: stages(total - landed, 0, 0, landed, 0),
    valueWan: { estimated: landed * 700, signed: landed * 700, landed: landed * 700 },
    overdueFollowUps: 0,
  });
  return {
    total: 23,
    today: '2027-12-01',
    reachedCounts: stages(23, 12, 8, 3, 4),
    currentCounts: stages(7, 4, 5, 3, 4),
    valueWan: { estimated: 12000, signed: 6800.5, landed: 2100 },
    overdueFollowUps: 2,
    conversionRates: {
      intentToNegotiating: 0.5217,
      negotiatingToSigned: 0.6667,
      signedToLanded: 0.375,
      intentToSigned: 0.3478,
      intentToLanded: 0.1304,
    },
    medianDays: {
      intentToNegotiating: 9,
      negotiatingToSigned: 25.5,
      signedToLanded: 40,
      intentToSigned: 33,
      intentToLanded: 75,
    },
    medianSamples: {
      intentToNegotiating: 12,
      negotiatingToSigned: 8,
      signedToLanded: 3,
      intentToSigned: 8,
      intentToLanded: 3,
    },
    breakdowns: {
      category: [group('equipment', '装备制造', 'Equipment manufacturing', 15, 2), group('', null, null, 8, 1)],
      city: [group('资阳', '资阳', null, 13, 2), group('德阳', '德阳', null, 10, 1)],
      kind: [group('joint_development', 'joint_development', null, 20, 3), group('order', 'order', null, 3, 0)],
      owner: [group('organisation:7', '资阳市委融办', null, 23, 3)],
    },
  };
}

/** The funnel of an event where no intent arose. */
export function emptyFunnel(): IntentFunnelFigures {
  const none = {
    intentToNegotiating: null,
    negotiatingToSigned: null,
    signedToLanded: null,
    intentToSigned: null,
    intentToLanded: null,
  };
  return {
    total: 0,
    today: '2027-12-01',
    reachedCounts: stages(0, 0, 0, 0, 0),
    currentCounts: stages(0, 0, 0, 0, 0),
    valueWan: { estimated: 0, signed: 0, landed: 0 },
    overdueFollowUps: 0,
    conversionRates: { ...none },
    medianDays: { ...none },
    medianSamples: {
      intentToNegotiating: 0,
      negotiatingToSigned: 0,
      signedToLanded: 0,
      intentToSigned: 0,
      intentToLanded: 0,
    },
    breakdowns: { category: [], city: [], kind: [], owner: [] },
  };
}
