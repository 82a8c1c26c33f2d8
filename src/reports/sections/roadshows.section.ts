import { Inject, Injectable } from '@nestjs/common';
import { RoadshowsReader } from '../../roadshows/roadshows-reader.service.js';
import type { EventHeader, RoadshowFigures } from '../domain/figures.js';
import { idsOf, type ReportSection } from './report-section.js';

/**
 * The events' roadshows: sessions, projects by category, leads by kind and the people who left them, projects with a
 * meeting request, the top projects by leads and the judges' average — computed by the roadshows capability for all
 * the events at once (RoadshowsReader.totalsByEvent: grouped queries and the roadshows' own scoring rule).
 */
@Injectable()
export class RoadshowsSection implements ReportSection<'roadshows'> {
  readonly key = 'roadshows';

  constructor(@Inject(RoadshowsReader) private readonly roadshows: RoadshowsReader) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, RoadshowFigures>> {
    return this.roadshows.totalsByEvent(idsOf(events));
  }
}
