import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { In, type EntityManager } from 'typeorm';
import type { Database } from './database.service.js';
import { JobRun, RAN_BY } from './job-run.entity.js';
import type { RunOnce } from './run-once.service.js';

/**
 * The progress of an import written in chunks, kept in memory by the instance that runs it for a page to poll
 * (behind a proxy with several instances, the polls go to it by sticky sessions).
 */
export interface ChunkedJob {
  id: string;
  state: 'writing' | 'done' | 'failed';
  total: number;
  written: number;
  error: string | null;
  /** The error itself when the job failed (for the caller to tell a refused row from a fault). */
  cause: unknown;
  startedAt: Date;
  finishedAt: Date | null;
  /** The longest time one of the job's transactions held the writer, in ms (for benchmarks and logs). */
  longestHoldMs: number;
  /** Which of the job's transactions that was (`stage rows 1–50`, `publish`, `release rows 1–500`, `discard …`). */
  longestHoldStep: string;
  /** The longest hold of each kind of step (`stage`, `publish`, `release`, `discard`), in ms. */
  longestHoldByKind: Record<string, number>;
  /** Settles (never rejects) when the job is done or failed. */
  finished: Promise<void>;
}

export function newChunkedJob(total: number): ChunkedJob {
  return {
    id: randomUUID(),
    state: 'writing',
    total,
    written: 0,
    error: null,
    cause: null,
    startedAt: new Date(),
    finishedAt: null,
    longestHoldMs: 0,
    longestHoldStep: '',
    longestHoldByKind: {},
    finished: Promise.resolve(),
  };
}

/** The jobs one service runs: the newest 50 finished ones are kept besides every running one. */
export class ChunkedJobs<J extends ChunkedJob> {
  private readonly jobs = new Map<string, J>();

  remember(job: J): void {
    this.jobs.set(job.id, job);
    for (const [id, old] of this.jobs) {
      if (this.jobs.size <= 50) break;
      if (old.state !== 'writing') this.jobs.delete(id);
    }
  }

  get(id: string): J | undefined {
    return this.jobs.get(id);
  }
}

/** How a chunked import writes its rows. R is what one staged row is remembered by (an id, or more). */
export interface ChunkedWrite<T, R> {
  /** Rows per transaction at most: small enough that the SQLite writer is never held for long. */
  chunkSize: number;
  /** Time one chunk may take before `stage` should stop (ms); unlimited when not given. */
  chunkBudgetMs?: number;
  /**
   * Writes one chunk as staged rows (invisible, or not yet live), in its own transaction. It may stop early, once
   * `deadline` (a performance.now() time) has passed, and answer fewer rows than given (at least one): the next
   * chunk starts after the last row answered. That bounds the writer's hold by time rather than by rows.
   */
  stage(em: EntityManager, chunk: T[], deadline: number): Promise<R[]>;
  /**
   * The switch: makes every staged row count at once, in one transaction. With `release`, it needs to do nothing
   * per row (the import is recorded as published in the same transaction), so it holds the writer as briefly for
   * ten thousand rows as for ten.
   */
  publish(em: EntityManager, staged: R[]): Promise<void>;
  /**
   * What is left to do per row once the import is published (releasing held emails, clearing marks), done `size`
   * rows per transaction after the publish has committed. Each step must be idempotent: a crash in the middle leaves
   * the rest to the owner's sweep, which finds the import published (`publishedImports`) and finishes it.
   */
  release?: { size: number; run(em: EntityManager, rows: R[]): Promise<void> };
  /** Removes staged rows again (called chunk by chunk after a failure). */
  discard(em: EntityManager, staged: R[]): Promise<void>;
}

/** The `job_runs` key that records an import as published while its rows are being released. */
const publishedKey = (importId: string) => `import-published:${importId}`;

/** Records the import as published (in the publish transaction): from then on its rows stay, whatever happens. */
export async function markPublished(em: EntityManager, importId: string): Promise<void> {
  const at = new Date();
  await em.insert(JobRun, { key: publishedKey(importId), claim: randomUUID(), ranBy: RAN_BY, ranAt: at });
}

/** Forgets the record once every row of the import is released. */
export async function forgetPublished(em: EntityManager, importId: string): Promise<void> {
  await em.delete(JobRun, { key: publishedKey(importId) });
}

/** Which of these imports were published (their rows are to be released, not removed). */
export async function publishedImports(em: EntityManager, importIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < importIds.length; i += 500) {
    const keys = importIds.slice(i, i + 500).map(publishedKey);
    const rows = await em.find(JobRun, { where: { key: In(keys) }, select: { key: true } });
    for (const row of rows) out.add(row.key.slice(publishedKey('').length));
  }
  return out;
}

/**
 * Writes `items` in transactions of `chunkSize` rows as staged rows, then publishes them in one transaction: all or
 * nothing, while the writer is held for one chunk at a time. With `release`, the publish only records the import as
 * published and the rows are released afterwards, `release.size` per transaction. A failure before the publish (a
 * refused row, a fault) discards what was staged, chunk by chunk; a crash leaves staged rows that the owner's sweep
 * removes (or, once published, releases). Updates the job's progress, state and longest hold (with its step);
 * answers the staged rows (empty when it failed).
 */
export async function writeInChunks<T, R>(
  db: Database,
  job: ChunkedJob,
  items: T[],
  write: ChunkedWrite<T, R>,
  logger: Logger,
): Promise<R[]> {
  const staged: R[] = [];
  let published = false;
  const timed = <X>(step: string | (() => string), work: (em: EntityManager) => Promise<X>) =>
    db.transaction(async (em) => {
      const started = performance.now();
      try {
        return await work(em);
      } finally {
        const held = performance.now() - started;
        const name = typeof step === 'string' ? step : step();
        const kind = name.split(' ')[0];
        job.longestHoldByKind[kind] = Math.max(job.longestHoldByKind[kind] ?? 0, held);
        if (held > job.longestHoldMs) {
          job.longestHoldMs = held;
          job.longestHoldStep = name;
        }
      }
    });
  // better-sqlite3 answers synchronously, so without a turn of the event loop between chunks the whole import would
  // run in one stretch of microtasks and no other request (not even a poll of this job's progress) would be served.
  const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));
  try {
    for (let i = 0; i < items.length;) {
      const chunk = items.slice(i, i + write.chunkSize);
      let answered: R[] = [];
      const rows = await timed(
        () => `stage rows ${i + 1}–${i + Math.max(answered.length, 1)}`,
        async (em) => (answered = await write.stage(em, chunk, performance.now() + (write.chunkBudgetMs ?? Infinity))),
      );
      if (rows.length === 0 || rows.length > chunk.length) throw new Error(`a chunk answered ${rows.length} rows`);
      staged.push(...rows);
      i += rows.length;
      job.written = Math.min(job.total, i);
      await yieldTurn();
    }
    const release = write.release;
    await timed('publish', async (em) => {
      await write.publish(em, staged);
      if (release) await markPublished(em, job.id);
    });
    published = true;
    if (release) {
      for (let i = 0; i < staged.length || i === 0; i += release.size) {
        const rows = staged.slice(i, i + release.size);
        const last = i + release.size >= staged.length;
        await timed(`release rows ${i + 1}–${i + rows.length}`, async (em) => {
          await release.run(em, rows);
          if (last) await forgetPublished(em, job.id);
        });
        await yieldTurn();
      }
    }
    job.state = 'done';
    return staged;
  } catch (error) {
    if (published) {
      // The import happened: its rows stay; what was not released yet, the owner's sweep releases.
      job.state = 'done';
      logger.error(`import ${job.id} published, its release stopped (the sweep will finish it): ${String(error)}`);
      return staged;
    }
    job.state = 'failed';
    job.cause = error;
    job.error = error instanceof Error ? error.message : String(error);
    logger.warn(`import ${job.id} failed: ${job.error}`);
    try {
      for (let i = 0; i < staged.length; i += write.chunkSize) {
        await timed(`discard rows ${i + 1}–${Math.min(staged.length, i + write.chunkSize)}`, (em) =>
          write.discard(em, staged.slice(i, i + write.chunkSize)),
        );
        await yieldTurn();
      }
    } catch (e) {
      logger.error(`staged rows of import ${job.id} not removed (the sweep will): ${String(e)}`);
    }
    return [];
  } finally {
    job.finishedAt = new Date();
  }
}

/** An import's abandoned-row sweep: at start and once an hour across instances (`sweepAbandoned`). */
export interface AbandonedSweep {
  /** The hourly job's name (its `RunOnce` key). */
  name: string;
  /**
   * An import whose newest row is older than this has been abandoned (its process died or stopped). With several
   * instances another one may be importing right now; a running import writes a chunk every fraction of a second.
   */
  minutes: number;
  /**
   * Removes (or finishes) the rows of imports whose newest row was written before `before`, an SQL expression of the
   * database's clock (which also wrote `createdAt`); answers how many rows.
   */
  remove(before: string): Promise<number>;
}

/** The owner's hooks: `now()` sweeps at once, `atStart()` for onModuleInit, `hourly()` for onApplicationBootstrap. */
export interface Sweeper {
  now(): Promise<number>;
  atStart(): Promise<void>;
  hourly(): void;
}

/**
 * The sweep of an import's abandoned rows (a crash or a stop in the middle), run when the module starts (a database
 * without the tables yet, before the migrations, has nothing to sweep: logged at debug) and every hour, once across
 * instances.
 */
export function sweepAbandoned(
  deps: { db: Database; runOnce: RunOnce; scheduler: SchedulerRegistry; logger: Logger },
  sweep: AbandonedSweep,
): Sweeper {
  const { db, runOnce, scheduler, logger } = deps;
  if (!Number.isInteger(sweep.minutes) || sweep.minutes < 1) throw new Error(`sweep minutes: ${sweep.minutes}`);
  const now = () =>
    sweep.remove(
      db.isSqlite
        ? `datetime('now', '-${sweep.minutes} minutes')`
        : `LOCALTIMESTAMP - interval '${sweep.minutes} minutes'`,
    );
  return {
    now,
    atStart: async () => {
      try {
        await now();
      } catch (error) {
        logger.debug(`no abandoned import swept: ${String(error)}`);
      }
    },
    // The period is claimed through RunOnce and swept after the claim commits: the sweep writes in transactions of
    // its own, which cannot run inside the claim's (Database.transaction refuses a nested one).
    hourly: () => {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          if ((await runOnce.runForPeriod(sweep.name, 3600_000, async () => true)).ran) await now();
        } catch (error) {
          logger.error(`${sweep.name} failed: ${String(error)}`);
        } finally {
          running = false;
        }
      };
      const interval = setInterval(() => void tick(), 60_000);
      interval.unref?.();
      scheduler.addInterval(sweep.name, interval);
      void tick();
    },
  };
}
