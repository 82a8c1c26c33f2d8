import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AgendaModule } from '../agenda/agenda.module.js';
import { BadgesModule } from '../badges/badges.module.js';
import { EventsModule } from '../events/events.module.js';
import { MeetingsModule } from '../matchmaking/meetings/meetings.module.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { RoadshowsModule } from '../roadshows/roadshows.module.js';
import { AttendeePagesController } from './pages/attendee-pages.controller.js';
import { PublicPagesController } from './pages/public-pages.controller.js';
import { PersonalFeeds } from './personal-feeds.service.js';

/**
 * The public site, composed from several capabilities: the home page, an event's page (places, programme,
 * registration state), the registration form and an attendee's own page (registration, starred sessions, badge,
 * meetings, the way to the roadshow projects).
 * It sits above events, registration, agenda and badges, which do not know each other's pages.
 */
@Module({
  imports: [
    AccountsModule,
    EventsModule,
    RegistrationModule,
    AgendaModule,
    BadgesModule,
    MeetingsModule,
    RoadshowsModule,
  ],
  controllers: [PublicPagesController, AttendeePagesController],
  providers: [PersonalFeeds],
})
export class SiteModule {}
