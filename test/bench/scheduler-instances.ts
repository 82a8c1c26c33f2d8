/**
 * Generated meeting-session instances for the scheduler benchmark, and the per-slot greedy it is compared with.
 * Everything is seeded, so each run sees the same instances.
 */
import { seededRandom, type MeetingRequest, type SchedulerInput } from '../../src/matchmaking/domain/scheduler.js';

export interface InstanceShape {
  people: number;
  requests: number;
  slots: number;
  tables: number;
  /** Probability that a person is available in a slot. */
  availability: number;
  /** Pareto shape of the target popularity (smaller = more skewed). */
  paretoShape: number;
  seed: number;
}

/**
 * Requesters are uniform; targets follow Pareto weights, so a few people are asked by hundreds, as at a real fair.
 * About 10 % of the requests are mutual and 3 % prioritised by the organiser; every pair is asked at most once.
 */
export function generateInstance(shape: InstanceShape): SchedulerInput {
  const random = seededRandom(shape.seed);
  const slots = Array.from({ length: shape.slots }, (_, s) => `s${s + 1}`);
  const tables = Array.from({ length: shape.tables }, (_, t) => ({ id: `t${t + 1}`, zone: `z${(t % 4) + 1}` }));
  const people = Array.from({ length: shape.people }, (_, p) => ({
    id: `p${p + 1}`,
    slots: slots.filter(() => random() < shape.availability),
  }));
  const cumulative = new Float64Array(shape.people);
  let total = 0;
  for (let p = 0; p < shape.people; p++) {
    total += Math.pow(1 - random(), -1 / shape.paretoShape);
    cumulative[p] = total;
  }
  const pickTarget = (): number => {
    const x = random() * total;
    let lo = 0;
    let hi = shape.people - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const pairs = new Set<number>();
  const requests: MeetingRequest[] = [];
  while (requests.length < shape.requests) {
    const a = Math.floor(random() * shape.people);
    const b = pickTarget();
    const key = Math.min(a, b) * shape.people + Math.max(a, b);
    if (a === b || pairs.has(key)) continue;
    pairs.add(key);
    const kind = random();
    requests.push({
      id: `r${requests.length + 1}`,
      a: people[a].id,
      b: people[b].id,
      mutual: kind < 0.1,
      prioritised: kind > 0.97,
    });
  }
  return { slots, tables, people, requests };
}

/**
 * The baseline: slot after slot, a plain maximal matching, taking still-unplaced requests in input order whenever
 * both people are available and free and a table is left.
 */
export function perSlotGreedy(input: SchedulerInput): number {
  const personIndex = new Map(input.people.map((p, i) => [p.id, i]));
  const slotIndex = new Map(input.slots.map((s, i) => [s, i]));
  const S = input.slots.length;
  const avail = new Uint8Array(input.people.length * S);
  input.people.forEach((p, i) => p.slots.forEach((s) => (avail[i * S + slotIndex.get(s)!] = 1)));
  const a = input.requests.map((r) => personIndex.get(r.a)!);
  const b = input.requests.map((r) => personIndex.get(r.b)!);
  const placed = new Uint8Array(input.requests.length);
  const busyStamp = new Int32Array(input.people.length).fill(-1);
  let total = 0;
  for (let s = 0; s < S; s++) {
    let inSlot = 0;
    for (let r = 0; r < a.length && inSlot < input.tables.length; r++) {
      if (placed[r] || busyStamp[a[r]] === s || busyStamp[b[r]] === s) continue;
      if (!avail[a[r] * S + s] || !avail[b[r] * S + s]) continue;
      placed[r] = 1;
      busyStamp[a[r]] = s;
      busyStamp[b[r]] = s;
      inSlot++;
    }
    total += inSlot;
  }
  return total;
}
