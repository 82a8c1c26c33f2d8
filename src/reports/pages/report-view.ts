import type { SessionKind } from '../../agenda/session.entity.js';
import { formatInZone } from '../../common/time.js';
import type { Locale } from '../../i18n/i18n.js';
import { AGREEMENT_KINDS, type AgreementKind } from '../../signings/domain/agreement-status.js';
import { eventCharts, editionLabel, seriesChart, type ChartOptions, type ChartSpec } from '../domain/charts.js';
import type { EventReport, SeriesReport } from '../domain/figures.js';
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
  };
}

/** The series page: the editions in date order, one column each, a chart of them side by side. */
export function seriesView(report: SeriesReport, reader: ReaderContext) {
  const options = chartOptions(reader);
  const chart = seriesChart(report.editions, options);
  return {
    report,
    series: report.series,
    editions: report.editions.map((e) => ({ event: e.event, label: editionLabel(e.event, options) })),
    rows: seriesRows(report.editions, reader.t),
    charts: chart ? [chart] : [],
  };
}
