import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../../database/database.service.js';
import { MeetingParticipant } from '../../matchmaking/meetings/meeting-participant.entity.js';
import {
  MeetingRequest,
  REQUEST_STATUSES,
  type RequestStatus,
} from '../../matchmaking/meetings/meeting-request.entity.js';
import { MeetingSession } from '../../matchmaking/meetings/meeting-session.entity.js';
import { Meeting } from '../../matchmaking/meetings/meeting.entity.js';
import type { EventHeader, MeetingFigures } from '../domain/figures.js';
import { count, idsOf, perEvent, type ReportSection } from './report-section.js';

/**
 * The one-to-one meetings of the free negotiation: requests by status, meetings scheduled (with a slot and a table),
 * held, missed, and those where both sides intend to cooperate — three grouped queries.
 */
@Injectable()
export class MeetingsSection implements ReportSection<'meetings'> {
  readonly key = 'meetings';

  constructor(@Inject(Database) private readonly db: Database) {}

  async compute(events: readonly EventHeader[]): Promise<Map<number, MeetingFigures>> {
    const eventIds = idsOf(events);
    const em = this.db.manager;
    const [sessions, requests, meetings] = await Promise.all([
      em
        .createQueryBuilder(MeetingSession, 'ms')
        .leftJoin(MeetingParticipant, 'p', 'p.meetingSessionId = ms.id')
        .select('ms.eventId', 'eventId')
        .addSelect('COUNT(DISTINCT ms.id)', 'sessions')
        .addSelect('COUNT(DISTINCT CASE WHEN p.active THEN p.registrationId END)', 'participants')
        .where('ms.eventId IN (:...eventIds)', { eventIds })
        .groupBy('ms.eventId')
        .getRawMany<{ eventId: unknown; sessions: unknown; participants: unknown }>(),
      em
        .createQueryBuilder(MeetingRequest, 'r')
        .innerJoin(MeetingSession, 'ms', 'ms.id = r.meetingSessionId')
        .select('ms.eventId', 'eventId')
        .addSelect('r.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .where('ms.eventId IN (:...eventIds)', { eventIds })
        .groupBy('ms.eventId')
        .addGroupBy('r.status')
        .getRawMany<{ eventId: unknown; status: RequestStatus; n: unknown }>(),
      em
        .createQueryBuilder(Meeting, 'm')
        .innerJoin(MeetingSession, 'ms', 'ms.id = m.meetingSessionId')
        .select('ms.eventId', 'eventId')
        .addSelect('SUM(CASE WHEN m.slot IS NOT NULL AND NOT m.dropped THEN 1 ELSE 0 END)', 'scheduled')
        .addSelect(`SUM(CASE WHEN m.outcome = 'held' THEN 1 ELSE 0 END)`, 'held')
        .addSelect(`SUM(CASE WHEN m.outcome = 'no_show' THEN 1 ELSE 0 END)`, 'noShow')
        .addSelect('SUM(CASE WHEN m.intent THEN 1 ELSE 0 END)', 'intents')
        .where('ms.eventId IN (:...eventIds)', { eventIds })
        .groupBy('ms.eventId')
        .getRawMany<{ eventId: unknown; scheduled: unknown; held: unknown; noShow: unknown; intents: unknown }>(),
    ]);
    const result = perEvent<MeetingFigures>(events, () => ({
      sessions: 0,
      participants: 0,
      requests: {
        total: 0,
        ...(Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<RequestStatus, number>),
      },
      scheduled: 0,
      held: 0,
      noShow: 0,
      intents: 0,
    }));
    for (const row of sessions) {
      const f = result.get(count(row.eventId))!;
      f.sessions = count(row.sessions);
      f.participants = count(row.participants);
    }
    for (const row of requests) {
      const f = result.get(count(row.eventId))!;
      f.requests[row.status] += count(row.n);
      f.requests.total += count(row.n);
    }
    for (const row of meetings) {
      Object.assign(result.get(count(row.eventId))!, {
        scheduled: count(row.scheduled),
        held: count(row.held),
        noShow: count(row.noShow),
        intents: count(row.intents),
      });
    }
    return result;
  }
}
