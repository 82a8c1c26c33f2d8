import { Global, Module, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RATE_LIMIT_KEY, type RateLimitRule } from './auth.decorators.js';
import { RateLimitCounter } from './rate-limit-counter.entity.js';
import { PostgresRateLimitStore } from './rate-limit-postgres.store.js';
import { MemoryRateLimitStore, RateLimitStore } from './rate-limit.store.js';

/** Where the counters live: shared in PostgreSQL when that is the database, else in this process's memory. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RateLimitCounter])],
  providers: [
    {
      provide: RateLimitStore,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource): RateLimitStore =>
        config.database.kind === 'postgres' ? new PostgresRateLimitStore(dataSource) : new MemoryRateLimitStore(),
    },
  ],
  exports: [RateLimitStore],
})
export class RateLimitStoreModule {}

/**
 * Rate limits on `@nestjs/throttler`: a route is limited only when it declares `@RateLimit({ name, limit,
 * windowSeconds })`, per client address (`request.ip`, which honours TRUST_PROXY); routes that share a rule name share
 * the counter. RATE_LIMIT_SCALE multiplies every limit (0 turns them off). The guard itself (RateLimitGuard) is
 * registered with the other global guards in AccountsModule, first.
 */
@Module({
  imports: [
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, RateLimitStore, Reflector],
      useFactory: (config: AppConfig, storage: RateLimitStore, reflector: Reflector): ThrottlerModuleOptions => {
        const rule = (context: ExecutionContext) =>
          reflector.get<RateLimitRule | undefined>(RATE_LIMIT_KEY, context.getHandler());
        return {
          storage,
          // Only Retry-After (set by the errors filter), as before: no X-RateLimit-* headers.
          setHeaders: false,
          skipIf: (context) => config.rateLimitScale === 0 || !rule(context),
          generateKey: (context, tracker) => `route:${rule(context)!.name}:${tracker}`,
          throttlers: [
            {
              name: 'default',
              limit: (context) => Math.ceil(rule(context)!.limit * config.rateLimitScale),
              ttl: (context) => rule(context)!.windowSeconds * 1000,
            },
          ],
        };
      },
    }),
  ],
})
export class RateLimitModule {}
