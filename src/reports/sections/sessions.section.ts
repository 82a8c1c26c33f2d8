import { Inject, Injectable } from '@nestjs/common';
import { SESSION_KINDS, Session, type SessionKind } from '../../agenda/session.entity.js';
import { Database } from '../../database/database.service.js';
import type { EventHeader, SessionFigures } from '../domain/figures.js';
import { count, idsOf, perEvent, type ReportSection } from './report-section.js';

/** The programme's sessions by kind; cancelled sessions and breaks are not part of what an event offered. */
@Injectable()
export class SessionsSection implements ReportSection<'sessions'> {
  readonly key = 'sessions';

  constructor(@Inject(Database) private readonly db: Database) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, SessionFigures>> {
    const eventIds = idsOf(events);
    const rows = await this.db.manager
      .createQueryBuilder(Session, 's')
      .select('s.eventId', 'eventId')
      .addSelect('s.kind', 'kind')
      .addSelect('COUNT(*)', 'n')
      .where('s.eventId IN (:...eventIds)', { eventIds })
      .andWhere('s.cancelledAt IS NULL')
      .andWhere('s.kind <> :breakKind', { breakKind: 'break' satisfies SessionKind })
      .groupBy('s.eventId')
      .addGroupBy('s.kind')
      .getRawMany<{ eventId: unknown; kind: SessionKind; n: unknown }>();
    const order = (kind: SessionKind) => SESSION_KINDS.indexOf(kind);
    const result = perEvent<SessionFigures>(events, () => ({ total: 0, byKind: [] }));
    for (const row of [...rows].sort((a, b) => order(a.kind) - order(b.kind))) {
      const figures = result.get(count(row.eventId))!;
      figures.byKind.push({ kind: row.kind, count: count(row.n) });
      figures.total += count(row.n);
    }
    return result;
  }
}
