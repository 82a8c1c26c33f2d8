import { AGREEMENT_KINDS, type AgreementKind, type AgreementStatus } from './agreement-status.js';

/**
 * The figures the press reports, computed from the agreements themselves ("counted"), and the totals a ceremony
 * records for signings that are not itemised ("summary", e.g. the Suzhou summit's 45 transformation projects and 6
 * strategic partners). The two are kept apart everywhere: a summary is what the organiser says happened, the counted
 * totals are what the app knows item by item, and adding them would count an itemised signing twice as soon as an
 * organiser itemises part of a summary.
 */

export interface LandingPlace {
  province: string | null;
  city: string | null;
  district: string | null;
}

/** What the totals need to know of one agreement. */
export interface TotalsItem {
  id: number;
  kind: AgreementKind;
  status: AgreementStatus;
  amountWan: number | null;
  landing: LandingPlace | null;
  /** Directory ids of the parties' organisations. */
  organisationIds: number[];
}

export type CountsByKind = Record<AgreementKind, number>;

export interface PlaceTotal extends LandingPlace {
  /** The place as written: 四川省资阳市雁江区 (the parts given, joined). */
  label: string;
  signed: number;
  amountWan: number;
}

export interface CountedTotals {
  /** Agreements signed, all kinds. */
  signed: number;
  bySignedKind: CountsByKind;
  /** Agreements still to be signed (planned or confirmed) and withdrawn ones, for the console. */
  planned: number;
  confirmed: number;
  withdrawn: number;
  strategicPartners: number;
  /** 万元, over the signed agreements that state an amount. */
  amountWan: number;
  landingPlaces: PlaceTotal[];
}

/** Totals recorded for signings that are not itemised. */
export interface SummaryTotals {
  /** Agreements by kind, e.g. { project: 45, strategic: 6 }. */
  byKind: Partial<CountsByKind>;
  strategicPartners: number | null;
  amountWan: number | null;
  /** How the organiser reports it: 45个转化项目供需双方签约. */
  note: string | null;
  noteEn: string | null;
}

export interface SummaryTotalsSum {
  /** How many ceremonies record a summary. */
  ceremonies: number;
  agreements: number;
  byKind: CountsByKind;
  strategicPartners: number;
  amountWan: number;
  notes: { note: string | null; noteEn: string | null }[];
}

export const zeroByKind = (): CountsByKind =>
  Object.fromEntries(AGREEMENT_KINDS.map((kind) => [kind, 0])) as CountsByKind;

const roundWan = (n: number) => Math.round(n * 100) / 100;

export function placeLabel(place: LandingPlace): string {
  return [place.province, place.city, place.district].filter((p): p is string => !!p?.trim()).join('');
}

/**
 * The strategic partnerships of one ceremony: each signed strategic agreement pairs the ceremony's host (the
 * organisation signing with its partners, e.g. 西部转化中心) with every other party; without a host, each signed
 * strategic agreement counts as one partnership. Keys are comparable across ceremonies, so that an event's total
 * counts a host's partner once even when two ceremonies both name it.
 */
export function strategicPartnerships(items: readonly TotalsItem[], hostOrganisationId: number | null): Set<string> {
  const keys = new Set<string>();
  for (const item of items) {
    if (item.kind !== 'strategic' || item.status !== 'signed') continue;
    if (hostOrganisationId === null) keys.add(`agreement:${item.id}`);
    else
      for (const organisationId of item.organisationIds)
        if (organisationId !== hostOrganisationId) keys.add(`partner:${hostOrganisationId}:${organisationId}`);
  }
  return keys;
}

/**
 * The counted totals of one or more ceremonies. Each group is one ceremony's agreements with its host (see
 * `strategicPartnerships`).
 */
export function countedTotals(groups: readonly { items: readonly TotalsItem[]; hostOrganisationId: number | null }[]) {
  const totals: CountedTotals = {
    signed: 0,
    bySignedKind: zeroByKind(),
    planned: 0,
    confirmed: 0,
    withdrawn: 0,
    strategicPartners: 0,
    amountWan: 0,
    landingPlaces: [],
  };
  const partners = new Set<string>();
  const places = new Map<string, PlaceTotal>();
  for (const group of groups) {
    for (const key of strategicPartnerships(group.items, group.hostOrganisationId)) partners.add(key);
    for (const item of group.items) {
      if (item.status !== 'signed') {
        totals[item.status] += 1;
        continue;
      }
      totals.signed += 1;
      totals.bySignedKind[item.kind] += 1;
      totals.amountWan += item.amountWan ?? 0;
      const label = item.landing ? placeLabel(item.landing) : '';
      if (!item.landing || !label) continue;
      const place = places.get(label) ?? { ...item.landing, label, signed: 0, amountWan: 0 };
      place.signed += 1;
      place.amountWan = roundWan(place.amountWan + (item.amountWan ?? 0));
      places.set(label, place);
    }
  }
  totals.strategicPartners = partners.size;
  totals.amountWan = roundWan(totals.amountWan);
  // Most signings first, then by name (stable for the screen and the tests).
  totals.landingPlaces = [...places.values()].sort(
    (a, b) => b.signed - a.signed || a.label.localeCompare(b.label, 'zh-CN'),
  );
  return totals;
}

/** The summary totals of several ceremonies, added up (ceremonies without a summary are left out). */
export function sumSummaries(summaries: readonly (SummaryTotals | null)[]): SummaryTotalsSum {
  const sum: SummaryTotalsSum = {
    ceremonies: 0,
    agreements: 0,
    byKind: zeroByKind(),
    strategicPartners: 0,
    amountWan: 0,
    notes: [],
  };
  for (const summary of summaries) {
    if (!summary) continue;
    sum.ceremonies += 1;
    for (const kind of AGREEMENT_KINDS) {
      const n = summary.byKind[kind] ?? 0;
      sum.byKind[kind] += n;
      sum.agreements += n;
    }
    sum.strategicPartners += summary.strategicPartners ?? 0;
    sum.amountWan = roundWan(sum.amountWan + (summary.amountWan ?? 0));
    if (summary.note || summary.noteEn) sum.notes.push({ note: summary.note, noteEn: summary.noteEn });
  }
  return sum;
}
