import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module.js';
import { DirectoryModule } from '../directory/directory.module.js';
import { EventsModule } from '../events/events.module.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { DemoLoader } from './demo-loader.service.js';

/** Loads the demo events into an empty database (DEMO_DATA). */
@Module({
  imports: [DirectoryModule, EventsModule, AgendaModule, RegistrationModule],
  providers: [DemoLoader],
  exports: [DemoLoader],
})
export class DemoModule {}
