import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { Session } from '../../agenda/session.entity.js';
import { PROJECT_ROOT } from '../../common/paths.js';
import { RegistrationsService } from '../../registration/registrations.service.js';
import type { TableZone } from './meeting-session.entity.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { MeetingRequest, type RequestStatus } from './meeting-request.entity.js';
import { MeetingScheduleService } from './meeting-schedule.service.js';
import { MeetingSession } from './meeting-session.entity.js';

interface DemoMeetings {
  event: string;
  session: string;
  slotMinutes: number;
  tableCount: number;
  tableZones: TableZone[];
  requestCap: number;
  category: string;
  participants: {
    key: string;
    name: string;
    organisation: string;
    title: string;
    offer: string;
    seek: string;
    categories: string[];
    unavailable?: number[];
  }[];
  requests: { from: string; to: string; status: RequestStatus; message: string; prioritised?: boolean }[];
}

const DIR = join(PROJECT_ROOT, 'data', 'demo', 'meetings');

/**
 * The demo's one-to-one meetings (data/demo/meetings/<event key>.json): the free negotiation session set up with
 * slots and tables, a few confirmed registrations (through the registration service, as an import) who opted in,
 * requests accepted and pending, and a scheduled (unpublished) sample. A newcomer registers, opts in and requests
 * one of them; the organiser answers for demo participants from the console, as a help desk would.
 */
@Injectable()
export class MeetingsDemo {
  constructor(
    @Inject(RegistrationsService) private readonly registrations: RegistrationsService,
    @Inject(MeetingScheduleService) private readonly schedule: MeetingScheduleService,
  ) {}

  async loadIn(em: EntityManager, eventKey: string, eventId: number): Promise<void> {
    const file = join(DIR, `${eventKey}.json`);
    if (!existsSync(file)) return;
    const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoMeetings;
    const agenda = await em.findOneBy(Session, { eventId, kind: 'free_negotiation', title: demo.session });
    if (!agenda) throw new Error(`Demo meetings ${eventKey}: no free negotiation session "${demo.session}"`);
    const ms = await em.save(
      em.create(MeetingSession, {
        eventId,
        agendaSessionId: agenda.id,
        slotMinutes: demo.slotMinutes,
        breakMinutes: 0,
        tableCount: demo.tableCount,
        tableZones: demo.tableZones,
        requestCap: demo.requestCap,
        requestsOpenAt: null,
        requestsCloseAt: null,
        phase: 'draft',
      }),
    );
    const participants = new Map<string, MeetingParticipant>();
    for (const [i, p] of demo.participants.entries()) {
      const registration = await this.registrations.createIn(
        em,
        eventId,
        {
          name: p.name,
          email: `demo.meetings.${i + 1}@example.com`,
          organisation: p.organisation,
          title: p.title,
          category: demo.category,
          answers: { free_negotiation: 'yes' },
          consent: true,
          locale: 'zh-CN',
        },
        'import',
      );
      participants.set(
        p.key,
        await em.save(
          em.create(MeetingParticipant, {
            meetingSessionId: ms.id,
            registrationId: registration.id,
            offer: p.offer,
            seek: p.seek,
            categories: p.categories,
            unavailableSlots: p.unavailable?.length ? p.unavailable : null,
            active: true,
          }),
        ),
      );
    }
    for (const r of demo.requests) {
      await em.save(
        em.create(MeetingRequest, {
          meetingSessionId: ms.id,
          fromParticipantId: participants.get(r.from)!.id,
          toParticipantId: participants.get(r.to)!.id,
          message: r.message,
          achievementId: null,
          demandId: null,
          status: r.status,
          prioritised: r.prioritised ?? false,
          answeredBy: r.status === 'pending' ? null : 'participant',
          answeredAt: r.status === 'pending' ? null : new Date(),
          sentBy: 'participant',
        }),
      );
    }
    await this.schedule.runIn(em, eventId, ms.id);
  }
}
