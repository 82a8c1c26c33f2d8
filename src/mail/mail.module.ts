import { Module } from '@nestjs/common';
import { MailRenderer } from './mail-renderer.service.js';
import { MailWorker } from './mail-worker.service.js';
import { OutboxService } from './outbox.service.js';

@Module({
  providers: [MailRenderer, OutboxService, MailWorker],
  exports: [OutboxService, MailWorker, MailRenderer],
})
export class MailModule {}
