/**
 * The charts of the report pages as plain data: what to draw, with its labels in the reader's language. The page
 * puts the list in a JSON script element and templates/assets/reports/charts.js turns each into an ECharts option,
 * so a new section's chart is one more builder here, never new browser code.
 */
import type { SessionKind } from '../../agenda/session.entity.js';
import { AGREEMENT_KINDS, type AgreementKind } from '../../signings/domain/agreement-status.js';
import type { EventHeader, EventReport, SeriesReport } from './figures.js';
import { KEY_FIGURES, type Translate } from './key-figures.js';

export interface ChartSeries {
  name: string;
  values: number[];
  /** Series with the same stack are drawn on top of each other. */
  stack?: string;
}

export interface ChartSpec {
  /** Stable within the page: the element `chart-<id>` draws it. */
  id: string;
  title: string;
  type: 'bar' | 'pie' | 'funnel';
  /** Axis labels of a bar chart, slice names of a pie or layers of a funnel (one series). */
  categories: string[];
  series: ChartSeries[];
}

export interface ChartOptions {
  t: Translate;
  /** Chinese or English names from the data (categories, lists). */
  pick(zh: string, en: string | null): string;
  sessionKindName(kind: SessionKind): string;
  agreementKindName(kind: AgreementKind): string;
}

type Builder = (report: EventReport, o: ChartOptions) => ChartSpec | null;

const REGISTRATION_STATUS_ORDER = ['confirmed', 'pending', 'waitlisted', 'cancelled', 'rejected'] as const;

const registrations: Builder = ({ registrations: r }, { t, pick }) => {
  if (r.total === 0) return null;
  const statuses = REGISTRATION_STATUS_ORDER.filter((s) => r.byStatus[s] > 0);
  return {
    id: 'registrations',
    title: t('reports.chart.registrations'),
    type: 'bar',
    categories: r.byCategory.map((c) => pick(c.name, c.nameEn)),
    series: statuses.map((s) => ({
      name: t(`registrations.status.${s}`),
      values: r.byCategory.map((c) => c.byStatus[s]),
      stack: 'status',
    })),
  };
};

const checkIns: Builder = ({ registrations: r, checkIns: c }, { t, pick }) => {
  if (c.people === 0) return null;
  return {
    id: 'check-ins',
    title: t('reports.chart.checkIns'),
    type: 'bar',
    categories: c.byCategory.map((x) => pick(x.name, x.nameEn)),
    series: [
      {
        name: t('registrations.status.confirmed'),
        values: c.byCategory.map((x) => r.byCategory.find((y) => y.id === x.id)?.byStatus.confirmed ?? 0),
      },
      { name: t('reports.figures.checkedIn'), values: c.byCategory.map((x) => x.people) },
    ],
  };
};

const sessions: Builder = ({ sessions: s }, { t, sessionKindName }) =>
  s.total === 0
    ? null
    : {
        id: 'sessions',
        title: t('reports.chart.sessions'),
        type: 'bar',
        categories: s.byKind.map((k) => sessionKindName(k.kind)),
        series: [{ name: t('reports.figures.sessions'), values: s.byKind.map((k) => k.count) }],
      };

/**
 * Agreements by kind: the signed ones counted item by item, and beside them (never stacked on them) the ceremonies'
 * summary totals, in the kinds either has.
 */
const agreements: Builder = ({ agreements: { counted, summary } }, { t, agreementKindName }) => {
  const kinds = AGREEMENT_KINDS.filter((k) => counted.bySignedKind[k] > 0 || summary.byKind[k] > 0);
  if (kinds.length === 0) return null;
  return {
    id: 'agreements',
    title: t('reports.chart.agreements'),
    type: 'bar',
    categories: kinds.map(agreementKindName),
    series: [
      { name: t('reports.agreements.signed'), values: kinds.map((k) => counted.bySignedKind[k]) },
      ...(summary.agreements > 0
        ? [{ name: t('reports.agreements.summary'), values: kinds.map((k) => summary.byKind[k]) }]
        : []),
    ],
  };
};

const achievements: Builder = ({ achievements: a }, { t, pick }) =>
  a.total === 0
    ? null
    : {
        id: 'achievements',
        title: t('reports.chart.achievements'),
        type: 'pie',
        categories: a.byCategory.map((c) => pick(c.name, c.nameEn)),
        series: [{ name: t('reports.figures.achievements'), values: a.byCategory.map((c) => c.count) }],
      };

const demands: Builder = ({ demands: d }, { t, pick }) =>
  d.total === 0
    ? null
    : {
        id: 'demands',
        title: t('reports.chart.demands'),
        type: 'pie',
        categories: d.byCategory.map((c) => pick(c.name, c.nameEn)),
        series: [{ name: t('reports.figures.demands'), values: d.byCategory.map((c) => c.count) }],
      };

/** What the roadshows' audience left: interest, meeting requests and messages (a roadshow without leads has no chart). */
const roadshows: Builder = ({ roadshows: r }, { t }) =>
  r.leads.total === 0
    ? null
    : {
        id: 'roadshows',
        title: t('reports.chart.roadshows'),
        type: 'bar',
        categories: [t('reports.roadshows.interest'), t('reports.roadshows.meeting'), t('reports.roadshows.message')],
        series: [
          {
            name: t('reports.roadshows.leads'),
            values: [r.leads.interest, r.leads.meeting, r.leads.message],
          },
        ],
      };

const meetings: Builder = ({ meetings: m }, { t }) =>
  m.requests.total === 0
    ? null
    : {
        id: 'meetings',
        title: t('reports.chart.meetings'),
        type: 'bar',
        categories: [
          t('reports.meetings.requests'),
          t('reports.meetings.accepted'),
          t('reports.meetings.scheduled'),
          t('reports.meetings.held'),
          t('reports.meetings.intents'),
        ],
        series: [
          {
            name: t('reports.chart.meetings'),
            values: [m.requests.total, m.requests.accepted, m.scheduled, m.held, m.intents],
          },
        ],
      };

/** The stages of the funnel, in order (dropped intents are beside it, not a layer of it). */
export const FUNNEL_STAGES = ['intent', 'negotiating', 'signed', 'landed'] as const;

/** The cooperation pipeline as a funnel: intents that reached each stage (意向 → 洽谈 → 签约 → 落地). */
const funnel: Builder = ({ funnel: f }, { t }) =>
  f.reachedCounts.intent === 0
    ? null
    : {
        id: 'funnel',
        title: t('reports.chart.funnel'),
        type: 'funnel',
        categories: FUNNEL_STAGES.map((stage) => t(`intents.stage.${stage}`)),
        series: [{ name: t('reports.funnel.reached'), values: FUNNEL_STAGES.map((stage) => f.reachedCounts[stage]) }],
      };

/** The event summary's charts, in the page's order; a section with nothing to show has no chart. */
const EVENT_CHARTS: readonly Builder[] = [
  registrations,
  checkIns,
  sessions,
  agreements,
  achievements,
  demands,
  roadshows,
  meetings,
  funnel,
];

export function eventCharts(report: EventReport, options: ChartOptions): ChartSpec[] {
  return EVENT_CHARTS.map((build) => build(report, options)).filter((c): c is ChartSpec => c !== null);
}

/** An edition's short name: "第19次" / "No. 19", or its short title when it has no edition number. */
export function editionLabel(event: EventHeader, o: Pick<ChartOptions, 't' | 'pick'>): string {
  if (event.edition !== null) return o.t('reports.series.edition', { n: event.edition });
  return o.pick(event.shortTitle ?? event.title, event.shortTitleEn ?? event.titleEn);
}

/** Every edition side by side: one group of bars per edition, one bar per headline figure. */
export function seriesChart(editions: readonly EventReport[], o: Pick<ChartOptions, 't' | 'pick'>): ChartSpec | null {
  if (editions.length === 0) return null;
  return {
    id: 'editions',
    title: o.t('reports.chart.editions'),
    type: 'bar',
    categories: editions.map((e) => editionLabel(e.event, o)),
    series: KEY_FIGURES.filter((f) => f.inSeriesChart).map((f) => ({
      name: o.t(`reports.figures.${f.key}`),
      values: editions.map((e) => f.value(e)),
    })),
  };
}

/** The pipeline across editions: for each edition, the intents that reached each stage (an intent counts once per stage). */
export function seriesPipelineChart(
  report: Pick<SeriesReport, 'editions'>,
  o: Pick<ChartOptions, 't' | 'pick'>,
): ChartSpec | null {
  if (!report.editions.some((e) => e.funnel.reachedCounts.intent > 0)) return null;
  return {
    id: 'pipeline',
    title: o.t('reports.chart.pipeline'),
    type: 'bar',
    categories: report.editions.map((e) => editionLabel(e.event, o)),
    series: FUNNEL_STAGES.map((stage) => ({
      name: o.t(`intents.stage.${stage}`),
      values: report.editions.map((e) => e.funnel.reachedCounts[stage]),
    })),
  };
}
