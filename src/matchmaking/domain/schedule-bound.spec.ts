import { fractionalBMatching, personCaps } from './b-matching.js';
import { combinatorialBound, lpBound } from './schedule-bound.js';
import { compileInstance, scheduleMeetings, seededRandom, type SchedulerInput } from './scheduler.js';

/** The best schedule by exhaustive search: each request in one of its common slots or left out. */
function optimum(input: SchedulerInput): number {
  const c = compileInstance(input);
  const S = c.slotCount;
  const R = c.reqA.length;
  const busy = new Uint8Array(c.personCount * S);
  const perSlot = new Int32Array(S);
  let best = 0;
  const visit = (r: number, placed: number) => {
    if (placed + (R - r) <= best) return;
    if (r === R) {
      best = placed;
      return;
    }
    for (let k = c.feasStart[r]; k < c.feasStart[r + 1]; k++) {
      const s = c.feasSlot[k];
      const a = c.reqA[r] * S + s;
      const b = c.reqB[r] * S + s;
      if (busy[a] || busy[b] || perSlot[s] >= c.tableCount) continue;
      busy[a] = busy[b] = 1;
      perSlot[s]++;
      visit(r + 1, placed + 1);
      busy[a] = busy[b] = 0;
      perSlot[s]--;
    }
    visit(r + 1, placed);
  };
  visit(0, 0);
  return best;
}

function tinyInstance(seed: number): SchedulerInput {
  const random = seededRandom(seed);
  const slots = ['s1', 's2', 's3'];
  const people = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, slots: slots.filter(() => random() < 0.6) }));
  const requests = Array.from({ length: 9 }, (_, i) => ({
    id: `r${i}`,
    a: `p${Math.floor(random() * 6)}`,
    b: `p${Math.floor(random() * 6)}`,
  }));
  return { slots, tables: [{ id: 't1' }, { id: 't2' }].slice(0, 1 + Math.floor(random() * 2)), people, requests };
}

describe('schedule bounds', () => {
  it('bounds the exhaustive optimum (combinatorial, LP and its dual certificate); the scheduler stays under it', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const input = tinyInstance(seed);
      const best = optimum(input);
      const combinatorial = combinatorialBound(input);
      const lp = await lpBound(input);
      expect(combinatorial.bound).toBeGreaterThanOrEqual(best);
      expect(lp.status).toBe('optimal');
      expect(lp.bound).toBeGreaterThanOrEqual(best);
      expect(lp.dualBound).toBeGreaterThanOrEqual(best - 1e-6);
      expect(scheduleMeetings(input).meetings.length).toBeLessThanOrEqual(best);
    }
  });

  it('counts the table limit: two slots of one table hold two meetings whatever is asked', () => {
    const slots = ['s1', 's2'];
    const people = ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => ({ id, slots }));
    const requests = [
      { id: 'r1', a: 'A', b: 'B' },
      { id: 'r2', a: 'C', b: 'D' },
      { id: 'r3', a: 'E', b: 'F' },
    ];
    expect(combinatorialBound({ slots, tables: [{ id: 't1' }], people, requests })).toEqual({
      tables: 2,
      people: 3,
      requests: 3,
      bound: 2,
    });
  });

  it('caps a person by the slots their requests can use: three requests that all need s1 make one meeting', () => {
    const people = [
      { id: 'A', slots: ['s1', 's2'] },
      { id: 'B', slots: ['s1'] },
      { id: 'C', slots: ['s1'] },
      { id: 'D', slots: ['s1'] },
    ];
    const input: SchedulerInput = {
      slots: ['s1', 's2'],
      tables: [{ id: 't1' }, { id: 't2' }],
      people,
      requests: ['B', 'C', 'D'].map((b, i) => ({ id: `r${i}`, a: 'A', b })),
    };
    const c = compileInstance(input);
    expect([...personCaps(c)]).toEqual([1, 1, 1, 1]);
    expect(fractionalBMatching(c, personCaps(c)).value).toBe(1);
    expect(combinatorialBound(input).bound).toBe(1);
  });

  it('gives the fractional b-matching of an odd cycle as a half: three people who all asked each other', () => {
    const slots = ['s1', 's2', 's3'];
    const input: SchedulerInput = {
      slots,
      tables: [{ id: 't1' }],
      people: ['A', 'B', 'C'].map((id) => ({ id, slots })),
      requests: [
        { id: 'r1', a: 'A', b: 'B' },
        { id: 'r2', a: 'B', b: 'C' },
        { id: 'r3', a: 'C', b: 'A' },
      ],
    };
    const c = compileInstance(input);
    const capOne = new Int32Array([1, 1, 1]);
    expect(fractionalBMatching(c, capOne)).toEqual({ value: 1.5, x: new Float64Array([0.5, 0.5, 0.5]) });
  });
});
