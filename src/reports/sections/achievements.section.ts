import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../../database/database.service.js';
import { Achievement } from '../../matchmaking/achievement.entity.js';
import { EventListing } from '../../matchmaking/event-listing.entity.js';
import type { AchievementFigures, EventHeader } from '../domain/figures.js';
import { categoryCounts, tally } from './library-categories.js';
import { count, idsOf, perEvent, type ReportSection } from './report-section.js';

/** The achievements an event lists (成果清单), by domain category: "发布成果257项，其中电子信息81项……". */
@Injectable()
export class AchievementsSection implements ReportSection<'achievements'> {
  readonly key = 'achievements';

  constructor(@Inject(Database) private readonly db: Database) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, AchievementFigures>> {
    const eventIds = idsOf(events);
    const em = this.db.manager;
    const [named, rows] = await Promise.all([
      categoryCounts(em),
      em
        .createQueryBuilder(EventListing, 'l')
        .innerJoin(Achievement, 'i', 'i.id = l.itemId')
        .select('l.eventId', 'eventId')
        .addSelect('i.categoryCode', 'code')
        .addSelect('COUNT(*)', 'n')
        .where('l.kind = :kind AND l.eventId IN (:...eventIds)', { kind: 'achievement', eventIds })
        // Items of an import that has not finished are invisible everywhere.
        .andWhere('i.status = :active', { active: 'active' })
        .groupBy('l.eventId')
        .addGroupBy('i.categoryCode')
        .getRawMany<{ eventId: unknown; code: string; n: unknown }>(),
    ]);
    const counts = perEvent(events, () => new Map<string, number>());
    for (const row of rows) tally(counts.get(count(row.eventId))!, row.code, count(row.n));
    return new Map(
      [...counts].map(([id, byCode]) => [
        id,
        { total: [...byCode.values()].reduce((a, b) => a + b, 0), byCategory: named(byCode) },
      ]),
    );
  }
}
