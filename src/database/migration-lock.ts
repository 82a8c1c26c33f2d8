import type { DataSource } from 'typeorm';
import { lockSqliteFile, migrationsLockFile } from './sqlite-file-lock.js';

/** How long an instance waits for another to finish migrating before it gives up (a stuck upgrade must be seen). */
export const MIGRATION_LOCK_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs `work` (the migrations) while holding the installation-wide migration lock, so that instances starting at the
 * same moment never run the same migration twice or race on creating the `migrations` table.
 *
 * - PostgreSQL: a session-level advisory lock (`pg_advisory_lock(hashtext('duijie.migrations'))`) on a connection of
 *   its own; other instances wait in the database. The lock goes with the connection, so an instance killed while
 *   migrating frees it at once (its migration, in its own transaction, is rolled back).
 * - SQLite: an exclusive lock on the side file `<database>.migrations-lock` (sqlite-file-lock.ts), polled without
 *   blocking the event loop.
 * - An in-memory SQLite database belongs to one connection: nothing to lock.
 */
export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const options = dataSource.options;
  if (options.type === 'postgres') return withPostgresLock(dataSource, work);
  if (options.type !== 'better-sqlite3' || options.database === ':memory:') return work();
  const release = await lockSqliteFile(migrationsLockFile(options.database), 'exclusive', MIGRATION_LOCK_TIMEOUT_MS);
  if (!release) throw new Error(`Another process has been migrating ${options.database} for too long`);
  try {
    return await work();
  } finally {
    release();
  }
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
