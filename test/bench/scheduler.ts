/**
 * The meeting scheduler on two generated sessions of 2,000 participants, 20,000 accepted requests (Pareto-skewed
 * target popularity) and 24 slots: (a) tables binding, 400 tables and ~60 % availability; (b) people binding, 1,000
 * tables and ~50 % availability. Each is measured against an upper bound (schedule-bound.ts) and against a plain
 * per-slot maximal matching run in the same process.
 *
 *   npm run bench -- scheduler          (BENCH_LP=1 also tries the HiGHS LP bound, 60 s per instance)
 *
 * T is the CPU time of the scheduler call (user + system of this process): the machine is shared, and wall time
 * would measure the neighbours. Every schedule is checked by validateSchedule. Figures: data/bench/scheduler.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { combinatorialBound, lpBound } from '../../src/matchmaking/domain/schedule-bound.js';
import { validateSchedule } from '../../src/matchmaking/domain/schedule-validation.js';
import { compileInstance, scheduleMeetings } from '../../src/matchmaking/domain/scheduler.js';
import { OUT_DIR } from './harness.js';
import { generateInstance, perSlotGreedy } from './scheduler-instances.js';

const INSTANCES = [
  { name: 'a', tables: 400, availability: 0.6, seed: 11, goal: { ofBound: 0.99, ofGreedy: 0 } },
  { name: 'b', tables: 1000, availability: 0.5, seed: 22, goal: { ofBound: 0.93, ofGreedy: 1.15 } },
] as const;
const TIME_GOAL_S = 5;

const report: Record<string, unknown>[] = [];
const verdicts: string[] = [];
let failed = false;
for (const instance of INSTANCES) {
  const input = generateInstance({
    people: 2000,
    requests: 20_000,
    slots: 24,
    tables: instance.tables,
    availability: instance.availability,
    paretoShape: 2,
    seed: instance.seed,
  });
  const greedy = perSlotGreedy(input);

  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = scheduleMeetings(input);
  const wall = (performance.now() - wallBefore) / 1000;
  const cpuUsed = process.cpuUsage(cpuBefore);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;

  const problems = validateSchedule(input, result);
  if (problems.length > 0) {
    console.error(`scheduler (${instance.name}): ${problems.length} rule violations, e.g. ${problems[0]}`);
    failed = true;
  }

  const compiled = compileInstance(input);
  const combinatorial = combinatorialBound(compiled);
  const lp = process.env.BENCH_LP === '1' ? await lpBound(compiled, { timeLimitSeconds: 60 }) : null;
  const bound = Math.min(combinatorial.bound, lp?.bound ?? Infinity);
  const placed = result.meetings.length;
  const share = placed / bound;
  console.log(
    `scheduler (${instance.name}): placed ${placed} of bound ${bound} (${(100 * share).toFixed(1)} %) in ${cpu.toFixed(2)} s; per-slot greedy ${greedy}`,
  );

  const goals = [
    `≥ ${instance.goal.ofBound * 100} % of B: ${share >= instance.goal.ofBound ? 'met' : 'NOT met'}`,
    ...(instance.goal.ofGreedy > 0
      ? [
          `≥ ${instance.goal.ofGreedy} × G: ${placed >= instance.goal.ofGreedy * greedy ? 'met' : 'NOT met'} (${(placed / greedy).toFixed(3)} ×)`,
        ]
      : []),
    `under ${TIME_GOAL_S} s: ${cpu < TIME_GOAL_S ? 'met' : 'NOT met'}`,
  ];
  verdicts.push(`(${instance.name}) ${goals.join(', ')}`);
  const reasons: Record<string, number> = {};
  for (const item of result.unplaced) reasons[item.reason] = (reasons[item.reason] ?? 0) + 1;
  report.push({
    instance: instance.name,
    tables: instance.tables,
    availability: instance.availability,
    placed,
    bound,
    combinatorial,
    lp,
    perSlotGreedy: greedy,
    cpuSeconds: cpu,
    wallSeconds: wall,
    stats: result.stats,
    unplacedByReason: reasons,
    violations: problems.length,
  });
}
console.log(`goals: ${verdicts.join('; ')}`);
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(join(OUT_DIR, 'scheduler.json'), JSON.stringify(report, null, 2));
if (failed) process.exitCode = 1;
