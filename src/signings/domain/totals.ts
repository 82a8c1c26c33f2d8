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
 * One side of a signed strategic agreement, as the partnership rule needs it: the agreement, its ceremony's host and
 * one party's organisation (null when the agreement names none).
 */
export interface PartnershipSide {
  agreementId: number;
  hostOrganisationId: number | null;
  organisationId: number | null;
}

/**
 * The strategic partnership a side of a signed strategic agreement stands for: each such agreement pairs the
 * ceremony's host (the organisation signing with its partners, e.g. 西部转化中心) with every other party; without a
 * host, the agreement itself is one partnership. Null for the host's own side. Keys are comparable across ceremonies
 * and events' queries, so that an event's total counts a host's partner once even when two ceremonies both name it.
 */
export function partnershipKey(side: PartnershipSide): string | null {
  if (side.hostOrganisationId === null) return `agreement:${side.agreementId}`;
  if (side.organisationId === null || side.organisationId === side.hostOrganisationId) return null;
  return `partner:${side.hostOrganisationId}:${side.organisationId}`;
}

/** The strategic partnerships of one ceremony's agreements (see `partnershipKey`). */
export function strategicPartnerships(items: readonly TotalsItem[], hostOrganisationId: number | null): Set<string> {
  const keys = new Set<string>();
  for (const item of items) {
    if (item.kind !== 'strategic' || item.status !== 'signed') continue;
    const sides = item.organisationIds.length ? item.organisationIds : [null];
    for (const organisationId of sides) {
      const key = partnershipKey({ agreementId: item.id, hostOrganisationId, organisationId });
      if (key) keys.add(key);
    }
  }
  return keys;
}

/** Agreements of one kind and status with the sum of their stated amounts (万元): one row of a grouped query. */
export interface KindStatusGroup {
  kind: AgreementKind;
  status: AgreementStatus;
  agreements: number;
  amountWan: number;
}

/** Signed agreements landing in one place, as its parts are written: one row of a grouped query. */
export interface PlaceGroup extends LandingPlace {
  signed: number;
  amountWan: number;
}

/**
 * The counted totals from agreements already grouped by kind and status and signed ones by landing place, with the
 * strategic partnerships' keys: what `countedTotals` computes from the items themselves, and what the reports compute
 * for many events at once from grouped queries (SigningsReader.totalsByEvent) — one rule for both.
 */
export function countedFromGroups(input: {
  kinds: Iterable<KindStatusGroup>;
  places: Iterable<PlaceGroup>;
  /** Partnership keys (`partnershipKey`); null keys, the hosts' own sides, are left out. */
  partnerships: Iterable<string | null>;
}): CountedTotals {
  const partners = new Set(input.partnerships);
  partners.delete(null);
  const totals: CountedTotals = {
    signed: 0,
    bySignedKind: zeroByKind(),
    planned: 0,
    confirmed: 0,
    withdrawn: 0,
    strategicPartners: partners.size,
    amountWan: 0,
    landingPlaces: [],
  };
  for (const group of input.kinds) {
    if (group.status !== 'signed') {
      totals[group.status] += group.agreements;
      continue;
    }
    totals.signed += group.agreements;
    totals.bySignedKind[group.kind] += group.agreements;
    totals.amountWan += group.amountWan;
  }
  totals.amountWan = roundWan(totals.amountWan);
  // Places written alike (a blank district, spaces) are one place.
  const places = new Map<string, PlaceTotal>();
  for (const group of input.places) {
    const label = placeLabel(group);
    if (!label || group.signed === 0) continue;
    const { province, city, district } = group;
    const place = places.get(label) ?? { province, city, district, label, signed: 0, amountWan: 0 };
    place.signed += group.signed;
    place.amountWan = roundWan(place.amountWan + group.amountWan);
    places.set(label, place);
  }
  // Most signings first, then by name (stable for the screen and the tests).
  totals.landingPlaces = [...places.values()].sort(
    (a, b) => b.signed - a.signed || a.label.localeCompare(b.label, 'zh-CN'),
  );
  return totals;
}

/**
 * The counted totals of one or more ceremonies. Each group is one ceremony's agreements with its host (see
 * `strategicPartnerships`).
 */
export function countedTotals(
  groups: readonly { items: readonly TotalsItem[]; hostOrganisationId: number | null }[],
): CountedTotals {
  const items = groups.flatMap((g) => g.items);
  return countedFromGroups({
    kinds: items.map((item) => ({
      kind: item.kind,
      status: item.status,
      agreements: 1,
      amountWan: item.amountWan ?? 0,
    })),
    places: items
      .filter((item) => item.status === 'signed' && item.landing)
      .map((item) => ({ ...item.landing!, signed: 1, amountWan: item.amountWan ?? 0 })),
    partnerships: groups.flatMap((g) => [...strategicPartnerships(g.items, g.hostOrganisationId)]),
  });
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
