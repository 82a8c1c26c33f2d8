import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { BadgesModule } from '../badges/badges.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { EventsModule } from '../events/events.module.js';
import { MailModule } from '../mail/mail.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { AttendeeCategory } from './attendee-category.entity.js';
import { ManageLinks } from './manage-links.service.js';
import { RegistrationFilesController } from './registration-files.controller.js';
import { RegistrationImportService } from './registration-import.service.js';
import { EventCancellationController } from './event-cancellation.controller.js';
import { EventCancellationService } from './event-cancellation.service.js';
import { RegistrationMail } from './registration-mail.service.js';
import { RegistrationQuestion } from './registration-question.entity.js';
import { RegistrationSettings } from './registration-settings.entity.js';
import { Registration } from './registration.entity.js';
import { RegistrationsController } from './registrations.controller.js';
import { RegistrationsService } from './registrations.service.js';
import { SeatLedger } from './seat-ledger.js';
import { ConsoleRegistrationsController } from './pages/console-registrations.controller.js';

/** Registration forms (settings, categories, questions), registrations, seats, waiting lists, import/export. */
@Module({
  imports: [
    TypeOrmModule.forFeature([RegistrationSettings, AttendeeCategory, RegistrationQuestion, Registration]),
    MailModule,
    SettingsModule,
    AccountsModule,
    EventsModule,
    BadgesModule,
    DirectoryModule,
  ],
  controllers: [
    RegistrationsController,
    RegistrationFilesController,
    EventCancellationController,
    ConsoleRegistrationsController,
  ],
  providers: [
    RegistrationsService,
    RegistrationImportService,
    RegistrationMail,
    ManageLinks,
    SeatLedger,
    EventCancellationService,
  ],
  exports: [RegistrationsService, RegistrationImportService, ManageLinks],
})
export class RegistrationModule {}
