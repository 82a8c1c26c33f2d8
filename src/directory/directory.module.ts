import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryService } from './directory.service.js';
import { Organisation } from './organisation.entity.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsService } from './organisations.service.js';
import { Person } from './person.entity.js';

/** Organisations and people, shared by every capability: `DirectoryService` is how they find or add them. */
@Module({
  imports: [TypeOrmModule.forFeature([Organisation, Person])],
  controllers: [OrganisationsController],
  providers: [DirectoryService, OrganisationsService],
  exports: [DirectoryService, OrganisationsService],
})
export class DirectoryModule {}
