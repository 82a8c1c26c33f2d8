import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CheckInList } from '../../check-in/check-in-list.entity.js';
import { CheckIn } from '../../check-in/check-in.entity.js';
import { Database } from '../../database/database.service.js';
import { AttendeeCategory } from '../../registration/attendee-category.entity.js';
import { Registration } from '../../registration/registration.entity.js';
import type { CheckInFigures, EventHeader } from '../domain/figures.js';
import { count, idsOf, perEvent, type ReportSection } from './report-section.js';

/**
 * People checked in, by attendee category and by list. A person's first check-in at a list carries `firstOf` (their
 * registration id, see check-in.entity.ts), so distinct people are distinct `firstOf` values: repeated scans, refused
 * scans and re-entries never count twice.
 */
@Injectable()
export class CheckInsSection implements ReportSection<'checkIns'> {
  readonly key = 'checkIns';

  constructor(@Inject(Database) private readonly db: Database) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, CheckInFigures>> {
    const eventIds = idsOf(events);
    const em = this.db.manager;
    const [categories, lists, perCategory, perList] = await Promise.all([
      em.find(AttendeeCategory, { where: { eventId: In(eventIds) }, order: { position: 'ASC', id: 'ASC' } }),
      em.find(CheckInList, { where: { eventId: In(eventIds) }, order: { position: 'ASC', id: 'ASC' } }),
      em
        .createQueryBuilder(CheckIn, 'k')
        .innerJoin(Registration, 'r', 'r.id = k.firstOf')
        .select('r.categoryId', 'categoryId')
        .addSelect('COUNT(DISTINCT k.firstOf)', 'n')
        .where('k.eventId IN (:...eventIds)', { eventIds })
        .groupBy('r.categoryId')
        .getRawMany<{ categoryId: unknown; n: unknown }>(),
      em
        .createQueryBuilder(CheckIn, 'k')
        .select('k.listId', 'listId')
        .addSelect('COUNT(*)', 'n')
        .where('k.eventId IN (:...eventIds)', { eventIds })
        .andWhere('k.firstOf IS NOT NULL')
        .groupBy('k.listId')
        .getRawMany<{ listId: unknown; n: unknown }>(),
    ]);
    const inCategory = new Map(perCategory.map((row) => [count(row.categoryId), count(row.n)]));
    const atList = new Map(perList.map((row) => [count(row.listId), count(row.n)]));
    const result = perEvent<CheckInFigures>(events, () => ({ people: 0, byCategory: [], byList: [] }));
    for (const c of categories) {
      const figures = result.get(c.eventId)!;
      const n = inCategory.get(c.id) ?? 0;
      figures.byCategory.push({ id: c.id, code: c.code, name: c.name, nameEn: c.nameEn, colour: c.colour, people: n });
      // Each person has one category: the categories partition the people checked in.
      figures.people += n;
    }
    for (const l of lists) {
      result.get(l.eventId)!.byList.push({
        id: l.id,
        code: l.code,
        kind: l.kind,
        name: l.name,
        nameEn: l.nameEn,
        people: atList.get(l.id) ?? 0,
      });
    }
    return result;
  }
}
