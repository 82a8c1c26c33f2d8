/** Form posts of the console's library pages into the shapes the JSON API's DTOs take. */

const list = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

const number = (value: unknown): unknown =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;

/** An achievement's texts the service clears when they arrive empty: an emptied box means "none", not "unchanged". */
const CLEARABLE = ['patents', 'cooperationSought'] as const;

/**
 * An achievement's edit form: keywords typed in one line ("磁流变；减震器" or "a, b"), transfer modes as ticked
 * checkboxes (none ticked: none, which the DTO refuses), emptied optional texts as "".
 */
export function achievementFormValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values, transferModes: list(values.transferModes) };
  if (typeof values.keywords === 'string')
    out.keywords = values.keywords
      .split(/[;；,，、\n]/)
      .map((k) => k.trim())
      .filter(Boolean);
  else out.keywords = [];
  for (const key of CLEARABLE) out[key] = values[key] ?? '';
  return out;
}

/** A demand's edit form: budgets as whole numbers, the open-call checkbox as a boolean. */
export function demandFormValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values, openCall: values.openCall === 'yes' };
  for (const key of ['budgetMin', 'budgetMax']) if (key in values) out[key] = number(values[key]);
  return out;
}
