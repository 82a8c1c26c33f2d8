/**
 * Published programmes and what changed between two of them. Pure functions: the service stores snapshots,
 * these compare them (pretalx keeps its schedule diff the same way).
 */
export interface SnapshotPerson {
  personId: number;
  role: string;
  name: string;
  nameEn: string | null;
  organisation: string | null;
  organisationEn: string | null;
  title: string | null;
  /** Absent in programmes published before people had English titles. */
  titleEn?: string | null;
}

export interface SnapshotSession {
  id: number;
  kind: string;
  title: string;
  titleEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  /** ISO 8601, UTC */
  startsAt: string;
  endsAt: string;
  roomId: number | null;
  room: string | null;
  roomEn: string | null;
  venue: string | null;
  venueEn: string | null;
  capacity: number | null;
  position: number;
  /** iCalendar SEQUENCE: bumped at each publication in which the session changed. */
  sequence: number;
  people: SnapshotPerson[];
}

export interface ScheduleSnapshot {
  sessions: SnapshotSession[];
}

export type ChangeType = 'new' | 'moved' | 'room_changed' | 'changed' | 'cancelled';

export interface ScheduleChange {
  type: ChangeType;
  sessionId: number;
  title: string;
  titleEn: string | null;
  /** What differs: time, room, title, description, people, kind, capacity. */
  fields: string[];
  /** The iCalendar SEQUENCE that announces this change (a cancellation goes one above the last one sent). */
  sequence: number;
  before?: Pick<SnapshotSession, 'startsAt' | 'endsAt' | 'room' | 'roomEn' | 'venue' | 'venueEn'>;
  after?: Pick<SnapshotSession, 'startsAt' | 'endsAt' | 'room' | 'roomEn' | 'venue' | 'venueEn'>;
}

function place(s: SnapshotSession) {
  return { startsAt: s.startsAt, endsAt: s.endsAt, room: s.room, roomEn: s.roomEn, venue: s.venue, venueEn: s.venueEn };
}

function peopleKey(s: SnapshotSession): string {
  return s.people.map((p) => `${p.role}:${p.personId}`).join(',');
}

/** Which fields of a session differ between two publications. */
export function changedFields(before: SnapshotSession, after: SnapshotSession): string[] {
  const fields: string[] = [];
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) fields.push('time');
  if (before.roomId !== after.roomId) fields.push('room');
  if (before.title !== after.title || before.titleEn !== after.titleEn) fields.push('title');
  if (before.description !== after.description || before.descriptionEn !== after.descriptionEn)
    fields.push('description');
  if (before.kind !== after.kind) fields.push('kind');
  if (before.capacity !== after.capacity) fields.push('capacity');
  if (peopleKey(before) !== peopleKey(after)) fields.push('people');
  return fields;
}

/**
 * The changes from one published programme to the next, in programme order: new sessions, moved ones (time),
 * room changes, other changes, and cancelled ones (present before, absent now).
 */
export function diffSchedules(previous: ScheduleSnapshot | null, next: ScheduleSnapshot): ScheduleChange[] {
  const before = new Map((previous?.sessions ?? []).map((s) => [s.id, s]));
  const changes: ScheduleChange[] = [];
  for (const session of next.sessions) {
    const old = before.get(session.id);
    before.delete(session.id);
    const base = { sessionId: session.id, title: session.title, titleEn: session.titleEn };
    if (!old) {
      changes.push({ ...base, type: 'new', fields: [], sequence: session.sequence, after: place(session) });
      continue;
    }
    const fields = changedFields(old, session);
    if (fields.length === 0) continue;
    const type: ChangeType = fields.includes('time') ? 'moved' : fields.includes('room') ? 'room_changed' : 'changed';
    changes.push({ ...base, type, fields, sequence: session.sequence, before: place(old), after: place(session) });
  }
  for (const old of before.values()) {
    changes.push({
      sessionId: old.id,
      title: old.title,
      titleEn: old.titleEn,
      type: 'cancelled',
      fields: [],
      sequence: old.sequence + 1,
      before: place(old),
    });
  }
  return changes;
}

/** Gives each session of a new publication its SEQUENCE: unchanged sessions keep theirs, changed ones bump it. */
export function assignSequences(previous: ScheduleSnapshot | null, next: ScheduleSnapshot): ScheduleSnapshot {
  const before = new Map((previous?.sessions ?? []).map((s) => [s.id, s]));
  return {
    sessions: next.sessions.map((session) => {
      const old = before.get(session.id);
      if (!old) return { ...session, sequence: 0 };
      return { ...session, sequence: changedFields(old, session).length ? old.sequence + 1 : old.sequence };
    }),
  };
}
