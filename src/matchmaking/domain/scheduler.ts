/**
 * The one-to-one meeting scheduler of the free-negotiation session (自由洽谈): places accepted meeting requests into
 * time slots and at tables. Pure: no I/O, no clock except an optional safety cap on the repair phase.
 *
 * Rules (hard):
 * - a person is in at most one meeting per slot, and only in slots where both people are available;
 * - at most `tables.length` meetings per slot, one table per meeting;
 * - one meeting per pair of people (a second request for the same pair is `duplicate_pair`);
 * - locked meetings stay where the organiser put them (availability is not re-checked for them: a lock is a manual
 *   decision), unless two locks contradict each other (`lock_conflict`).
 * Objective: prioritised requests first, then mutual ones, then the rest (a higher `weight` first within a tier), and
 * as many meetings as possible.
 *
 * Within one slot the meetings form a matching on the people graph; over all slots the problem is an edge-colouring
 * flavour of b-matching (NP-hard in general), so the scheduler is a heuristic measured against an upper bound
 * (schedule-bound.ts):
 * 1. Greedy by scarcity, DSatur-like: within each priority tier the pending request with the fewest still-open slots
 *    goes next; it takes the open slot that the fewest other pending requests of its two people (and of the slot's
 *    remaining tables) want.
 * 2. Repair by ejection chains: an unplaced request takes a slot where one or both people are busy if the blocking
 *    meetings can themselves move to other slots (recursively, depth 1..maxDepth, each request moved at most once per
 *    search); when a slot has no free table, a meeting there that can move straight to a slot with a free table makes
 *    room. A chain either succeeds completely or is rolled back, so repair never unplaces a meeting.
 * 3. Tables: slot by slot, a meeting keeps a table one of its people sat at in the previous slot (the person with more
 *    meetings wins a contested table), then a table in the same zone, then the lowest free table.
 *
 * Deterministic: ties are broken by a seeded shuffle; the repair phase is bounded by a work budget (not by time), so
 * the same input and options give the same schedule. `timeLimitMs` is only a safety cap for huge inputs.
 */

export interface SchedulerTable {
  id: string;
  zone?: string;
}

export interface SchedulerPerson {
  id: string;
  /** Slot ids the person is available in. */
  slots: readonly string[];
}

export interface MeetingRequest {
  id: string;
  /** Person ids of the two sides (the requester and the requested, in either order). */
  a: string;
  b: string;
  /** Both sides asked for the meeting. */
  mutual?: boolean;
  /** The organiser marked the request as important. */
  prioritised?: boolean;
  /** Tie-break within a tier: higher first (default 0). */
  weight?: number;
}

export interface LockedMeeting {
  requestId: string;
  slotId: string;
  tableId: string;
}

export interface SchedulerInput {
  /** Slot ids in time order (consecutive slots matter for table continuity). */
  slots: readonly string[];
  tables: readonly SchedulerTable[];
  people: readonly SchedulerPerson[];
  requests: readonly MeetingRequest[];
  locked?: readonly LockedMeeting[];
}

export interface SchedulerOptions {
  /** Seed of the tie-breaking shuffle (default 1). */
  seed?: number;
  /** Longest ejection chain tried by the repair phase (default 3; 0 = greedy only). */
  maxDepth?: number;
  /** Work budget of the repair phase, in search steps (default 20 million, about a second). */
  repairSteps?: number;
  /** Safety cap on the repair phase in milliseconds (default 4,000). Reaching it makes the result timing-dependent. */
  timeLimitMs?: number;
}

export type UnplacedReason =
  /** The two people share no available slot. */
  | 'no_common_slot'
  /** In every common slot one of them is already in another meeting. */
  | 'person_busy'
  /** In some common slot both are free but every table is taken. */
  | 'no_table'
  /** Another request for the same pair of people is scheduled (or kept) instead. */
  | 'duplicate_pair'
  /** Both sides are the same person. */
  | 'same_person'
  /** A side is not among the session's people. */
  | 'unknown_person'
  /** A lock contradicts an earlier lock (same person or same table in the same slot). */
  | 'lock_conflict';

export interface PlacedMeeting {
  requestId: string;
  slotId: string;
  tableId: string;
  locked: boolean;
}

export interface UnplacedRequest {
  requestId: string;
  reason: UnplacedReason;
}

export interface ScheduleStats {
  /** Meetings placed by the greedy phase (locks included). */
  greedy: number;
  /** Meetings added by the repair phase. */
  repaired: number;
  /** Repair search steps used. */
  repairSteps: number;
  /** Whether the safety time cap stopped the repair phase. */
  timedOut: boolean;
}

export interface ScheduleResult {
  /** Placed meetings ordered by slot, then table. */
  meetings: PlacedMeeting[];
  /** Requests not placed, in input order, each with its reason. */
  unplaced: UnplacedRequest[];
  stats: ScheduleStats;
}

export class SchedulerInputError extends Error {}

/** Deterministic 32-bit PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function indexIds(ids: readonly string[], what: string): Map<string, number> {
  const map = new Map<string, number>();
  ids.forEach((id, i) => {
    if (map.has(id)) throw new SchedulerInputError(`duplicate ${what} id ${id}`);
    map.set(id, i);
  });
  return map;
}

const tierOf = (r: MeetingRequest): number => (r.prioritised ? 2 : 0) + (r.mutual ? 1 : 0);

/** The problem in integer indices, shared by the scheduler and the bound. */
export interface CompiledInstance {
  slotCount: number;
  tableCount: number;
  personCount: number;
  /** avail[p * slotCount + s] = 1 when person p is available in slot s. */
  avail: Uint8Array;
  /** Input index of each schedulable request (valid, unique pair, not locked-conflicting). */
  inputIndex: number[];
  reqA: Int32Array;
  reqB: Int32Array;
  tier: Int8Array;
  weight: Float64Array;
  /** Feasible slots of request r: feasSlot[feasStart[r] .. feasStart[r + 1]). For a locked request: its slot only. */
  feasStart: Int32Array;
  feasSlot: Int32Array;
  /** Table index of a locked request, -1 otherwise. */
  lockedTable: Int32Array;
  /** Reasons for the requests left out, by input index. */
  excluded: Map<number, UnplacedReason>;
}

/** Checks and indexes the input; requests that can never be scheduled get their reason here. */
export function compileInstance(input: SchedulerInput): CompiledInstance {
  const S = input.slots.length;
  const T = input.tables.length;
  const slotIdx = indexIds(input.slots, 'slot');
  const tableIdx = indexIds(
    input.tables.map((t) => t.id),
    'table',
  );
  const personIdx = indexIds(
    input.people.map((p) => p.id),
    'person',
  );
  const requestIdx = indexIds(
    input.requests.map((r) => r.id),
    'request',
  );
  const P = input.people.length;
  const avail = new Uint8Array(P * S);
  input.people.forEach((person, p) => {
    for (const slotId of person.slots) {
      const s = slotIdx.get(slotId);
      if (s === undefined) throw new SchedulerInputError(`person ${person.id}: unknown slot ${slotId}`);
      avail[p * S + s] = 1;
    }
  });

  const excluded = new Map<number, UnplacedReason>();
  // Locks first, in the order given: a lock contradicting an earlier one is refused.
  const lockOf = new Map<number, { s: number; t: number }>();
  const lockPersonSlot = new Set<number>();
  const lockTableSlot = new Set<number>();
  for (const lock of input.locked ?? []) {
    const i = requestIdx.get(lock.requestId);
    const s = slotIdx.get(lock.slotId);
    const t = tableIdx.get(lock.tableId);
    if (i === undefined) throw new SchedulerInputError(`lock for unknown request ${lock.requestId}`);
    if (s === undefined) throw new SchedulerInputError(`lock of ${lock.requestId}: unknown slot ${lock.slotId}`);
    if (t === undefined) throw new SchedulerInputError(`lock of ${lock.requestId}: unknown table ${lock.tableId}`);
    if (lockOf.has(i)) throw new SchedulerInputError(`request ${lock.requestId} locked twice`);
    const request = input.requests[i];
    const a = personIdx.get(request.a);
    const b = personIdx.get(request.b);
    if (a === undefined || b === undefined || a === b) continue; // reported below like any request
    if (lockPersonSlot.has(a * S + s) || lockPersonSlot.has(b * S + s) || lockTableSlot.has(t * S + s)) {
      excluded.set(i, 'lock_conflict');
      continue;
    }
    lockPersonSlot.add(a * S + s);
    lockPersonSlot.add(b * S + s);
    lockTableSlot.add(t * S + s);
    lockOf.set(i, { s, t });
  }

  // One request per pair: a locked one wins, then the higher tier, then the higher weight, then the earlier one.
  const pairWinner = new Map<number, number>();
  const better = (i: number, j: number): boolean => {
    const li = lockOf.has(i) ? 1 : 0;
    const lj = lockOf.has(j) ? 1 : 0;
    if (li !== lj) return li > lj;
    const ri = input.requests[i];
    const rj = input.requests[j];
    if (tierOf(ri) !== tierOf(rj)) return tierOf(ri) > tierOf(rj);
    if ((ri.weight ?? 0) !== (rj.weight ?? 0)) return (ri.weight ?? 0) > (rj.weight ?? 0);
    return i < j;
  };
  input.requests.forEach((request, i) => {
    if (excluded.has(i)) return;
    const a = personIdx.get(request.a);
    const b = personIdx.get(request.b);
    if (a === undefined || b === undefined) return excluded.set(i, 'unknown_person');
    if (a === b) return excluded.set(i, 'same_person');
    const key = Math.min(a, b) * P + Math.max(a, b);
    const other = pairWinner.get(key);
    if (other === undefined) pairWinner.set(key, i);
    else if (better(i, other)) {
      pairWinner.set(key, i);
      excluded.set(other, 'duplicate_pair');
    } else excluded.set(i, 'duplicate_pair');
  });

  const inputIndex: number[] = [];
  const feas: number[] = [];
  const feasStarts: number[] = [0];
  const aList: number[] = [];
  const bList: number[] = [];
  const lockedTables: number[] = [];
  input.requests.forEach((request, i) => {
    if (excluded.has(i)) return;
    const a = personIdx.get(request.a)!;
    const b = personIdx.get(request.b)!;
    const lock = lockOf.get(i);
    if (lock) feas.push(lock.s);
    else {
      const before = feas.length;
      for (let s = 0; s < S; s++) if (avail[a * S + s] && avail[b * S + s]) feas.push(s);
      if (feas.length === before) return excluded.set(i, 'no_common_slot');
    }
    inputIndex.push(i);
    aList.push(a);
    bList.push(b);
    lockedTables.push(lock ? lock.t : -1);
    feasStarts.push(feas.length);
  });
  const R = inputIndex.length;
  const tier = new Int8Array(R);
  const weight = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const request = input.requests[inputIndex[r]];
    tier[r] = tierOf(request);
    weight[r] = request.weight ?? 0;
  }
  return {
    slotCount: S,
    tableCount: T,
    personCount: P,
    avail,
    inputIndex,
    reqA: Int32Array.from(aList),
    reqB: Int32Array.from(bList),
    tier,
    weight,
    feasStart: Int32Array.from(feasStarts),
    feasSlot: Int32Array.from(feas),
    lockedTable: Int32Array.from(lockedTables),
    excluded,
  };
}

/** Placement state with an undo log, so that a failed ejection chain can be rolled back. */
class Placement {
  readonly slotOf: Int32Array;
  /** occ[p * S + s] = the request person p meets in slot s, or -1. */
  readonly occ: Int32Array;
  readonly perSlot: Int32Array;
  readonly busy: Int32Array;
  /** Requests placed in each slot (unordered), for the table-room moves. */
  readonly members: Int32Array[];
  readonly memberCount: Int32Array;
  readonly memberPos: Int32Array;
  /** Undo log: request, previous slot. */
  private log: number[] = [];
  placed = 0;
  version = 0;
  slotsWithRoom: number;

  constructor(
    private readonly c: CompiledInstance,
    private readonly S = c.slotCount,
  ) {
    const R = c.reqA.length;
    this.slotOf = new Int32Array(R).fill(-1);
    this.occ = new Int32Array(c.personCount * S).fill(-1);
    this.perSlot = new Int32Array(S);
    this.busy = new Int32Array(c.personCount);
    this.members = Array.from({ length: S }, () => new Int32Array(Math.max(c.tableCount, 1)));
    this.memberCount = new Int32Array(S);
    this.memberPos = new Int32Array(R).fill(-1);
    this.slotsWithRoom = c.tableCount > 0 ? S : 0;
  }

  get mark(): number {
    return this.log.length;
  }

  place(r: number, s: number): void {
    const { S, c } = this;
    this.log.push(r, -1);
    this.slotOf[r] = s;
    this.occ[c.reqA[r] * S + s] = r;
    this.occ[c.reqB[r] * S + s] = r;
    this.busy[c.reqA[r]]++;
    this.busy[c.reqB[r]]++;
    if (++this.perSlot[s] === this.c.tableCount) this.slotsWithRoom--;
    this.placed++;
    this.version++;
    const n = this.memberCount[s]++;
    this.members[s][n] = r;
    this.memberPos[r] = n;
  }

  remove(r: number): void {
    const { S, c } = this;
    const s = this.slotOf[r];
    this.log.push(r, s);
    this.slotOf[r] = -1;
    this.occ[c.reqA[r] * S + s] = -1;
    this.occ[c.reqB[r] * S + s] = -1;
    this.busy[c.reqA[r]]--;
    this.busy[c.reqB[r]]--;
    if (this.perSlot[s]-- === this.c.tableCount) this.slotsWithRoom++;
    this.placed--;
    this.version++;
    const n = --this.memberCount[s];
    const moved = this.members[s][n];
    const pos = this.memberPos[r];
    this.members[s][pos] = moved;
    this.memberPos[moved] = pos;
    this.memberPos[r] = -1;
  }

  rollback(mark: number): void {
    while (this.log.length > mark) {
      const previous = this.log.pop()!;
      const r = this.log.pop()!;
      // Undo without logging: a place is undone by a removal and a removal by a placement.
      const logLength = this.log.length;
      if (previous === -1) this.remove(r);
      else this.place(r, previous);
      this.log.length = logLength;
    }
  }

  commit(): void {
    this.log.length = 0;
  }
}

interface Context {
  c: CompiledInstance;
  st: Placement;
  S: number;
  T: number;
  locked: Uint8Array;
  seen: Int32Array;
  stamp: number;
  steps: number;
  stepLimit: number;
  deadline: number;
  timedOut: boolean;
  /** Per slot: placement version at which no meeting there could move straight to a slot with a free table. */
  stuckAt: Float64Array;
  /** Requests of each person: personReqs[personStart[p] .. personStart[p + 1]). */
  personStart: Int32Array;
  personReqs: Int32Array;
  feasibleIn: (r: number, s: number) => boolean;
}

/** Requests of each person p: personReqs[personStart[p] .. personStart[p + 1]). */
function requestsByPerson(c: CompiledInstance): { personStart: Int32Array; personReqs: Int32Array } {
  const P = c.personCount;
  const R = c.reqA.length;
  const personStart = new Int32Array(P + 1);
  for (let r = 0; r < R; r++) {
    personStart[c.reqA[r] + 1]++;
    personStart[c.reqB[r] + 1]++;
  }
  for (let p = 0; p < P; p++) personStart[p + 1] += personStart[p];
  const personReqs = new Int32Array(personStart[P]);
  const fill = personStart.slice(0, P);
  for (let r = 0; r < R; r++) {
    personReqs[fill[c.reqA[r]]++] = r;
    personReqs[fill[c.reqB[r]]++] = r;
  }
  return { personStart, personReqs };
}

/** Greedy phase: locks, then each tier with the scarcest pending request first and its least-wanted open slot. */
function greedy(c: CompiledInstance, st: Placement, random: () => number): void {
  const S = c.slotCount;
  const T = c.tableCount;
  const R = c.reqA.length;
  const P = c.personCount;
  const { reqA, reqB, feasStart, feasSlot } = c;

  for (let r = 0; r < R; r++) if (c.lockedTable[r] >= 0) st.place(r, feasSlot[feasStart[r]]);

  // Open options of the pending requests and how many pending requests want each (person, slot) and each slot.
  const open = new Uint8Array(feasSlot.length);
  const openCount = new Int32Array(R);
  const want = new Int32Array(P * S);
  const slotWant = new Int32Array(S);
  const pending = new Uint8Array(R);
  for (let r = 0; r < R; r++) {
    if (st.slotOf[r] >= 0) continue;
    pending[r] = 1;
    const a = reqA[r];
    const b = reqB[r];
    for (let k = feasStart[r]; k < feasStart[r + 1]; k++) {
      const s = feasSlot[k];
      if (st.occ[a * S + s] >= 0 || st.occ[b * S + s] >= 0 || st.perSlot[s] >= T) continue;
      open[k] = 1;
      openCount[r]++;
      want[a * S + s]++;
      want[b * S + s]++;
      slotWant[s]++;
    }
  }
  const { personStart, personReqs } = requestsByPerson(c);

  const closeOption = (q: number, k: number): void => {
    open[k] = 0;
    openCount[q]--;
    const s = feasSlot[k];
    want[reqA[q] * S + s]--;
    want[reqB[q] * S + s]--;
    slotWant[s]--;
  };
  const closeSlotFor = (q: number, s: number): boolean => {
    for (let k = feasStart[q]; k < feasStart[q + 1]; k++) {
      if (feasSlot[k] === s) {
        if (!open[k]) return false;
        closeOption(q, k);
        return true;
      }
    }
    return false;
  };

  // Pending requests in tier/weight order; within a group, a bucket queue on the number of open slots.
  const order = Array.from({ length: R }, (_, r) => r).filter((r) => pending[r]);
  const shuffleKey = new Float64Array(R);
  for (let r = 0; r < R; r++) shuffleKey[r] = random();
  order.sort((x, y) => c.tier[y] - c.tier[x] || c.weight[y] - c.weight[x] || shuffleKey[x] - shuffleKey[y]);

  let groupStart = 0;
  while (groupStart < order.length) {
    let groupEnd = groupStart + 1;
    const head = order[groupStart];
    while (
      groupEnd < order.length &&
      c.tier[order[groupEnd]] === c.tier[head] &&
      c.weight[order[groupEnd]] === c.weight[head]
    )
      groupEnd++;
    const inGroup = new Uint8Array(R);
    const buckets: number[][] = Array.from({ length: S + 1 }, () => []);
    for (let i = groupEnd - 1; i >= groupStart; i--) {
      const r = order[i];
      inGroup[r] = 1;
      buckets[openCount[r]].push(r);
    }
    let remaining = groupEnd - groupStart;
    let lowest = 0;
    const rebucket = (q: number): void => {
      if (!inGroup[q] || !pending[q]) return;
      buckets[openCount[q]].push(q);
      if (openCount[q] < lowest) lowest = openCount[q];
    };
    while (remaining > 0) {
      while (lowest <= S && buckets[lowest].length === 0) lowest++;
      if (lowest > S) break;
      const r = buckets[lowest].pop()!;
      if (!pending[r] || openCount[r] !== lowest) continue; // stale entry
      pending[r] = 0;
      remaining--;
      const a = reqA[r];
      const b = reqB[r];
      // Choose the open slot that the fewest other pending requests want, per free table.
      let best = -1;
      let bestScore = Infinity;
      for (let k = feasStart[r]; k < feasStart[r + 1]; k++) {
        if (!open[k]) continue;
        const s = feasSlot[k];
        const score = want[a * S + s] + want[b * S + s] + slotWant[s] / (T - st.perSlot[s]);
        if (score < bestScore) {
          bestScore = score;
          best = s;
        }
      }
      // The request leaves the pool: its open options no longer count.
      for (let k = feasStart[r]; k < feasStart[r + 1]; k++) if (open[k]) closeOption(r, k);
      if (best < 0) continue; // no open slot: left for the repair phase
      st.place(r, best);
      // Its people are now busy in `best`: close that slot for their other pending requests.
      for (const p of [a, b]) {
        for (let i = personStart[p]; i < personStart[p + 1]; i++) {
          const q = personReqs[i];
          if (pending[q] && closeSlotFor(q, best)) rebucket(q);
        }
      }
      // A slot that just ran out of tables closes for everyone.
      if (st.perSlot[best] >= T) {
        for (let q = 0; q < R; q++) if (pending[q] && closeSlotFor(q, best)) rebucket(q);
      }
    }
    groupStart = groupEnd;
  }
  st.commit();
}

/** True when request p may give way to request q (q is at least as important), for a substitution. */
function mayReplace(c: CompiledInstance, p: number, q: number): boolean {
  return c.tier[q] > c.tier[p] || (c.tier[q] === c.tier[p] && c.weight[q] >= c.weight[p]);
}

/**
 * Tries to place unplaced request r, directly or by an augmenting chain of at most `depth` ejections. Either succeeds
 * (changes kept) or leaves the placement as it was.
 */
function tryPlace(x: Context, r: number, depth: number): boolean {
  const { c, st, S, T } = x;
  const a = c.reqA[r];
  const b = c.reqB[r];
  for (let k = c.feasStart[r]; k < c.feasStart[r + 1]; k++) {
    const s = c.feasSlot[k];
    x.steps++;
    if (st.occ[a * S + s] < 0 && st.occ[b * S + s] < 0 && st.perSlot[s] < T) {
      st.place(r, s);
      return true;
    }
  }
  if (depth === 0) return false;
  for (let k = c.feasStart[r]; k < c.feasStart[r + 1]; k++) {
    if (x.steps > x.stepLimit) return false;
    if (placeAt(x, r, c.feasSlot[k], depth)) return true;
  }
  return false;
}

/**
 * Places unplaced request r in slot s, ejecting the meetings of its people there (and, when the slot is full, moving
 * one meeting of the slot elsewhere). Each ejected meeting is then either placed again elsewhere, or replaced by an
 * unplaced request, at least as important, of the partner it leaves free in s (an alternating path, as for matchings:
 * the ejected meeting stays out, but r and the replacement come in). Depth bounds the number of ejections in a chain.
 */
function placeAt(x: Context, r: number, s: number, depth: number): boolean {
  const { c, st, S } = x;
  x.steps++;
  const a = c.reqA[r];
  const b = c.reqB[r];
  const ma = st.occ[a * S + s];
  const mb = st.occ[b * S + s];
  if (ma < 0 && mb < 0) {
    if (st.perSlot[s] < x.T) {
      st.place(r, s);
      return true;
    }
    // Both free but the slot is full: make room by moving one meeting of this slot straight elsewhere.
    if (!makeRoom(x, s)) return false;
    st.place(r, s);
    return true;
  }
  if (depth === 0) return false;
  if ((ma >= 0 && (x.locked[ma] || x.seen[ma] === x.stamp)) || (mb >= 0 && (x.locked[mb] || x.seen[mb] === x.stamp)))
    return false;
  const mark = st.mark;
  if (ma >= 0) {
    x.seen[ma] = x.stamp;
    st.remove(ma);
  }
  if (mb >= 0) {
    x.seen[mb] = x.stamp;
    st.remove(mb);
  }
  st.place(r, s);
  if ((ma < 0 || compensate(x, ma, a, s, depth - 1)) && (mb < 0 || compensate(x, mb, b, s, depth - 1))) return true;
  st.rollback(mark);
  return false;
}

/** After meeting m (of `taken`, now busy in s, and a partner now free in s) was ejected from s: re-place or replace it. */
function compensate(x: Context, m: number, taken: number, s: number, depth: number): boolean {
  const { c, st } = x;
  if (tryPlace(x, m, depth)) return true;
  const partner = c.reqA[m] === taken ? c.reqB[m] : c.reqA[m];
  for (let i = x.personStart[partner]; i < x.personStart[partner + 1]; i++) {
    const q = x.personReqs[i];
    if (q === m || st.slotOf[q] >= 0 || x.seen[q] === x.stamp || !mayReplace(c, m, q)) continue;
    if (x.steps > x.stepLimit) return false;
    x.steps++;
    if (!x.feasibleIn(q, s)) continue;
    x.seen[q] = x.stamp;
    if (placeAt(x, q, s, depth)) return true;
  }
  return false;
}

/** Moves one unlocked meeting of full slot s straight to another slot with a free table, if one can go. */
function makeRoom(x: Context, s: number): boolean {
  const { c, st, S, T } = x;
  if (st.slotsWithRoom === 0 || x.stuckAt[s] === st.version) return false;
  const list = st.members[s];
  for (let i = 0; i < st.memberCount[s]; i++) {
    const m = list[i];
    if (x.locked[m] || x.seen[m] === x.stamp) continue;
    const a = c.reqA[m];
    const b = c.reqB[m];
    for (let k = c.feasStart[m]; k < c.feasStart[m + 1]; k++) {
      const t = c.feasSlot[k];
      x.steps++;
      if (t !== s && st.perSlot[t] < T && st.occ[a * S + t] < 0 && st.occ[b * S + t] < 0) {
        x.seen[m] = x.stamp;
        st.remove(m);
        st.place(m, t);
        return true;
      }
    }
  }
  x.stuckAt[s] = st.version;
  return false;
}

/** Repair phase: iterative deepening over the unplaced requests, in priority order, until nothing more moves. */
function repair(x: Context, order: number[], maxDepth: number): void {
  const { st } = x;
  let depth = 1;
  const capacity = x.S * x.T;
  while (depth <= maxDepth && st.placed < capacity) {
    let gained = 0;
    for (const r of order) {
      if (st.slotOf[r] >= 0) continue;
      if (x.steps > x.stepLimit) return;
      if ((x.stamp & 1023) === 0 && performance.now() > x.deadline) {
        x.timedOut = true;
        return;
      }
      x.stamp++;
      if (tryPlace(x, r, depth)) gained++;
      st.commit();
    }
    // Go deeper only when the current depth has nothing more to give.
    if (gained === 0) depth++;
  }
}

/** Tables: a meeting keeps a table one of its people had in the previous slot when it can, else stays in the zone. */
function assignTables(c: CompiledInstance, st: Placement, zones: readonly (string | undefined)[]): Int32Array {
  const S = c.slotCount;
  const T = c.tableCount;
  const R = c.reqA.length;
  const tableOf = new Int32Array(R).fill(-1);
  const lastTable = new Int32Array(c.personCount).fill(-1);
  const used = new Uint8Array(T);
  const meetingsOf = st.busy;
  const bySlot: number[][] = Array.from({ length: S }, () => []);
  for (let r = 0; r < R; r++) if (st.slotOf[r] >= 0) bySlot[st.slotOf[r]].push(r);
  for (let s = 0; s < S; s++) {
    used.fill(0);
    const list = bySlot[s];
    for (const r of list) {
      if (c.lockedTable[r] >= 0) {
        tableOf[r] = c.lockedTable[r];
        used[tableOf[r]] = 1;
      }
    }
    // The person who meets most (often the one everybody asks for) keeps their table first.
    const anchor = (r: number): number => Math.max(meetingsOf[c.reqA[r]], meetingsOf[c.reqB[r]]);
    const free = list.filter((r) => tableOf[r] < 0).sort((x, y) => anchor(y) - anchor(x) || x - y);
    const rest: number[] = [];
    for (const r of free) {
      const [first, second] =
        meetingsOf[c.reqA[r]] >= meetingsOf[c.reqB[r]] ? [c.reqA[r], c.reqB[r]] : [c.reqB[r], c.reqA[r]];
      const t = [lastTable[first], lastTable[second]].find((table) => table >= 0 && !used[table]);
      if (t === undefined) rest.push(r);
      else {
        tableOf[r] = t;
        used[t] = 1;
      }
    }
    let next = 0;
    for (const r of rest) {
      const previous = [lastTable[c.reqA[r]], lastTable[c.reqB[r]]].find((table) => table >= 0);
      const zone = previous === undefined ? undefined : zones[previous];
      let t = -1;
      if (zone !== undefined) {
        for (let i = 0; i < T; i++)
          if (!used[i] && zones[i] === zone) {
            t = i;
            break;
          }
      }
      if (t < 0) {
        while (used[next]) next++;
        t = next;
      }
      tableOf[r] = t;
      used[t] = 1;
    }
    // People without a meeting in this slot lose their table: continuity is between consecutive slots.
    for (const r of list) {
      lastTable[c.reqA[r]] = tableOf[r];
      lastTable[c.reqB[r]] = tableOf[r];
    }
    for (let p = 0; p < c.personCount; p++) if (lastTable[p] >= 0 && st.occ[p * S + s] < 0) lastTable[p] = -1;
  }
  return tableOf;
}

export function scheduleMeetings(input: SchedulerInput, options: SchedulerOptions = {}): ScheduleResult {
  const started = performance.now();
  const c = compileInstance(input);
  const S = c.slotCount;
  const T = c.tableCount;
  const R = c.reqA.length;
  const random = seededRandom(options.seed ?? 1);
  const st = new Placement(c);

  greedy(c, st, random);
  const greedyPlaced = st.placed;

  const locked = new Uint8Array(R);
  for (let r = 0; r < R; r++) if (c.lockedTable[r] >= 0) locked[r] = 1;
  const { personStart, personReqs } = requestsByPerson(c);
  const x: Context = {
    c,
    st,
    S,
    T,
    locked,
    seen: new Int32Array(R),
    stamp: 0,
    steps: 0,
    stepLimit: options.repairSteps ?? 20_000_000,
    deadline: started + (options.timeLimitMs ?? 4000),
    timedOut: false,
    stuckAt: new Float64Array(S).fill(-1),
    personStart,
    personReqs,
    feasibleIn: (r, slot) => c.avail[c.reqA[r] * S + slot] === 1 && c.avail[c.reqB[r] * S + slot] === 1,
  };
  const unplaced = Array.from({ length: R }, (_, r) => r).filter((r) => st.slotOf[r] < 0);
  const feasibleCount = (r: number) => c.feasStart[r + 1] - c.feasStart[r];
  unplaced.sort(
    (p, q) => c.tier[q] - c.tier[p] || c.weight[q] - c.weight[p] || feasibleCount(p) - feasibleCount(q) || p - q,
  );
  if (T > 0) repair(x, unplaced, options.maxDepth ?? 3);

  const tableOf = assignTables(
    c,
    st,
    input.tables.map((t) => t.zone),
  );

  const meetings: PlacedMeeting[] = [];
  const order = Array.from({ length: R }, (_, r) => r)
    .filter((r) => st.slotOf[r] >= 0)
    .sort((p, q) => st.slotOf[p] - st.slotOf[q] || tableOf[p] - tableOf[q]);
  for (const r of order) {
    meetings.push({
      requestId: input.requests[c.inputIndex[r]].id,
      slotId: input.slots[st.slotOf[r]],
      tableId: input.tables[tableOf[r]].id,
      locked: locked[r] === 1,
    });
  }
  const reasons = new Map(c.excluded);
  for (let r = 0; r < R; r++) {
    if (st.slotOf[r] >= 0) continue;
    let reason: UnplacedReason = 'person_busy';
    for (let k = c.feasStart[r]; k < c.feasStart[r + 1]; k++) {
      const s = c.feasSlot[k];
      if (st.occ[c.reqA[r] * S + s] < 0 && st.occ[c.reqB[r] * S + s] < 0) reason = 'no_table';
    }
    reasons.set(c.inputIndex[r], reason);
  }
  const unplacedOut: UnplacedRequest[] = [...reasons.entries()]
    .sort((p, q) => p[0] - q[0])
    .map(([i, reason]) => ({ requestId: input.requests[i].id, reason }));
  return {
    meetings,
    unplaced: unplacedOut,
    stats: { greedy: greedyPlaced, repaired: st.placed - greedyPlaced, repairSteps: x.steps, timedOut: x.timedOut },
  };
}
