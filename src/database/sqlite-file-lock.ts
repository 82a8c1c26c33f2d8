import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

/** The part of better-sqlite3 used here (the package ships no types; TypeORM loads it the same way). */
export interface SqliteConnection {
  exec(sql: string): void;
  prepare(sql: string): {
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): unknown;
  };
  pragma(source: string, options?: { simple: boolean }): unknown;
  close(): void;
}
export const SqliteDatabase = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string,
  options?: { timeout?: number; readonly?: boolean; fileMustExist?: boolean },
) => SqliteConnection;

const RETRY_MS = 50;

export type SqliteLockMode = 'shared' | 'exclusive';

/**
 * A lock between processes on a small side file next to the SQLite database, made of a transaction of SQLite itself
 * on that file (rollback journal): `shared` is an open read transaction (any number of holders), `exclusive` a
 * `BEGIN EXCLUSIVE` (one holder, no shared holders). The operating system drops the lock when its process dies, so
 * a crash never leaves a stale lock. The side files stay in place: removing one while another process waits on it
 * would break the exclusion.
 *
 * Answers the release function, or undefined when the lock was not free within `waitMs` (0: try once).
 */
export async function lockSqliteFile(
  file: string,
  mode: SqliteLockMode,
  waitMs: number,
): Promise<(() => void) | undefined> {
  const connection = new SqliteDatabase(file, { timeout: 0 });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      if (mode === 'exclusive') connection.exec('BEGIN EXCLUSIVE');
      else {
        connection.exec('BEGIN');
        // A read takes the shared lock, held until the transaction ends.
        connection.prepare('SELECT COUNT(*) FROM sqlite_master').get();
      }
      break;
    } catch (error) {
      try {
        connection.exec('ROLLBACK');
      } catch {
        // no transaction was open
      }
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) {
        connection.close();
        if ((error as { code?: string }).code === 'SQLITE_BUSY') return undefined;
        throw error;
      }
      await sleep(RETRY_MS);
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      connection.exec('ROLLBACK');
    } finally {
      connection.close();
    }
  };
}

/** The side file that says "a Duijie process uses this database" (shared) or "a restore is replacing it" (exclusive). */
export const inUseFile = (database: string) => `${database}.in-use`;
/** The side file of the migration lock. */
export const migrationsLockFile = (database: string) => `${database}.migrations-lock`;
