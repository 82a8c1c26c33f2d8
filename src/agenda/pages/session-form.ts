import type { FieldProblem } from '../../common/domain-error.js';
import { localDay, localToUtc, utcToLocalInput } from '../../common/time.js';
import type { Locale, Translator } from '../../i18n/i18n.js';
import { problemText, type AgendaSession, type EventRoom, type GridRoom } from './agenda-view.js';
import { idOrRaw } from '../../common/id.js';

/**
 * The session form of the programme editor: the form body (local day and wall times in the event's zone, numbered
 * person rows) ↔ the API's session DTO, and the form as a page shows it again, with what was typed and the problems
 * next to their fields. Pure: no Nest, no database.
 */

/** The person rows a session form always offers (blank rows are ignored). */
export const MIN_PERSON_ROWS = 5;
export const MAX_PERSON_ROWS = 100;
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const PERSON_FIELDS = ['role', 'name', 'organisation', 'title', 'titleEn', 'email'] as const;
const SESSION_FIELDS = ['kind', 'title', 'titleEn', 'description', 'descriptionEn', 'capacity', 'roomId'] as const;
const PERSON_KEY = new RegExp(`^people\\.(\\d{1,3})\\.(${PERSON_FIELDS.join('|')})$`);

export type PersonField = (typeof PERSON_FIELDS)[number];
export type PersonRow = Partial<Record<PersonField, string>>;

/** Form values after cleanFormBody: trimmed strings, empty fields left out. */
export type FormValues = Record<string, unknown>;

/** A day ("YYYY-MM-DD") typed or sent, or undefined. */
export function dayOf(value: unknown): string | undefined {
  return typeof value === 'string' && DAY.test(value) ? value : undefined;
}

/** A wall time ("HH:mm") typed or sent, or undefined. */
export function timeOf(value: unknown): string | undefined {
  return typeof value === 'string' && TIME.test(value) ? value : undefined;
}

/** A whole number typed into a form becomes a number; anything else stays as typed for the DTO to refuse. */
export function wholeNumber(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;
}

/** The person rows of a form post, by their row number (`people.<row>.<field>`). */
export function personRows(values: FormValues): Map<number, PersonRow> {
  const rows = new Map<number, PersonRow>();
  for (const [key, value] of Object.entries(values)) {
    const m = PERSON_KEY.exec(key);
    if (!m || typeof value !== 'string' || Number(m[1]) >= MAX_PERSON_ROWS) continue;
    const row = rows.get(Number(m[1])) ?? {};
    row[m[2] as PersonField] = value;
    rows.set(Number(m[1]), row);
  }
  return rows;
}

/** A row with nothing but its role chosen is blank: it is ignored, not an error. */
function isBlank(person: PersonRow): boolean {
  return !person.name && !person.organisation && !person.title && !person.titleEn && !person.email;
}

export interface SessionFormReading {
  /** The values for CreateSessionDto / UpdateSessionDto (times as UTC ISO strings). */
  dto: Record<string, unknown>;
  /** Problems found while reading the form (an unreadable day or time, a person row without a name). */
  errors: FieldProblem[];
  /** For each person of the DTO, the form row it came from (problems point back at the row). */
  rowOf: number[];
}

/**
 * A session form (local day and wall times in the event's zone, person rows) → the API's DTO values, with the
 * problems found while reading it and, for each person of the DTO, the form row it came from.
 */
export function readSessionForm(
  values: FormValues,
  timezone: string,
  /** An update clears the optional fields left empty (null); a creation leaves them out. */
  purpose: 'create' | 'update',
): SessionFormReading {
  const errors: FieldProblem[] = [];
  const dto: Record<string, unknown> = {};
  for (const key of SESSION_FIELDS) {
    const value = key === 'capacity' ? wholeNumber(values[key]) : key === 'roomId' ? idOrRaw(values[key]) : values[key];
    if (value !== undefined) dto[key] = value;
    else if (purpose === 'update' && key !== 'kind' && key !== 'title') dto[key] = null;
  }
  const day = dayOf(values.day);
  if (!day) errors.push({ field: 'day', reason: 'a date is required' });
  for (const key of ['startsAt', 'endsAt'] as const) {
    const time = timeOf(values[key]);
    if (!time) errors.push({ field: key, reason: 'a time is required' });
    else if (day) {
      const at = localToUtc(`${day}T${time}`, timezone);
      if (at) dto[key] = at.toISOString();
      else errors.push({ field: 'day', reason: 'a date is required' });
    }
  }
  const people: PersonRow[] = [];
  const rowOf: number[] = [];
  for (const [row, person] of [...personRows(values)].sort((a, b) => a[0] - b[0])) {
    if (isBlank(person)) continue;
    if (!person.name) {
      errors.push({ field: `people.${row}.name`, reason: 'a name is required' });
      continue;
    }
    people.push({ ...person, role: person.role ?? 'speaker' });
    rowOf.push(row);
  }
  dto.people = people;
  return { dto, errors, rowOf };
}

/** A DTO problem on `people.<i>.<field>` points at the form row person i came from. */
export function personProblem(problem: FieldProblem, rowOf: number[]): FieldProblem {
  const m = /^people\.(\d+)(\..*)?$/.exec(problem.field);
  if (!m) return problem;
  const row = rowOf[Number(m[1])];
  return row === undefined ? problem : { ...problem, field: `people.${row}${m[2] ?? ''}` };
}

/** A saved session as the values of its edit form, in the event's zone. */
export function sessionFormValues(session: AgendaSession, timezone: string): FormValues {
  const values: FormValues = {
    kind: session.kind,
    title: session.title,
    titleEn: session.titleEn ?? undefined,
    description: session.description ?? undefined,
    descriptionEn: session.descriptionEn ?? undefined,
    capacity: session.capacity ?? undefined,
    roomId: session.roomId ?? undefined,
    day: localDay(session.startsAt, timezone),
    startsAt: utcToLocalInput(session.startsAt, timezone).slice(11),
    endsAt: utcToLocalInput(session.endsAt, timezone).slice(11),
  };
  for (const [row, p] of session.people.entries()) {
    values[`people.${row}.role`] = p.role;
    values[`people.${row}.name`] = p.person.name;
    values[`people.${row}.organisation`] = p.person.organisation?.name;
    values[`people.${row}.title`] = p.person.title ?? undefined;
    values[`people.${row}.titleEn`] = p.person.titleEn ?? undefined;
    values[`people.${row}.email`] = p.person.email ?? undefined;
  }
  return values;
}

/** The add form opened from the grid (`?new&day=…&room=…&at=…&until=…`): a keynote at that place and time. */
export function newSessionValues(query: FormValues): FormValues {
  return {
    kind: 'keynote',
    day: dayOf(query.day),
    roomId: typeof query.room === 'string' && /^\d{1,9}$/.test(query.room) ? query.room : undefined,
    startsAt: timeOf(query.at),
    endsAt: timeOf(query.until),
  };
}

/**
 * The move form (day, start, room) → the update DTO's values: the session keeps its length. Undefined when the
 * day or the start cannot be read.
 */
export function readMoveForm(
  values: FormValues,
  session: Pick<AgendaSession, 'startsAt' | 'endsAt'>,
  timezone: string,
): { startsAt: string; endsAt: string; roomId: unknown } | undefined {
  const day = dayOf(values.day);
  const time = timeOf(values.startsAt);
  const start = day && time ? localToUtc(`${day}T${time}`, timezone) : undefined;
  if (!start) return undefined;
  const length = session.endsAt.getTime() - session.startsAt.getTime();
  return {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + length).toISOString(),
    roomId: idOrRaw(values.roomId) ?? null,
  };
}

/** Which form the editor shows: a new session's, or a session's edit form (values: what was typed, if any). */
export type FormState =
  | { mode: 'new'; values: FormValues; errors: FieldProblem[] }
  | { mode: 'edit'; sessionId: number; values?: FormValues; errors: FieldProblem[] };

/** The i18n key (under consoleAgenda.form) of a person field's label. */
function personLabel(field: PersonField): string {
  return field === 'title' ? 'personTitle' : field === 'titleEn' ? 'personTitleEn' : field;
}

/** A field's label as the form shows it ("第 2 位 · 姓名", "Person 2 · Name"). */
export function fieldLabel(translator: Translator, locale: Locale, field: string): string {
  const person = /^people\.(\d+)\.(\w+)$/.exec(field);
  if (person) {
    const label = personLabel(person[2] as PersonField);
    return `${translator.t(locale, 'consoleAgenda.form.person', { n: Number(person[1]) + 1 })} · ${translator.t(locale, `consoleAgenda.form.${label}`)}`;
  }
  const key = `consoleAgenda.form.${field}`;
  return translator.has(locale, key) ? translator.t(locale, key) : field;
}

export interface SessionFormInput<S extends AgendaSession> {
  translator: Translator;
  locale: Locale;
  timezone: string;
  base: string;
  form: FormState;
  /** The session the edit form is for. */
  editing: S | undefined;
  rooms: EventRoom[];
  /** The day the editor shows (a new form's default day). */
  day: string;
  /** Sessions that were ever published: they are cancelled, never deleted. */
  publishedIds: Set<number>;
  /** The session kinds and person roles to choose from (the entities' lists). */
  kinds: readonly string[];
  roles: readonly string[];
}

/** The session form as the page shows it: values (typed or saved), problems by field, person rows, room groups. */
export function sessionFormView<S extends AgendaSession>(input: SessionFormInput<S>) {
  const { translator, locale, timezone, base, form, editing, rooms, day } = input;
  const values =
    form.mode === 'edit' && !form.values && editing
      ? sessionFormValues(editing, timezone)
      : { day, ...(form.values ?? {}) };
  const typed = personRows(values);
  // The filled rows stay where they were typed (problems point at them), with two blank rows after the last.
  const filled = [...typed].filter(([, p]) => !isBlank(p)).map(([row]) => row);
  const count = Math.max(MIN_PERSON_ROWS, Math.min(MAX_PERSON_ROWS, Math.max(-1, ...filled) + 3));
  const fieldErrors: Record<string, string> = {};
  const errors = form.errors.map((p) => {
    const text = problemText(translator, locale, p);
    if (p.field !== '_form' && !(p.field in fieldErrors)) fieldErrors[p.field] = text;
    return {
      text,
      label: p.field === '_form' ? undefined : fieldLabel(translator, locale, p.field),
      anchor: p.field === '_form' ? undefined : `f-s-${p.field.replace(/\./g, '-')}`,
    };
  });
  const groups: { key: string; name: string | null; nameEn: string | null; rooms: GridRoom[] }[] = [];
  for (const room of rooms) {
    const last = groups[groups.length - 1];
    if (last?.key === room.venueKey) last.rooms.push(room);
    else groups.push({ key: room.venueKey, name: room.venueName, nameEn: room.venueNameEn, rooms: [room] });
  }
  return {
    mode: form.mode,
    action: form.mode === 'edit' ? `${base}/sessions/${form.sessionId}` : `${base}/sessions`,
    session: editing,
    cancelled: editing?.cancelledAt !== null && editing !== undefined,
    canDelete: editing !== undefined && !input.publishedIds.has(editing.id),
    closeUrl: `${base}?day=${dayOf(values.day) ?? day}`,
    values,
    errors,
    fieldErrors,
    kinds: input.kinds,
    roles: input.roles,
    roomGroups: groups,
    rows: Array.from({ length: count }, (_, row) => {
      const person = typed.get(row) ?? {};
      return {
        row,
        n: row + 1,
        role: person.role ?? 'speaker',
        cells: PERSON_FIELDS.filter((f) => f !== 'role').map((field) => ({
          field,
          label: personLabel(field),
          type: field === 'email' ? 'email' : 'text',
          value: person[field],
          error: fieldErrors[`people.${row}.${field}`],
        })),
      };
    }),
    move: editing
      ? {
          day: localDay(editing.startsAt, timezone),
          startsAt: utcToLocalInput(editing.startsAt, timezone).slice(11),
          roomId: editing.roomId,
        }
      : undefined,
  };
}
