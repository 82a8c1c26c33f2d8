import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '../directory/directory.module.js';
import { MailModule } from '../mail/mail.module.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { IntentAttachment } from './intent-attachment.entity.js';
import { IntentFiles } from './intent-files.service.js';
import { IntentFollowUp } from './intent-follow-up.entity.js';
import { IntentFunnel } from './intent-funnel.service.js';
import { IntentParty } from './intent-party.entity.js';
import { IntentProposal } from './intent-proposal.entity.js';
import { IntentProposals } from './intent-proposals.service.js';
import { IntentReminder } from './intent-reminder.entity.js';
import { IntentReminders } from './intent-reminders.service.js';
import { IntentSettings } from './intent-settings.service.js';
import { IntentSources } from './intent-sources.service.js';
import { IntentStageChange } from './intent-stage-change.entity.js';
import { Intent } from './intent.entity.js';
import { IntentsController } from './intents.controller.js';
import { IntentsDemo } from './intents-demo.service.js';
import { IntentsService } from './intents.service.js';
import { ConsoleIntentsController } from './pages/console-intents.controller.js';
import { PartyIntentsPagesController } from './pages/party-intents-pages.controller.js';

/**
 * The cooperation pipeline (合作意向 → 洽谈 → 签约 → 落地): intents from the console, the API, imports, both parties'
 * phones, held meetings, signed agreements and roadshow leads; stages with an append-only history; the follow-up log;
 * owners' reminders; the funnel (`IntentFunnel`, for the reports).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Intent,
      IntentParty,
      IntentStageChange,
      IntentFollowUp,
      IntentAttachment,
      IntentProposal,
      IntentReminder,
    ]),
    DirectoryModule,
    MailModule,
    RegistrationModule,
  ],
  controllers: [IntentsController, ConsoleIntentsController, PartyIntentsPagesController],
  providers: [
    IntentsService,
    IntentFunnel,
    IntentSources,
    IntentProposals,
    IntentReminders,
    IntentSettings,
    IntentFiles,
    IntentsDemo,
  ],
  exports: [IntentsService, IntentFunnel, IntentSources, IntentsDemo],
})
export class IntentsModule {}
