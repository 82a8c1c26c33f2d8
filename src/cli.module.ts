import { Module, type DynamicModule } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { RateLimitModule } from './common/rate-limit.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { WebModule } from './web/web.module.js';

/**
 * The slice of the application the command line needs: configuration, the database and accounts (with mail, to
 * write invitations; sending is left to the server). Events are loaded too: invitations and staff assignments
 * refer to events. WebModule because modules carry their page controllers.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot({ ...config, mailWorker: false }),
        DatabaseModule,
        RateLimitModule,
        WebModule,
        AccountsModule,
        EventsModule,
      ],
    };
  }
}
