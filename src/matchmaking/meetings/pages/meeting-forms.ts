import { parseId } from '../../../common/id.js';

/** Form posts of the meetings pages into the shapes the DTOs take. */

/** An id from a query or form value (its canonical text only, see parseId), or undefined. */
export function positiveId(value: unknown): number | undefined {
  return typeof value === 'string' ? parseId(value) : undefined;
}

/** Categories typed as one line ("装备制造，航空航天" or "a, b"); available slots as repeated checkbox values. */
export function participationValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { offer: values.offer, seek: values.seek };
  if (typeof values.categories === 'string')
    out.categories = values.categories
      .split(/[,，、;；]/)
      .map((c) => c.trim())
      .filter(Boolean);
  const slots = values.slots === undefined ? [] : Array.isArray(values.slots) ? values.slots : [values.slots];
  out.availableSlots = slots.map((s) => (typeof s === 'string' && /^\d{1,4}$/.test(s) ? Number(s) : s));
  return out;
}
