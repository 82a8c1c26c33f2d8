import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from './organisation.entity.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsService } from './organisations.service.js';
import { Person } from './person.entity.js';

/** Organisations and people, shared by every capability. */
@Module({
  imports: [TypeOrmModule.forFeature([Organisation, Person])],
  controllers: [OrganisationsController],
  providers: [OrganisationsService],
  exports: [OrganisationsService],
})
export class DirectoryModule {}
