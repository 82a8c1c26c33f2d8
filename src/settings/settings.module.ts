import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretsService } from './secrets.service.js';
import { Setting } from './setting.entity.js';

/** Installation-wide settings kept in the database (the HMAC secret shared by every instance). */
@Module({
  imports: [TypeOrmModule.forFeature([Setting])],
  providers: [SecretsService],
  exports: [SecretsService],
})
export class SettingsModule {}
