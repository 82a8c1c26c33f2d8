import type { SessionKind } from '../../agenda/session.entity.js';
import { emptyRoadshowTotals } from '../../roadshows/domain/totals.js';
import type { AgreementKind } from '../../signings/domain/agreement-status.js';
import { zeroByKind } from '../../signings/domain/totals.js';
import type { EventReport } from './figures.js';
import { enDateRange, pressSummary, zhDateRange } from './press-summary.js';
import { chengduReport, emptyFunnel } from './report-fixture.js';

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
const ZH_AGREEMENTS: Record<AgreementKind, string> = {
  strategic: '战略合作协议',
  project: '项目合作协议',
  technology_transfer: '技术转让协议',
  order: '订货协议',
  investment: '投资协议',
};
const EN_AGREEMENTS: Record<AgreementKind, string> = {
  strategic: 'Strategic cooperation',
  project: 'Project cooperation',
  technology_transfer: 'Technology transfer',
  order: 'Order',
  investment: 'Investment',
};
const zh = (report: EventReport) =>
  pressSummary(report, {
    locale: 'zh-CN',
    sessionKindName: (k) => ZH_KINDS[k] ?? k,
    agreementKindName: (k) => ZH_AGREEMENTS[k],
  });
const en = (report: EventReport) =>
  pressSummary(report, {
    locale: 'en',
    sessionKindName: (k) => k.replace(/_/g, ' '),
    agreementKindName: (k) => EN_AGREEMENTS[k],
  });

/** A report of the fixture's event where nothing has happened yet. */
function emptyReport(): EventReport {
  const r = chengduReport();
  const none = { confirmed: 0, pending: 0, waitlisted: 0, rejected: 0, cancelled: 0 };
  return {
    event: r.event,
    registrations: { total: 0, registered: 0, byStatus: none, byCategory: [] },
    checkIns: { people: 0, byCategory: [], byList: [] },
    sessions: { total: 0, byKind: [] },
    agreements: {
      ceremonies: 0,
      counted: {
        signed: 0,
        bySignedKind: zeroByKind(),
        planned: 0,
        confirmed: 0,
        withdrawn: 0,
        strategicPartners: 0,
        amountWan: 0,
        landingPlaces: [],
      },
      summary: { ceremonies: 0, agreements: 0, byKind: zeroByKind(), strategicPartners: 0, amountWan: 0, notes: [] },
    },
    achievements: { total: 0, byCategory: [] },
    demands: { total: 0, byCategory: [], byCity: [], openCalls: { calls: 0, bids: 0, solvers: 0 } },
    roadshows: emptyRoadshowTotals(),
    meetings: {
      sessions: 0,
      participants: 0,
      requests: { total: 0, pending: 0, accepted: 0, declined: 0, withdrawn: 0 },
      scheduled: 0,
      held: 0,
      noShow: 0,
      intents: 0,
    },
    funnel: emptyFunnel(),
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
        '本次活动共签约6项，其中战略合作协议2项、项目合作协议3项、技术转让协议1项；签约金额6200.5万元；' +
          '涉及战略合作伙伴2家；项目落地四川省资阳市2项、四川省德阳市1项、四川省雅安市雨城区1项；' +
          '另有3项待签约（文本已确认2项、拟签1项）。' +
          '此外，现场集中签约项目合作协议45项、战略合作伙伴6家（汇总数据，未逐项登记，未计入上述统计）。',
        '发布成果257项，其中电子信息81项、先进材料36项、新能源19项、装备制造104项、生物医学10项、航空航天7项。',
        '发布需求25项，其中装备制造15项、新能源10项；按城市分，成都10项、德阳6项、眉山4项、资阳3项、雅安2项；' +
          '揭榜挂帅需求3项，共收到7家单位的揭榜方案8份。',
        '项目路演环节共有5个项目登台路演，现场收到关注36次、约见请求12次、留言8次，来自30位参会者；' +
          '有4个项目收到约见请求；按领域分，电子信息2个、先进材料1个、新能源1个、装备制造1个；' +
          '评委平均评分7.68分（5个项目已评分）。',
        '自由洽谈环节共有64人参与，发出洽谈邀约120次（接受90次）；安排一对一洽谈88场；' +
          '举行一对一洽谈80场，其中23场双方表示有意合作。',
        '本次活动共达成初步合作意向23项；截至目前，其中12项进入洽谈、8项已签约、3项已落地' +
          '（签约金额6800.5万元，落地金额2100万元），4项已终止。',
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
        '6 agreements were signed: Strategic cooperation 2, Project cooperation 3, Technology transfer 1; ' +
          'worth RMB 62,005,000 in all; with 2 strategic partners; ' +
          'projects land in 四川省资阳市 2, 四川省德阳市 1, 四川省雅安市雨城区 1; ' +
          '3 more are yet to be signed (2 with the text confirmed, 1 planned). ' +
          'In addition, the signing ceremonies reported totals not itemised (not included above): ' +
          'Project cooperation 45, 6 strategic partners.',
        '257 achievements were published: Electronics & IT 81, Advanced materials 36, New energy 19, ' +
          'Equipment manufacturing 104, Biomedicine 10, Aerospace 7.',
        '25 demands were published: Equipment manufacturing 15, New energy 10; by city, 成都 10, 德阳 6, 眉山 4, ' +
          '资阳 3, 雅安 2; 3 were open calls, which received 8 bids from 7 organisations.',
        'At the roadshow, 5 projects were presented, receiving 36 expressions of interest, 12 meeting requests and ' +
          '8 messages from 30 attendees; 4 projects received a meeting request; by field, Electronics & IT 2, ' +
          "Advanced materials 1, New energy 1, Equipment manufacturing 1; the judges' average score was 7.68 " +
          '(5 projects scored).',
        'In the free negotiation, 64 participants sent 120 meeting requests (90 accepted); ' +
          '88 one-to-one meetings were scheduled; 80 meetings were held, 23 of them with both sides intending to cooperate.',
        '23 cooperation intents were reached at the event; to date, 12 have gone on to negotiation, 8 have been signed ' +
          'and 3 have landed (RMB 68,005,000 signed, RMB 21,000,000 landed); 4 were dropped.',
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

  describe('the agreements', () => {
    const withAgreements = (over: {
      counted?: Partial<EventReport['agreements']['counted']>;
      summary?: Partial<EventReport['agreements']['summary']>;
    }) => {
      const r = emptyReport();
      Object.assign(r.agreements.counted, over.counted);
      Object.assign(r.agreements.summary, over.summary);
      return r;
    };
    const sentence = (r: EventReport) => [zh(r).paragraphs[1], en(r).paragraphs[1]];

    it('says "均为" when all the signed agreements are of one kind, and leaves out what is nil', () => {
      const r = withAgreements({ counted: { signed: 3, bySignedKind: { ...zeroByKind(), strategic: 3 } } });
      expect(sentence(r)).toEqual([
        '本次活动共签约3项，均为战略合作协议。',
        '3 agreements were signed: Strategic cooperation 3.',
      ]);
      const one = withAgreements({
        counted: { signed: 1, bySignedKind: { ...zeroByKind(), order: 1 }, strategicPartners: 1, planned: 1 },
      });
      expect(sentence(one)).toEqual([
        '本次活动共签约1项，均为订货协议；涉及战略合作伙伴1家；另有1项待签约（拟签1项）。',
        '1 agreement was signed: Order 1; with 1 strategic partner; 1 more is yet to be signed (1 planned).',
      ]);
    });

    it('states agreements not yet signed before the ceremony, and says nothing of withdrawn ones alone', () => {
      expect(sentence(withAgreements({ counted: { confirmed: 4, planned: 2 } }))).toEqual([
        '本次活动拟签约6项（文本已确认4项、拟签2项）。',
        '6 agreements are to be signed (4 with the text confirmed, 2 planned).',
      ]);
      expect(zh(withAgreements({ counted: { withdrawn: 2 } })).paragraphs).toHaveLength(1);
      expect(en(withAgreements({ counted: { withdrawn: 2 } })).paragraphs).toHaveLength(1);
    });

    it('states summary totals as such when nothing is itemised: never as counted agreements', () => {
      const r = withAgreements({
        summary: {
          ceremonies: 1,
          agreements: 45,
          byKind: { ...zeroByKind(), project: 45 },
          strategicPartners: 6,
          amountWan: 1.5e5,
        },
      });
      expect(sentence(r)).toEqual([
        '现场集中签约项目合作协议45项、战略合作伙伴6家，签约金额150000万元（汇总数据，未逐项登记）。',
        'The signing ceremonies reported totals not itemised: Project cooperation 45, 6 strategic partners, ' +
          'RMB 1,500,000,000.',
      ]);
      expect(zh(r).paragraphs[1]).not.toContain('共签约');
      const partnersOnly = withAgreements({ summary: { ceremonies: 1, strategicPartners: 6 } });
      expect(sentence(partnersOnly)).toEqual([
        '现场集中签约战略合作伙伴6家（汇总数据，未逐项登记）。',
        'The signing ceremonies reported totals not itemised: 6 strategic partners.',
      ]);
      const amountOnly = withAgreements({ summary: { ceremonies: 1, amountWan: 800 } });
      expect(zh(amountOnly).paragraphs[1]).toBe('现场集中签约金额800万元（汇总数据，未逐项登记）。');
    });

    it('writes amounts in 万元 to two decimals, and in yuan for English readers', () => {
      const r = withAgreements({
        counted: { signed: 2, bySignedKind: { ...zeroByKind(), project: 2 }, amountWan: 0.07 + 1200.1 },
      });
      expect(sentence(r)).toEqual([
        '本次活动共签约2项，均为项目合作协议；签约金额1200.17万元。',
        '2 agreements were signed: Project cooperation 2; worth RMB 12,001,700 in all.',
      ]);
    });
  });

  describe('the roadshows', () => {
    const withRoadshows = (over: Partial<EventReport['roadshows']>) => {
      const r = emptyReport();
      Object.assign(r.roadshows, over);
      return r;
    };
    const sentence = (r: EventReport) => [zh(r).paragraphs[1], en(r).paragraphs[1]];
    const electronics = { code: 'electronics', name: '电子信息', nameEn: 'Electronics & IT', count: 3 };

    it('states the projects and the leads the way the press does', () => {
      const r = withRoadshows({
        sessions: 1,
        projects: 3,
        byCategory: [electronics],
        leads: { total: 9, interest: 7, meeting: 2, message: 0 },
        people: 6,
        projectsWithMeetingRequests: 1,
      });
      expect(sentence(r)).toEqual([
        '项目路演环节共有3个项目登台路演，现场收到关注7次、约见请求2次，来自6位参会者；有1个项目收到约见请求；' +
          '路演项目均属电子信息领域。',
        'At the roadshow, 3 projects were presented, receiving 7 expressions of interest and 2 meeting requests ' +
          'from 6 attendees; 1 project received a meeting request; all in Electronics & IT.',
      ]);
    });

    it('says only how many projects were presented before anyone left a lead, and counts several sessions', () => {
      expect(sentence(withRoadshows({ sessions: 1, projects: 1 }))).toEqual([
        '项目路演环节共有1个项目登台路演。',
        'At the roadshow, 1 project was presented.',
      ]);
      const two = withRoadshows({
        sessions: 2,
        projects: 8,
        byCategory: [electronics],
        uncategorised: 5,
        leads: { total: 1, interest: 1, meeting: 0, message: 0 },
        people: 1,
      });
      // A field for some projects only is listed as such, never as "all in".
      expect(sentence(two)).toEqual([
        '2场项目路演共有8个项目登台路演，现场收到关注1次、约见请求0次，来自1位参会者；按领域分，电子信息3个。',
        'At 2 roadshow sessions, 8 projects were presented, receiving 1 expression of interest and 0 meeting ' +
          'requests from 1 attendee; by field, Electronics & IT 3.',
      ]);
    });

    it("states the judges' average where projects were scored, to two decimals at most", () => {
      const r = withRoadshows({ sessions: 1, projects: 4, scores: { projects: 1, average: 7.5 } });
      expect(sentence(r)).toEqual([
        '项目路演环节共有4个项目登台路演；评委平均评分7.5分（1个项目已评分）。',
        "At the roadshow, 4 projects were presented; the judges' average score was 7.5 (1 project scored).",
      ]);
    });

    it('says nothing of a roadshow session without projects', () => {
      expect(zh(withRoadshows({ sessions: 1 })).paragraphs).toHaveLength(1);
      expect(en(withRoadshows({ sessions: 1 })).paragraphs).toHaveLength(1);
    });
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

  describe('the cooperation pipeline', () => {
    const withFunnel = (reached: [number, number, number, number, number], signed = 0, landed = 0) => {
      const r = emptyReport();
      const [intent, negotiating, s, l, dropped] = reached;
      r.funnel.reachedCounts = { intent, negotiating, signed: s, landed: l, dropped };
      r.funnel.total = intent;
      r.funnel.valueWan = { estimated: 0, signed, landed };
      return r;
    };
    const sentence = (r: EventReport) => [zh(r).paragraphs[1], en(r).paragraphs[1]];

    it('states the intents reached alone when none has moved on yet', () => {
      expect(sentence(withFunnel([5, 0, 0, 0, 0]))).toEqual([
        '本次活动共达成初步合作意向5项。',
        '5 cooperation intents were reached at the event.',
      ]);
      expect(sentence(withFunnel([1, 0, 0, 0, 0]))[1]).toBe('1 cooperation intent was reached at the event.');
    });

    it('states signed and landed intents with their values, and the dropped ones, leaving out what is nil', () => {
      expect(sentence(withFunnel([4, 1, 1, 1, 0], 0, 350.25))).toEqual([
        '本次活动共达成初步合作意向4项；截至目前，其中1项进入洽谈、1项已签约、1项已落地（落地金额350.25万元）。',
        '4 cooperation intents were reached at the event; to date, 1 has gone on to negotiation, 1 has been signed and ' +
          '1 has landed (RMB 3,502,500 landed).',
      ]);
      expect(sentence(withFunnel([3, 0, 0, 0, 3]))).toEqual([
        '本次活动共达成初步合作意向3项；截至目前，3项已终止。',
        '3 cooperation intents were reached at the event; to date, 3 were dropped.',
      ]);
    });

    it('says nothing of the pipeline of an event without intents', () => {
      expect(zh(withFunnel([0, 0, 0, 0, 0])).paragraphs).toHaveLength(1);
      expect(en(withFunnel([0, 0, 0, 0, 0])).paragraphs).toHaveLength(1);
    });
  });
});
