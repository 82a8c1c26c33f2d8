/**
 * Upper bounds on how many meetings any schedule can place, to measure the scheduler against.
 *
 * Every bound is a relaxation of the scheduling problem (see scheduler.ts for its rules), so no schedule can beat it:
 * - tables: in slot s at most min(tables, ⌊n_s / 2⌋) meetings, where n_s counts the people available in s who have
 *   a schedulable request feasible in s (a meeting takes two of them and one table);
 * - people: a person p meets at most c_p = min(|slots where p has a feasible request|, |p's requests|) times, and
 *   every meeting uses two people, so the meetings form a b-matching of the request graph with capacities c_p. Its
 *   fractional relaxation is solved exactly as a maximum flow on the bipartite double cover (people on both sides,
 *   each request an edge both ways, capacity c_p at each side's person): flow / 2 ≥ the best b-matching;
 * - requests: each schedulable request (a common slot, a unique pair) is one meeting at most.
 * The combinatorial bound is the smallest of the three. The LP bound is tighter: the LP relaxation of the whole
 * problem, solved with HiGHS, over x[r,s] ∈ [0,1] for every request r and slot s feasible for it:
 *   maximise Σ x[r,s]  subject to  Σ_s x[r,s] ≤ 1 (one meeting per request),
 *   Σ_{r ∋ p} x[r,s] ≤ 1 (a person once per slot),  Σ_r x[r,s] ≤ tables (tables per slot).
 * Any schedule is an integral point of this polytope, so ⌊LP optimum⌋ bounds the number of meetings; it implies the
 * three combinatorial limits at once (summing the person rows of p gives c_p, summing a slot's person rows gives
 * n_s / 2). It misses the odd-cycle (blossom) constraints of matchings, which is the remaining gap on dense instances.
 */
import type { Highs } from 'highs';
import { fractionalBMatching, personCaps } from './b-matching.js';
import { compileInstance, type CompiledInstance, type SchedulerInput } from './scheduler.js';

export interface CombinatorialBound {
  tables: number;
  people: number;
  requests: number;
  /** The smallest of the three. */
  bound: number;
}

export function combinatorialBound(input: SchedulerInput | CompiledInstance): CombinatorialBound {
  const c = 'reqA' in input ? input : compileInstance(input);
  const S = c.slotCount;
  const P = c.personCount;
  const R = c.reqA.length;
  const useful = new Uint8Array(P * S);
  const degree = new Int32Array(P);
  for (let r = 0; r < R; r++) {
    degree[c.reqA[r]]++;
    degree[c.reqB[r]]++;
    for (let k = c.feasStart[r]; k < c.feasStart[r + 1]; k++) {
      useful[c.reqA[r] * S + c.feasSlot[k]] = 1;
      useful[c.reqB[r] * S + c.feasSlot[k]] = 1;
    }
  }
  let tables = 0;
  for (let s = 0; s < S; s++) {
    let n = 0;
    for (let p = 0; p < P; p++) n += useful[p * S + s];
    tables += Math.min(c.tableCount, Math.floor(n / 2));
  }
  const people = Math.floor(fractionalBMatching(c, personCaps(c)).value);
  const bound = Math.min(tables, people, R);
  return { tables, people, requests: R, bound };
}

export interface LpBound {
  /** ⌊LP optimum⌋ (+ a small tolerance), or null when HiGHS did not reach optimality within the time limit. */
  bound: number | null;
  objective: number | null;
  dualBound: number;
  status: string;
  variables: number;
  rows: number;
  seconds: number;
}

let highsRuntime: Promise<Highs> | undefined;

/** The LP relaxation described above, solved with HiGHS (WebAssembly, loaded once). */
export async function lpBound(
  input: SchedulerInput | CompiledInstance,
  options: { timeLimitSeconds?: number; solver?: 'simplex' | 'ipm' | 'pdlp' | 'choose'; crossover?: boolean } = {},
): Promise<LpBound> {
  const started = performance.now();
  const c = 'reqA' in input ? input : compileInstance(input);
  // The package ships ES module and CommonJS builds; the types describe the CommonJS one, hence the cast.
  highsRuntime ??= import('highs').then((module) => (module as unknown as { default: () => Promise<Highs> }).default());
  const highs = await highsRuntime;
  const S = c.slotCount;
  const R = c.reqA.length;
  const n = c.feasSlot.length;
  // Rows: one per (person, slot) used by two or more variables, one per slot, one per request with several slots.
  const personSlotUse = new Int32Array(c.personCount * S);
  for (let r = 0; r < R; r++)
    for (let k = c.feasStart[r]; k < c.feasStart[r + 1]; k++) {
      personSlotUse[c.reqA[r] * S + c.feasSlot[k]]++;
      personSlotUse[c.reqB[r] * S + c.feasSlot[k]]++;
    }
  const personSlotRow = new Int32Array(c.personCount * S).fill(-1);
  let rows = 0;
  for (let i = 0; i < personSlotRow.length; i++) if (personSlotUse[i] >= 2) personSlotRow[i] = rows++;
  const slotRow = rows;
  rows += S;
  const requestRow = new Int32Array(R).fill(-1);
  for (let r = 0; r < R; r++) if (c.feasStart[r + 1] - c.feasStart[r] >= 2) requestRow[r] = rows++;
  const rowUpper = new Float64Array(rows).fill(1);
  for (let s = 0; s < S; s++) rowUpper[slotRow + s] = c.tableCount;
  // Column-wise (CSC): each x[r,s] appears in up to four rows.
  const starts = new Int32Array(n + 1);
  const indices: number[] = [];
  let col = 0;
  for (let r = 0; r < R; r++) {
    for (let k = c.feasStart[r]; k < c.feasStart[r + 1]; k++) {
      const s = c.feasSlot[k];
      const entries = [personSlotRow[c.reqA[r] * S + s], personSlotRow[c.reqB[r] * S + s], slotRow + s, requestRow[r]]
        .filter((row) => row >= 0)
        .sort((x, y) => x - y);
      indices.push(...entries);
      starts[++col] = indices.length;
    }
  }
  const indexArray = Int32Array.from(indices);
  // Weak duality with the 0 ≤ x ≤ 1 bounds: for any y ≥ 0, Σ_i b_i y_i + Σ_j max(0, 1 − (Aᵀy)_j) ≥ every feasible
  // objective, so a dual vector certifies a bound whatever its accuracy (the sign convention is tried both ways).
  const certify = (rowDual: Float64Array, sign: number): number => {
    let total = 0;
    for (let i = 0; i < rows; i++) total += rowUpper[i] * Math.max(0, sign * rowDual[i]);
    for (let j = 0; j < n; j++) {
      let reduced = 1;
      for (let k = starts[j]; k < starts[j + 1]; k++) reduced -= Math.max(0, sign * rowDual[indexArray[k]]);
      total += Math.max(0, reduced);
    }
    return total;
  };
  const result = highs.withModel(
    {
      numCols: n,
      numRows: rows,
      sense: highs.constants.objectiveSense.maximize,
      colCost: new Float64Array(n).fill(1),
      colLower: new Float64Array(n),
      colUpper: new Float64Array(n).fill(1),
      rowLower: new Float64Array(rows).fill(-highs.infinity),
      rowUpper,
      matrix: {
        format: 'csc',
        numRows: rows,
        numCols: n,
        starts,
        indices: indexArray,
        values: new Float64Array(indices.length).fill(1),
      },
    },
    (model) => {
      model.options.set({
        output_flag: false,
        time_limit: options.timeLimitSeconds ?? 60,
        solver: options.solver ?? 'choose',
        run_crossover: options.crossover === false ? 'off' : 'on',
      });
      model.run();
      const status = model.getModelStatus();
      const optimal = status === highs.constants.modelStatus.optimal;
      const dual = model.getSolution().rowDual;
      return {
        dualBound: Math.min(certify(dual, 1), certify(dual, -1)),
        objective: optimal ? model.getObjectiveValue() : null,
        status: Object.entries(highs.constants.modelStatus).find(([, v]) => v === status)?.[0] ?? String(status),
      };
    },
  );
  return {
    bound: result.objective === null ? null : Math.floor(result.objective + 1e-6),
    objective: result.objective,
    dualBound: result.dualBound,
    status: result.status,
    variables: n,
    rows,
    seconds: (performance.now() - started) / 1000,
  };
}
