import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { withMigrationLock } from './migration-lock.js';
import { inUseFile, lockSqliteFile } from './sqlite-file-lock.js';
import { DataSource, type DataSourceOptions, type EntitySchema } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';

let pgTimesAreUtc = false;

/**
 * Entities use portable types only; times are `timestamp without time zone` on PostgreSQL and always UTC.
 * node-postgres would read and write them in the process's local zone: make it UTC both ways.
 */
function usePostgresUtcTimestamps(): void {
  if (pgTimesAreUtc) return;
  pg.defaults.parseInputDatesAsUTC = true;
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (value) => new Date(`${value.replace(' ', 'T')}Z`));
  pgTimesAreUtc = true;
}

/**
 * Connection, pragmas and migrations per dialect. No entities: each feature module declares its own with
 * `TypeOrmModule.forFeature` (the application loads them with `autoLoadEntities`); tools outside Nest pass them in.
 */
export function dataSourceOptions(database: AppConfig['database']): DataSourceOptions {
  if (database.kind === 'postgres') {
    usePostgresUtcTimestamps();
    return {
      type: 'postgres',
      url: database.url,
      migrations: POSTGRES_MIGRATIONS,
      migrationsTransactionMode: 'each',
      extra: { max: 10 },
    };
  }
  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
    timeout: 10_000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    },
    migrations: SQLITE_MIGRATIONS,
    migrationsTransactionMode: 'each',
  };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
export type EntityClass = Function | EntitySchema;

/**
 * Opens the database and brings its schema up to date with the migrations (closed again if they fail). The
 * migrations run under a lock (see migration-lock.ts), so instances starting together on an empty or older database
 * take turns: the first migrates, the others find nothing pending.
 */
export async function initializeDatabase(options: DataSourceOptions): Promise<DataSource> {
  const release = await markInUse(options);
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    release?.();
    throw error;
  }
  if (release) {
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      try {
        await destroy();
      } finally {
        release();
      }
    };
  }
  try {
    await withMigrationLock(dataSource, () => dataSource.runMigrations());
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** How long a start waits for a restore of its SQLite file (`npm run cli -- restore`) to finish. */
const RESTORE_WAIT_MS = 60_000;

/**
 * A SQLite file is marked in use (a shared lock on `<file>.in-use`, see sqlite-file-lock.ts) for as long as this
 * process has it open, so that `npm run cli -- restore` refuses to replace it under a running server, and a start
 * waits while a restore is replacing it.
 */
async function markInUse(options: DataSourceOptions): Promise<(() => void) | undefined> {
  if (options.type !== 'better-sqlite3' || options.database === ':memory:') return undefined;
  const release = await lockSqliteFile(inUseFile(options.database), 'shared', RESTORE_WAIT_MS);
  if (!release)
    throw new Error(
      `${options.database} is being restored from a backup (npm run cli -- restore): try again when it is done`,
    );
  return release;
}
