/**
 * Per-person capacities and the fractional b-matching of the request graph: the people bound of schedule-bound.ts,
 * and the scheduler's hint of which requests a best schedule is likely to need.
 */
import type { CompiledInstance } from './scheduler.js';

/**
 * How many meetings each person can have at most: no more than the slots in which they have a feasible request, no
 * more than their requests, and no more than a matching of their requests to those slots allows (a request needs
 * one of its own slots).
 */
export function personCaps(c: CompiledInstance): Int32Array {
  const S = c.slotCount;
  const P = c.personCount;
  const R = c.reqA.length;
  const byPerson: number[][] = Array.from({ length: P }, () => []);
  for (let r = 0; r < R; r++) {
    byPerson[c.reqA[r]].push(r);
    byPerson[c.reqB[r]].push(r);
  }
  const cap = new Int32Array(P);
  const slotTaker = new Int32Array(S);
  const seen = new Int32Array(S);
  let stamp = 0;
  for (let p = 0; p < P; p++) {
    // Bipartite matching requests → slots by augmenting paths (Kuhn); stops once every useful slot is taken.
    slotTaker.fill(-1);
    const requests = byPerson[p];
    const tryAssign = (r: number): boolean => {
      for (let k = c.feasStart[r]; k < c.feasStart[r + 1]; k++) {
        const s = c.feasSlot[k];
        if (seen[s] === stamp) continue;
        seen[s] = stamp;
        if (slotTaker[s] < 0 || tryAssign(slotTaker[s])) {
          slotTaker[s] = r;
          return true;
        }
      }
      return false;
    };
    let matched = 0;
    for (const r of requests) {
      stamp++;
      if (tryAssign(r)) matched++;
      if (matched === S) break;
    }
    cap[p] = matched;
  }
  return cap;
}

/**
 * The maximum fractional b-matching of the request graph with capacities `cap`: x[r] ∈ {0, ½, 1} with
 * Σ_{r ∋ p} x[r] ≤ cap[p], maximising Σ x[r]. Solved as a maximum flow on the bipartite double cover (Dinic):
 * source → left p (cap[p]) → right q (1 per request direction) → sink (cap[q]); x[r] is half the flow on r's two arcs.
 */
export function fractionalBMatching(c: CompiledInstance, cap: Int32Array): { value: number; x: Float64Array } {
  const P = c.personCount;
  const { reqA, reqB } = c;
  const R = reqA.length;
  const source = 2 * P;
  const sink = 2 * P + 1;
  const nodes = 2 * P + 2;
  const edgeCount = 2 * (2 * P + 2 * R);
  const to = new Int32Array(edgeCount);
  const capacity = new Int32Array(edgeCount);
  const next = new Int32Array(edgeCount);
  const head = new Int32Array(nodes).fill(-1);
  let e = 0;
  const add = (u: number, v: number, c: number) => {
    to[e] = v;
    capacity[e] = c;
    next[e] = head[u];
    head[u] = e++;
    to[e] = u;
    capacity[e] = 0;
    next[e] = head[v];
    head[v] = e++;
  };
  for (let p = 0; p < P; p++) {
    add(source, p, cap[p]);
    add(P + p, sink, cap[p]);
  }
  for (let r = 0; r < R; r++) {
    add(reqA[r], P + reqB[r], 1);
    add(reqB[r], P + reqA[r], 1);
  }
  const level = new Int32Array(nodes);
  const iter = new Int32Array(nodes);
  const queue = new Int32Array(nodes);
  const bfs = (): boolean => {
    level.fill(-1);
    level[source] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = source;
    while (qh < qt) {
      const u = queue[qh++];
      for (let i = head[u]; i >= 0; i = next[i]) {
        if (capacity[i] > 0 && level[to[i]] < 0) {
          level[to[i]] = level[u] + 1;
          queue[qt++] = to[i];
        }
      }
    }
    return level[sink] >= 0;
  };
  // Iterative DFS for blocking flow (paths are at most source → left → right → sink plus residual detours).
  const stack = new Int32Array(nodes);
  const via = new Int32Array(nodes);
  let flow = 0;
  while (bfs()) {
    for (let u = 0; u < nodes; u++) iter[u] = head[u];
    for (;;) {
      let depth = 0;
      stack[0] = source;
      let found = false;
      while (depth >= 0) {
        const u = stack[depth];
        if (u === sink) {
          found = true;
          break;
        }
        let advanced = false;
        for (; iter[u] >= 0; iter[u] = next[iter[u]]) {
          const i = iter[u];
          if (capacity[i] > 0 && level[to[i]] === level[u] + 1) {
            via[depth] = i;
            stack[++depth] = to[i];
            advanced = true;
            break;
          }
        }
        if (!advanced) {
          level[u] = -1; // dead end for this phase
          depth--;
          if (depth >= 0) iter[stack[depth]] = next[iter[stack[depth]]];
        }
      }
      if (!found) break;
      let push = Infinity;
      for (let d = 0; d < depth; d++) push = Math.min(push, capacity[via[d]]);
      for (let d = 0; d < depth; d++) {
        capacity[via[d]] -= push;
        capacity[via[d] ^ 1] += push;
      }
      flow += push;
    }
  }
  const x = new Float64Array(R);
  for (let r = 0; r < R; r++) x[r] = (2 - capacity[4 * P + 4 * r] - capacity[4 * P + 4 * r + 2]) / 2;
  return { value: flow / 2, x };
}
