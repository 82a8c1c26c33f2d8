import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../src/config/app-config.js';
import { createScratchPostgres } from '../../src/database/scratch-postgres.js';

export interface TestDatabase {
  database: AppConfig['database'];
  dataDir: string;
  kind: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new SQLite file, or, when TEST_DATABASE_URL is set, a new
 * PostgreSQL database next to the one it names.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'duijie-test-'));
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const scratch = await createScratchPostgres(pgUrl);
    return {
      database: { kind: 'postgres', url: scratch.url },
      dataDir,
      kind: 'postgres',
      drop: async () => {
        await scratch.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  return {
    database: { kind: 'sqlite', path: join(dataDir, 'test.sqlite') },
    dataDir,
    kind: 'sqlite',
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
