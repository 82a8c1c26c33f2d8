import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import type { Database } from './database.service.js';

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
  /** The last transaction: makes every staged row visible at once. */
  publish(em: EntityManager, staged: R[]): Promise<void>;
  /** Removes staged rows again (called chunk by chunk after a failure). */
  discard(em: EntityManager, staged: R[]): Promise<void>;
}

/**
 * Writes `items` in transactions of `chunkSize` rows as staged rows, then publishes them in one last transaction:
 * all or nothing for readers, while the writer is held for one chunk at a time. A failure on the way (a refused row,
 * a fault) discards what was staged, chunk by chunk; a crash leaves staged rows that the owner's sweep removes.
 * Updates the job's progress and state; answers the staged rows (empty when it failed).
 */
export async function writeInChunks<T, R>(
  db: Database,
  job: ChunkedJob,
  items: T[],
  write: ChunkedWrite<T, R>,
  logger: Logger,
): Promise<R[]> {
  const staged: R[] = [];
  const timed = <X>(work: (em: EntityManager) => Promise<X>) =>
    db.transaction(async (em) => {
      const started = performance.now();
      try {
        return await work(em);
      } finally {
        job.longestHoldMs = Math.max(job.longestHoldMs, performance.now() - started);
      }
    });
  // better-sqlite3 answers synchronously, so without a turn of the event loop between chunks the whole import would
  // run in one stretch of microtasks and no other request (not even a poll of this job's progress) would be served.
  const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));
  try {
    for (let i = 0; i < items.length;) {
      const chunk = items.slice(i, i + write.chunkSize);
      const rows = await timed((em) => write.stage(em, chunk, performance.now() + (write.chunkBudgetMs ?? Infinity)));
      if (rows.length === 0 || rows.length > chunk.length) throw new Error(`a chunk answered ${rows.length} rows`);
      staged.push(...rows);
      i += rows.length;
      job.written = Math.min(job.total, i);
      await yieldTurn();
    }
    await timed((em) => write.publish(em, staged));
    job.state = 'done';
    return staged;
  } catch (error) {
    job.state = 'failed';
    job.cause = error;
    job.error = error instanceof Error ? error.message : String(error);
    logger.warn(`import ${job.id} failed: ${job.error}`);
    try {
      for (let i = 0; i < staged.length; i += write.chunkSize) {
        await timed((em) => write.discard(em, staged.slice(i, i + write.chunkSize)));
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
