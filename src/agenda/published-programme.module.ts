import { Global, Module } from '@nestjs/common';
import { PublishedProgramme } from '../events/published-programme.js';
import { AgendaModule } from './agenda.module.js';
import { AgendaService } from './agenda.service.js';

/**
 * Gives the events module (below agenda) the published programme its event JSON carries, without events importing
 * agenda: events declares the port, this global module provides it from the latest published schedule version.
 */
@Global()
@Module({
  imports: [AgendaModule],
  providers: [
    {
      provide: PublishedProgramme,
      inject: [AgendaService],
      useFactory: (agenda: AgendaService): PublishedProgramme => ({
        sessions: async (eventId) => (await agenda.latest(eventId))?.snapshot.sessions ?? [],
      }),
    },
  ],
  exports: [PublishedProgramme],
})
export class PublishedProgrammeModule {}
