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
  /**
   * Connections the HTTP server has accepted, counted by `connectionAccepted()`. Node's event loop (libuv 1.45 and
   * later) accepts at most one new connection per turn, and a group runs within one turn: while connections keep
   * arriving (a burst of new clients), a turn holding a group of 64 makes each of them wait that long, one after the
   * other (100 clients connecting at once waited up to 15 s). While they arrive, a waiting group therefore lets
   * turns pass (at most MAX_YIELDS in a row, then it runs as a group of one), so each turn is short and the next
   * connection is accepted soon; once they stop, groups are whole again.
   */
  private static accepted = 0;

  /** Tells the groups that the HTTP server accepted a connection (see `accepted`). */
  static connectionAccepted(): void {
    GroupCommit.accepted++;
  }

  /**
   * Turns in a row a waiting group lets pass while connections arrive: such a turn does no more than accept the next
   * connection and read what has come, so a burst of new clients is connected within milliseconds instead of one
   * group's work apart; past this many, a group of one runs, so that a stream of connections never starves the work.
   */
  static readonly MAX_YIELDS = 16;

  private readonly pending: Pending[] = [];
  private flushing = false;
  private yields = 0;
  /** `GroupCommit.accepted` when the last group was taken. */
  private acceptedSeen = 0;

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
    if (GroupCommit.accepted !== this.acceptedSeen && this.yields < GroupCommit.MAX_YIELDS) {
      this.acceptedSeen = GroupCommit.accepted;
      this.yields++;
      setImmediate(() => this.flush());
      return;
    }
    this.yields = 0;
    let taken: Pending[] | undefined;
    let outcomes: Outcome[] = [];
    const savepoint = this.options.isolate;
    void this.db
      .transaction(async (em) => {
        // Taken when the writer is free (a retried transaction runs the same group again); requests arriving from
        // here on start the next group.
        if (!taken) {
          const arriving = GroupCommit.accepted !== this.acceptedSeen;
          this.acceptedSeen = GroupCommit.accepted;
          taken = this.pending.splice(0, arriving ? 1 : this.options.maxGroup);
        }
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
        // The next group in the next turn of the event loop: the answers just given are written and new requests
        // (and a new connection) are read first, instead of every waiting group running in this one turn.
        if (this.pending.length > 0 && !this.flushing) {
          this.flushing = true;
          setImmediate(() => this.flush());
        }
      });
  }
}

function isBusy(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return String(e?.driverError?.code ?? e?.code ?? '').startsWith('SQLITE_BUSY');
}
