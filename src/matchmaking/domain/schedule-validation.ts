import type { ScheduleResult, SchedulerInput } from './scheduler.js';

/**
 * Checks a schedule against its input and returns every rule it breaks (an empty list for a valid schedule): the
 * rules of scheduler.ts plus the bookkeeping (every request placed or reported exactly once, reasons that hold).
 * Used by the specs and the benchmark, so a faster scheduler cannot quietly bend a rule.
 */
export function validateSchedule(input: SchedulerInput, result: ScheduleResult): string[] {
  const problems: string[] = [];
  const slots = new Set(input.slots);
  const tables = new Set(input.tables.map((t) => t.id));
  const availability = new Map(input.people.map((p) => [p.id, new Set(p.slots)]));
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const locks = new Map((input.locked ?? []).map((l) => [l.requestId, l]));
  const seen = new Set<string>();
  const personSlot = new Set<string>();
  const tableSlot = new Set<string>();
  const pairs = new Set<string>();
  const perSlot = new Map<string, number>();
  const busy = new Map<string, Set<string>>();
  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

  for (const meeting of result.meetings) {
    const request = requests.get(meeting.requestId);
    if (!request) {
      problems.push(`meeting for unknown request ${meeting.requestId}`);
      continue;
    }
    if (seen.has(meeting.requestId)) problems.push(`request ${meeting.requestId} reported twice`);
    seen.add(meeting.requestId);
    if (!slots.has(meeting.slotId)) problems.push(`${meeting.requestId}: unknown slot ${meeting.slotId}`);
    if (!tables.has(meeting.tableId)) problems.push(`${meeting.requestId}: unknown table ${meeting.tableId}`);
    if (request.a === request.b) problems.push(`${meeting.requestId}: a person meets themself`);
    const lock = locks.get(meeting.requestId);
    if (meeting.locked !== Boolean(lock)) problems.push(`${meeting.requestId}: locked flag is ${meeting.locked}`);
    if (lock && (lock.slotId !== meeting.slotId || lock.tableId !== meeting.tableId))
      problems.push(`${meeting.requestId}: locked meeting moved`);
    for (const person of [request.a, request.b]) {
      const key = `${person}\u0000${meeting.slotId}`;
      if (personSlot.has(key)) problems.push(`${person} has two meetings in slot ${meeting.slotId}`);
      personSlot.add(key);
      if (!lock && !availability.get(person)?.has(meeting.slotId))
        problems.push(`${person} is not available in slot ${meeting.slotId} (${meeting.requestId})`);
      if (!busy.has(person)) busy.set(person, new Set());
      busy.get(person)!.add(meeting.slotId);
    }
    const tableKey = `${meeting.tableId}\u0000${meeting.slotId}`;
    if (tableSlot.has(tableKey)) problems.push(`table ${meeting.tableId} used twice in slot ${meeting.slotId}`);
    tableSlot.add(tableKey);
    const pair = pairKey(request.a, request.b);
    if (pairs.has(pair)) problems.push(`pair of ${meeting.requestId} meets twice`);
    pairs.add(pair);
    perSlot.set(meeting.slotId, (perSlot.get(meeting.slotId) ?? 0) + 1);
  }
  for (const [slot, count] of perSlot)
    if (count > input.tables.length) problems.push(`slot ${slot}: ${count} meetings for ${input.tables.length} tables`);

  const requestsPerPair = new Map<string, number>();
  for (const request of input.requests) {
    const key = pairKey(request.a, request.b);
    requestsPerPair.set(key, (requestsPerPair.get(key) ?? 0) + 1);
  }
  const perSlotCount = (slot: string) => perSlot.get(slot) ?? 0;
  for (const item of result.unplaced) {
    const request = requests.get(item.requestId);
    if (!request) {
      problems.push(`unplaced unknown request ${item.requestId}`);
      continue;
    }
    if (seen.has(item.requestId)) problems.push(`request ${item.requestId} reported twice`);
    seen.add(item.requestId);
    if (locks.has(item.requestId) && item.reason !== 'lock_conflict' && item.reason !== 'duplicate_pair')
      if (item.reason !== 'same_person' && item.reason !== 'unknown_person')
        problems.push(`locked ${item.requestId} dropped (${item.reason})`);
    const common = [...(availability.get(request.a) ?? [])].filter((s) => availability.get(request.b)?.has(s));
    const free = (person: string, slot: string) => !busy.get(person)?.has(slot);
    switch (item.reason) {
      case 'no_common_slot':
        if (common.length > 0) problems.push(`${item.requestId}: no_common_slot, yet they share ${common[0]}`);
        break;
      case 'person_busy':
        for (const s of common)
          if (free(request.a, s) && free(request.b, s))
            problems.push(`${item.requestId}: person_busy, yet both are free in ${s}`);
        break;
      case 'no_table':
        if (!common.some((s) => free(request.a, s) && free(request.b, s)))
          problems.push(`${item.requestId}: no_table, yet no common slot has both free`);
        for (const s of common)
          if (free(request.a, s) && free(request.b, s) && perSlotCount(s) < input.tables.length)
            problems.push(`${item.requestId}: no_table, yet slot ${s} has a free table and both are free`);
        break;
      case 'duplicate_pair':
        if ((requestsPerPair.get(pairKey(request.a, request.b)) ?? 0) < 2)
          problems.push(`${item.requestId}: duplicate_pair without another request for the pair`);
        break;
      case 'same_person':
        if (request.a !== request.b) problems.push(`${item.requestId}: same_person for two people`);
        break;
      case 'unknown_person':
        if (availability.has(request.a) && availability.has(request.b))
          problems.push(`${item.requestId}: unknown_person, yet both are known`);
        break;
      case 'lock_conflict':
        if (!locks.has(item.requestId)) problems.push(`${item.requestId}: lock_conflict without a lock`);
        break;
    }
  }
  for (const request of input.requests)
    if (!seen.has(request.id)) problems.push(`request ${request.id} neither placed nor reported`);
  return problems;
}
