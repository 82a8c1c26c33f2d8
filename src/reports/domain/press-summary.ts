/**
 * The summary in words, stated the way the press states an event's results ("本次活动共有320人报名，签到286人……；
 * 发布成果257项，其中电子信息81项、先进材料36项……"), in Chinese or in English, from the figures alone. The printable
 * page and the .docx for the press office are both made from what this answers.
 */
import type { SessionKind } from '../../agenda/session.entity.js';
import { localDay } from '../../common/time.js';
import type { Locale } from '../../i18n/i18n.js';
import { AGREEMENT_KINDS, type AgreementKind } from '../../signings/domain/agreement-status.js';
import type { EventHeader, EventReport } from './figures.js';

export interface PressSummary {
  /** The event's title in the language of the summary. */
  title: string;
  /** What the document is ("活动数据摘要"). */
  subtitle: string;
  /** The lead (date and event), then one paragraph per section that has something to say. */
  paragraphs: string[];
}

export interface PressOptions {
  locale: Locale;
  /** A session kind's name in that language (the agenda's messages). */
  sessionKindName(kind: SessionKind): string;
  /** An agreement kind's name in that language (the signings' messages: 战略合作协议, Strategic cooperation …). */
  agreementKindName(kind: AgreementKind): string;
}

type Writer = (report: EventReport, options: PressOptions) => string | null;

/** One sentence per section, in both languages: a section with nothing to report says nothing (null). */
interface Sentence {
  zh: Writer;
  en: Writer;
}

// ---- wording helpers

const zhList = (items: { name: string; n: number }[], unit: string) =>
  items.map((i) => `${i.name}${i.n}${unit}`).join('、');

const enNumber = (n: number) => n.toLocaleString('en-US');
const enCount = (n: number, one: string, many: string) => `${enNumber(n)} ${n === 1 ? one : many}`;
const enList = (items: { name: string; n: number }[]) => items.map((i) => `${i.name} ${enNumber(i.n)}`).join(', ');
const enOr = (en: string | null, zh: string) => (en?.trim() ? en : zh);

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The calendar date of an instant in a time zone. */
function localDate(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const [y, m, d] = localDay(at, timeZone).split('-').map(Number);
  return { y, m, d };
}

/** "2027年10月23日", "2027年10月23日至24日", "2027年10月31日至11月1日", across years both in full. */
export function zhDateRange(event: Pick<EventHeader, 'startsAt' | 'endsAt' | 'timezone'>): string {
  const a = localDate(event.startsAt, event.timezone);
  const b = localDate(event.endsAt, event.timezone);
  const start = `${a.y}年${a.m}月${a.d}日`;
  if (a.y !== b.y) return `${start}至${b.y}年${b.m}月${b.d}日`;
  if (a.m !== b.m) return `${start}至${b.m}月${b.d}日`;
  if (a.d !== b.d) return `${start}至${b.d}日`;
  return start;
}

/** "23 October 2027", "23–24 October 2027", "31 October – 1 November 2027", across years both in full. */
export function enDateRange(event: Pick<EventHeader, 'startsAt' | 'endsAt' | 'timezone'>): string {
  const a = localDate(event.startsAt, event.timezone);
  const b = localDate(event.endsAt, event.timezone);
  const full = (x: typeof a) => `${x.d} ${EN_MONTHS[x.m - 1]} ${x.y}`;
  if (a.y !== b.y) return `${full(a)} – ${full(b)}`;
  if (a.m !== b.m) return `${a.d} ${EN_MONTHS[a.m - 1]} – ${full(b)}`;
  if (a.d !== b.d) return `${a.d}–${full(b)}`;
  return full(a);
}

// ---- the sentences, section by section

const lead: Sentence = {
  zh: ({ event }) => `${zhDateRange(event)}，${event.title}举行。`,
  en: ({ event }) => `${enOr(event.titleEn, event.title)} took place on ${enDateRange(event)}.`,
};

/** Registrations and check-ins: "本次活动共有N人报名……；签到M人……". */
const participation: Sentence = {
  zh: ({ registrations: r, checkIns: c }) => {
    if (r.total === 0) return null;
    const s = r.byStatus;
    const waiting = [
      s.pending > 0 ? `待审核${s.pending}人` : '',
      s.waitlisted > 0 ? `候补${s.waitlisted}人` : '',
    ].filter(Boolean);
    let text = `本次活动共有${r.registered}人报名`;
    if (waiting.length) text += `（已确认${s.confirmed}人，${waiting.join('、')}）`;
    const categories = r.byCategory.filter((x) => x.registered > 0);
    if (categories.length > 1)
      text += `，其中${zhList(
        categories.map((x) => ({ name: x.name, n: x.registered })),
        '人',
      )}`;
    if (c.people > 0) {
      text += `；签到${c.people}人`;
      const arrived = c.byCategory.filter((x) => x.people > 0);
      if (arrived.length > 1)
        text += `，其中${zhList(
          arrived.map((x) => ({ name: x.name, n: x.people })),
          '人',
        )}`;
    }
    return `${text}。`;
  },
  en: ({ registrations: r, checkIns: c }) => {
    if (r.total === 0) return null;
    const s = r.byStatus;
    const waiting = [
      s.pending > 0 ? `${enNumber(s.pending)} awaiting review` : '',
      s.waitlisted > 0 ? `${enNumber(s.waitlisted)} on the waiting list` : '',
    ].filter(Boolean);
    let text = `${enCount(r.registered, 'person', 'people')} registered`;
    if (waiting.length) text += ` (${enNumber(s.confirmed)} confirmed, ${waiting.join(', ')})`;
    const categories = r.byCategory.filter((x) => x.registered > 0);
    if (categories.length > 1)
      text += `: ${enList(categories.map((x) => ({ name: enOr(x.nameEn, x.name), n: x.registered })))}`;
    if (c.people > 0) {
      text += `; ${enNumber(c.people)} checked in`;
      const arrived = c.byCategory.filter((x) => x.people > 0);
      if (arrived.length > 1)
        text += `: ${enList(arrived.map((x) => ({ name: enOr(x.nameEn, x.name), n: x.people })))}`;
    }
    return `${text}.`;
  },
};

const sessions: Sentence = {
  zh: ({ sessions: s }, o) => {
    if (s.total === 0) return null;
    const kinds = s.byKind.map((k) => ({ name: o.sessionKindName(k.kind), n: k.count }));
    return `活动议程共${s.total}场，包括${zhList(kinds, '场')}。`;
  },
  en: ({ sessions: s }, o) => {
    if (s.total === 0) return null;
    const kinds = s.byKind.map((k) => ({ name: o.sessionKindName(k.kind), n: k.count }));
    return `The programme had ${enCount(s.total, 'session', 'sessions')}: ${enList(kinds)}.`;
  },
};

/** 万元 as the press writes them: up to two decimals, no trailing zeros. */
const zhWan = (n: number) => `${Math.round(n * 100) / 100}万元`;
/** 万元 in yuan for English readers: "RMB 12,005,000". */
const enYuan = (n: number) => `RMB ${enNumber(Math.round(n * 10000))}`;

/** The kinds with agreements, in the signings' order of kinds. */
const kindsOf = (byKind: Record<AgreementKind, number>, o: PressOptions) =>
  AGREEMENT_KINDS.filter((kind) => byKind[kind] > 0).map((kind) => ({
    name: o.agreementKindName(kind),
    n: byKind[kind],
  }));

/**
 * The agreements: the counted ones ("本次活动共签约N项，其中战略合作协议M项……"), then the ceremonies' summary totals
 * stated as such ("此外，现场集中签约项目合作协议45项、战略合作伙伴6家（汇总数据……）"), never added to the counted.
 */
const agreements: Sentence = {
  zh: ({ agreements: { counted: c, summary: s } }, o) => {
    const sentences: string[] = [];
    const toSign = c.confirmed + c.planned;
    const waiting = [c.confirmed > 0 ? `文本已确认${c.confirmed}项` : '', c.planned > 0 ? `拟签${c.planned}项` : '']
      .filter(Boolean)
      .join('、');
    if (c.signed > 0) {
      const kinds = kindsOf(c.bySignedKind, o);
      const parts = [
        `本次活动共签约${c.signed}项，${kinds.length === 1 ? `均为${kinds[0].name}` : `其中${zhList(kinds, '项')}`}`,
      ];
      if (c.amountWan > 0) parts.push(`签约金额${zhWan(c.amountWan)}`);
      if (c.strategicPartners > 0) parts.push(`涉及战略合作伙伴${c.strategicPartners}家`);
      if (c.landingPlaces.length)
        parts.push(
          `项目落地${zhList(
            c.landingPlaces.map((p) => ({ name: p.label, n: p.signed })),
            '项',
          )}`,
        );
      if (toSign > 0) parts.push(`另有${toSign}项待签约（${waiting}）`);
      sentences.push(`${parts.join('；')}。`);
    } else if (toSign > 0) sentences.push(`本次活动拟签约${toSign}项（${waiting}）。`);
    const stated = [
      ...kindsOf(s.byKind, o).map((k) => `${k.name}${k.n}项`),
      s.strategicPartners > 0 ? `战略合作伙伴${s.strategicPartners}家` : '',
    ].filter(Boolean);
    if (stated.length || s.amountWan > 0) {
      let text = `${sentences.length ? '此外，' : ''}现场集中签约${stated.join('、')}`;
      if (s.amountWan > 0) text += `${stated.length ? '，签约' : ''}金额${zhWan(s.amountWan)}`;
      sentences.push(`${text}（汇总数据，未逐项登记${c.signed > 0 ? '，未计入上述统计' : ''}）。`);
    }
    return sentences.length ? sentences.join('') : null;
  },
  en: ({ agreements: { counted: c, summary: s } }, o) => {
    const sentences: string[] = [];
    const toSign = c.confirmed + c.planned;
    const waiting = [
      c.confirmed > 0 ? `${enNumber(c.confirmed)} with the text confirmed` : '',
      c.planned > 0 ? `${enNumber(c.planned)} planned` : '',
    ]
      .filter(Boolean)
      .join(', ');
    if (c.signed > 0) {
      const parts = [
        `${enCount(c.signed, 'agreement was', 'agreements were')} signed: ${enList(kindsOf(c.bySignedKind, o))}`,
      ];
      if (c.amountWan > 0) parts.push(`worth ${enYuan(c.amountWan)} in all`);
      if (c.strategicPartners > 0)
        parts.push(`with ${enCount(c.strategicPartners, 'strategic partner', 'strategic partners')}`);
      if (c.landingPlaces.length)
        parts.push(`projects land in ${enList(c.landingPlaces.map((p) => ({ name: p.label, n: p.signed })))}`);
      if (toSign > 0)
        parts.push(`${enNumber(toSign)} more ${toSign === 1 ? 'is' : 'are'} yet to be signed (${waiting})`);
      sentences.push(`${parts.join('; ')}.`);
    } else if (toSign > 0)
      sentences.push(`${enCount(toSign, 'agreement is', 'agreements are')} to be signed (${waiting}).`);
    const stated = [
      ...kindsOf(s.byKind, o).map((k) => `${k.name} ${enNumber(k.n)}`),
      s.strategicPartners > 0 ? enCount(s.strategicPartners, 'strategic partner', 'strategic partners') : '',
      s.amountWan > 0 ? enYuan(s.amountWan) : '',
    ].filter(Boolean);
    if (stated.length)
      sentences.push(
        `${sentences.length ? 'In addition, the' : 'The'} signing ceremonies reported totals not itemised${
          c.signed > 0 ? ' (not included above)' : ''
        }: ${stated.join(', ')}.`,
      );
    return sentences.length ? sentences.join(' ') : null;
  },
};

/** "发布成果257项，其中电子信息81项、先进材料36项……". */
const achievements: Sentence = {
  zh: ({ achievements: a }) =>
    a.total === 0
      ? null
      : `发布成果${a.total}项，其中${zhList(
          a.byCategory.map((c) => ({ name: c.name, n: c.count })),
          '项',
        )}。`,
  en: ({ achievements: a }) =>
    a.total === 0
      ? null
      : `${enCount(a.total, 'achievement was', 'achievements were')} published: ${enList(
          a.byCategory.map((c) => ({ name: enOr(c.nameEn, c.name), n: c.count })),
        )}.`,
};

const demands: Sentence = {
  zh: ({ demands: d }) => {
    if (d.total === 0) return null;
    let text = `发布需求${d.total}项，其中${zhList(
      d.byCategory.map((c) => ({ name: c.name, n: c.count })),
      '项',
    )}`;
    if (d.byCity.length === 1) text += `，均来自${d.byCity[0].city}`;
    if (d.byCity.length > 1)
      text += `；按城市分，${zhList(
        d.byCity.map((c) => ({ name: c.city, n: c.count })),
        '项',
      )}`;
    const o = d.openCalls;
    if (o.calls > 0) {
      text += `；揭榜挂帅需求${o.calls}项`;
      if (o.bids > 0) text += `，共收到${o.solvers}家单位的揭榜方案${o.bids}份`;
    }
    return `${text}。`;
  },
  en: ({ demands: d }) => {
    if (d.total === 0) return null;
    let text = `${enCount(d.total, 'demand was', 'demands were')} published: ${enList(
      d.byCategory.map((c) => ({ name: enOr(c.nameEn, c.name), n: c.count })),
    )}`;
    if (d.byCity.length === 1) text += `, all from ${d.byCity[0].city}`;
    if (d.byCity.length > 1) text += `; by city, ${enList(d.byCity.map((c) => ({ name: c.city, n: c.count })))}`;
    const o = d.openCalls;
    if (o.calls > 0) {
      text += `; ${enNumber(o.calls)} ${o.calls === 1 ? 'was an open call' : 'were open calls'}`;
      if (o.bids > 0)
        text += `, which received ${enCount(o.bids, 'bid', 'bids')} from ${enCount(o.solvers, 'organisation', 'organisations')}`;
    }
    return `${text}.`;
  },
};

/** Scores as the press writes them: up to two decimals, no trailing zeros. */
const score = (n: number) => `${Math.round(n * 100) / 100}`;

/**
 * The roadshows: "项目路演环节共有N个项目登台路演，现场收到关注M次、约见请求K次……", then the projects with a meeting
 * request, the projects by field and the judges' average where projects were scored.
 */
const roadshows: Sentence = {
  zh: ({ roadshows: r }) => {
    if (r.projects === 0) return null;
    const where = r.sessions > 1 ? `${r.sessions}场项目路演` : '项目路演环节';
    let first = `${where}共有${r.projects}个项目登台路演`;
    if (r.leads.total > 0) {
      first += `，现场收到关注${r.leads.interest}次、约见请求${r.leads.meeting}次`;
      if (r.leads.message > 0) first += `、留言${r.leads.message}次`;
      first += `，来自${r.people}位参会者`;
    }
    const parts = [first];
    if (r.projectsWithMeetingRequests > 0) parts.push(`有${r.projectsWithMeetingRequests}个项目收到约见请求`);
    if (r.byCategory.length === 1 && r.uncategorised === 0) parts.push(`路演项目均属${r.byCategory[0].name}领域`);
    else if (r.byCategory.length > 0)
      parts.push(
        `按领域分，${zhList(
          r.byCategory.map((c) => ({ name: c.name, n: c.count })),
          '个',
        )}`,
      );
    if (r.scores.average !== null)
      parts.push(`评委平均评分${score(r.scores.average)}分（${r.scores.projects}个项目已评分）`);
    return `${parts.join('；')}。`;
  },
  en: ({ roadshows: r }) => {
    if (r.projects === 0) return null;
    const where = r.sessions > 1 ? `At ${enNumber(r.sessions)} roadshow sessions` : 'At the roadshow';
    let first = `${where}, ${enCount(r.projects, 'project was', 'projects were')} presented`;
    if (r.leads.total > 0) {
      const kinds = [
        enCount(r.leads.interest, 'expression of interest', 'expressions of interest'),
        enCount(r.leads.meeting, 'meeting request', 'meeting requests'),
        ...(r.leads.message > 0 ? [enCount(r.leads.message, 'message', 'messages')] : []),
      ];
      first += `, receiving ${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]} from ${enCount(
        r.people,
        'attendee',
        'attendees',
      )}`;
    }
    const parts = [first];
    if (r.projectsWithMeetingRequests > 0)
      parts.push(`${enCount(r.projectsWithMeetingRequests, 'project', 'projects')} received a meeting request`);
    const fields = r.byCategory.map((c) => ({ name: enOr(c.nameEn, c.name), n: c.count }));
    if (fields.length === 1 && r.uncategorised === 0) parts.push(`all in ${fields[0].name}`);
    else if (fields.length > 0) parts.push(`by field, ${enList(fields)}`);
    if (r.scores.average !== null)
      parts.push(
        `the judges' average score was ${score(r.scores.average)} (${enCount(
          r.scores.projects,
          'project',
          'projects',
        )} scored)`,
      );
    return `${parts.join('; ')}.`;
  },
};

/** "……举行一对一洽谈K场……". */
const meetings: Sentence = {
  zh: ({ meetings: m }) => {
    if (m.requests.total === 0 && m.scheduled === 0 && m.held === 0) return null;
    const parts = [
      `自由洽谈环节共有${m.participants}人参与，发出洽谈邀约${m.requests.total}次（接受${m.requests.accepted}次）`,
    ];
    if (m.scheduled > 0) parts.push(`安排一对一洽谈${m.scheduled}场`);
    if (m.held > 0)
      parts.push(`举行一对一洽谈${m.held}场${m.intents > 0 ? `，其中${m.intents}场双方表示有意合作` : ''}`);
    return `${parts.join('；')}。`;
  },
  en: ({ meetings: m }) => {
    if (m.requests.total === 0 && m.scheduled === 0 && m.held === 0) return null;
    const parts = [
      `In the free negotiation, ${enCount(m.participants, 'participant', 'participants')} sent ${enCount(
        m.requests.total,
        'meeting request',
        'meeting requests',
      )} (${enNumber(m.requests.accepted)} accepted)`,
    ];
    if (m.scheduled > 0)
      parts.push(`${enCount(m.scheduled, 'one-to-one meeting was', 'one-to-one meetings were')} scheduled`);
    if (m.held > 0)
      parts.push(
        `${enCount(m.held, 'meeting was', 'meetings were')} held${
          m.intents > 0 ? `, ${enNumber(m.intents)} of them with both sides intending to cooperate` : ''
        }`,
      );
    return `${parts.join('; ')}.`;
  },
};

/**
 * The cooperation pipeline as the press states it: "本次活动共达成初步合作意向K项；截至目前，其中N项进入洽谈、S项已签约、
 * L项已落地（签约金额…，落地金额…），D项已终止。" K is every intent recorded for the event (reachedCounts.intent),
 * whatever became of it; N, S and L count the intents that reached that stage or went further (a landed intent was
 * signed), D those dropped. Values are the intents' estimated values in 万元.
 */
const funnel: Sentence = {
  zh: ({ funnel: f }) => {
    const r = f.reachedCounts;
    if (r.intent === 0) return null;
    let text = `本次活动共达成初步合作意向${r.intent}项`;
    const moved = [
      r.negotiating > 0 ? `${r.negotiating}项进入洽谈` : '',
      r.signed > 0 ? `${r.signed}项已签约` : '',
      r.landed > 0 ? `${r.landed}项已落地` : '',
    ].filter(Boolean);
    const values = [
      f.valueWan.signed > 0 ? `签约金额${zhWan(f.valueWan.signed)}` : '',
      f.valueWan.landed > 0 ? `落地金额${zhWan(f.valueWan.landed)}` : '',
    ].filter(Boolean);
    const later = [
      moved.length ? `其中${moved.join('、')}${values.length ? `（${values.join('，')}）` : ''}` : '',
      r.dropped > 0 ? `${r.dropped}项已终止` : '',
    ].filter(Boolean);
    if (later.length) text += `；截至目前，${later.join('，')}`;
    return `${text}。`;
  },
  en: ({ funnel: f }) => {
    const r = f.reachedCounts;
    if (r.intent === 0) return null;
    let text = `${enCount(r.intent, 'cooperation intent was', 'cooperation intents were')} reached at the event`;
    const moved = [
      r.negotiating > 0
        ? `${enNumber(r.negotiating)} ${r.negotiating === 1 ? 'has' : 'have'} gone on to negotiation`
        : '',
      r.signed > 0 ? `${enNumber(r.signed)} ${r.signed === 1 ? 'has' : 'have'} been signed` : '',
      r.landed > 0 ? `${enNumber(r.landed)} ${r.landed === 1 ? 'has' : 'have'} landed` : '',
    ].filter(Boolean);
    const values = [
      f.valueWan.signed > 0 ? `${enYuan(f.valueWan.signed)} signed` : '',
      f.valueWan.landed > 0 ? `${enYuan(f.valueWan.landed)} landed` : '',
    ].filter(Boolean);
    const later = [
      moved.length
        ? `${moved.length > 1 ? `${moved.slice(0, -1).join(', ')} and ${moved[moved.length - 1]}` : moved[0]}${
            values.length ? ` (${values.join(', ')})` : ''
          }`
        : '',
      r.dropped > 0 ? `${enNumber(r.dropped)} ${r.dropped === 1 ? 'was' : 'were'} dropped` : '',
    ].filter(Boolean);
    if (later.length) text += `; to date, ${later.join('; ')}`;
    return `${text}.`;
  },
};

/** The sentences in the order they are read. A new section adds its sentence here, in both languages. */
const SENTENCES: readonly Sentence[] = [
  lead,
  participation,
  sessions,
  agreements,
  achievements,
  demands,
  roadshows,
  meetings,
  funnel,
];

export function pressSummary(report: EventReport, options: PressOptions): PressSummary {
  const zh = options.locale === 'zh-CN';
  const paragraphs = SENTENCES.map((s) => (zh ? s.zh : s.en)(report, options)).filter((p): p is string => !!p);
  return {
    title: zh ? report.event.title : enOr(report.event.titleEn, report.event.title),
    subtitle: zh ? '活动数据摘要' : 'The event in figures',
    paragraphs,
  };
}
