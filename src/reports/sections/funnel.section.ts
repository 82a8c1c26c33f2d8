import { Inject, Injectable } from '@nestjs/common';
import { IntentFunnel } from '../../intents/intent-funnel.service.js';
import type { EventHeader, IntentFunnelFigures } from '../domain/figures.js';
import { idsOf, type ReportSection } from './report-section.js';

/**
 * The cooperation pipeline of the intents that arose at the events: counts per stage (reached and current),
 * conversion rates, median days between stages, values, overdue follow-ups and breakdowns by category, city, kind and
 * owner — computed by the intents capability for all the events at once (IntentFunnel.forEachEvent: two grouped
 * queries, grouped by event).
 */
@Injectable()
export class FunnelSection implements ReportSection<'funnel'> {
  readonly key = 'funnel';

  constructor(@Inject(IntentFunnel) private readonly funnel: IntentFunnel) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, IntentFunnelFigures>> {
    const reports = await this.funnel.forEachEvent(idsOf(events));
    return new Map(
      [...reports].map(([id, report]) => {
        const { category, city, kind, owner } = report.breakdowns;
        const figures: IntentFunnelFigures = {
          total: report.total,
          today: report.today,
          reachedCounts: report.reachedCounts,
          currentCounts: report.currentCounts,
          valueWan: report.valueWan,
          overdueFollowUps: report.overdueFollowUps,
          conversionRates: report.conversionRates,
          medianDays: report.medianDays,
          medianSamples: report.medianSamples,
          breakdowns: { category, city, kind, owner },
        };
        return [id, figures];
      }),
    );
  }
}
