/**
 * What the benches that run servers as child processes share: the children and scratch folders they start (killed
 * and removed on exit, on failure, on Ctrl-C and on a global deadline), free ports, the child environment, starting a
 * server and waiting for /health, stopping it (SIGTERM, then SIGKILL), CPU time from /proc, a keep-alive JSON client,
 * percentiles, the comparison table and the JSON report in data/bench/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = join(ROOT, 'dist/src/main.js');
export const OUT_DIR = join(ROOT, 'data/bench');

/** Variables that would point the app elsewhere (PostgreSQL, a mail server, loaders): not part of a measurement. */
export const APP_ENV_DROP = ['DATABASE_URL', 'SMTP_URL', 'APP_URL', 'NODE_OPTIONS', 'TRUST_PROXY', 'COOKIE_SECURE'];

const children = new Set<ChildProcess>();
const scratchDirs: string[] = [];

export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

export function removeScratch(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Children die with the bench however it ends (normal exit, error, Ctrl-C, past `deadlineMs`). Call once, first. */
export function guard(deadlineMs: number): void {
  process.on('exit', () => {
    killAll();
    removeScratch();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping children`);
      process.exit(130);
    });
  }
  const deadline = setTimeout(() => {
    console.error(`bench: gave up after ${deadlineMs / 1000} s`);
    process.exit(1);
  }, deadlineMs);
  deadline.unref();
}

/** Runs the bench's main; reports a failure with exit code 1 and always cleans up (`cleanup` first). */
export async function run(main: () => Promise<void>, cleanup?: () => void): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`\nbench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    cleanup?.();
    killAll();
    removeScratch();
  }
}

/** Fails unless `file` (a build output) exists and /proc/self/<procFile> can be read. */
export function requireSetup(file: string, npmScript: string, procFile: 'stat' | 'status', reads: string): void {
  if (!existsSync(file))
    throw new Error(`${relative(ROOT, file)} is missing: run npm run build first (npm run ${npmScript} does)`);
  if (!existsSync(`/proc/self/${procFile}`)) throw new Error(`this bench reads ${reads} from /proc and needs Linux`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A new folder data/bench/.tmp-<label>-XXXXXX, removed when the bench ends. */
export function scratchDir(label: string): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const dir = mkdtempSync(join(OUT_DIR, `.tmp-${label}-`));
  scratchDirs.push(dir);
  return dir;
}

/**
 * What a measured app runs with beyond its own variables: as deployed, `NODE_ENV=production` (no development checks;
 * see the README's configuration table).
 */
export const PRODUCTION_ENV = { NODE_ENV: 'production' } as const;

/** This process's environment without the `drop` variables, as deployed (`PRODUCTION_ENV`), with `extra` on top. */
export function childEnv(drop: readonly string[], extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of drop) delete env[name];
  return { ...env, ...PRODUCTION_ENV, ...extra };
}

/** BENCH_CPU_PROF=1 writes a V8 CPU profile of each child to data/bench/profiles/ (open in Chrome DevTools). */
export function profileArgs(): string[] {
  return process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(OUT_DIR, 'profiles')}`] : [];
}

/** Spawns `node <args>` from ROOT, tracked for clean-up, keeping the tail of its output for error messages. */
export function spawnNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  ipc = false,
): { child: ChildProcess; output: () => string } {
  const stdio = ipc ? (['ignore', 'pipe', 'pipe', 'ipc'] as const) : (['ignore', 'pipe', 'pipe'] as const);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: [...stdio] });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

export interface ServerOptions {
  /** named in error messages */
  label: string;
  args: string[];
  env: (port: number) => NodeJS.ProcessEnv;
  /** true once GET /health answered 200; may throw while the server is not listening */
  healthy: (port: number) => Promise<boolean>;
  readyTimeoutMs: number;
  pollMs: number;
}

/** Spawns a server on a free port; resolves when it is healthy. readyMs counts from just before spawn(). */
export async function startServer(
  options: ServerOptions,
): Promise<{ child: ChildProcess; port: number; readyMs: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const { child, output } = spawnNode(options.args, options.env(port));
  while (performance.now() - t0 < options.readyTimeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${options.label} exited (${child.exitCode ?? child.signalCode}) before answering /health:\n${output()}`,
      );
    }
    try {
      if (await options.healthy(port)) return { child, port, readyMs: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    await sleep(options.pollMs);
  }
  throw new Error(
    `${options.label} did not answer 200 on /health within ${options.readyTimeoutMs / 1000} s:\n${output()}`,
  );
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves when the child has exited. */
export async function stop(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
}

/** user + system CPU time of a process so far, in ms (fields 14 and 15 of /proc/<pid>/stat, in clock ticks). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export type Call = (
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; json: unknown }>;

/** A keep-alive agent and one-request-at-a-time JSON calls on it; answers the status and the parsed JSON body. */
export function jsonClient(maxSockets: number, timeoutMs: number): { agent: Agent; call: Call } {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const call: Call = (port, method, path, body, headers = {}) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          timeout: timeoutMs,
          headers: {
            ...headers,
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = text;
            try {
              json = JSON.parse(text);
            } catch {
              // not JSON: keep the text for the error message
            }
            done({ status: res.statusCode ?? 0, json });
          });
          res.on('error', fail);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', fail);
      req.end(payload);
    });
  };
  return { agent, call };
}

export function expectStatus(what: string, res: { status: number; json: unknown }, status: number): void {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.json).slice(0, 500)}`);
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One overwritten progress line on a terminal; nothing when the output goes to a file or a CI log. */
export function progress(text: string, width = 60): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text.padEnd(width)}`);
}

/** The CPUs of this machine: their number, their model, and both as `n × model` for a header line. */
export function machine(): { cpus: number; cpuModel: string | null; summary: string } {
  const cpu = cpus();
  const cpuModel = cpu[0]?.model.trim() ?? null;
  return { cpus: cpu.length, cpuModel, summary: `${cpu.length} × ${cpuModel ?? 'unknown CPU'}` };
}

/** Prints metric | Duijie | baseline | ratio | unit with the given column widths (the first left-aligned). */
export function printTable(widths: number[], rows: string[][]): void {
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' ');
  console.log(line(['metric', 'Duijie', 'baseline', 'ratio', 'unit']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

/** Writes data/bench/<name> as indented JSON and says so. */
export function writeReport(name: string, report: unknown): void {
  const file = join(OUT_DIR, name);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`written to ${relative(ROOT, file)}`);
}
