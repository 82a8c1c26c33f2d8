import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { IntentsModule } from '../intents/intents.module.js';
import { RoadshowsModule } from '../roadshows/roadshows.module.js';
import { SigningsModule } from '../signings/signings.module.js';
import { ChartLibraryController } from './pages/chart-library.controller.js';
import { ReportPagesController } from './pages/report-pages.controller.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { AgreementsSection } from './sections/agreements.section.js';
import { AchievementsSection } from './sections/achievements.section.js';
import { CheckInsSection } from './sections/check-ins.section.js';
import { DemandsSection } from './sections/demands.section.js';
import { FunnelSection } from './sections/funnel.section.js';
import { MeetingsSection } from './sections/meetings.section.js';
import { RegistrationsSection } from './sections/registrations.section.js';
import { REPORT_SECTIONS, type ReportSection } from './sections/report-section.js';
import { RoadshowsSection } from './sections/roadshows.section.js';
import { SessionsSection } from './sections/sessions.section.js';

/**
 * The sections a report is composed of, in the order of SECTION_KEYS (domain/figures.ts). A capability's section is
 * added here (and imports its module when the section calls that module's service).
 */
const SECTIONS = [
  RegistrationsSection,
  CheckInsSection,
  SessionsSection,
  AgreementsSection,
  AchievementsSection,
  DemandsSection,
  RoadshowsSection,
  MeetingsSection,
  FunnelSection,
];

/**
 * Reports for organisers: an event's figures and a series' editions side by side, as JSON, as a summary page with
 * charts (ECharts served by the app), as a printable summary in the press's wording and as a .docx. Reads only: the
 * sections run grouped queries over the tables of the capabilities they report on.
 */
@Module({
  imports: [EventsModule, SigningsModule, RoadshowsModule, IntentsModule],
  controllers: [ReportsController, ReportPagesController, ChartLibraryController],
  providers: [
    ...SECTIONS,
    {
      provide: REPORT_SECTIONS,
      useFactory: (...sections: ReportSection[]) => sections,
      inject: SECTIONS,
    },
    ReportsService,
  ],
  exports: [ReportsService],
})
export class ReportsModule {}
