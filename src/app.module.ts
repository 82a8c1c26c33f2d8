import { Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AccountsModule } from './accounts/accounts.module.js';
import { AgendaModule } from './agenda/agenda.module.js';
import { PublishedProgrammeModule } from './agenda/published-programme.module.js';
import { BadgesModule } from './badges/badges.module.js';
import { CheckInModule } from './check-in/check-in.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { RateLimitModule } from './common/rate-limit.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { IntentsModule } from './intents/intents.module.js';
import { MailModule } from './mail/mail.module.js';
import { MatchmakingModule } from './matchmaking/matchmaking.module.js';
import { MeetingsModule } from './matchmaking/meetings/meetings.module.js';
import { RegistrationModule } from './registration/registration.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RoadshowsModule } from './roadshows/roadshows.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SigningsModule } from './signings/signings.module.js';
import { SiteModule } from './site/site.module.js';
import { WebModule } from './web/web.module.js';

/** The whole application: modules only (see the README's architecture section for the map). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        // Facts one capability announces and another follows (src/common/domain-events.ts).
        EventEmitterModule.forRoot(),
        RateLimitModule,
        WebModule,
        SettingsModule,
        MailModule,
        DirectoryModule,
        AccountsModule,
        EventsModule,
        BadgesModule,
        RegistrationModule,
        AgendaModule,
        PublishedProgrammeModule,
        CheckInModule,
        MatchmakingModule,
        MeetingsModule,
        SigningsModule,
        ReportsModule,
        RoadshowsModule,
        IntentsModule,
        SiteModule,
        DemoModule,
        HealthModule,
      ],
    };
  }
}
