import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { In, type EntityManager } from 'typeorm';
import {
  AGREEMENT_SIGNED,
  MEETING_HELD,
  ROADSHOW_LEAD,
  type AgreementSignedEvent,
  type MeetingHeldEvent,
  type RoadshowLeadEvent,
} from '../common/domain-events.js';
import { Database } from '../database/database.service.js';
import { MeetingParticipant } from '../matchmaking/meetings/meeting-participant.entity.js';
import { MeetingRequest } from '../matchmaking/meetings/meeting-request.entity.js';
import { Meeting } from '../matchmaking/meetings/meeting.entity.js';
import { Registration } from '../registration/registration.entity.js';
import { roadshowLeadEventIn } from '../roadshows/roadshow-lead-event.js';
import { RoadshowLead } from '../roadshows/roadshow-lead.entity.js';
import { agreementSignedEventIn } from '../signings/agreement-signed.js';
import { Agreement } from '../signings/agreement.entity.js';
import type { PartyDto } from './dto/intents.dto.js';
import { IntentParty } from './intent-party.entity.js';
import { Intent, INTENT_KINDS, type IntentKind } from './intent.entity.js';
import { IntentsService, SYSTEM } from './intents.service.js';

/** At most this many of each source per sweep (the next sweep takes the rest). */
const SWEEP_BATCH = 500;

/** Agreement kinds (signings) as intent kinds; strategic and project agreements are "other" cooperation. */
function kindOfAgreement(kind: string): IntentKind {
  return (INTENT_KINDS as readonly string[]).includes(kind) ? (kind as IntentKind) : 'other';
}

/**
 * Intents that start by themselves, from facts other capabilities announce (src/common/domain-events.ts): a meeting
 * held at the negotiation tables where both wished to go on, an agreement signed at a ceremony (a signed intent,
 * linked both ways), a roadshow lead asking for a meeting. Each has an `…In(em, …)` method for use inside an existing
 * transaction (the demo loader), and a listener that runs it in its own transaction after the publisher committed.
 * Every source is keyed (sourceKind + sourceId, unique), so a repeated announcement changes nothing. Held meetings,
 * signed agreements and roadshow meeting requests are also swept at start and with the reminders (`sweep`), which
 * repairs a crash between a publisher's commit and its announcement.
 */
@Injectable()
export class IntentSources implements OnApplicationBootstrap {
  private readonly logger = new Logger('Intents');

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IntentsService) private readonly intents: IntentsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      // A database whose migrations have not run yet has nothing to sweep.
      this.logger.debug(`sources not swept: ${String(error)}`);
    }
  }

  // ---- listeners (own transaction, after the publisher's commit)

  @OnEvent(MEETING_HELD, { promisify: true })
  async onMeetingHeld(event: MeetingHeldEvent): Promise<void> {
    await this.inTransaction((em) => this.fromMeetingIn(em, event.meetingId));
  }

  @OnEvent(AGREEMENT_SIGNED, { promisify: true })
  async onAgreementSigned(event: AgreementSignedEvent): Promise<void> {
    await this.inTransaction((em) => this.fromAgreementIn(em, event));
  }

  @OnEvent(ROADSHOW_LEAD, { promisify: true })
  async onRoadshowLead(event: RoadshowLeadEvent): Promise<void> {
    await this.inTransaction((em) => this.fromRoadshowLeadIn(em, event));
  }

  /** Runs a source in its own transaction; a race with another instance on the unique key ends in the other's row. */
  private async inTransaction(work: (em: EntityManager) => Promise<Intent | null>): Promise<Intent | null> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if (Database.isUniqueViolation(error)) return this.db.transaction(work);
      throw error;
    }
  }

  // ---- the sources

  /**
   * A held meeting where both wished to cooperate becomes an intent at the meeting's event, between the two people's
   * organisations, about what the request was about (an achievement, a demand, or the meeting). Null when the
   * meeting was not held or no intent was recorded.
   */
  async fromMeetingIn(em: EntityManager, meetingId: number): Promise<Intent | null> {
    const existing = await em.findOneBy(Intent, { sourceKind: 'meeting', sourceId: meetingId });
    if (existing) return existing;
    const meeting = await em.findOneBy(Meeting, { id: meetingId });
    if (!meeting || meeting.outcome !== 'held' || !meeting.intent) return null;
    const request = await em.findOneByOrFail(MeetingRequest, { id: meeting.requestId });
    const participants = await em.findBy(MeetingParticipant, {
      id: In([request.fromParticipantId, request.toParticipantId]),
    });
    const registrations = await em.findBy(Registration, { id: In(participants.map((p) => p.registrationId)) });
    const ordered = [request.fromParticipantId, request.toParticipantId]
      .map((id) => participants.find((p) => p.id === id))
      .map((p) => registrations.find((r) => r.id === p?.registrationId))
      .filter((r): r is Registration => r !== undefined);
    const subject = request.achievementId
      ? { subjectKind: 'achievement' as const, subjectId: request.achievementId }
      : request.demandId
        ? { subjectKind: 'demand' as const, subjectId: request.demandId }
        : { subjectKind: 'meeting' as const, subjectId: meeting.id };
    const names = ordered.map((r) => r.organisationName);
    return this.intents.createIn(
      em,
      {
        title: `${names.join(' × ')} 洽谈合作意向`.slice(0, 300),
        kind: 'other',
        ...subject,
        subjectText: [request.message, meeting.outcomeNote].filter(Boolean).join('\n\n') || null,
        eventId: ordered[0]?.eventId ?? null,
        // Two people of one organisation meeting make one party: the intent is the organisation's (a duplicate
        // would be refused, and would stop the morning sweep at this meeting every day).
        parties: ordered
          .filter((r, i) => ordered.findIndex((o) => sameOrganisation(o, r)) === i)
          .map(partyOfRegistration),
        source: { kind: 'meeting', id: meeting.id },
        note: meeting.outcomeNote,
        minParties: 1,
      },
      SYSTEM('meeting'),
      meeting.outcomeAt ?? new Date(),
    );
  }

  /**
   * An agreement signed at a ceremony: the intent it names already (linked before, `agreementId`), else an open
   * intent about this agreement (subject agreement), else the one open intent of the same event between exactly the
   * same organisations, moves to signed and is linked; otherwise a new intent starts at signed.
   */
  async fromAgreementIn(em: EntityManager, event: AgreementSignedEvent): Promise<Intent> {
    const linked =
      (await em.findOneBy(Intent, { agreementId: event.agreementId })) ??
      (await em.findOneBy(Intent, { sourceKind: 'agreement', sourceId: event.agreementId }));
    if (linked) return linked;
    const actor = event.byUserId
      ? { key: `user:${event.byUserId}`, name: null, userId: event.byUserId }
      : SYSTEM('signing');
    const candidate =
      (await em.findOneBy(Intent, { subjectKind: 'agreement', subjectId: event.agreementId })) ??
      (await this.sameParties(em, event.eventId, event.partyOrganisationIds));
    if (candidate) {
      await em.update(Intent, { id: candidate.id }, { agreementId: event.agreementId });
      const locked = await this.intents.lockedIntent(em, candidate.id);
      if (locked.stage === 'signed' || locked.stage === 'landed') return locked;
      return this.intents.changeStageIn(
        em,
        locked,
        { stage: 'signed', note: `签约：${event.title}`.slice(0, 2000) },
        actor,
        event.signedAt,
      );
    }
    return this.intents.createIn(
      em,
      {
        title: event.title,
        kind: kindOfAgreement(event.kind),
        subjectKind: 'agreement',
        subjectId: event.agreementId,
        valueWan: event.amountWan === null ? null : Math.round(event.amountWan),
        eventId: event.eventId,
        city: event.landingPlace?.slice(0, 60) ?? null,
        parties: event.partyOrganisationIds.map((organisationId) => ({ organisationId })),
        stage: 'signed',
        source: { kind: 'agreement', id: event.agreementId },
        agreementId: event.agreementId,
        note: '签约仪式签署',
        minParties: 1,
      },
      actor,
      event.signedAt,
    );
  }

  /** A roadshow lead asking for a meeting becomes an intent (stage intent) between the attendee and the presenter. */
  async fromRoadshowLeadIn(em: EntityManager, event: RoadshowLeadEvent): Promise<Intent | null> {
    if (event.kind !== 'meeting') return null;
    const existing = await em.findOneBy(Intent, { sourceKind: 'roadshow_lead', sourceId: event.leadId });
    if (existing) return existing;
    const registration = await em.findOneBy(Registration, { id: event.registrationId });
    const parties: PartyDto[] = [];
    if (event.presenterOrganisationId) parties.push({ organisationId: event.presenterOrganisationId });
    const attendeeOrganisation = event.organisationId ?? registration?.organisationId ?? null;
    if (attendeeOrganisation && attendeeOrganisation !== event.presenterOrganisationId)
      parties.push({ organisationId: attendeeOrganisation, contactPersonId: registration?.personId });
    else if (!attendeeOrganisation && registration) parties.push(partyOfRegistration(registration));
    return this.intents.createIn(
      em,
      {
        title: `路演项目洽谈意向：${registration?.organisationName ?? ''}`.slice(0, 300),
        kind: 'other',
        subjectKind: 'roadshow_project',
        subjectId: event.projectId,
        eventId: event.eventId,
        parties,
        source: { kind: 'roadshow_lead', id: event.leadId },
        minParties: 1,
      },
      SYSTEM('roadshow'),
      event.at,
    );
  }

  /**
   * Every announced fact that has no intent yet (held meetings, signed agreements, roadshow meeting requests): a
   * crash between a publisher's commit and its announcement is repaired here, at start and each morning.
   */
  async sweep(): Promise<{ meetings: number; agreements: number; roadshowLeads: number }> {
    return {
      meetings: await this.sweepMeetings(),
      agreements: await this.sweepAgreements(),
      roadshowLeads: await this.sweepRoadshowLeads(),
    };
  }

  /** Held meetings with a wish to cooperate that have no intent yet (a lost announcement): followed now. */
  async sweepMeetings(): Promise<number> {
    const missing = await this.db.manager
      .createQueryBuilder(Meeting, 'm')
      .select('m.id', 'id')
      .where(`m.outcome = 'held' AND m.intent = ${this.db.isSqlite ? 1 : 'TRUE'}`)
      .andWhere(`NOT EXISTS (SELECT 1 FROM intents i WHERE i."sourceKind" = 'meeting' AND i."sourceId" = m.id)`)
      .orderBy('m.id')
      .limit(SWEEP_BATCH)
      .getRawMany<{ id: number }>();
    for (const { id } of missing) await this.inTransaction((em) => this.fromMeetingIn(em, Number(id)));
    return missing.length;
  }

  /** Signed agreements that no intent is linked to (a lost announcement): followed now, as the listener would. */
  async sweepAgreements(): Promise<number> {
    const missing = await this.db.manager
      .createQueryBuilder(Agreement, 'a')
      .select('a.id', 'id')
      .where(`a.status = 'signed'`)
      .andWhere(`NOT EXISTS (SELECT 1 FROM intents i WHERE i."agreementId" = a.id)`)
      .orderBy('a.id')
      .limit(SWEEP_BATCH)
      .getRawMany<{ id: number }>();
    for (const { id } of missing)
      await this.inTransaction(async (em) => {
        const event = await agreementSignedEventIn(em, Number(id));
        return event ? this.fromAgreementIn(em, event) : null;
      });
    return missing.length;
  }

  /** Roadshow leads asking for a meeting that have no intent yet (a lost announcement): followed now. */
  async sweepRoadshowLeads(): Promise<number> {
    const missing = await this.db.manager
      .createQueryBuilder(RoadshowLead, 'l')
      .select('l.id', 'id')
      .where(`l.kind = 'meeting'`)
      .andWhere(`NOT EXISTS (SELECT 1 FROM intents i WHERE i."sourceKind" = 'roadshow_lead' AND i."sourceId" = l.id)`)
      .orderBy('l.id')
      .limit(SWEEP_BATCH)
      .getRawMany<{ id: number }>();
    for (const { id } of missing)
      await this.inTransaction(async (em) => {
        const event = await roadshowLeadEventIn(em, Number(id));
        return event ? this.fromRoadshowLeadIn(em, event) : null;
      });
    return missing.length;
  }

  /** The one open intent of an event whose parties are exactly these organisations (none, or several: null). */
  private async sameParties(em: EntityManager, eventId: number, organisationIds: number[]): Promise<Intent | null> {
    const wanted = [...new Set(organisationIds)].sort((a, b) => a - b);
    if (wanted.length < 2) return null;
    const open = await em.find(Intent, { where: { eventId, stage: In(['intent', 'negotiating']) }, take: 2000 });
    if (!open.length) return null;
    const parties = await em.find(IntentParty, { where: { intentId: In(open.map((i) => i.id)) } });
    const matches = open.filter((intent) => {
      const mine = parties
        .filter((p) => p.intentId === intent.id)
        .map((p) => p.organisationId)
        .sort((a, b) => a - b);
      return mine.length === wanted.length && mine.every((id, i) => id === wanted[i]);
    });
    return matches.length === 1 ? matches[0] : null;
  }
}

/** A registration as a party: its organisation (by id, or by name through the directory) and the person. */
/** The same organisation on two registrations: by its id, or by its name as the directory compares names. */
function sameOrganisation(a: Registration, b: Registration): boolean {
  if (a.organisationId && b.organisationId) return a.organisationId === b.organisationId;
  const key = (name: string | null) => (name ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return key(a.organisationName) === key(b.organisationName);
}

export function partyOfRegistration(registration: Registration): PartyDto {
  return registration.organisationId
    ? { organisationId: registration.organisationId, contactPersonId: registration.personId }
    : { organisation: registration.organisationName, contactPersonId: registration.personId };
}
