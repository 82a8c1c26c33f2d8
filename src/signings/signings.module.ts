import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '../directory/directory.module.js';
import { EventsModule } from '../events/events.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { AgreementParty } from './agreement-party.entity.js';
import { AgreementWitness } from './agreement-witness.entity.js';
import { Agreement } from './agreement.entity.js';
import { SigningCeremony } from './ceremony.entity.js';
import { ConsoleSigningsController } from './pages/console-signings.controller.js';
import { RunSheets } from './pages/run-sheets.service.js';
import { StageScreenController } from './pages/stage-screen.controller.js';
import { StageScreens } from './pages/stage-screens.service.js';
import { ScreenLinks } from './screen-links.service.js';
import { SigningsDemo } from './signings-demo.service.js';
import { SigningsReader } from './signings-reader.service.js';
import { SigningsController } from './signings.controller.js';
import { SigningsService } from './signings.service.js';

/**
 * Signing ceremonies (签约仪式) hanging off agenda sessions: agreements in order with parties, signatories and
 * witnesses from the directory, their status and the totals the press reports, the run sheet (page and .docx) and the
 * hall screen. Announces AGREEMENT_SIGNED (src/common/domain-events.ts) for the cooperation pipeline.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([SigningCeremony, Agreement, AgreementParty, AgreementWitness]),
    DirectoryModule,
    EventsModule,
    SettingsModule,
  ],
  controllers: [SigningsController, ConsoleSigningsController, StageScreenController],
  providers: [SigningsService, SigningsReader, ScreenLinks, RunSheets, StageScreens, SigningsDemo],
  exports: [SigningsService, SigningsReader, SigningsDemo],
})
export class SigningsModule {}
