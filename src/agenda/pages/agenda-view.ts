import type { FieldProblem } from '../../common/domain-error.js';
import type { Locale, Translator } from '../../i18n/i18n.js';
import type { Conflict } from '../domain/conflicts.js';

/**
 * The shapes the programme editor's pages are built from, and the small view helpers its pieces share
 * (agenda-grid.ts, session-form.ts, conflict-text.ts). Pure: no Nest, no database.
 */

/** A person of a session, as AgendaService.sessions() loads it. */
export interface AgendaPerson {
  personId: number;
  role: string;
  person: {
    name: string;
    nameEn: string | null;
    title: string | null;
    titleEn: string | null;
    email: string | null;
    organisation?: { name: string; nameEn: string | null } | null;
  };
}

/** A draft session with its people (AgendaService's SessionView fits it). */
export interface AgendaSession {
  id: number;
  kind: string;
  title: string;
  titleEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  startsAt: Date;
  endsAt: Date;
  roomId: number | null;
  capacity: number | null;
  cancelledAt: Date | null;
  people: AgendaPerson[];
}

/** The event facts the editor shows times and links with. */
export interface AgendaEvent {
  id: number;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
}

/** One column group of the grid: a room (or "no room"), under its venue. */
export interface GridRoom {
  roomId: number | null;
  name: string;
  nameEn: string | null;
  capacity: number | null;
  venueName: string | null;
  venueNameEn: string | null;
  venueKey: string;
}

/** A room of the event with its venue, as the grid, the form and the explanations need it. */
export interface EventRoom extends GridRoom {
  roomId: number;
  venueKind: string;
  availableFrom: Date | null;
  availableUntil: Date | null;
}

/** A conflict of the draft, as AgendaService.conflicts() answers it. */
export type DraftConflict = Conflict & { accepted: boolean };

/** The console address of an event's programme editor. */
export function agendaBase(eventId: number): string {
  return `/console/events/${eventId}/agenda`;
}

export function nameIn(locale: Locale, zh: string, en: string | null | undefined): string {
  return locale === 'en' && en ? en : zh;
}

export function titleIn(locale: Locale, session: { title: string; titleEn: string | null }): string {
  return nameIn(locale, session.title, session.titleEn);
}

/** The list separator of a language: "、" between Chinese names, ", " between English ones. */
export function listSeparator(locale: Locale): string {
  return locale === 'en' ? ', ' : '、';
}

/** A session's people as one line per role, in the order they come: "演讲：张克俭、许昆林". */
export function peopleByRole(
  locale: Locale,
  session: Pick<AgendaSession, 'people'>,
): { role: string; names: string }[] {
  const lines: { role: string; names: string[] }[] = [];
  for (const p of session.people) {
    const line = lines.find((l) => l.role === p.role) ?? lines[lines.push({ role: p.role, names: [] }) - 1];
    line.names.push(nameIn(locale, p.person.name, p.person.nameEn));
  }
  return lines.map((l) => ({ role: l.role, names: l.names.join(listSeparator(locale)) }));
}

/** A field problem in the reader's language, as the templates' `problem` helper says it. */
export function problemText(translator: Translator, locale: Locale, problem: FieldProblem): string {
  if (problem.field === '_form') return translator.t(locale, `errors.${problem.reason}`);
  if (problem.code && translator.has(locale, `validation.${problem.code}`))
    return translator.t(locale, `validation.${problem.code}`);
  if (translator.has(locale, `reasons.${problem.reason}`)) return translator.t(locale, `reasons.${problem.reason}`);
  return problem.reason;
}

/** A publication of the programme, as AgendaService.versions() answers it (newest first). */
export interface VersionFacts {
  version: number;
  publishedAt: Date;
  notifiedAt: Date | null;
  changes: { type: string }[];
  snapshot: { sessions: { id: number }[] };
}

/** The publications panel: each version with its change count and whether anyone is still to be told. */
export function versionRows(versions: VersionFacts[], base: string) {
  const rows = versions.map((v) => ({
    version: v.version,
    publishedAt: v.publishedAt,
    notifiedAt: v.notifiedAt,
    changes: v.changes.length,
    notifiable: v.changes.some((c) => c.type !== 'new'),
    url: `${base}/versions/${v.version}`,
  }));
  const latest = versions[0];
  return {
    latest,
    nextVersion: (latest?.version ?? 0) + 1,
    versions: rows,
    /** The latest version when it changed something and nobody was told yet. */
    unnotified: rows.find((v) => v.version === latest?.version && v.notifiable && !v.notifiedAt),
    /** Sessions that were ever published: they are cancelled, never deleted. */
    publishedIds: new Set(versions.flatMap((v) => v.snapshot.sessions.map((s) => s.id))),
  };
}
