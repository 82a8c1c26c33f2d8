import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '../directory/directory.module.js';
import { EventsModule } from '../events/events.module.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { Achievement } from './achievement.entity.js';
import { AchievementsController } from './achievements.controller.js';
import { AchievementsService } from './achievements.service.js';
import { LibraryAttachment } from './attachments/library-attachment.entity.js';
import {
  AchievementAttachmentsController,
  DemandAttachmentsController,
} from './attachments/library-attachments.controller.js';
import { LibraryAttachments } from './attachments/library-attachments.service.js';
import { DemandBid } from './demand-bid.entity.js';
import { Demand } from './demand.entity.js';
import { DemandsController } from './demands.controller.js';
import { DemandsService } from './demands.service.js';
import { EventListing } from './event-listing.entity.js';
import { EventListsController } from './event-lists.controller.js';
import { EventListsService } from './event-lists.service.js';
import { LibraryContacts } from './library-contacts.service.js';
import { LibraryDemo } from './library-demo.service.js';
import { LibraryFilesController } from './library-files.controller.js';
import { LibraryImportService } from './library-import.service.js';
import { LibraryVersion } from './library-version.js';
import { MatchCategoriesController } from './match-categories.controller.js';
import { MatchCategoriesService } from './match-categories.service.js';
import { MatchCategory } from './match-category.entity.js';
import { ConsoleEventListsController } from './pages/console-event-lists.controller.js';
import { ConsoleLibrariesController } from './pages/console-libraries.controller.js';
import { ConsoleLibraryItemController } from './pages/console-library-item.controller.js';
import { LibraryPagesController } from './pages/library-pages.controller.js';
import { RecommendationOverride } from './recommendation-override.entity.js';
import { RecommendationsController } from './recommendations.controller.js';
import { RecommendationsService } from './recommendations.service.js';

/**
 * Matchmaking: the achievement and demand libraries kept across events, their Chinese full-text search, the lists
 * an event publishes, imports and exports, bids on open calls, recommendations between the lists with their
 * reasons; files attached to items; public and console pages.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      MatchCategory,
      Achievement,
      Demand,
      DemandBid,
      EventListing,
      RecommendationOverride,
      LibraryAttachment,
    ]),
    DirectoryModule,
    EventsModule,
    RegistrationModule,
  ],
  controllers: [
    LibraryFilesController,
    AchievementAttachmentsController,
    DemandAttachmentsController,
    AchievementsController,
    DemandsController,
    EventListsController,
    RecommendationsController,
    MatchCategoriesController,
    LibraryPagesController,
    ConsoleLibrariesController,
    ConsoleLibraryItemController,
    ConsoleEventListsController,
  ],
  providers: [
    MatchCategoriesService,
    LibraryContacts,
    LibraryAttachments,
    AchievementsService,
    DemandsService,
    EventListsService,
    LibraryImportService,
    LibraryDemo,
    LibraryVersion,
    RecommendationsService,
  ],
  exports: [
    AchievementsService,
    DemandsService,
    EventListsService,
    MatchCategoriesService,
    LibraryDemo,
    RecommendationsService,
  ],
})
export class MatchmakingModule {}
