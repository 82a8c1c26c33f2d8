import type { SessionKind } from '../../agenda/session.entity.js';
import type { EventReport } from './figures.js';
import { enDateRange, pressSummary, zhDateRange } from './press-summary.js';
import { chengduReport } from './report-fixture.js';

const ZH_KINDS: Partial<Record<SessionKind, string>> = {
  signing_ceremony: '签约仪式',
  policy_briefing: '政策解读',
  achievement_release: '成果发布',
  lecture: '讲堂',
  roadshow: '项目路演',
  capability_promotion: '能力推介',
  free_negotiation: '自由洽谈',
  keynote: '主旨报告',
};
const zh = (report: EventReport) => pressSummary(report, { locale: 'zh-CN', sessionKindName: (k) => ZH_KINDS[k] ?? k });
const en = (report: EventReport) =>
  pressSummary(report, { locale: 'en', sessionKindName: (k) => k.replace(/_/g, ' ') });

/** A report of the fixture's event where nothing has happened yet. */
function emptyReport(): EventReport {
  const r = chengduReport();
  const none = { confirmed: 0, pending: 0, waitlisted: 0, rejected: 0, cancelled: 0 };
  return {
    event: r.event,
    registrations: { total: 0, registered: 0, byStatus: none, byCategory: [] },
    checkIns: { people: 0, byCategory: [], byList: [] },
    sessions: { total: 0, byKind: [] },
    achievements: { total: 0, byCategory: [] },
    demands: { total: 0, byCategory: [], byCity: [], openCalls: { calls: 0, bids: 0, solvers: 0 } },
    meetings: {
      sessions: 0,
      participants: 0,
      requests: { total: 0, pending: 0, accepted: 0, declined: 0, withdrawn: 0 },
      scheduled: 0,
      held: 0,
      noShow: 0,
      intents: 0,
    },
  };
}

describe('the press summary', () => {
  it('states the figures in Chinese the way the press does, one paragraph per section', () => {
    expect(zh(chengduReport())).toEqual({
      title: '成都都市圈先进技术成果转化推介活动',
      subtitle: '活动数据摘要',
      paragraphs: [
        '2027年10月23日，成都都市圈先进技术成果转化推介活动举行。',
        '本次活动共有320人报名（已确认300人，待审核8人、候补12人），其中嘉宾40人、企业代表260人、媒体20人；' +
          '签到286人，其中嘉宾38人、企业代表238人、媒体10人。',
        '活动议程共7场，包括签约仪式1场、政策解读1场、成果发布1场、讲堂1场、项目路演1场、能力推介1场、自由洽谈1场。',
        '发布成果257项，其中电子信息81项、先进材料36项、新能源19项、装备制造104项、生物医学10项、航空航天7项。',
        '发布需求25项，其中装备制造15项、新能源10项；按城市分，成都10项、德阳6项、眉山4项、资阳3项、雅安2项；' +
          '揭榜挂帅需求3项，共收到7家单位的揭榜方案8份。',
        '自由洽谈环节共有64人参与，发出洽谈邀约120次（接受90次）；安排一对一洽谈88场；' +
          '举行一对一洽谈80场，其中23场双方表示有意合作。',
      ],
    });
  });

  it('states the same figures in English, with English names where the data has them', () => {
    expect(en(chengduReport())).toEqual({
      title: 'Chengdu Metropolitan Area Technology Transfer Promotion',
      subtitle: 'The event in figures',
      paragraphs: [
        'Chengdu Metropolitan Area Technology Transfer Promotion took place on 23 October 2027.',
        '320 people registered (300 confirmed, 8 awaiting review, 12 on the waiting list): ' +
          'Guests of honour 40, Enterprises 260, 媒体 20; 286 checked in: Guests of honour 38, Enterprises 238, 媒体 10.',
        'The programme had 7 sessions: signing ceremony 1, policy briefing 1, achievement release 1, lecture 1, ' +
          'roadshow 1, capability promotion 1, free negotiation 1.',
        '257 achievements were published: Electronics & IT 81, Advanced materials 36, New energy 19, ' +
          'Equipment manufacturing 104, Biomedicine 10, Aerospace 7.',
        '25 demands were published: Equipment manufacturing 15, New energy 10; by city, 成都 10, 德阳 6, 眉山 4, ' +
          '资阳 3, 雅安 2; 3 were open calls, which received 8 bids from 7 organisations.',
        'In the free negotiation, 64 participants sent 120 meeting requests (90 accepted); ' +
          '88 one-to-one meetings were scheduled; 80 meetings were held, 23 of them with both sides intending to cooperate.',
      ],
    });
  });

  it('says only the lead for an event where nothing has happened yet', () => {
    expect(zh(emptyReport()).paragraphs).toEqual(['2027年10月23日，成都都市圈先进技术成果转化推介活动举行。']);
    expect(en(emptyReport()).paragraphs).toEqual([
      'Chengdu Metropolitan Area Technology Transfer Promotion took place on 23 October 2027.',
    ]);
  });

  it('leaves out what is nil: no waiting list, no check-ins yet, one category, one city, no bids, nothing held', () => {
    const r = emptyReport();
    r.registrations = {
      total: 12,
      registered: 10,
      byStatus: { confirmed: 10, pending: 0, waitlisted: 0, rejected: 0, cancelled: 2 },
      byCategory: [
        {
          id: 1,
          code: 'enterprise',
          name: '企业代表',
          nameEn: null,
          colour: '#1d4f91',
          registered: 10,
          byStatus: { confirmed: 10, pending: 0, waitlisted: 0, rejected: 0, cancelled: 2 },
        },
      ],
    };
    r.demands = {
      total: 2,
      byCategory: [{ code: 'equipment', name: '装备制造', nameEn: 'Equipment manufacturing', count: 2 }],
      byCity: [{ city: '德阳', count: 2 }],
      openCalls: { calls: 1, bids: 0, solvers: 0 },
    };
    r.meetings = { ...r.meetings, participants: 2, requests: { ...r.meetings.requests, total: 1, pending: 1 } };
    expect(zh(r).paragraphs.slice(1)).toEqual([
      '本次活动共有10人报名。',
      '发布需求2项，其中装备制造2项，均来自德阳；揭榜挂帅需求1项。',
      '自由洽谈环节共有2人参与，发出洽谈邀约1次（接受0次）。',
    ]);
    expect(en(r).paragraphs.slice(1)).toEqual([
      '10 people registered.',
      '2 demands were published: Equipment manufacturing 2, all from 德阳; 1 was an open call.',
      'In the free negotiation, 2 participants sent 1 meeting request (0 accepted).',
    ]);
  });

  it.each([
    ['2027-10-23T01:00:00Z', '2027-10-23T09:30:00Z', '2027年10月23日', '23 October 2027'],
    ['2027-10-23T01:00:00Z', '2027-10-24T09:30:00Z', '2027年10月23日至24日', '23–24 October 2027'],
    ['2027-10-31T01:00:00Z', '2027-11-01T09:30:00Z', '2027年10月31日至11月1日', '31 October – 1 November 2027'],
    [
      '2027-12-31T01:00:00Z',
      '2028-01-01T09:30:00Z',
      '2027年12月31日至2028年1月1日',
      '31 December 2027 – 1 January 2028',
    ],
    // 23:30 UTC is already the next morning in Shanghai: dates are the event's own.
    ['2027-10-22T23:30:00Z', '2027-10-23T09:30:00Z', '2027年10月23日', '23 October 2027'],
  ])('dates an event from %s to %s in its own time zone', (startsAt, endsAt, zhText, enText) => {
    const event = { startsAt: new Date(startsAt), endsAt: new Date(endsAt), timezone: 'Asia/Shanghai' };
    expect([zhDateRange(event), enDateRange(event)]).toEqual([zhText, enText]);
  });
});
