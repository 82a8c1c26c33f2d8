import { Module, type DynamicModule } from '@nestjs/common';
import { UsersService } from './accounts/users.service.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { MailModule } from './mail/mail.module.js';

/** The slice of the application the command line needs: configuration, the database, accounts (and mail to write invitations; sending is left to the server). */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot({ ...config, mailWorker: false }), DatabaseModule, MailModule],
      providers: [UsersService],
    };
  }
}
