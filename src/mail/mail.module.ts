import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailBody } from './mail-body.entity.js';
import { MailRenderer } from './mail-renderer.service.js';
import { MailWorker } from './mail-worker.service.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxService } from './outbox.service.js';

/** The outbox (written in the sender's transaction), its leased worker (on @nestjs/schedule) and the email templates. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage, MailBody]), ScheduleModule.forRoot()],
  providers: [MailRenderer, OutboxService, MailWorker],
  exports: [OutboxService, MailWorker, MailRenderer],
})
export class MailModule {}
