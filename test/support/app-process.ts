/**
 * The application as real child processes (`node <build>/src/main.js`), for tests of several instances, crashes and
 * restarts. The build is made once per source tree: SWC (as `npm run build` does) into data/.test-build/<hash of
 * src/>, so test files running at the same time share it and never disturb `dist/`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import type { TestDatabase } from './test-database.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const BUILDS = join(ROOT, 'data', '.test-build');

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) yield path;
  }
}

/** Builds src/ once per content (reused while unchanged); answers the path of main.js. */
export function builtApp(): { main: string; worker: string } {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, '.swcrc')));
  for (const file of sourceFiles(join(ROOT, 'src'))) hash.update(relative(ROOT, file)).update(readFileSync(file));
  const dir = join(BUILDS, hash.digest('hex').slice(0, 16));
  const main = join(dir, 'src', 'main.js');
  const worker = join(dir, 'src', 'worker.js');
  if (existsSync(join(dir, '.complete'))) return { main, worker };
  mkdirSync(BUILDS, { recursive: true });
  const tmp = join(BUILDS, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const swc = join(ROOT, 'node_modules', '@swc', 'cli', 'bin', 'swc.js');
  const result = spawnSync(process.execPath, [swc, 'src', '-d', tmp, '--ignore', '**/*.spec.ts', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr || result.stdout}`);
  writeFileSync(join(tmp, '.complete'), '');
  try {
    renameSync(tmp, dir);
  } catch {
    // Another test file built the same sources first: use that one.
    rmSync(tmp, { recursive: true, force: true });
  }
  // Builds of older sources go after a day.
  for (const old of readdirSync(BUILDS)) {
    const path = join(BUILDS, old);
    if (path !== dir && Date.now() - statSync(path).mtimeMs > 24 * 3600_000)
      rmSync(path, { recursive: true, force: true });
  }
  return { main, worker };
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export const databaseUrl = (db: TestDatabase) =>
  db.database.kind === 'sqlite' ? `sqlite:${db.database.path}` : db.database.url;

/** This process's environment without what would point a child elsewhere, with `extra` on top. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'DATABASE_URL', 'SMTP_URL', 'APP_URL', 'MAIL_FROM', 'MAIL_WORKER'])
    delete env[name];
  return { ...env, ...extra };
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last 8 KB of its stdout and stderr. */
  output(): string;
  /** Resolves once GET /health answers 200; rejects if the process exits first or after `timeoutMs`. */
  healthy(timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
/** Kills every child this file started (call in afterAll; children also die with the test process). */
export function killAllProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
process.once('exit', killAllProcesses);

/** Starts one instance of the built app on `db` (ADMIN_* of the test app, demo off, silent unless `env` says). */
export async function startAppProcess(
  db: TestDatabase,
  env: Record<string, string> = {},
  script: 'main' | 'worker' = 'main',
): Promise<AppProcess> {
  const build = builtApp();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [script === 'main' ? build.main : build.worker], {
    cwd: ROOT,
    env: childEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      DATA_DIR: db.dataDir,
      DATABASE_URL: databaseUrl(db),
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      ADMIN_EMAIL: 'admin@test.duijie',
      ADMIN_PASSWORD: 'correct-horse-battery',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      done({ code, signal });
    }),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const healthy = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (ended) throw new Error(`instance on ${url} exited before it was healthy:\n${output}`);
      try {
        const res = await fetch(`${url}/health`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`instance on ${url} not healthy after ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    child,
    port,
    url,
    exited,
    output: () => output,
    healthy,
    kill: (signal = 'SIGKILL') => {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
}
