import { Module } from '@nestjs/common';
import { EventsService } from '../events/events.service.js';
import { MailModule } from '../mail/mail.module.js';
import { AgendaNotifier } from './agenda-notifier.service.js';
import { AgendaController } from './agenda.controller.js';
import { AgendaService } from './agenda.service.js';

@Module({
  imports: [MailModule],
  controllers: [AgendaController],
  providers: [AgendaService, AgendaNotifier, EventsService],
  exports: [AgendaService, AgendaNotifier],
})
export class AgendaModule {}
