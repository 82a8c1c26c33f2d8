import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { EventOrganisation } from './event-organisation.entity.js';
import { EventSeries } from './event-series.entity.js';
import { Event } from './event.entity.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';
import { ExhibitionZone } from './exhibition-zone.entity.js';
import { Room } from './room.entity.js';
import { SeriesController } from './series.controller.js';
import { Venue } from './venue.entity.js';
import { ConsolePagesController } from './pages/console-pages.controller.js';

/** Series, events and their places (venues, rooms, exhibition zones) and hosting organisations. */
@Module({
  imports: [
    TypeOrmModule.forFeature([EventSeries, Event, EventOrganisation, Venue, Room, ExhibitionZone]),
    DirectoryModule,
    // The console's team page (in pages/console-pages.controller.ts) invites staff for an event.
    AccountsModule,
  ],
  controllers: [EventsController, SeriesController, ConsolePagesController],
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}
