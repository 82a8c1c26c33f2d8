import type { EventHeader, SectionFigures, SectionKey } from '../domain/figures.js';

/**
 * One section of the reports: the figures one capability contributes, for any number of events at once (one event's
 * report, or every edition of a series), computed with grouped queries — never by loading the rows themselves.
 * `compute` answers every event it is given, with zeros where nothing happened.
 */
export interface ReportSection<K extends SectionKey = SectionKey> {
  readonly key: K;
  compute(events: readonly EventHeader[]): Promise<Map<number, SectionFigures[K]>>;
}

/** The injection token of the sections the report is composed of (see reports.module.ts). */
export const REPORT_SECTIONS = Symbol('REPORT_SECTIONS');

/** A count as the drivers answer it (PostgreSQL's bigint as a string, SQLite's as a number, NULL for an empty SUM). */
export const count = (value: unknown): number => Number(value ?? 0);

/** The ids of the events, for `IN (:...eventIds)`. */
export const idsOf = (events: readonly EventHeader[]): number[] => events.map((e) => e.id);

/** A map with a fresh value for each event, filled in by the caller. */
export function perEvent<T>(events: readonly EventHeader[], make: () => T): Map<number, T> {
  return new Map(events.map((e) => [e.id, make()]));
}
