import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { BadgesModule } from '../badges/badges.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { EventsModule } from '../events/events.module.js';
import { MailModule } from '../mail/mail.module.js';
import { MatchmakingModule } from '../matchmaking/matchmaking.module.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { RoadshowAttendees } from './roadshow-attendees.service.js';
import { RoadshowCriterion } from './roadshow-criterion.entity.js';
import { RoadshowFollowUp } from './roadshow-follow-up.service.js';
import { RoadshowJudge } from './roadshow-judge.entity.js';
import { RoadshowLead } from './roadshow-lead.entity.js';
import { RoadshowLeadsService } from './roadshow-leads.service.js';
import { RoadshowLinks } from './roadshow-links.service.js';
import { RoadshowMail } from './roadshow-mail.service.js';
import { RoadshowProject } from './roadshow-project.entity.js';
import { RoadshowScore } from './roadshow-score.entity.js';
import { RoadshowScoresService } from './roadshow-scores.service.js';
import { RoadshowSlides } from './roadshow-slides.entity.js';
import { Roadshow } from './roadshow.entity.js';
import { RoadshowsController } from './roadshows.controller.js';
import { ConsoleRoadshowsController } from './pages/console-roadshows.controller.js';
import { JudgePagesController } from './pages/judge-pages.controller.js';
import { PresenterPagesController } from './pages/presenter-pages.controller.js';
import { RoadshowPagesController } from './pages/roadshow-pages.controller.js';
import { RoadshowsDemo } from './roadshows-demo.service.js';
import { RoadshowsReader } from './roadshows-reader.service.js';
import { RoadshowsService } from './roadshows.service.js';

/**
 * Roadshows (项目路演): running orders of agenda sessions with timed projects and their presenters, the overrun
 * warning, slides, the audience's follow-up from each project's QR page (leads, announced as ROADSHOW_LEAD), judges'
 * scores, the organiser's and presenter's views and exports, the presenter's email after the session, and the
 * figures of many events at once for the reports (RoadshowsReader).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Roadshow,
      RoadshowProject,
      RoadshowSlides,
      RoadshowCriterion,
      RoadshowJudge,
      RoadshowScore,
      RoadshowLead,
    ]),
    MailModule,
    AccountsModule,
    DirectoryModule,
    EventsModule,
    BadgesModule,
    RegistrationModule,
    MatchmakingModule,
    SettingsModule,
  ],
  controllers: [
    RoadshowsController,
    RoadshowPagesController,
    PresenterPagesController,
    JudgePagesController,
    ConsoleRoadshowsController,
  ],
  providers: [
    RoadshowsService,
    RoadshowLinks,
    RoadshowAttendees,
    RoadshowLeadsService,
    RoadshowScoresService,
    RoadshowMail,
    RoadshowFollowUp,
    RoadshowsDemo,
    RoadshowsReader,
  ],
  exports: [RoadshowsService, RoadshowLeadsService, RoadshowFollowUp, RoadshowsDemo, RoadshowsReader],
})
export class RoadshowsModule {}
