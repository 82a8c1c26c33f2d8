import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { EventsModule } from '../events/events.module.js';
import { MailModule } from '../mail/mail.module.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { AgendaNotifier } from './agenda-notifier.service.js';
import { AgendaController } from './agenda.controller.js';
import { AgendaService } from './agenda.service.js';
import { ScheduleVersion } from './schedule-version.entity.js';
import { SessionPerson } from './session-person.entity.js';
import { SessionStar } from './session-star.entity.js';
import { Session } from './session.entity.js';
import { AgendaPagesController } from './pages/agenda-pages.controller.js';
import { ConsoleAgendaController } from './pages/console-agenda.controller.js';

/** Sessions, their people, published schedule versions, attendees' stars and the change notifications. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Session, SessionPerson, ScheduleVersion, SessionStar]),
    MailModule,
    AccountsModule,
    EventsModule,
    DirectoryModule,
    // Stars belong to registrations; the notifier writes to the people who starred a changed session.
    RegistrationModule,
  ],
  controllers: [AgendaController, AgendaPagesController, ConsoleAgendaController],
  providers: [AgendaService, AgendaNotifier],
  exports: [AgendaService, AgendaNotifier],
})
export class AgendaModule {}
