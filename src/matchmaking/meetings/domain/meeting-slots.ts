/**
 * Slots and tables of a meeting session, and what publishing changes: plain functions (no I/O).
 */
export interface MeetingSlot {
  /** 1-based. */
  number: number;
  startsAt: Date;
  endsAt: Date;
}

export interface TableZoneRange {
  from: number;
  to: number;
  label: string;
  labelEn?: string;
}

export interface MeetingTable {
  number: number;
  zone: string | null;
  zoneEn: string | null;
}

/** The session's time cut into slots of `slotMinutes`, `breakMinutes` apart; a last piece too short is left out. */
export function meetingSlots(
  startsAt: Date,
  endsAt: Date,
  options: { slotMinutes: number; breakMinutes?: number },
): MeetingSlot[] {
  const slots: MeetingSlot[] = [];
  const length = options.slotMinutes * 60_000;
  const step = length + (options.breakMinutes ?? 0) * 60_000;
  if (length <= 0) return slots;
  for (let start = startsAt.getTime(); start + length <= endsAt.getTime(); start += step) {
    slots.push({ number: slots.length + 1, startsAt: new Date(start), endsAt: new Date(start + length) });
  }
  return slots;
}

/** Tables 1..count, each with the label of the zone range it falls in (the first range wins). */
export function meetingTables(count: number, zones: readonly TableZoneRange[] | null | undefined): MeetingTable[] {
  return Array.from({ length: count }, (_, i) => {
    const zone = zones?.find((z) => z.from <= i + 1 && i + 1 <= z.to);
    return { number: i + 1, zone: zone?.label ?? null, zoneEn: zone?.labelEn ?? null };
  });
}

/** Problems with zone ranges, as field problems (`tableZones.<i>.from`); empty when they are fine. */
export function zoneProblems(count: number, zones: readonly TableZoneRange[]): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  const taken = new Map<number, number>();
  zones.forEach((zone, i) => {
    if (zone.from > zone.to) problems.push({ field: `tableZones.${i}.to`, reason: 'must not be before from' });
    if (zone.to > count) problems.push({ field: `tableZones.${i}.to`, reason: `there are only ${count} tables` });
    for (let t = zone.from; t <= Math.min(zone.to, count); t++) {
      const other = taken.get(t);
      if (other !== undefined) {
        problems.push({ field: `tableZones.${i}.from`, reason: `table ${t} is already in zone ${other + 1}` });
        break;
      }
      taken.set(t, i);
    }
  });
  return problems;
}

export interface PlacedState {
  slot: number | null;
  table: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
}

export type MeetingChange = 'new' | 'moved' | 'cancelled' | 'unchanged' | 'none';

/**
 * What a publication does to one meeting, from where it is now and what was last published:
 * new (first invite, or placed again after a cancel), moved (the invite is updated), cancelled (a published meeting
 * lost its place), unchanged, or none (never published and still without a place).
 */
export function meetingChange(current: PlacedState, sent: PlacedState): MeetingChange {
  const placed = current.slot !== null && current.table !== null;
  const published = sent.slot !== null;
  if (!placed) return published ? 'cancelled' : 'none';
  if (!published) return 'new';
  const same =
    current.slot === sent.slot &&
    current.table === sent.table &&
    current.startsAt?.getTime() === sent.startsAt?.getTime() &&
    current.endsAt?.getTime() === sent.endsAt?.getTime();
  return same ? 'unchanged' : 'moved';
}
