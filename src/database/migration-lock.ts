import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';

/** The part of better-sqlite3 used here (the package ships no types; TypeORM loads it the same way). */
interface SqliteConnection {
  exec(sql: string): void;
  close(): void;
}
const SqliteDatabase = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string,
  options: { timeout: number },
) => SqliteConnection;

/** How long an instance waits for another to finish migrating before it gives up (a stuck upgrade must be seen). */
export const MIGRATION_LOCK_TIMEOUT_MS = 10 * 60_000;
const SQLITE_RETRY_MS = 50;

/**
 * Runs `work` (the migrations) while holding the installation-wide migration lock, so that instances starting at the
 * same moment never run the same migration twice or race on creating the `migrations` table.
 *
 * - PostgreSQL: a session-level advisory lock (`pg_advisory_lock(hashtext('duijie.migrations'))`) on a connection of
 *   its own; other instances wait in the database. The lock goes with the connection, so an instance killed while
 *   migrating frees it at once (its migration, in its own transaction, is rolled back).
 * - SQLite: an exclusive transaction on a small side file (`<database>.migrations-lock`), polled without blocking the
 *   event loop. SQLite's file locks are released by the operating system when a process dies. The side file is left
 *   in place: removing it while another process waits on it would break the exclusion.
 * - An in-memory SQLite database belongs to one connection: nothing to lock.
 */
export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const options = dataSource.options;
  if (options.type === 'postgres') return withPostgresLock(dataSource, work);
  if (options.type === 'better-sqlite3' && options.database !== ':memory:')
    return withSqliteLock(`${options.database}.migrations-lock`, work);
  return work();
}

async function withPostgresLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET lock_timeout = ${MIGRATION_LOCK_TIMEOUT_MS}`);
    await runner.query(`SELECT pg_advisory_lock(hashtext('duijie.migrations'))`);
    // The connection goes back to the pool afterwards: no timeout of ours stays on it.
    await runner.query('RESET lock_timeout');
    try {
      return await work();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('duijie.migrations'))`).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

async function withSqliteLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  const lock = new SqliteDatabase(lockFile, { timeout: 0 });
  try {
    const deadline = Date.now() + MIGRATION_LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        lock.exec('BEGIN EXCLUSIVE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
        await sleep(SQLITE_RETRY_MS);
      }
    }
    try {
      return await work();
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}
