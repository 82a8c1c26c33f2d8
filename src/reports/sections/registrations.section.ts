import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../../database/database.service.js';
import { AttendeeCategory } from '../../registration/attendee-category.entity.js';
import {
  REGISTRATION_STATUSES,
  Registration,
  type RegistrationStatus,
} from '../../registration/registration.entity.js';
import type { EventHeader, RegistrationFigures, StatusCounts } from '../domain/figures.js';
import { count, idsOf, type ReportSection } from './report-section.js';

const zeroStatuses = (): StatusCounts => Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Standing registrations: those that hold or wait for a seat. */
const standing = (s: StatusCounts) => s.confirmed + s.pending + s.waitlisted;

/** Registrations by attendee category and status: one grouped query over every event asked. */
@Injectable()
export class RegistrationsSection implements ReportSection<'registrations'> {
  readonly key = 'registrations';

  constructor(@Inject(Database) private readonly db: Database) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, RegistrationFigures>> {
    const eventIds = idsOf(events);
    const em = this.db.manager;
    const [categories, rows] = await Promise.all([
      em.find(AttendeeCategory, { where: { eventId: In(eventIds) }, order: { position: 'ASC', id: 'ASC' } }),
      em
        .createQueryBuilder(Registration, 'r')
        .select('r.eventId', 'eventId')
        .addSelect('r.categoryId', 'categoryId')
        .addSelect('r.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .where('r.eventId IN (:...eventIds)', { eventIds })
        .groupBy('r.eventId')
        .addGroupBy('r.categoryId')
        .addGroupBy('r.status')
        .getRawMany<{ eventId: unknown; categoryId: unknown; status: RegistrationStatus; n: unknown }>(),
    ]);
    const byCategory = new Map(
      categories.map((c) => [
        c.id,
        {
          eventId: c.eventId,
          figures: {
            id: c.id,
            code: c.code,
            name: c.name,
            nameEn: c.nameEn,
            colour: c.colour,
            registered: 0,
            byStatus: zeroStatuses(),
          },
        },
      ]),
    );
    for (const row of rows) {
      const entry = byCategory.get(count(row.categoryId));
      if (entry) entry.figures.byStatus[row.status] += count(row.n);
    }
    const result = new Map<number, RegistrationFigures>();
    for (const id of eventIds) {
      const own = [...byCategory.values()].filter((c) => c.eventId === id).map((c) => c.figures);
      const byStatus = zeroStatuses();
      for (const c of own) {
        c.registered = standing(c.byStatus);
        for (const s of REGISTRATION_STATUSES) byStatus[s] += c.byStatus[s];
      }
      const total = REGISTRATION_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
      result.set(id, { total, registered: standing(byStatus), byStatus, byCategory: own });
    }
    return result;
  }
}
