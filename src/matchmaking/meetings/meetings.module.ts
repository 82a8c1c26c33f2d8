import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { EventsModule } from '../../events/events.module.js';
import { MailModule } from '../../mail/mail.module.js';
import { RegistrationModule } from '../../registration/registration.module.js';
import { MeetingMail } from './meeting-mail.service.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { MeetingRequest } from './meeting-request.entity.js';
import { MeetingScheduleService } from './meeting-schedule.service.js';
import { MeetingSession } from './meeting-session.entity.js';
import { Meeting } from './meeting.entity.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsDemo } from './meetings-demo.service.js';
import { MeetingsService } from './meetings.service.js';
import { ParticipantMeetingsController } from './participant-meetings.controller.js';
import { ParticipantOverview } from './participant-overview.service.js';
import { PeopleRecommendationsService } from './people-recommendations.service.js';
import { MeetingRecommendationDismissal } from './meeting-recommendation-dismissal.entity.js';
import { MeetingRecommendationOverride } from './meeting-recommendation-override.entity.js';
import { PeopleRecommendationsController } from './people-recommendations.controller.js';
import { ConsolePeopleRecommendationsController } from './pages/console-people-recommendations.controller.js';
import { ConsoleMeetingsController } from './pages/console-meetings.controller.js';
import { ParticipantMeetingsPagesController } from './pages/participant-meetings-pages.controller.js';

/**
 * One-to-one meetings in the free-negotiation session: set-up, participants, requests, the schedule (the pure
 * scheduler in ../domain), publication with invites, table plans and outcomes.
 */
@Module({
  imports: [
    AccountsModule,
    TypeOrmModule.forFeature([
      MeetingSession,
      MeetingParticipant,
      MeetingRequest,
      Meeting,
      MeetingRecommendationDismissal,
      MeetingRecommendationOverride,
    ]),
    MailModule,
    EventsModule,
    RegistrationModule,
  ],
  controllers: [
    MeetingsController,
    PeopleRecommendationsController,
    ParticipantMeetingsController,
    ParticipantMeetingsPagesController,
    ConsoleMeetingsController,
    ConsolePeopleRecommendationsController,
  ],
  providers: [
    MeetingsService,
    MeetingScheduleService,
    MeetingMail,
    ParticipantOverview,
    MeetingsDemo,
    PeopleRecommendationsService,
  ],
  exports: [MeetingsService, MeetingScheduleService, ParticipantOverview, MeetingsDemo],
})
export class MeetingsModule {}
