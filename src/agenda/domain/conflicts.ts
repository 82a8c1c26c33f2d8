/**
 * Conflicts in a draft programme. Pure: the service loads the sessions, these explain the problems.
 * A room used twice at once is an error (refused); everything else is a warning the organiser may accept.
 */
export interface PlannedSession {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  roomId: number | null;
  capacity: number | null;
  personIds: number[];
}

export interface PlannedRoom {
  id: number;
  name: string;
  capacity: number | null;
  availableFrom: Date | null;
  availableUntil: Date | null;
}

export type ConflictKind =
  'room_overlap' | 'person_overlap' | 'outside_event' | 'outside_room_availability' | 'over_capacity';

export interface Conflict {
  kind: ConflictKind;
  severity: 'error' | 'warning';
  /** Stable key: accepting a warning stores it; the same situation later has the same key. */
  key: string;
  sessionIds: number[];
  roomId?: number;
  personId?: number;
}

export function overlaps(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/**
 * All conflicts that involve `focus` (one session being saved), or every conflict of the programme when no focus
 * is given.
 */
export function findConflicts(
  sessions: PlannedSession[],
  rooms: PlannedRoom[],
  event: { startsAt: Date; endsAt: Date },
  focus?: number,
): Conflict[] {
  const conflicts: Conflict[] = [];
  const roomById = new Map(rooms.map((r) => [r.id, r]));
  const relevant = (ids: number[]) => focus === undefined || ids.includes(focus);
  const sorted = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id);

  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length && sorted[j].startsAt < a.endsAt; j++) {
      const b = sorted[j];
      if (!overlaps(a, b) || !relevant([a.id, b.id])) continue;
      const pair = [a.id, b.id].sort((x, y) => x - y);
      if (a.roomId !== null && a.roomId === b.roomId) {
        conflicts.push({
          kind: 'room_overlap',
          severity: 'error',
          key: `room_overlap:${pair.join('-')}`,
          sessionIds: pair,
          roomId: a.roomId,
        });
      }
      for (const personId of a.personIds.filter((p) => b.personIds.includes(p))) {
        conflicts.push({
          kind: 'person_overlap',
          severity: 'warning',
          key: `person_overlap:${personId}:${pair.join('-')}`,
          sessionIds: pair,
          personId,
        });
      }
    }
  }
  for (const s of sessions) {
    if (!relevant([s.id])) continue;
    if (s.startsAt < event.startsAt || s.endsAt > event.endsAt) {
      conflicts.push({ kind: 'outside_event', severity: 'warning', key: `outside_event:${s.id}`, sessionIds: [s.id] });
    }
    const room = s.roomId === null ? undefined : roomById.get(s.roomId);
    if (!room) continue;
    if (
      (room.availableFrom && s.startsAt < room.availableFrom) ||
      (room.availableUntil && s.endsAt > room.availableUntil)
    ) {
      conflicts.push({
        kind: 'outside_room_availability',
        severity: 'warning',
        key: `outside_room_availability:${s.id}`,
        sessionIds: [s.id],
        roomId: room.id,
      });
    }
    if (s.capacity !== null && room.capacity !== null && s.capacity > room.capacity) {
      conflicts.push({
        kind: 'over_capacity',
        severity: 'warning',
        key: `over_capacity:${s.id}`,
        sessionIds: [s.id],
        roomId: room.id,
      });
    }
  }
  return conflicts;
}
