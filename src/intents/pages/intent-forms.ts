import type { FieldProblem } from '../../common/domain-error.js';
import { INTENT_STAGES } from '../domain/stages.js';
import type { ListIntentsQueryDto, OwnerDto, PartyDto } from '../dto/intents.dto.js';
import { INTENT_KINDS } from '../domain/vocabulary.js';

/**
 * Console form values ↔ the API's DTOs, as plain functions: filters from a query string, parties and owners from
 * flat form fields (`parties.0.organisation`, `ownerKey`, `owner.contactName`), numbers and empty fields.
 */

export const PARTY_ROWS = 3;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const id = (value: unknown): number | undefined => {
  const t = text(value);
  return t && /^\d{1,9}$/.test(t) && Number(t) > 0 ? Number(t) : undefined;
};

/** The list's filters from a query string; anything unreadable is left out (a filter link never fails). */
export function filtersOf(raw: Record<string, unknown>): ListIntentsQueryDto {
  const filters: ListIntentsQueryDto = {};
  const eventId = id(raw.eventId);
  if (eventId) filters.eventId = eventId;
  const seriesId = id(raw.seriesId);
  if (seriesId) filters.seriesId = seriesId;
  const owner = text(raw.owner);
  if (owner && /^(user:\d{1,9}|organisation:\d{1,9}|none)$/.test(owner)) filters.owner = owner;
  const city = text(raw.city);
  if (city) filters.city = city.slice(0, 60);
  const category = text(raw.category);
  if (category && /^[a-z0-9_-]{1,40}$/.test(category)) filters.category = category;
  const stage = text(raw.stage);
  if (stage && (INTENT_STAGES as readonly string[]).includes(stage))
    filters.stage = stage as ListIntentsQueryDto['stage'];
  const kind = text(raw.kind);
  if (kind && (INTENT_KINDS as readonly string[]).includes(kind)) filters.kind = kind as ListIntentsQueryDto['kind'];
  if (raw.overdue === 'true' || raw.overdue === 'on') filters.overdue = true;
  const q = text(raw.q);
  if (q) filters.q = q.slice(0, 100);
  const page = id(raw.page);
  if (page) filters.page = Math.min(page, 100_000);
  return filters;
}

/** The filters as a query string (for links that keep them: pages, exports, the board). */
export function queryOf(filters: ListIntentsQueryDto, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value === undefined || value === null || value === false || key === 'page' || key === 'pageSize') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Party rows `parties.<i>.organisation|contactName|contactEmail|contactPhone` → the DTO's parties (filled rows). */
export function partiesOf(values: Record<string, unknown>): PartyDto[] {
  const parties: PartyDto[] = [];
  for (let i = 0; i < PARTY_ROWS; i += 1) {
    const organisation = text(values[`parties.${i}.organisation`]);
    const contactName = text(values[`parties.${i}.contactName`]);
    const contactEmail = text(values[`parties.${i}.contactEmail`]);
    const contactPhone = text(values[`parties.${i}.contactPhone`]);
    if (!organisation && !contactName && !contactEmail && !contactPhone) continue;
    parties.push({
      ...(organisation ? { organisation } : {}),
      ...(contactName ? { contactName } : {}),
      ...(contactEmail ? { contactEmail } : {}),
      ...(contactPhone ? { contactPhone } : {}),
    });
  }
  return parties;
}

/**
 * The owner fields: `ownerKey` (user:<id>, organisation:<id>, or empty for none), `owner.organisation` (a new
 * organisation by name, which wins), and the contact `owner.contactName|contactEmail|contactPhone`. Undefined when
 * `keep` says the owner did not change (the same key and no contact typed).
 */
export function ownerOf(values: Record<string, unknown>, keep?: string | null): OwnerDto | null | undefined {
  const key = text(values.ownerKey) ?? '';
  const organisation = text(values['owner.organisation']);
  const contact = {
    ...(text(values['owner.contactName']) ? { contactName: text(values['owner.contactName']) } : {}),
    ...(text(values['owner.contactEmail']) ? { contactEmail: text(values['owner.contactEmail']) } : {}),
    ...(text(values['owner.contactPhone']) ? { contactPhone: text(values['owner.contactPhone']) } : {}),
  };
  if (organisation) return { organisation, ...contact };
  if (keep !== undefined && key === (keep ?? '') && !Object.keys(contact).length) return undefined;
  const user = /^user:(\d{1,9})$/.exec(key);
  if (user) return { userId: Number(user[1]) };
  const org = /^organisation:(\d{1,9})$/.exec(key);
  if (org) return { organisationId: Number(org[1]), ...contact };
  return null;
}

/** Where a DTO's problem shows on the form: owner problems on the owner fields. */
export function formProblems(problems: FieldProblem[]): FieldProblem[] {
  return problems.map((p) => {
    if (p.field === 'owner' || p.field === 'owner.userId' || p.field === 'owner.organisationId')
      return { ...p, field: 'ownerKey' };
    return p;
  });
}

/** A whole number from a form field, or the text as it came (the DTO then names the problem). */
export function wholeNumber(value: unknown): unknown {
  const t = text(value);
  if (t === undefined) return undefined;
  const plain = t.replace(/[,，\s]/g, '');
  return /^\d{1,12}$/.test(plain) ? Number(plain) : t;
}
