import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../../database/database.service.js';
import { DemandBid } from '../../matchmaking/demand-bid.entity.js';
import { Demand } from '../../matchmaking/demand.entity.js';
import { EventListing } from '../../matchmaking/event-listing.entity.js';
import type { DemandFigures, EventHeader } from '../domain/figures.js';
import { categoryCounts, tally } from './library-categories.js';
import { count, idsOf, perEvent, type ReportSection } from './report-section.js';

/**
 * The demands an event lists (需求清单), by category and by city, and its open calls (揭榜挂帅) with the bids they
 * received: two grouped queries.
 */
@Injectable()
export class DemandsSection implements ReportSection<'demands'> {
  readonly key = 'demands';

  constructor(@Inject(Database) private readonly db: Database) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, DemandFigures>> {
    const eventIds = idsOf(events);
    const em = this.db.manager;
    const listed = () =>
      em
        .createQueryBuilder(EventListing, 'l')
        .innerJoin(Demand, 'i', 'i.id = l.itemId')
        .where('l.kind = :kind AND l.eventId IN (:...eventIds)', { kind: 'demand', eventIds })
        .andWhere('i.status = :active', { active: 'active' });
    const [named, rows, bids] = await Promise.all([
      categoryCounts(em),
      listed()
        .select('l.eventId', 'eventId')
        .addSelect('i.categoryCode', 'code')
        .addSelect('i.city', 'city')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(CASE WHEN i.openCall THEN 1 ELSE 0 END)', 'calls')
        .groupBy('l.eventId')
        .addGroupBy('i.categoryCode')
        .addGroupBy('i.city')
        .getRawMany<{ eventId: unknown; code: string; city: string | null; n: unknown; calls: unknown }>(),
      listed()
        .innerJoin(DemandBid, 'b', 'b.demandId = i.id')
        .select('l.eventId', 'eventId')
        .addSelect('COUNT(*)', 'bids')
        .addSelect('COUNT(DISTINCT b.solverOrganisationId)', 'solvers')
        .andWhere('i.openCall')
        .groupBy('l.eventId')
        .getRawMany<{ eventId: unknown; bids: unknown; solvers: unknown }>(),
    ]);
    const acc = perEvent(events, () => ({
      byCode: new Map<string, number>(),
      byCity: new Map<string, number>(),
      calls: 0,
    }));
    for (const row of rows) {
      const a = acc.get(count(row.eventId))!;
      tally(a.byCode, row.code, count(row.n));
      if (row.city?.trim()) tally(a.byCity, row.city.trim(), count(row.n));
      a.calls += count(row.calls);
    }
    return new Map(
      [...acc].map(([id, a]) => {
        const bid = bids.find((b) => count(b.eventId) === id);
        return [
          id,
          {
            total: [...a.byCode.values()].reduce((x, y) => x + y, 0),
            byCategory: named(a.byCode),
            byCity: [...a.byCity]
              .map(([city, n]) => ({ city, count: n }))
              .sort((x, y) => y.count - x.count || x.city.localeCompare(y.city, 'zh-CN')),
            openCalls: { calls: a.calls, bids: count(bid?.bids), solvers: count(bid?.solvers) },
          },
        ];
      }),
    );
  }
}
