/**
 * Runs benchmarks by name, each in its own Node process, one after the other:
 *
 *   npm run bench                     all of them
 *   npm run bench -- scheduler search one or several by name
 *
 * The benches that start the built app (startup, registration, mail, agenda, checkin, report) get one `npm run build` first;
 * the pure ones (scheduler, recommendations, search) do not need it. Stops at the first bench that fails.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.js';

const BENCHES: Record<string, { needsBuild: boolean }> = {
  startup: { needsBuild: true },
  registration: { needsBuild: true },
  mail: { needsBuild: true },
  agenda: { needsBuild: true },
  checkin: { needsBuild: true },
  scheduler: { needsBuild: false },
  recommendations: { needsBuild: false },
  search: { needsBuild: false },
  report: { needsBuild: true },
  import: { needsBuild: true },
  soak: { needsBuild: true },
  peak: { needsBuild: true },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const names = asked.length > 0 ? asked : Object.keys(BENCHES);

const run = (command: string, args: string[]): void => {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (names.some((name) => BENCHES[name].needsBuild)) run('npm', ['run', 'build']);
for (const name of names) run(process.execPath, ['--import', 'tsx', join('test/bench', `${name}.ts`)]);
