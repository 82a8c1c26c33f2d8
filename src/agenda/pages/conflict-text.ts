import { formatInZone, type DateStyle } from '../../common/time.js';
import type { Locale, Translator } from '../../i18n/i18n.js';
import type { FlashMessage } from '../../web/html.js';
import type { Conflict } from '../domain/conflicts.js';
import {
  listSeparator,
  nameIn,
  titleIn,
  type AgendaEvent,
  type AgendaSession,
  type DraftConflict,
  type EventRoom,
} from './agenda-view.js';

/**
 * Conflicts and warnings of the draft in words, in the reader's language: which sessions, which room or person,
 * and why ("“主旨报告” and “圆桌对话” both use Main venue · Hall A at 09:30–10:00."). Pure: the controller loads the
 * sessions and rooms the sentences name.
 */

/** What the sentences name: the draft's sessions (cancelled ones included) and the event's rooms, by id. */
export interface ExplainContext {
  sessions: Map<number, AgendaSession>;
  rooms: Map<number | null, EventRoom>;
}

export interface Speaker {
  translator: Translator;
  locale: Locale;
  event: AgendaEvent;
}

/** One conflict in words: which sessions, which room or person, and why. */
export function explainConflict(speaker: Speaker, conflict: Conflict, context: ExplainContext): string {
  const { translator, locale, event } = speaker;
  const t = (key: string, params: Record<string, unknown> = {}) => translator.t(locale, key, params);
  const at = (date: Date, style: DateStyle) => formatInZone(date, event.timezone, locale, style);
  const span = (from: Date, until: Date) => `${at(from, 'time')}–${at(until, 'time')}`;
  const [a, b] = conflict.sessionIds.map((sid) => context.sessions.get(sid));
  const roomOf = (roomId: number | null | undefined) => {
    const room = roomId === null || roomId === undefined ? undefined : context.rooms.get(roomId);
    if (!room) return t('consoleAgenda.grid.noRoom');
    return `${nameIn(locale, room.venueName ?? '', room.venueNameEn)} · ${nameIn(locale, room.name, room.nameEn)}`;
  };
  if (!a) return t(`consoleAgenda.conflictKind.${conflict.kind}`);
  const title = (s: AgendaSession) => titleIn(locale, s);
  switch (conflict.kind) {
    case 'room_overlap': {
      if (!b) break;
      const from = new Date(Math.max(a.startsAt.getTime(), b.startsAt.getTime()));
      const until = new Date(Math.min(a.endsAt.getTime(), b.endsAt.getTime()));
      return t('consoleAgenda.explain.room_overlap', {
        a: title(a),
        b: title(b),
        room: roomOf(conflict.roomId),
        time: span(from, until),
      });
    }
    case 'person_overlap': {
      if (!b) break;
      const person = [...a.people, ...b.people].find((p) => p.personId === conflict.personId)?.person;
      return t('consoleAgenda.explain.person_overlap', {
        person: person ? nameIn(locale, person.name, person.nameEn) : '?',
        a: title(a),
        b: title(b),
        aPlace: roomOf(a.roomId),
        bPlace: roomOf(b.roomId),
        aTime: span(a.startsAt, a.endsAt),
        bTime: span(b.startsAt, b.endsAt),
      });
    }
    case 'outside_event':
      return t('consoleAgenda.explain.outside_event', {
        a: title(a),
        when: `${at(a.startsAt, 'datetime')}–${at(a.endsAt, 'time')}`,
        event: `${at(event.startsAt, 'datetime')} – ${at(event.endsAt, 'datetime')}`,
      });
    case 'outside_room_availability': {
      const room = context.rooms.get(conflict.roomId ?? -1);
      const from = room?.availableFrom;
      const until = room?.availableUntil;
      const available =
        from && until
          ? `${at(from, 'datetime')} – ${at(until, 'datetime')}`
          : from
            ? t('consoleAgenda.explain.availableFrom', { at: at(from, 'datetime') })
            : until
              ? t('consoleAgenda.explain.availableUntil', { at: at(until, 'datetime') })
              : '';
      return t('consoleAgenda.explain.outside_room_availability', {
        a: title(a),
        time: `${at(a.startsAt, 'datetime')}–${at(a.endsAt, 'time')}`,
        room: roomOf(conflict.roomId),
        available,
      });
    }
    case 'over_capacity':
      return t('consoleAgenda.explain.over_capacity', {
        a: title(a),
        capacity: a.capacity ?? '',
        room: roomOf(conflict.roomId),
        roomCapacity: context.rooms.get(conflict.roomId ?? -1)?.capacity ?? '',
      });
  }
  return t(`consoleAgenda.conflictKind.${conflict.kind}`);
}

/** Every conflict in words, with the sessions it involves (links to their forms) and who may accept it. */
export function conflictList(speaker: Speaker, conflicts: DraftConflict[], context: ExplainContext, base: string) {
  const explained = conflicts.map((c, index) => ({
    ...c,
    index,
    text: explainConflict(speaker, c, context),
    // Accepting stores the key on one of the sessions (the service reads accepted keys across all of them).
    owner: c.sessionIds[c.sessionIds.length - 1],
    sessions: c.sessionIds
      .map((sid) => context.sessions.get(sid))
      .filter((s): s is AgendaSession => s !== undefined)
      .map((s) => ({ title: titleIn(speaker.locale, s), url: `${base}?edit=${s.id}#session-form` })),
  }));
  return { open: explained.filter((c) => !c.accepted), accepted: explained.filter((c) => c.accepted) };
}

/**
 * The flash after a save: the title alone, or with its warnings explained (three at most, then "n more"). The
 * flash travels in a cookie (4 kB at most): long titles and details are cut short.
 */
export function savedFlash(
  speaker: Speaker,
  saved: {
    session: { title: string; titleEn: string | null };
    warnings: Conflict[];
    what: 'created' | 'saved' | 'moved' | 'restored';
  },
  context: ExplainContext,
): FlashMessage {
  const { translator, locale } = speaker;
  const { session, warnings, what } = saved;
  const title = titleIn(locale, session);
  if (warnings.length === 0) return { kind: 'success', key: `consoleAgenda.flash.${what}`, params: { title } };
  const shown = warnings.slice(0, 3).map((w) => explainConflict(speaker, w, context).replace(/[。.]$/, ''));
  if (warnings.length > 3) shown.push(translator.t(locale, 'consoleAgenda.flash.more', { n: warnings.length - 3 }));
  let details = shown.join(locale === 'en' ? '; ' : '；');
  if (details.length > 600) details = `${details.slice(0, 599)}…`;
  return {
    kind: 'info',
    key: 'consoleAgenda.flash.withWarnings',
    params: { title: title.length > 100 ? `${title.slice(0, 99)}…` : title, n: warnings.length, details },
  };
}

/**
 * A room used twice at once, as a problem of the form's room field that names the other sessions in the reader's
 * language (the service's own message is English).
 */
export function roomTakenText(
  speaker: Pick<Speaker, 'translator' | 'locale'>,
  taken: {
    /** The session being saved (left out of the names), if it exists yet. */
    sessionId: number | undefined;
    /** The room asked for; else the room of the first conflict. */
    roomId: number | null | undefined;
    conflicts: Conflict[];
    sessions: AgendaSession[];
    rooms: EventRoom[];
  },
): string {
  const { translator, locale } = speaker;
  const others = new Set(taken.conflicts.flatMap((c) => c.sessionIds).filter((sid) => sid !== taken.sessionId));
  const titles = taken.sessions.filter((s) => others.has(s.id)).map((s) => `“${titleIn(locale, s)}”`);
  const room = taken.rooms.find((r) => r.roomId === (taken.roomId ?? taken.conflicts[0]?.roomId));
  return translator.t(locale, 'consoleAgenda.form.roomTaken', {
    room: room ? nameIn(locale, room.name, room.nameEn) : '',
    titles: titles.join(listSeparator(locale)),
  });
}
