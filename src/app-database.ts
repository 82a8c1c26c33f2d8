import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { loadConfig, type AppConfig } from './config/app-config.js';
import { dataSourceOptions, initializeDatabase, type EntityClass } from './database/data-source.js';

let entities: Promise<EntityClass[]> | undefined;

/**
 * The entities the application loads, i.e. what its modules declare with `TypeOrmModule.forFeature`: read from an
 * application context of the whole app on an in-memory SQLite database. For tools and tests that open a database
 * outside Nest (the migration generator, the schema test).
 */
export function appEntities(): Promise<EntityClass[]> {
  entities ??= (async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duijie-entities-'));
    try {
      const config: AppConfig = {
        ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false', MAIL_WORKER: 'false' }),
        database: { kind: 'sqlite', path: ':memory:' },
      };
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
      try {
        return app.get(DataSource).entityMetadatas.map((m) => m.target as EntityClass);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  })();
  return entities;
}

/** Opens the database with every entity of the app and brings its schema up to date with the migrations. */
export async function openDatabase(database: AppConfig['database']): Promise<DataSource> {
  return initializeDatabase({ ...dataSourceOptions(database), entities: await appEntities() });
}
