import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { Session, type SessionKind } from '../agenda/session.entity.js';
import { AGREEMENT_SIGNED, type AgreementSignedEvent } from '../common/domain-events.js';
import type { FieldProblem } from '../common/domain-error.js';
import { Database } from '../database/database.service.js';
import { DirectoryService } from '../directory/directory.service.js';
import { Event } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import { Achievement } from '../matchmaking/achievement.entity.js';
import { Demand } from '../matchmaking/demand.entity.js';
import { MeetingSession } from '../matchmaking/meetings/meeting-session.entity.js';
import { Meeting } from '../matchmaking/meetings/meeting.entity.js';
import { agreementSignedEvent } from './agreement-signed.js';
import { AgreementParty } from './agreement-party.entity.js';
import { AgreementWitness } from './agreement-witness.entity.js';
import { Agreement } from './agreement.entity.js';
import { SigningCeremony } from './ceremony.entity.js';
import { canTransition, stampsAfter, type AgreementStatus, type PartySide } from './domain/agreement-status.js';
import { CLOSING, OPENING, stepStage, type Stage, type StageItem } from './domain/stage.js';
import type {
  AddPartyDto,
  AddWitnessDto,
  CreateAgreementDto,
  CreateCeremonyDto,
  LandingDto,
  PartyDto,
  StageDto,
  SummaryTotalsDto,
  UpdateAgreementDto,
  UpdateCeremonyDto,
  UpdatePartyDto,
  UpdateWitnessDto,
  WitnessDto,
} from './dto/signings.dto.js';
import { SigningsError } from './signings.errors.js';

/** The agenda sessions a ceremony may hang off: the signing ceremony itself, or a sub-venue's programme (a signing there). */
export const SIGNING_SESSION_KINDS: readonly SessionKind[] = ['signing_ceremony', 'sub_venue_programme'];

/** Statuses an agreement holds only with two or more parties (the text is approved by, or signed between, them). */
const NEEDS_PARTIES: readonly AgreementStatus[] = ['confirmed', 'signed'];

const clean = (value: string | null | undefined): string | null => value?.trim() || null;

/**
 * Owns signing ceremonies (签约仪式): their agreements in order with parties, signatories and witnesses (organisations and
 * people through the directory), the agreements' status from planned to signed, and the hall screen's pointer. Every
 * change is one transaction; a signing is announced (AGREEMENT_SIGNED) after its transaction committed.
 */
@Injectable()
export class SigningsService {
  private readonly logger = new Logger('Signings');

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(EventEmitter2) private readonly emitter: EventEmitter2,
  ) {}

  // ---- ceremonies

  createCeremony(eventId: number, dto: CreateCeremonyDto): Promise<SigningCeremony> {
    return this.db.transaction((em) => this.createCeremonyIn(em, eventId, dto));
  }

  /** In the caller's transaction (the demo loads ceremonies this way). */
  async createCeremonyIn(em: EntityManager, eventId: number, dto: CreateCeremonyDto): Promise<SigningCeremony> {
    if (!(await em.existsBy(Event, { id: eventId }))) throw new EventsError('event_not_found', { id: eventId });
    const session = await em.findOneBy(Session, { id: dto.agendaSessionId, eventId });
    if (!session)
      throw new SigningsError('not_a_signing_session', {}, [
        { field: 'agendaSessionId', reason: 'no such session in this event' },
      ]);
    if (!SIGNING_SESSION_KINDS.includes(session.kind))
      throw new SigningsError('not_a_signing_session', {}, [
        { field: 'agendaSessionId', reason: 'the session is not a signing ceremony or a sub-venue programme' },
      ]);
    if (await em.existsBy(SigningCeremony, { agendaSessionId: session.id }))
      throw new SigningsError('ceremony_exists', {}, [
        { field: 'agendaSessionId', reason: 'this session already has a signing ceremony' },
      ]);
    const hostOrganisationId = await this.organisationId(em, dto.hostOrganisation);
    const inserted = await em.insert(SigningCeremony, {
      eventId,
      agendaSessionId: session.id,
      hostOrganisationId,
      openingMinutes: dto.openingMinutes ?? 2,
      minutesPerSigning: dto.minutesPerSigning ?? 5,
      summary: summaryOf(dto.summary),
      stagePhase: 'opening',
      currentAgreementId: null,
      screenVersion: 1,
    });
    return em.findOneByOrFail(SigningCeremony, { id: Number(inserted.identifiers[0].id) });
  }

  updateCeremony(eventId: number, id: number, dto: UpdateCeremonyDto): Promise<SigningCeremony> {
    return this.db.transaction(async (em) => {
      const ceremony = await this.ceremonyIn(em, eventId, id);
      if (dto.hostOrganisation !== undefined)
        ceremony.hostOrganisationId = await this.organisationId(em, dto.hostOrganisation);
      if (dto.openingMinutes !== undefined) ceremony.openingMinutes = dto.openingMinutes;
      if (dto.minutesPerSigning !== undefined) ceremony.minutesPerSigning = dto.minutesPerSigning;
      if (dto.summary !== undefined) ceremony.summary = summaryOf(dto.summary);
      return em.save(ceremony);
    });
  }

  /** A ceremony with a signed agreement is a record of what happened: it is not deleted. */
  async deleteCeremony(eventId: number, id: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const ceremony = await this.ceremonyIn(em, eventId, id);
      if (await em.existsBy(Agreement, { ceremonyId: ceremony.id, status: 'signed' }))
        throw new SigningsError('ceremony_has_signed', { id });
      await em.delete(SigningCeremony, { id: ceremony.id });
    });
  }

  /** Revokes the hall screen's link: the screen showing the old one stops updating. */
  revokeScreen(eventId: number, id: number): Promise<SigningCeremony> {
    return this.db.transaction(async (em) => {
      const ceremony = await this.ceremonyIn(em, eventId, id);
      ceremony.screenVersion += 1;
      return em.save(ceremony);
    });
  }

  // ---- agreements

  addAgreement(eventId: number, ceremonyId: number, dto: CreateAgreementDto): Promise<Agreement> {
    return this.db.transaction((em) => this.addAgreementIn(em, eventId, ceremonyId, dto));
  }

  async addAgreementIn(
    em: EntityManager,
    eventId: number,
    ceremonyId: number,
    dto: CreateAgreementDto,
  ): Promise<Agreement> {
    const ceremony = await this.ceremonyIn(em, eventId, ceremonyId, { lock: true });
    await this.checkSource(em, eventId, dto);
    const count = await em.countBy(Agreement, { ceremonyId: ceremony.id });
    const position = Math.min(dto.position ?? count, count);
    if (position < count)
      await em
        .createQueryBuilder()
        .update(Agreement)
        .set({ position: () => '"position" + 1' })
        .where('"ceremonyId" = :ceremonyId AND "position" >= :position', { ceremonyId: ceremony.id, position })
        .execute();
    const inserted = await em.insert(Agreement, {
      ceremonyId: ceremony.id,
      eventId,
      position,
      title: dto.title.trim(),
      titleEn: clean(dto.titleEn),
      kind: dto.kind,
      facilitatorOrganisationId: await this.organisationId(em, dto.facilitator),
      ...landingOf(dto.landing),
      amountWan: dto.amountWan ?? null,
      minutes: dto.minutes ?? null,
      status: 'planned',
      achievementId: dto.achievementId ?? null,
      demandId: dto.demandId ?? null,
      meetingId: dto.meetingId ?? null,
    });
    const agreementId = Number(inserted.identifiers[0].id);
    await this.replaceParties(em, agreementId, dto.parties);
    await this.replaceWitnesses(em, agreementId, dto.witnesses ?? []);
    return em.findOneByOrFail(Agreement, { id: agreementId });
  }

  /** Changes what is given; parties and witnesses, when given, replace the agreement's. */
  updateAgreement(eventId: number, agreementId: number, dto: UpdateAgreementDto): Promise<Agreement> {
    return this.db.transaction(async (em) => {
      const agreement = await this.agreementIn(em, eventId, agreementId);
      await this.checkSource(em, eventId, dto);
      if (dto.title !== undefined && dto.title !== null) agreement.title = dto.title.trim();
      if (dto.titleEn !== undefined) agreement.titleEn = clean(dto.titleEn);
      if (dto.kind !== undefined && dto.kind !== null) agreement.kind = dto.kind;
      if (dto.facilitator !== undefined)
        agreement.facilitatorOrganisationId = await this.organisationId(em, dto.facilitator);
      if (dto.landing !== undefined) Object.assign(agreement, landingOf(dto.landing));
      if (dto.amountWan !== undefined) agreement.amountWan = dto.amountWan;
      if (dto.minutes !== undefined) agreement.minutes = dto.minutes;
      if (dto.achievementId !== undefined) agreement.achievementId = dto.achievementId;
      if (dto.demandId !== undefined) agreement.demandId = dto.demandId;
      if (dto.meetingId !== undefined) agreement.meetingId = dto.meetingId;
      await em.save(agreement);
      if (dto.parties) {
        if (NEEDS_PARTIES.includes(agreement.status) && dto.parties.length < 2) throw tooFewParties(agreement);
        await this.replaceParties(em, agreement.id, dto.parties);
      }
      if (dto.witnesses) await this.replaceWitnesses(em, agreement.id, dto.witnesses);
      return em.findOneByOrFail(Agreement, { id: agreement.id });
    });
  }

  /** A signed agreement stays (it is a record); any other is deleted and the order closes the gap. */
  async deleteAgreement(eventId: number, agreementId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const agreement = await this.agreementIn(em, eventId, agreementId);
      if (agreement.status === 'signed') throw new SigningsError('agreement_signed', { id: agreementId });
      const ceremony = await this.ceremonyIn(em, eventId, agreement.ceremonyId, { lock: true });
      if (ceremony.stagePhase === 'agreement' && ceremony.currentAgreementId === agreement.id) {
        // The screen moves on to what follows, as if the agreement had been withdrawn.
        const items = (await this.stageItems(em, ceremony.id)).map((i) =>
          i.id === agreement.id ? { ...i, onStage: false } : i,
        );
        await this.saveStage(em, ceremony, stepStage(stageOf(ceremony), items, 'next'));
      }
      await em.delete(Agreement, { id: agreement.id });
      await em
        .createQueryBuilder()
        .update(Agreement)
        .set({ position: () => '"position" - 1' })
        .where('"ceremonyId" = :ceremonyId AND "position" > :position', {
          ceremonyId: ceremony.id,
          position: agreement.position,
        })
        .execute();
    });
  }

  /** The new order: every agreement of the ceremony, once. */
  async reorder(eventId: number, ceremonyId: number, agreementIds: number[]): Promise<void> {
    await this.db.transaction(async (em) => {
      const ceremony = await this.ceremonyIn(em, eventId, ceremonyId, { lock: true });
      const current = await em.find(Agreement, { where: { ceremonyId: ceremony.id }, select: { id: true } });
      const known = new Set(current.map((a) => a.id));
      const given = new Set(agreementIds);
      const problems: FieldProblem[] = [];
      if (given.size !== agreementIds.length) problems.push({ field: 'agreementIds', reason: 'an id is listed twice' });
      const unknown = agreementIds.filter((id) => !known.has(id));
      if (unknown.length)
        problems.push({ field: 'agreementIds', reason: `not agreements of this ceremony: ${unknown.join(', ')}` });
      const missing = [...known].filter((id) => !given.has(id));
      if (missing.length)
        problems.push({ field: 'agreementIds', reason: `missing from the order: ${missing.join(', ')}` });
      if (problems.length) throw new SigningsError('invalid_order', {}, problems);
      await this.writeOrder(em, agreementIds);
    });
  }

  /** One place earlier or later (the console's arrows); at either end nothing changes. */
  async move(eventId: number, agreementId: number, direction: 'up' | 'down'): Promise<void> {
    await this.db.transaction(async (em) => {
      const agreement = await this.agreementIn(em, eventId, agreementId);
      await this.ceremonyIn(em, eventId, agreement.ceremonyId, { lock: true });
      const ids = (
        await em.find(Agreement, {
          where: { ceremonyId: agreement.ceremonyId },
          order: { position: 'ASC', id: 'ASC' },
          select: { id: true },
        })
      ).map((a) => a.id);
      const at = ids.indexOf(agreement.id);
      const to = direction === 'up' ? at - 1 : at + 1;
      if (to < 0 || to >= ids.length) return;
      [ids[at], ids[to]] = [ids[to], ids[at]];
      await this.writeOrder(em, ids);
    });
  }

  /**
   * Moves an agreement to another status (see domain/agreement-status.ts), in one conditional update so that two
   * organisers marking the same agreement signed at once sign it once. A signing is announced after the commit.
   */
  async transition(
    eventId: number,
    agreementId: number,
    to: AgreementStatus,
    byUserId: number | null,
    now = new Date(),
  ): Promise<Agreement> {
    const { agreement, announcement } = await this.db.transaction(async (em) => {
      const current = await this.agreementIn(em, eventId, agreementId);
      // The ceremony first, as every change to its agreements' order takes it (no lock-order deadlock).
      const ceremony = await this.ceremonyIn(em, eventId, current.ceremonyId, { lock: true });
      if (!canTransition(current.status, to))
        throw new SigningsError('illegal_transition', { from: current.status, to }, [
          { field: 'status', reason: `an agreement that is ${current.status} cannot become ${to}` },
        ]);
      const parties = await em.find(AgreementParty, {
        where: { agreementId: current.id },
        order: { position: 'ASC', id: 'ASC' },
      });
      if (NEEDS_PARTIES.includes(to) && parties.length < 2) throw tooFewParties(current);
      const stamps = stampsAfter(to, now, current);
      const signedByUserId = to === 'signed' ? byUserId : null;
      const result = await em
        .createQueryBuilder()
        .update(Agreement)
        .set({ status: to, ...stamps, signedByUserId })
        .where('id = :id AND status = :from', { id: current.id, from: current.status })
        .execute();
      // Someone else moved it between our read and our write: their change stands.
      if (!result.affected)
        throw new SigningsError('illegal_transition', { from: current.status, to }, [
          { field: 'status', reason: 'the agreement was changed meanwhile; reload and try again' },
        ]);
      if (to === 'withdrawn' && ceremony.stagePhase === 'agreement' && ceremony.currentAgreementId === current.id)
        await this.saveStage(
          em,
          ceremony,
          stepStage(stageOf(ceremony), await this.stageItems(em, ceremony.id), 'next'),
        );
      const agreement = await em.findOneByOrFail(Agreement, { id: current.id });
      const announcement = to === 'signed' ? agreementSignedEvent(agreement, parties) : null;
      return { agreement, announcement };
    });
    if (announcement) await this.announce(announcement);
    return agreement;
  }

  // ---- parties

  async addParty(eventId: number, agreementId: number, dto: AddPartyDto): Promise<AgreementParty> {
    return this.db.transaction(async (em) => {
      const agreement = await this.agreementIn(em, eventId, agreementId);
      const parties = await this.partiesOf(em, agreement.id);
      const organisationId = await this.organisationId(em, dto.organisation);
      if (parties.some((p) => p.organisationId === organisationId))
        throw new SigningsError('duplicate_party', {}, [
          { field: 'organisation', reason: 'this organisation is already a party to the agreement' },
        ]);
      const row = em.create(AgreementParty, {
        agreementId: agreement.id,
        organisationId: organisationId!,
        ...(await this.signatory(em, organisationId!, dto)),
        side: dto.side ?? defaultSide(parties.length),
        position: 0,
      });
      const at = Math.min(dto.position ?? parties.length, parties.length);
      parties.splice(at, 0, row);
      parties.forEach((p, i) => (p.position = i));
      await em.save(parties);
      return row;
    });
  }

  async updateParty(eventId: number, partyId: number, dto: UpdatePartyDto): Promise<AgreementParty> {
    return this.db.transaction(async (em) => {
      const party = await this.partyIn(em, eventId, partyId);
      const parties = await this.partiesOf(em, party.agreementId);
      const row = parties.find((p) => p.id === party.id)!;
      if (dto.organisation !== undefined) {
        const organisationId = (await this.organisationId(em, dto.organisation))!;
        if (parties.some((p) => p.id !== row.id && p.organisationId === organisationId))
          throw new SigningsError('duplicate_party', {}, [
            { field: 'organisation', reason: 'this organisation is already a party to the agreement' },
          ]);
        // The signatory signed for the old organisation: a new one is named, or none.
        if (organisationId !== row.organisationId) row.signatoryPersonId = null;
        row.organisationId = organisationId;
      }
      if (dto.signatory !== undefined)
        Object.assign(
          row,
          await this.signatory(em, row.organisationId, {
            signatory: dto.signatory,
            signatoryTitle: dto.signatoryTitle === undefined ? row.signatoryTitle : dto.signatoryTitle,
          }),
        );
      else if (dto.signatoryTitle !== undefined) row.signatoryTitle = clean(dto.signatoryTitle);
      if (dto.side !== undefined) row.side = dto.side;
      if (dto.position !== undefined) {
        parties.splice(parties.indexOf(row), 1);
        parties.splice(Math.min(dto.position, parties.length), 0, row);
      }
      parties.forEach((p, i) => (p.position = i));
      await em.save(parties);
      return row;
    });
  }

  async deleteParty(eventId: number, partyId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const party = await this.partyIn(em, eventId, partyId);
      const agreement = await em.findOneByOrFail(Agreement, { id: party.agreementId });
      const parties = await this.partiesOf(em, agreement.id);
      if (NEEDS_PARTIES.includes(agreement.status) && parties.length <= 2) throw tooFewParties(agreement);
      if (parties.length <= 1)
        throw new SigningsError('too_few_parties', { id: agreement.id }, [
          { field: 'parties', reason: 'an agreement keeps at least one party' },
        ]);
      await em.delete(AgreementParty, { id: party.id });
      const rest = parties.filter((p) => p.id !== party.id);
      rest.forEach((p, i) => (p.position = i));
      await em.save(rest);
    });
  }

  // ---- witnesses

  async addWitness(eventId: number, agreementId: number, dto: AddWitnessDto): Promise<AgreementWitness> {
    return this.db.transaction(async (em) => {
      const agreement = await this.agreementIn(em, eventId, agreementId);
      const witnesses = await this.witnessesOf(em, agreement.id);
      const row = await this.witnessRow(em, agreement.id, dto, witnesses, 'name');
      const at = Math.min(dto.position ?? witnesses.length, witnesses.length);
      witnesses.splice(at, 0, row);
      witnesses.forEach((w, i) => (w.position = i));
      await em.save(witnesses);
      return row;
    });
  }

  async updateWitness(eventId: number, witnessId: number, dto: UpdateWitnessDto): Promise<AgreementWitness> {
    return this.db.transaction(async (em) => {
      const witness = await this.witnessIn(em, eventId, witnessId);
      const witnesses = await this.witnessesOf(em, witness.agreementId);
      const row = witnesses.find((w) => w.id === witness.id)!;
      if (dto.title !== undefined) row.title = clean(dto.title);
      if (dto.position !== undefined) {
        witnesses.splice(witnesses.indexOf(row), 1);
        witnesses.splice(Math.min(dto.position, witnesses.length), 0, row);
      }
      witnesses.forEach((w, i) => (w.position = i));
      await em.save(witnesses);
      return row;
    });
  }

  async deleteWitness(eventId: number, witnessId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const witness = await this.witnessIn(em, eventId, witnessId);
      await em.delete(AgreementWitness, { id: witness.id });
      const rest = (await this.witnessesOf(em, witness.agreementId)).filter((w) => w.id !== witness.id);
      rest.forEach((w, i) => (w.position = i));
      await em.save(rest);
    });
  }

  // ---- the hall screen

  /** Steps the screen (next, previous, opening, closing) or shows one agreement that is on the running order. */
  stage(eventId: number, ceremonyId: number, dto: StageDto): Promise<SigningCeremony> {
    return this.db.transaction(async (em) => {
      const ceremony = await this.ceremonyIn(em, eventId, ceremonyId, { lock: true });
      const items = await this.stageItems(em, ceremony.id);
      let stage: Stage;
      if (dto.agreementId !== undefined) {
        const item = items.find((i) => i.id === dto.agreementId);
        if (!item)
          throw new SigningsError('agreement_not_found', { id: dto.agreementId }, [
            { field: 'agreementId', reason: 'not an agreement of this ceremony' },
          ]);
        if (!item.onStage)
          throw new SigningsError('illegal_transition', {}, [
            { field: 'agreementId', reason: 'a withdrawn agreement is not shown on the screen' },
          ]);
        stage = { phase: 'agreement', agreementId: item.id };
      } else if (dto.action === 'opening') stage = OPENING;
      else if (dto.action === 'closing') stage = CLOSING;
      else stage = stepStage(stageOf(ceremony), items, dto.action === 'previous' ? 'previous' : 'next');
      await this.saveStage(em, ceremony, stage);
      return em.findOneByOrFail(SigningCeremony, { id: ceremony.id });
    });
  }

  // ---- helpers

  /** The ceremony of this event (404 otherwise); `lock` serialises changes to its order on PostgreSQL. */
  async ceremonyIn(
    em: EntityManager,
    eventId: number,
    id: number,
    options: { lock?: boolean } = {},
  ): Promise<SigningCeremony> {
    const ceremony = await em.findOne(SigningCeremony, {
      where: { id, eventId },
      ...(options.lock && !this.db.isSqlite ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!ceremony) throw new SigningsError('ceremony_not_found', { id });
    return ceremony;
  }

  async agreementIn(em: EntityManager, eventId: number, id: number): Promise<Agreement> {
    const agreement = await em.findOneBy(Agreement, { id, eventId });
    if (!agreement) throw new SigningsError('agreement_not_found', { id });
    return agreement;
  }

  private async partyIn(em: EntityManager, eventId: number, id: number): Promise<AgreementParty> {
    const party = await em.findOneBy(AgreementParty, { id });
    if (!party || !(await em.existsBy(Agreement, { id: party.agreementId, eventId })))
      throw new SigningsError('party_not_found', { id });
    return party;
  }

  private async witnessIn(em: EntityManager, eventId: number, id: number): Promise<AgreementWitness> {
    const witness = await em.findOneBy(AgreementWitness, { id });
    if (!witness || !(await em.existsBy(Agreement, { id: witness.agreementId, eventId })))
      throw new SigningsError('witness_not_found', { id });
    return witness;
  }

  private partiesOf(em: EntityManager, agreementId: number): Promise<AgreementParty[]> {
    return em.find(AgreementParty, { where: { agreementId }, order: { position: 'ASC', id: 'ASC' } });
  }

  private witnessesOf(em: EntityManager, agreementId: number): Promise<AgreementWitness[]> {
    return em.find(AgreementWitness, { where: { agreementId }, order: { position: 'ASC', id: 'ASC' } });
  }

  private async stageItems(em: EntityManager, ceremonyId: number): Promise<StageItem[]> {
    const agreements = await em.find(Agreement, {
      where: { ceremonyId },
      order: { position: 'ASC', id: 'ASC' },
      select: { id: true, status: true },
    });
    return agreements.map((a) => ({ id: a.id, onStage: a.status !== 'withdrawn' }));
  }

  private async saveStage(em: EntityManager, ceremony: SigningCeremony, stage: Stage): Promise<void> {
    await em.update(
      SigningCeremony,
      { id: ceremony.id },
      { stagePhase: stage.phase, currentAgreementId: stage.phase === 'agreement' ? stage.agreementId : null },
    );
  }

  private async writeOrder(em: EntityManager, ids: number[]): Promise<void> {
    for (const [position, id] of ids.entries()) await em.update(Agreement, { id }, { position });
  }

  /** The directory organisation of that name (added when new), or null for no name. */
  private async organisationId(em: EntityManager, name: string | null | undefined): Promise<number | null> {
    const given = clean(name);
    if (!given) return null;
    return (await this.directory.resolveOrganisationIn(em, { name: given })).organisation.id;
  }

  /** The signatory fields of a party: the person found or added by name within the organisation, and the title. */
  private async signatory(
    em: EntityManager,
    organisationId: number,
    dto: Pick<PartyDto, 'signatory' | 'signatoryTitle'>,
  ): Promise<{ signatoryPersonId: number | null; signatoryTitle: string | null }> {
    const name = clean(dto.signatory);
    const title = clean(dto.signatoryTitle);
    if (!name) return { signatoryPersonId: null, signatoryTitle: title };
    const { person } = await this.directory.resolvePersonIn(em, { name, title, organisationId });
    return { signatoryPersonId: person.id, signatoryTitle: title ?? person.title };
  }

  private async replaceParties(em: EntityManager, agreementId: number, parties: PartyDto[]): Promise<void> {
    const rows: AgreementParty[] = [];
    const problems: FieldProblem[] = [];
    for (const [i, party] of parties.entries()) {
      const organisationId = (await this.organisationId(em, party.organisation))!;
      if (rows.some((r) => r.organisationId === organisationId)) {
        problems.push({ field: `parties.${i}.organisation`, reason: 'the same organisation is named twice' });
        continue;
      }
      rows.push(
        em.create(AgreementParty, {
          agreementId,
          organisationId,
          ...(await this.signatory(em, organisationId, party)),
          side: party.side ?? defaultSide(i),
          position: i,
        }),
      );
    }
    if (problems.length) throw new SigningsError('duplicate_party', {}, problems);
    await em.delete(AgreementParty, { agreementId });
    await em.save(rows);
  }

  private async replaceWitnesses(em: EntityManager, agreementId: number, witnesses: WitnessDto[]): Promise<void> {
    const rows: AgreementWitness[] = [];
    for (const [i, witness] of witnesses.entries()) {
      const row = await this.witnessRow(em, agreementId, witness, rows, `witnesses.${i}.name`);
      row.position = i;
      rows.push(row);
    }
    await em.delete(AgreementWitness, { agreementId });
    await em.save(rows);
  }

  private async witnessRow(
    em: EntityManager,
    agreementId: number,
    dto: WitnessDto,
    others: AgreementWitness[],
    field: string,
  ): Promise<AgreementWitness> {
    const organisationId = await this.organisationId(em, dto.organisation);
    const title = clean(dto.title);
    const { person } = await this.directory.resolvePersonIn(em, { name: dto.name, title, organisationId });
    if (others.some((w) => w.personId === person.id))
      throw new SigningsError('duplicate_witness', {}, [{ field, reason: 'this person is already a witness' }]);
    return em.create(AgreementWitness, { agreementId, personId: person.id, title: title ?? person.title, position: 0 });
  }

  /** The achievement or demand (libraries) and the meeting (this event's) an agreement came from must exist. */
  private async checkSource(
    em: EntityManager,
    eventId: number,
    dto: Pick<CreateAgreementDto, 'achievementId' | 'demandId' | 'meetingId'>,
  ): Promise<void> {
    const problems: FieldProblem[] = [];
    if (dto.achievementId && !(await em.existsBy(Achievement, { id: dto.achievementId })))
      problems.push({ field: 'achievementId', reason: 'no such achievement' });
    if (dto.demandId && !(await em.existsBy(Demand, { id: dto.demandId })))
      problems.push({ field: 'demandId', reason: 'no such demand' });
    if (dto.meetingId) {
      const meeting = await em.findOneBy(Meeting, { id: dto.meetingId });
      const session = meeting && (await em.findOneBy(MeetingSession, { id: meeting.meetingSessionId }));
      if (!session || session.eventId !== eventId)
        problems.push({ field: 'meetingId', reason: 'no such meeting at this event' });
    }
    if (problems.length) throw new SigningsError('invalid_source', {}, problems);
  }

  /** Tells the listeners (the cooperation pipeline) about a signing; their failure is logged, the signing stands. */
  private async announce(event: AgreementSignedEvent): Promise<void> {
    try {
      await this.emitter.emitAsync(AGREEMENT_SIGNED, event);
    } catch (error) {
      this.logger.error(
        `A listener of ${AGREEMENT_SIGNED} failed for agreement ${event.agreementId}: ${(error as Error).message}`,
      );
    }
  }
}

function stageOf(ceremony: SigningCeremony): Stage {
  return { phase: ceremony.stagePhase, agreementId: ceremony.currentAgreementId };
}

/** Parties sit left, right, left, … unless told. */
function defaultSide(index: number): PartySide {
  return index % 2 === 0 ? 'left' : 'right';
}

function tooFewParties(agreement: Agreement) {
  return new SigningsError('too_few_parties', { id: agreement.id }, [
    { field: 'parties', reason: 'a confirmed or signed agreement has at least two parties' },
  ]);
}

function landingOf(landing: LandingDto | null | undefined) {
  return {
    landingProvince: clean(landing?.province),
    landingCity: clean(landing?.city),
    landingDistrict: clean(landing?.district),
  };
}

function summaryOf(dto: SummaryTotalsDto | null | undefined): SigningCeremony['summary'] {
  if (!dto) return null;
  const byKind = Object.fromEntries(
    Object.entries(dto.byKind ?? {}).filter(([, n]) => typeof n === 'number' && n > 0),
  ) as NonNullable<SigningCeremony['summary']>['byKind'];
  const summary = {
    byKind,
    strategicPartners: dto.strategicPartners ?? null,
    amountWan: dto.amountWan ?? null,
    note: clean(dto.note),
    noteEn: clean(dto.noteEn),
  };
  const empty =
    Object.keys(byKind).length === 0 &&
    summary.strategicPartners === null &&
    summary.amountWan === null &&
    !summary.note &&
    !summary.noteEn;
  return empty ? null : summary;
}
