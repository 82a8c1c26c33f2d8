import type { SessionKind } from '../../agenda/session.entity.js';
import { formatInZone } from '../../common/time.js';
import type { Locale } from '../../i18n/i18n.js';
import { AGREEMENT_KINDS, type AgreementKind } from '../../signings/domain/agreement-status.js';
import {
  eventCharts,
  editionLabel,
  FUNNEL_STAGES,
  seriesChart,
  seriesPipelineChart,
  type ChartOptions,
  type ChartSpec,
} from '../domain/charts.js';
import type { EventReport, IntentFunnelFigures, SeriesFunnelFigures, SeriesReport } from '../domain/figures.js';
import type { FunnelGroup, StagePair } from '../../intents/intent-funnel.service.js';
import { keyFigures, seriesRows, type Translate } from '../domain/key-figures.js';
import { pressSummary, type PressSummary } from '../domain/press-summary.js';

/** What the report pages need to speak the reader's language. */
export interface ReaderContext {
  locale: Locale;
  t: Translate;
}

function chartOptions({ locale, t }: ReaderContext): ChartOptions {
  return {
    t,
    pick: (zh, en) => (locale === 'en' && en?.trim() ? en : zh),
    sessionKindName: (kind: SessionKind) => t(`sessionKind.${kind}`),
    agreementKindName: (kind: AgreementKind) => t(`signings.kind.${kind}`),
  };
}

export function summaryOf(report: EventReport, reader: ReaderContext): PressSummary {
  return pressSummary(report, {
    locale: reader.locale,
    sessionKindName: (kind) => reader.t(`sessionKind.${kind}`),
    agreementKindName: (kind) => reader.t(`signings.kind.${kind}`),
  });
}

/** "Figures as of 2 December 2026 15:47 (Beijing time)", in the event's time zone. */
export function asOfText(report: EventReport, reader: ReaderContext, now: Date): string {
  return reader.t('reports.asOf', {
    at: formatInZone(now, report.event.timezone, reader.locale, 'datetime'),
  });
}

/** The agreements card: the kinds that have agreements, counted and in summary totals side by side (never added). */
function agreementsCard({ agreements: a }: EventReport) {
  return {
    hasSummary: a.summary.ceremonies > 0,
    byKind: AGREEMENT_KINDS.filter((kind) => a.counted.bySignedKind[kind] > 0 || a.summary.byKind[kind] > 0).map(
      (kind) => ({ kind, signed: a.counted.bySignedKind[kind], summary: a.summary.byKind[kind] }),
    ),
  };
}

const STAGE_KEYS = [...FUNNEL_STAGES, 'dropped'] as const;
const PAIRS: readonly StagePair[] = [
  'intentToNegotiating',
  'negotiatingToSigned',
  'signedToLanded',
  'intentToSigned',
  'intentToLanded',
];

/** A rate as a percentage with up to one decimal ("37.5%"), or a dash when there was nothing to divide. */
export const percent = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 1000) / 10}%`);

/**
 * The funnel card: stages (reached and current), conversion rates and median days by pair of stages, values, overdue
 * follow-ups, and the breakdowns with their groups named in the reader's language.
 */
function funnelCard(f: IntentFunnelFigures | SeriesFunnelFigures, reader: ReaderContext) {
  const { t, locale } = reader;
  const pick = (zh: string | null, en: string | null) => (locale === 'en' && en?.trim() ? en : zh);
  const none = t('reports.funnel.none');
  const group = (dimension: string) => (g: FunnelGroup) => ({
    key: g.key,
    label:
      dimension === 'kind' ? t(`intents.kind.${g.key}`) : g.key === '' ? none : (pick(g.label, g.labelEn) ?? g.key),
    total: g.total,
    reached: g.reachedCounts,
    landedValueWan: g.valueWan.landed,
    overdue: g.overdueFollowUps,
  });
  return {
    total: f.total,
    stages: STAGE_KEYS.map((stage) => ({
      stage,
      label: t(`intents.stage.${stage}`),
      reached: f.reachedCounts[stage],
      current: f.currentCounts[stage],
    })),
    pairs: PAIRS.map((pair) => ({
      pair,
      label: t(`reports.funnel.pair.${pair}`),
      rate: percent(f.conversionRates[pair]),
      medianDays: f.medianDays[pair] ?? '–',
      samples: f.medianSamples[pair],
    })),
    valueWan: f.valueWan,
    overdueFollowUps: f.overdueFollowUps,
    breakdowns: (['category', 'city', 'kind', 'owner'] as const).map((dimension) => ({
      dimension,
      title: t(`reports.funnel.by.${dimension}`),
      groups: f.breakdowns[dimension].map(group(dimension)),
    })),
  };
}

/** The event summary page: headline figures, charts (as data for charts.js), the press text, the detailed tables. */
export function eventSummaryView(report: EventReport, reader: ReaderContext, now: Date) {
  const charts: ChartSpec[] = eventCharts(report, chartOptions(reader));
  return {
    report,
    event: report.event,
    timezone: report.event.timezone,
    figures: keyFigures(report, reader.t),
    charts,
    summary: summaryOf(report, reader),
    asOf: asOfText(report, reader, now),
    standingStatuses: ['confirmed', 'pending', 'waitlisted'],
    agreements: agreementsCard(report),
    funnel: funnelCard(report.funnel, reader),
  };
}

/** The series page: the editions in date order, one column each, a chart of them side by side. */
export function seriesView(report: SeriesReport, reader: ReaderContext) {
  const { t } = reader;
  const options = chartOptions(reader);
  const charts = [seriesChart(report.editions, options), seriesPipelineChart(report, options)].filter(
    (c): c is ChartSpec => c !== null,
  );
  return {
    report,
    series: report.series,
    editions: report.editions.map((e) => ({ event: e.event, label: editionLabel(e.event, options) })),
    rows: seriesRows(report.editions, reader.t),
    charts,
    // The pipeline across editions: each stage reached, edition by edition, then the whole series.
    pipeline: {
      rows: [
        ...STAGE_KEYS.map((stage) => ({
          key: stage,
          label: t(`intents.stage.${stage}`),
          values: report.editions.map((e) => e.funnel.reachedCounts[stage]),
          series: report.funnel.reachedCounts[stage],
        })),
        {
          key: 'intentToLanded',
          label: t('reports.funnel.pair.intentToLanded'),
          values: report.editions.map((e) => percent(e.funnel.conversionRates.intentToLanded)),
          series: percent(report.funnel.conversionRates.intentToLanded),
        },
        {
          key: 'valueLandedWan',
          label: t('reports.funnel.valueLanded'),
          values: report.editions.map((e) => e.funnel.valueWan.landed),
          series: report.funnel.valueWan.landed,
        },
        {
          key: 'overdueFollowUps',
          label: t('reports.funnel.overdue'),
          values: report.editions.map((e) => e.funnel.overdueFollowUps),
          series: report.funnel.overdueFollowUps,
        },
      ],
    },
    funnel: funnelCard(report.funnel, reader),
  };
}
