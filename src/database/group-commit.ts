import type { EntityManager } from 'typeorm';
import type { Database } from './database.service.js';
import type { SqlRunner } from './sql-runner.js';

interface Pending {
  work: (em: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** At most this many pieces of work share one SQLite transaction. */
  maxGroup: number;
  /**
   * Runs each piece of work inside a savepoint, so that one that throws (a bad answer, a closed form) is undone
   * alone and answered with its error while the others of its group commit. Without it, an error fails the group.
   */
  isolate?: SqlRunner;
}

/**
 * Group commit on SQLite: SQLite has one writer, so writes wait for each other anyway; the pieces of work waiting when
 * the writer is free run one after the other in one transaction, each exactly as alone (each sees what the ones
 * before it wrote), and are answered once it commits: one commit for many requests. Should the transaction fail,
 * every piece of its group gets the error and none is half recorded. On PostgreSQL each piece has its own
 * transaction, concurrently. Used by check-in scans and public registrations.
 */
export class GroupCommit {
  private readonly pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly db: Database,
    private readonly options: GroupCommitOptions,
  ) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.db.isSqlite) return this.db.transaction(work);
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // Deferred to the check phase, so that the requests that arrived together join one group.
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushing = true;
    let taken: Pending[] | undefined;
    let outcomes: Outcome[] = [];
    const savepoint = this.options.isolate;
    void this.db
      .transaction(async (em) => {
        // Taken when the writer is free (a retried transaction runs the same group again); requests arriving from
        // here on start the next group.
        taken ??= this.pending.splice(0, this.options.maxGroup);
        this.flushing = false;
        outcomes = [];
        for (const piece of taken) {
          if (!savepoint) {
            outcomes.push({ ok: true, value: await piece.work(em) });
            continue;
          }
          await savepoint.exec(em, 'SAVEPOINT group_commit_item');
          try {
            const value = await piece.work(em);
            await savepoint.exec(em, 'RELEASE group_commit_item');
            outcomes.push({ ok: true, value });
          } catch (error) {
            // Another process took the writer's snapshot: the whole group is run again (Database.transaction).
            if (isBusy(error)) throw error;
            await savepoint.exec(em, 'ROLLBACK TO group_commit_item');
            await savepoint.exec(em, 'RELEASE group_commit_item');
            outcomes.push({ ok: false, error });
          }
        }
      })
      .then(
        () =>
          taken!.forEach((piece, i) => {
            const outcome = outcomes[i];
            if (outcome.ok) piece.resolve(outcome.value);
            else piece.reject(outcome.error);
          }),
        (error: unknown) => {
          // A transaction that never started took nobody: answer the waiting requests with its error instead.
          taken ??= this.pending.splice(0);
          this.flushing = false;
          taken.forEach((piece) => piece.reject(error));
        },
      )
      .finally(() => {
        if (this.pending.length > 0 && !this.flushing) this.flush();
      });
  }
}

function isBusy(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return String(e?.driverError?.code ?? e?.code ?? '').startsWith('SQLITE_BUSY');
}
