import { Inject, Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntityManager } from 'typeorm';

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
  private readonly inside = new AsyncLocalStorage<true>();
  readonly isSqlite: boolean;

  constructor(@Inject(DataSource) readonly dataSource: DataSource) {
    this.isSqlite = dataSource.options.type === 'better-sqlite3';
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    // A transaction started inside another would wait for it forever on SQLite's queue: fail loudly instead.
    if (this.inside.getStore()) {
      return Promise.reject(
        new Error('Database.transaction() called inside a transaction: pass the EntityManager down'),
      );
    }
    const run0 = () => this.inside.run(true, () => this.dataSource.transaction(work));
    if (!this.isSqlite) return run0();
    const run = this.tail.then(() => Database.retryingSnapshot(run0));
    this.tail = run.catch(() => undefined);
    return run;
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
