import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database.service.js';
import { EventSeries } from '../events/event-series.entity.js';
import { Event } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import { EventsService } from '../events/events.service.js';
import { IntentFunnel, type IntentFunnelReport } from '../intents/intent-funnel.service.js';
import {
  SECTION_KEYS,
  type EventHeader,
  type EventReport,
  type SeriesFunnelFigures,
  type SeriesReport,
} from './domain/figures.js';
import { REPORT_SECTIONS, type ReportSection } from './sections/report-section.js';

export function eventHeader(event: Event): EventHeader {
  return {
    id: event.id,
    slug: event.slug,
    title: event.title,
    titleEn: event.titleEn,
    shortTitle: event.shortTitle,
    shortTitleEn: event.shortTitleEn,
    seriesId: event.seriesId,
    edition: event.edition,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    status: event.status,
  };
}

/** The series' funnel without the scope it was asked for (the report says which series). */
function withoutScope(report: IntentFunnelReport): SeriesFunnelFigures {
  const figures: Partial<IntentFunnelReport> = { ...report };
  delete figures.scope;
  return figures as SeriesFunnelFigures;
}

/**
 * The reports organisers are judged on: one event's figures, and every edition of a series side by side. A report is
 * the composition of its sections (REPORT_SECTIONS, one per capability, see reports.module.ts); this service only
 * finds the events and puts each section's figures under its key. Reads only.
 */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventsService) private readonly events: EventsService,
    @Inject(REPORT_SECTIONS) private readonly sections: readonly ReportSection[],
    @Inject(IntentFunnel) private readonly funnel: IntentFunnel,
  ) {
    // A section declared in the figures but computed by no service (or twice) would make reports lie: refuse to start.
    const keys = sections.map((s) => s.key);
    if (keys.length !== SECTION_KEYS.length || SECTION_KEYS.some((key) => !keys.includes(key)))
      throw new Error(`Report sections [${keys.join(', ')}] do not match SECTION_KEYS [${SECTION_KEYS.join(', ')}]`);
  }

  async eventReport(eventId: number): Promise<EventReport> {
    const [report] = await this.compose([eventHeader(await this.events.get(eventId))]);
    return report;
  }

  async seriesReport(seriesId: number): Promise<SeriesReport> {
    const series = await this.db.manager.findOneBy(EventSeries, { id: seriesId });
    if (!series) throw new EventsError('series_not_found', { id: seriesId });
    const editions = await this.db.manager.find(Event, {
      where: { seriesId },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
    const [composed, funnelOfSeries] = await Promise.all([
      this.compose(editions.map(eventHeader)),
      this.funnel.forSeries(seriesId),
    ]);
    return {
      series: { id: series.id, slug: series.slug, name: series.name, nameEn: series.nameEn },
      editions: composed,
      // The pipeline across editions: every intent of the series together, and by edition.
      funnel: withoutScope(funnelOfSeries),
    };
  }

  /** Each section computes its figures for all the events at once; the report of an event gathers them by key. */
  private async compose(events: EventHeader[]): Promise<EventReport[]> {
    if (events.length === 0) return [];
    const computed = await Promise.all(
      this.sections.map(async (section) => [section.key, await section.compute(events)] as const),
    );
    return events.map(
      (event) =>
        ({
          event,
          ...Object.fromEntries(computed.map(([key, figures]) => [key, figures.get(event.id)])),
        }) as EventReport,
    );
  }
}
