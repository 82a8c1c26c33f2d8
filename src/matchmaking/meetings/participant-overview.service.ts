import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../../database/database.service.js';
import { Registration } from '../../registration/registration.entity.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { MeetingScheduleService, type MeetingView } from './meeting-schedule.service.js';
import { cardOf, MeetingsService, type ParticipantCard, type SessionContext } from './meetings.service.js';

export interface RequestItem {
  id: number;
  status: string;
  message: string;
  achievementId: number | null;
  demandId: number | null;
  createdAt: Date;
  with: ParticipantCard;
}

export interface SessionOverview {
  context: SessionContext;
  window: { opensAt: Date | null; closesAt: Date };
  requestsOpen: boolean;
  participant: {
    id: number;
    active: boolean;
    offer: string;
    seek: string;
    categories: string[];
    availableSlots: number[];
  } | null;
  sent: RequestItem[];
  received: RequestItem[];
  sentCount: number;
}

export interface PublishedMeeting {
  id: number;
  sessionTitle: string;
  sessionTitleEn: string | null;
  slot: number;
  table: number;
  zone: string | null;
  zoneEn: string | null;
  startsAt: Date;
  endsAt: Date;
  with: { name: string; organisation: string };
  outcome: MeetingView['outcome'];
  outcomeNote: string | null;
  intent: boolean;
}

/** One person's view of the meetings: their participation, requests both ways and their published meetings. */
@Injectable()
export class ParticipantOverview {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(MeetingsService) private readonly meetings: MeetingsService,
    @Inject(MeetingScheduleService) private readonly schedule: MeetingScheduleService,
  ) {}

  async of(
    registration: Registration,
    now = new Date(),
  ): Promise<{ sessions: SessionOverview[]; meetings: PublishedMeeting[] }> {
    const sessions: SessionOverview[] = [];
    for (const { context, participant } of await this.meetings.sessionsFor(registration)) {
      const window = this.meetings.requestWindow(context);
      const { sent, received } = participant
        ? await this.meetings.requestsOf(participant.id)
        : { sent: [], received: [] };
      const otherIds = [...sent.map((r) => r.toParticipantId), ...received.map((r) => r.fromParticipantId)];
      const others = otherIds.length
        ? await this.db.manager.find(MeetingParticipant, {
            where: { id: In(otherIds) },
            relations: { registration: true },
          })
        : [];
      const card = (id: number) => {
        const p = others.find((o) => o.id === id)!;
        return cardOf(p, p.registration!);
      };
      const item = (r: (typeof sent)[number], other: number): RequestItem => ({
        id: r.id,
        status: r.status,
        message: r.message,
        achievementId: r.achievementId,
        demandId: r.demandId,
        createdAt: r.createdAt,
        with: card(other),
      });
      sessions.push({
        context,
        window,
        requestsOpen: (!window.opensAt || window.opensAt <= now) && now <= window.closesAt,
        participant: participant
          ? {
              id: participant.id,
              active: participant.active,
              offer: participant.offer,
              seek: participant.seek,
              categories: participant.categories ?? [],
              availableSlots: context.slots
                .map((s) => s.number)
                .filter((n) => !(participant.unavailableSlots ?? []).includes(n)),
            }
          : null,
        sent: sent.map((r) => item(r, r.toParticipantId)),
        received: received.map((r) => item(r, r.fromParticipantId)),
        sentCount: sent.filter((r) => r.status === 'pending' || r.status === 'accepted').length,
      });
    }
    const published = await this.schedule.publishedFor(registration.id);
    const meetings = published.map((m) => {
      const other = m.people.find((p) => p.registrationId !== registration.id)!;
      const table = m.context.tables[m.published!.table - 1];
      return {
        id: m.id,
        sessionTitle: m.context.agenda.title,
        sessionTitleEn: m.context.agenda.titleEn,
        slot: m.published!.slot,
        table: m.published!.table,
        zone: table?.zone ?? null,
        zoneEn: table?.zoneEn ?? null,
        startsAt: m.published!.startsAt,
        endsAt: m.published!.endsAt,
        with: { name: other.name, organisation: other.organisation },
        outcome: m.outcome,
        outcomeNote: m.outcomeNote,
        intent: m.intent,
      };
    });
    return { sessions, meetings };
  }
}
