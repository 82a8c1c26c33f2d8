import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessGuard } from './accounts/access.guard.js';
import { AuthController } from './accounts/auth.controller.js';
import { AuthService } from './accounts/auth.service.js';
import { UsersController } from './accounts/users.controller.js';
import { UsersService } from './accounts/users.service.js';
import { RateLimitGuard } from './common/rate-limit.guard.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AgendaModule } from './agenda/agenda.module.js';
import { MailModule } from './mail/mail.module.js';
import { RegistrationModule } from './registration/registration.module.js';
import { CheckInConsoleController } from './check-in/check-in-console.controller.js';
import { CheckInModule } from './check-in/check-in.module.js';
import { ScannerPagesController } from './check-in/scanner-pages.controller.js';
import { DemoLoader } from './demo/demo-loader.service.js';
import { OrganisationsController } from './directory/organisations.controller.js';
import { OrganisationsService } from './directory/organisations.service.js';
import { EventsController } from './events/events.controller.js';
import { EventsService } from './events/events.service.js';
import { SeriesController } from './events/series.controller.js';
import { HealthController } from './health/health.controller.js';
import { AgendaPagesController } from './web/agenda-pages.controller.js';
import { AttendeePagesController } from './web/attendee-pages.controller.js';
import { AuthPagesController } from './web/auth-pages.controller.js';
import { ConsoleAgendaController } from './web/console-agenda.controller.js';
import { ConsolePagesController } from './web/console-pages.controller.js';
import { ConsoleRegistrationsController } from './web/console-registrations.controller.js';
import { CsrfGuard } from './web/csrf.guard.js';
import { ErrorsFilter } from './web/errors.filter.js';
import { PublicPagesController } from './web/public-pages.controller.js';
import { StaffPagesController } from './web/staff-pages.controller.js';
import { Views } from './web/views.service.js';
import { WebResponseInterceptor } from './web/web-response.interceptor.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        MailModule,
        RegistrationModule,
        AgendaModule,
        CheckInModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        UsersController,
        EventsController,
        SeriesController,
        OrganisationsController,
        PublicPagesController,
        AuthPagesController,
        ConsolePagesController,
        ConsoleRegistrationsController,
        StaffPagesController,
        AttendeePagesController,
        AgendaPagesController,
        ConsoleAgendaController,
        CheckInConsoleController,
        ScannerPagesController,
      ],
      providers: [
        Views,
        AuthService,
        UsersService,
        EventsService,
        OrganisationsService,
        DemoLoader,
        // Order matters: rate limits first, then who you are, then the CSRF check on form posts.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_FILTER, useClass: ErrorsFilter },
        { provide: APP_INTERCEPTOR, useClass: WebResponseInterceptor },
      ],
    };
  }
}
