import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { EventsModule } from '../events/events.module.js';
import { IntentsModule } from '../intents/intents.module.js';
import { MatchmakingModule } from '../matchmaking/matchmaking.module.js';
import { MeetingsModule } from '../matchmaking/meetings/meetings.module.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { SigningsModule } from '../signings/signings.module.js';
import { RoadshowsModule } from '../roadshows/roadshows.module.js';
import { DemoLoader } from './demo-loader.service.js';

/** Loads the demo events, their achievement and demand lists, meetings and roadshows into an empty database (DEMO_DATA). */
/** Loads the demo events, their lists, meetings and cooperation intents into an empty database (DEMO_DATA). */
@Module({
  imports: [
    DirectoryModule,
    EventsModule,
    AgendaModule,
    RegistrationModule,
    MatchmakingModule,
    MeetingsModule,
    SigningsModule,
    RoadshowsModule,
    IntentsModule,
  ],
  providers: [DemoLoader],
  exports: [DemoLoader],
})
export class DemoModule {}
