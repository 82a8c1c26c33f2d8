/**
 * The console's roadshow forms → the API's DTO values. Form fields are flat strings (cleaned: empty ones absent);
 * the DTOs (dto/roadshows.dto.ts) validate the result, so a problem still names the API's field.
 */

const whole = (value: unknown): unknown =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
const list = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String).filter(Boolean);

/** A project form: presenter fields become the nested `presenter`; minutes and the achievement become numbers. */
export function projectValues(values: Record<string, unknown>, options: { update?: boolean } = {}) {
  const presenter =
    values.presenterName !== undefined
      ? {
          name: values.presenterName,
          title: values.presenterTitle,
          email: values.presenterEmail,
        }
      : undefined;
  const out: Record<string, unknown> = {
    name: values.name,
    nameEn: values.nameEn,
    summary: values.summary,
    summaryEn: values.summaryEn,
    organisation: values.organisation,
    presenter,
    categoryCode: values.categoryCode,
    stage: values.stage,
    pitchMinutes: whole(values.pitchMinutes),
    qaMinutes: whole(values.qaMinutes),
    // The checkboxes: on an edit form, none ticked means none sought.
    seeks: values.seeks !== undefined || options.update ? list(values.seeks) : undefined,
    // "none" unlinks on an edit; on a new project it means no achievement.
    achievementId: values.achievementId === 'none' ? (options.update ? null : undefined) : whole(values.achievementId),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/**
 * The criteria form: rows `name.N`, `nameEn.N`, `weight.N` (and `id.N` for existing criteria); rows without a name
 * are left out, so blank rows at the end add nothing and clearing a name removes that criterion.
 */
export function criteriaValues(values: Record<string, unknown>) {
  const rows = new Set(
    Object.keys(values)
      .map((key) => /^(?:id|name|nameEn|weight)\.(\d{1,2})$/.exec(key)?.[1])
      .filter((n): n is string => n !== undefined),
  );
  const criteria = [...rows]
    .map(Number)
    .sort((a, b) => a - b)
    .filter((n) => values[`name.${n}`] !== undefined)
    .map((n) => ({
      ...(values[`id.${n}`] !== undefined ? { id: whole(values[`id.${n}`]) } : {}),
      name: values[`name.${n}`],
      ...(values[`nameEn.${n}`] !== undefined ? { nameEn: values[`nameEn.${n}`] } : {}),
      weight: whole(values[`weight.${n}`]),
    }));
  return { criteria };
}

/** A DTO field's problem → the console form field it belongs to (`presenter.email` → `presenterEmail`, …). */
export function formField(field: string): string {
  const presenter = /^presenter\.(name|title|email)$/.exec(field);
  if (presenter) return `presenter${presenter[1][0].toUpperCase()}${presenter[1].slice(1)}`;
  const criterion = /^criteria\.(\d{1,2})\.(id|name|nameEn|weight)$/.exec(field);
  if (criterion) return `${criterion[2]}.${criterion[1]}`;
  if (/^scores(\.|$)/.test(field)) return 'scores';
  return field;
}

/** Problems by the form's fields, once each (the first problem of a field is the one shown). */
export function formProblems<T extends { field: string }>(problems: T[]): T[] {
  const seen = new Set<string>();
  return problems
    .map((p) => ({ ...p, field: formField(p.field) }))
    .filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)));
}
