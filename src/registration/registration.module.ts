import { Module } from '@nestjs/common';
import { BadgesService } from '../badges/badges.service.js';
import { MailModule } from '../mail/mail.module.js';
import { SecretsService } from '../settings/secrets.service.js';
import { ManageLinks } from './manage-links.service.js';
import { RegistrationFilesController } from './registration-files.controller.js';
import { RegistrationImportService } from './registration-import.service.js';
import { RegistrationMail } from './registration-mail.service.js';
import { RegistrationsController } from './registrations.controller.js';
import { RegistrationsService } from './registrations.service.js';

@Module({
  imports: [MailModule],
  controllers: [RegistrationsController, RegistrationFilesController],
  providers: [
    RegistrationsService,
    RegistrationImportService,
    RegistrationMail,
    ManageLinks,
    BadgesService,
    SecretsService,
  ],
  exports: [RegistrationsService, RegistrationImportService, ManageLinks, BadgesService],
})
export class RegistrationModule {}
