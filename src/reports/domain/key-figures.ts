/**
 * The headline figures of an event: the cards at the top of its summary, the rows of the series table (every edition
 * side by side) and the series chart. A new section adds its headline figures here (and their labels,
 * `reports.figures.<key>` in templates/i18n/reports.*.json).
 */
import type { EventReport } from './figures.js';

export interface KeyFigure {
  key: string;
  value(report: EventReport): number;
  /** Drawn in the series chart (the chart keeps to figures of one scale: people and items). */
  inSeriesChart: boolean;
}

export const KEY_FIGURES: readonly KeyFigure[] = [
  { key: 'registered', value: (r) => r.registrations.registered, inSeriesChart: true },
  { key: 'checkedIn', value: (r) => r.checkIns.people, inSeriesChart: true },
  { key: 'sessions', value: (r) => r.sessions.total, inSeriesChart: false },
  { key: 'agreementsSigned', value: (r) => r.agreements.counted.signed, inSeriesChart: true },
  { key: 'strategicPartners', value: (r) => r.agreements.counted.strategicPartners, inSeriesChart: false },
  { key: 'amountSignedWan', value: (r) => r.agreements.counted.amountWan, inSeriesChart: false },
  // The ceremonies' summary totals, beside the counted ones and never added to them.
  { key: 'agreementsSummary', value: (r) => r.agreements.summary.agreements, inSeriesChart: false },
  { key: 'strategicPartnersSummary', value: (r) => r.agreements.summary.strategicPartners, inSeriesChart: false },
  { key: 'achievements', value: (r) => r.achievements.total, inSeriesChart: true },
  { key: 'demands', value: (r) => r.demands.total, inSeriesChart: true },
  { key: 'bids', value: (r) => r.demands.openCalls.bids, inSeriesChart: false },
  { key: 'roadshowProjects', value: (r) => r.roadshows.projects, inSeriesChart: true },
  { key: 'roadshowInterest', value: (r) => r.roadshows.leads.interest, inSeriesChart: false },
  { key: 'roadshowMeetingRequests', value: (r) => r.roadshows.leads.meeting, inSeriesChart: false },
  { key: 'meetingsScheduled', value: (r) => r.meetings.scheduled, inSeriesChart: false },
  { key: 'meetingsHeld', value: (r) => r.meetings.held, inSeriesChart: true },
  // The cooperation pipeline: intents recorded (reached), then those that reached signed and landed.
  { key: 'intents', value: (r) => r.funnel.reachedCounts.intent, inSeriesChart: true },
  { key: 'intentsSigned', value: (r) => r.funnel.reachedCounts.signed, inSeriesChart: false },
  { key: 'intentsLanded', value: (r) => r.funnel.reachedCounts.landed, inSeriesChart: true },
  { key: 'intentsLandedValueWan', value: (r) => r.funnel.valueWan.landed, inSeriesChart: false },
];

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface LabelledFigure {
  key: string;
  label: string;
  value: number;
}

export function keyFigures(report: EventReport, t: Translate): LabelledFigure[] {
  return KEY_FIGURES.map((f) => ({ key: f.key, label: t(`reports.figures.${f.key}`), value: f.value(report) }));
}

/** The series table: one row per headline figure, one value per edition (in the editions' order). */
export function seriesRows(
  editions: readonly EventReport[],
  t: Translate,
): { key: string; label: string; values: number[] }[] {
  return KEY_FIGURES.map((f) => ({
    key: f.key,
    label: t(`reports.figures.${f.key}`),
    values: editions.map((e) => f.value(e)),
  }));
}
