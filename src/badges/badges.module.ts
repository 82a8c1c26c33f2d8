import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Badge } from './badge.entity.js';
import { BadgesService } from './badges.service.js';
import { EventKey } from './event-key.entity.js';

/** Events' signing keys and the signed badge codes of confirmed registrations. */
@Module({
  imports: [TypeOrmModule.forFeature([EventKey, Badge])],
  providers: [BadgesService],
  exports: [BadgesService],
})
export class BadgesModule {}
