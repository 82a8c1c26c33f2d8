import { Inject, Injectable, Optional } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntityManager } from 'typeorm';

/** Injection token of `DatabaseOptions` (see DatabaseModule). */
export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseOptions {
  /**
   * Development and tests (the default): a transaction started inside another fails at once, found by an
   * AsyncLocalStorage. Node 20 carries such a store by a hook on every promise the process makes, which cost a
   * registration burst about a tenth of its CPU: production (`NODE_ENV=production`) goes without it, and on SQLite a
   * transaction that has waited `writerWaitLimitMs` for the writer fails instead, with the same message.
   */
  guardNesting?: boolean;
  /** Without the guard, on SQLite: how long a transaction may wait for the writer before it fails (default 60 s). */
  writerWaitLimitMs?: number;
}

const NESTED = 'Database.transaction() called inside a transaction: pass the EntityManager down';

/**
 * The way in to the database for services: `transaction()` for every write, `manager` for reads.
 *
 * better-sqlite3 gives TypeORM a single connection, so two transactions started concurrently would interleave on it
 * and fail ("cannot start a transaction within a transaction"). On SQLite every write transaction therefore goes
 * through one queue; on PostgreSQL each takes its own pooled connection.
 */
@Injectable()
export class Database {
  private tail: Promise<unknown> = Promise.resolve();
  /** The nesting guard's store (development and tests only, see `DatabaseOptions.guardNesting`). */
  private readonly inside: AsyncLocalStorage<true> | undefined;
  private readonly writerWaitLimitMs: number;
  readonly isSqlite: boolean;

  constructor(
    @Inject(DataSource) readonly dataSource: DataSource,
    @Optional() @Inject(DATABASE_OPTIONS) options: DatabaseOptions = {},
  ) {
    this.isSqlite = dataSource.options.type === 'better-sqlite3';
    this.inside = options.guardNesting === false ? undefined : new AsyncLocalStorage<true>();
    this.writerWaitLimitMs = options.writerWaitLimitMs ?? 60_000;
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const inside = this.inside;
    // A transaction started inside another would wait for it forever on SQLite's queue: fail loudly instead.
    if (inside?.getStore()) return Promise.reject(new Error(NESTED));
    const run0 = inside
      ? () => inside.run(true, () => this.dataSource.transaction(work))
      : () => this.dataSource.transaction(work);
    if (!this.isSqlite) return run0();
    // SQLite's one writer: transactions take their turn one after the other. Without the guard, one started inside
    // another would wait for its turn forever: it fails once it has waited `writerWaitLimitMs` (and then never runs).
    let started = () => {};
    let gaveUp = false;
    const turn = this.tail.then(() => {
      started();
      if (gaveUp) throw new Error(NESTED);
      return Database.retryingSnapshot(run0);
    });
    // The queue moves on once this transaction has run, or at once past one that gave up (its turn throws).
    this.tail = turn.catch(() => undefined);
    if (inside) return turn;
    const limit = new Promise<never>((_, reject) => {
      const timer = setTimeout(() => {
        gaveUp = true;
        reject(new Error(`${NESTED} (or the writer was held for ${this.writerWaitLimitMs} ms)`));
      }, this.writerWaitLimitMs);
      timer.unref();
      started = () => clearTimeout(timer);
    });
    return Promise.race([turn, limit]);
  }

  /**
   * Another process writing the same SQLite file (the CLI, a mail worker, a second instance) can commit between this
   * transaction's first read and its first write; SQLite then refuses the write at once (SQLITE_BUSY_SNAPSHOT: the
   * snapshot read is stale) instead of waiting. Nothing was written: the transaction is run again from the start.
   */
  private static async retryingSnapshot<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const e = error as { code?: string; driverError?: { code?: string } };
        if ((e?.driverError?.code ?? e?.code) !== 'SQLITE_BUSY_SNAPSHOT' || attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 10 * attempt));
      }
    }
  }

  /** True when the error is a unique-constraint violation, on either database. */
  static isUniqueViolation(error: unknown): boolean {
    const e = error as { code?: string; driverError?: { code?: string } };
    const code = e?.driverError?.code ?? e?.code;
    return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  }

  /** True when the error is a foreign-key violation (a row still referenced by a RESTRICT key), on either database. */
  static isForeignKeyViolation(error: unknown): boolean {
    const e = error as { code?: string; message?: string; driverError?: { code?: string; message?: string } };
    const code = e?.driverError?.code ?? e?.code;
    const message = e?.driverError?.message ?? e?.message ?? '';
    // SQLite reports an ON DELETE RESTRICT as a trigger constraint (RESTRICT is carried out by a trigger).
    return (
      code === '23503' ||
      code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
      (code === 'SQLITE_CONSTRAINT_TRIGGER' && message.includes('FOREIGN KEY'))
    );
  }
}
