import type { FieldProblem } from '../../common/domain-error.js';
import { AGREEMENT_KINDS, type AgreementKind } from '../domain/agreement-status.js';

/**
 * The console's forms for agreements and ceremonies: flat fields (a row per party, a line per witness) read into the
 * JSON API's DTO values, DTO problems mapped back to the form's fields, and the forms filled from what is stored.
 */

/** Party rows on the agreement form. */
export const PARTY_ROWS = 6;

const SUFFIX: Record<string, string> = {
  organisation: 'Organisation',
  signatory: 'Signatory',
  signatoryTitle: 'Title',
  side: 'Side',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** "李明 / 主任 / 四川省同城化办公室", one witness a line (title and organisation may be left out). */
export function parseWitnesses(text: string): {
  witnesses: { name: string; title?: string; organisation?: string }[];
  bad?: string;
} {
  const witnesses = [];
  for (const line of text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const parts = line.split(/\s*[/／]\s*/).map((p) => p.trim());
    if (parts.length > 3 || !parts[0]) return { witnesses, bad: line };
    const [name, title, organisation] = parts;
    witnesses.push({ name, ...(title ? { title } : {}), ...(organisation ? { organisation } : {}) });
  }
  return { witnesses };
}

export function witnessesText(
  witnesses: { name: string; title: string | null; organisation: string | null }[],
): string {
  return witnesses
    .map((w) => [w.name, w.title ?? '', w.organisation ?? ''].join(' / ').replace(/( \/ )+$/, ''))
    .join('\n');
}

function amount(raw: unknown, field: string, errors: FieldProblem[]): number | null {
  const text = str(raw);
  if (text === undefined) return null;
  if (/^\d{1,10}(\.\d{1,2})?$/.test(text)) return Number(text);
  errors.push({ field, reason: 'enter an amount in 万元 (up to two decimals)' });
  return null;
}

function whole(raw: unknown, field: string, errors: FieldProblem[]): number | null {
  const text = str(raw);
  if (text === undefined) return null;
  if (/^\d{1,6}$/.test(text)) return Number(text);
  errors.push({ field, reason: 'enter a whole number' });
  return null;
}

/** The agreement form → CreateAgreementDto/UpdateAgreementDto values (cleared fields are null), and reading problems. */
export function readAgreementForm(values: Record<string, unknown>): {
  dto: Record<string, unknown>;
  errors: FieldProblem[];
} {
  const errors: FieldProblem[] = [];
  const parties = [];
  for (let i = 1; i <= PARTY_ROWS; i += 1) {
    const organisation = str(values[`party${i}Organisation`]);
    const signatory = str(values[`party${i}Signatory`]);
    const signatoryTitle = str(values[`party${i}Title`]);
    const side = str(values[`party${i}Side`]);
    if (!organisation) {
      if (signatory || signatoryTitle)
        errors.push({ field: `party${i}Organisation`, reason: 'name the organisation the signatory signs for' });
      continue;
    }
    parties.push({
      organisation,
      signatory: signatory ?? null,
      signatoryTitle: signatoryTitle ?? null,
      ...(side ? { side } : {}),
    });
  }
  const { witnesses, bad } = parseWitnesses(str(values.witnesses) ?? '');
  if (bad) errors.push({ field: 'witnesses', reason: `cannot read "${bad}"; write e.g. 李明 / 主任 / 单位` });
  const landing = {
    province: str(values.landingProvince) ?? null,
    city: str(values.landingCity) ?? null,
    district: str(values.landingDistrict) ?? null,
  };
  const dto: Record<string, unknown> = {
    title: values.title,
    titleEn: str(values.titleEn) ?? null,
    kind: values.kind,
    parties,
    witnesses,
    facilitator: str(values.facilitator) ?? null,
    landing: landing.province || landing.city || landing.district ? landing : null,
    amountWan: amount(values.amountWan, 'amountWan', errors),
    minutes: whole(values.minutes, 'minutes', errors),
    achievementId: whole(values.achievementId, 'achievementId', errors),
    demandId: whole(values.demandId, 'demandId', errors),
    meetingId: whole(values.meetingId, 'meetingId', errors),
  };
  return { dto, errors };
}

/** A DTO problem (parties.1.organisation, landing.city) → the form field that shows it (party2Organisation, landingCity). */
export function formField(field: string): string {
  const party = /^parties\.(\d+)\.(\w+)/.exec(field);
  if (party) return `party${Number(party[1]) + 1}${SUFFIX[party[2]] ?? 'Organisation'}`;
  if (field === 'parties') return 'party1Organisation';
  if (field.startsWith('witnesses')) return 'witnesses';
  const landing = /^landing\.(\w+)/.exec(field);
  if (landing) return `landing${landing[1][0].toUpperCase()}${landing[1].slice(1)}`;
  const summary = /^summary\.(?:byKind\.)?(\w+)/.exec(field);
  if (summary) return summaryField(summary[1]);
  return field;
}

const summaryField = (key: string) => `summary${key[0].toUpperCase()}${key.slice(1)}`;

/** The ceremony's settings form → CreateCeremonyDto/UpdateCeremonyDto values. */
export function readCeremonyForm(values: Record<string, unknown>): {
  dto: Record<string, unknown>;
  errors: FieldProblem[];
} {
  const errors: FieldProblem[] = [];
  const byKind: Partial<Record<AgreementKind, number>> = {};
  for (const kind of AGREEMENT_KINDS) {
    const n = whole(values[summaryField(kind)], summaryField(kind), errors);
    if (n) byKind[kind] = n;
  }
  const summary = {
    byKind,
    strategicPartners: whole(values.summaryStrategicPartners, 'summaryStrategicPartners', errors) ?? undefined,
    amountWan: amount(values.summaryAmountWan, 'summaryAmountWan', errors) ?? undefined,
    note: str(values.summaryNote),
    noteEn: str(values.summaryNoteEn),
  };
  const empty =
    Object.keys(byKind).length === 0 &&
    summary.strategicPartners === undefined &&
    summary.amountWan === undefined &&
    !summary.note &&
    !summary.noteEn;
  const dto: Record<string, unknown> = {
    hostOrganisation: str(values.hostOrganisation) ?? null,
    openingMinutes: whole(values.openingMinutes, 'openingMinutes', errors) ?? undefined,
    minutesPerSigning: whole(values.minutesPerSigning, 'minutesPerSigning', errors) ?? undefined,
    summary: empty ? null : summary,
  };
  if (values.agendaSessionId !== undefined)
    dto.agendaSessionId = whole(values.agendaSessionId, 'agendaSessionId', errors) ?? undefined;
  return { dto, errors };
}

/** The ceremony's settings form filled from what is stored. */
export function ceremonyFormValues(ceremony: {
  host: string | null;
  openingMinutes: number;
  minutesPerSigning: number;
  summary: {
    byKind: Partial<Record<AgreementKind, number>>;
    strategicPartners: number | null;
    amountWan: number | null;
    note: string | null;
    noteEn: string | null;
  } | null;
}): Record<string, unknown> {
  const s = ceremony.summary;
  return {
    hostOrganisation: ceremony.host ?? '',
    openingMinutes: ceremony.openingMinutes,
    minutesPerSigning: ceremony.minutesPerSigning,
    ...Object.fromEntries(AGREEMENT_KINDS.map((k) => [summaryField(k), s?.byKind[k] ?? ''])),
    summaryStrategicPartners: s?.strategicPartners ?? '',
    summaryAmountWan: s?.amountWan ?? '',
    summaryNote: s?.note ?? '',
    summaryNoteEn: s?.noteEn ?? '',
  };
}
