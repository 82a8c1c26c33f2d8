import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { inUseFile, lockSqliteFile, SqliteDatabase } from './sqlite-file-lock.js';

export class BackupError extends Error {}

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: number;
  /** Rows of a few tables that tell an operator the backup holds what they expect. */
  rows: Record<string, number>;
}

const SUMMARY_TABLES = ['events', 'registrations', 'check_ins', 'outbox_messages', 'users'];

/** Opens a SQLite file read-only and checks it: integrity, and that it is a Duijie database. */
export function checkSqliteFile(file: string): BackupSummary {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${file} fails the integrity check: ${String(integrity)}`);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    if (!tables.includes('migrations') || !tables.includes('events'))
      throw new BackupError(`${file} is not a Duijie database (no migrations or events table)`);
    const rows: Record<string, number> = {};
    for (const table of SUMMARY_TABLES.filter((t) => tables.includes(t)))
      rows[table] = (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    return { file, bytes: statSync(file).size, tables: tables.length, rows };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} cannot be read as a SQLite database: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * A consistent copy of the SQLite database while the server runs: `VACUUM INTO` reads one snapshot in a read
 * transaction (in WAL mode the server's writes go on meanwhile and are not in the copy) and writes a compact new
 * file, which is then checked. The target must not exist yet.
 */
export function backupSqlite(database: string, target: string): BackupSummary {
  const file = resolve(target);
  if (existsSync(file)) throw new BackupError(`${file} exists already: choose a new file name`);
  if (!existsSync(database)) throw new BackupError(`${database} does not exist: nothing to back up`);
  const tmp = join(dirname(file), `.${Date.now()}-${process.pid}.backup-partial`);
  const db = new SqliteDatabase(database, { fileMustExist: true, timeout: 10_000 });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new BackupError(`backup of ${database} failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  renameSync(tmp, file);
  return checkSqliteFile(file);
}

/**
 * Replaces the SQLite database with a backup. Refuses while any Duijie process has the database open (a server, a
 * worker, another command: each holds a shared lock on `<database>.in-use`), and keeps the replaced database, with
 * its WAL, as `<database>.before-restore-<time>` files. A start waits while a restore runs.
 */
export async function restoreSqlite(database: string, source: string): Promise<BackupSummary & { kept: string[] }> {
  const checked = checkSqliteFile(resolve(source));
  const release = await lockSqliteFile(inUseFile(database), 'exclusive', 0);
  if (!release)
    throw new BackupError(
      `${database} is in use: stop every Duijie server and worker on it (and any command using it), then run restore again`,
    );
  try {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const kept: string[] = [];
    // The WAL and its index belong to the replaced file: left in place they would be applied to the restored one.
    for (const suffix of ['', '-wal', '-shm']) {
      if (!existsSync(database + suffix)) continue;
      const to = `${database}.before-restore-${stamp}${suffix}`;
      renameSync(database + suffix, to);
      kept.push(to);
    }
    const tmp = `${database}.restoring`;
    copyFileSync(checked.file, tmp);
    renameSync(tmp, database);
    return { ...checkSqliteFile(database), kept };
  } finally {
    release();
  }
}

/** What to tell an operator who asks the command line to back up or restore a PostgreSQL database. */
export function postgresBackupHelp(database: Extract<AppConfig['database'], { kind: 'postgres' }>): string {
  const url = new URL(database.url);
  url.password = url.password ? '****' : '';
  return [
    `The database is PostgreSQL (${url.toString()}): use PostgreSQL's own tools, which copy a consistent snapshot while`,
    'the servers run:',
    `  pg_dump --format=custom --file=duijie.dump "$DATABASE_URL"`,
    'and to restore, with every Duijie instance stopped, into an empty database:',
    `  pg_restore --no-owner --dbname="$DATABASE_URL" duijie.dump`,
    'See the README, "Backups".',
  ].join('\n');
}
