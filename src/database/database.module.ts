import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions, initializeDatabase } from './data-source.js';
import { DATABASE_OPTIONS, Database, type DatabaseOptions } from './database.service.js';
import { JobRun } from './job-run.entity.js';
import { RunOnce } from './run-once.service.js';

/**
 * The data source (from the validated config, migrated at start) and the `Database` write queue on top of it.
 * Entities come from the feature modules' `TypeOrmModule.forFeature([...])` (autoLoadEntities): this folder
 * depends on no feature. `DataSource` (from TypeOrmModule's global core module), `Database` and `RunOnce` (jobs that run
 * once across instances) are global.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database),
        autoLoadEntities: true,
        // Fail at once (a wrong DATABASE_URL or a failing migration is not cured by waiting).
        retryAttempts: 1,
        toRetry: () => false,
      }),
      dataSourceFactory: (options) => initializeDatabase(options as DataSourceOptions),
    }),
    TypeOrmModule.forFeature([JobRun]),
  ],
  providers: [
    {
      provide: DATABASE_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): DatabaseOptions => ({ guardNesting: config.developmentChecks }),
    },
    Database,
    RunOnce,
  ],
  exports: [Database, RunOnce],
})
export class DatabaseModule {}
