import { Inject, Injectable } from '@nestjs/common';
import { Brackets, In, IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import type { FieldProblem } from '../common/domain-error.js';
import { localDay } from '../common/time.js';
import { Database } from '../database/database.service.js';
import { DirectoryService } from '../directory/directory.service.js';
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { Event } from '../events/event.entity.js';
import { Achievement } from '../matchmaking/achievement.entity.js';
import { Demand } from '../matchmaking/demand.entity.js';
import { MatchCategory } from '../matchmaking/match-category.entity.js';
import { Meeting } from '../matchmaking/meetings/meeting.entity.js';
import { cleanFilename, MAX_ATTACHMENT_BYTES, sniffAttachment } from './domain/attachments.js';
import {
  OPEN_STAGES,
  stageChangeProblems,
  summarise,
  type IntentStage,
  type StageChangeInput,
} from './domain/stages.js';
import type {
  ChangeStageDto,
  FollowUpDto,
  ListIntentsQueryDto,
  OwnerDto,
  PartyDto,
  UpdateIntentDto,
} from './dto/intents.dto.js';
import { IntentAttachment } from './intent-attachment.entity.js';
import { IntentFollowUp } from './intent-follow-up.entity.js';
import { IntentParty } from './intent-party.entity.js';
import { IntentStageChange, type StageChangeDetails } from './intent-stage-change.entity.js';
import { Intent, type DropReason, type IntentKind, type SourceKind, type SubjectKind } from './intent.entity.js';
import { IntentsError } from './intents.errors.js';

/** Calendar days of the pipeline (follow-up dates, overdue, reminders) are days in China. */
export const PIPELINE_TIMEZONE = 'Asia/Shanghai';

/** Who acts: an organiser (`user:<id>`), a party from their phone (`registration:<id>`), the system or an import. */
export interface Actor {
  key: string;
  name: string | null;
  userId?: number;
}

export const SYSTEM = (source: string): Actor => ({ key: `system:${source}`, name: null });

/** Everything an intent starts with, from any source. */
export interface IntentInput {
  title: string;
  kind: IntentKind;
  subjectKind?: SubjectKind;
  subjectId?: number | null;
  subjectText?: string | null;
  valueWan?: number | null;
  eventId?: number | null;
  category?: string | null;
  city?: string | null;
  parties: PartyDto[];
  owner?: OwnerDto | null;
  nextFollowUpOn?: string | null;
  note?: string | null;
  /** The first stage (default intent); landed and dropped need their details as a stage change does. */
  stage?: IntentStage;
  landedPlace?: string | null;
  landedOn?: string | null;
  droppedReason?: DropReason | null;
  droppedNote?: string | null;
  source: { kind: SourceKind; id: number | null };
  agreementId?: number | null;
  /** Automatic sources may know only one party (a roadshow project without a presenting organisation). */
  minParties?: 1 | 2;
}

/** An intent with what its pages and the API show. */
export interface IntentView {
  intent: Intent;
  event: Event | null;
  parties: { organisation: Organisation; person: Person | null }[];
  owner: OwnerView | null;
}

export interface OwnerView {
  key: string;
  kind: 'user' | 'organisation';
  id: number;
  name: string;
  email: string | null;
  contact: { id: number; name: string; email: string | null; phone: string | null } | null;
}

export interface IntentDetails extends IntentView {
  history: IntentStageChange[];
  followUps: (IntentFollowUp & { attachments: Omit<IntentAttachment, 'content'>[] })[];
}

export interface UploadedAttachment {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

/**
 * The cooperation pipeline (合作意向 → 洽谈 → 签约 → 落地): creating intents from every source with their parties and
 * owner, the stage rules and the append-only history (with its summary on the intent), edits, bulk owner assignment,
 * the follow-up log with attachments, and the filtered list. Every write is one transaction; `…In(em, …)` methods
 * work inside the caller's.
 */
@Injectable()
export class IntentsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
  ) {}

  // ---- creating

  create(input: IntentInput, actor: Actor, now = new Date()): Promise<Intent> {
    return this.db.transaction((em) => this.createIn(em, input, actor, now));
  }

  /**
   * Creates an intent with its parties, owner and first history entry. An automatic source (`source.id` set) that
   * was followed already answers the intent it made: creating twice is harmless.
   */
  async createIn(em: EntityManager, input: IntentInput, actor: Actor, now = new Date()): Promise<Intent> {
    if (input.source.id !== null) {
      const existing = await em.findOneBy(Intent, { sourceKind: input.source.kind, sourceId: input.source.id });
      if (existing) return existing;
    }
    const problems: FieldProblem[] = [];
    const stage = input.stage ?? 'intent';
    // The first entry follows the rules of a change from `intent` (landed needs place and date, dropped a reason).
    if (stage !== 'intent') problems.push(...stageChangeProblems('intent', { ...input, to: stage, note: 'created' }));
    problems.push(...(await this.checkReferences(em, input)));
    const parties = await this.resolveParties(em, input.parties, input.minParties ?? 2, problems);
    const owner = input.owner ? await this.resolveOwner(em, input.owner, problems, 'owner') : NO_OWNER;
    if (problems.length) throw new IntentsError('intent_invalid', {}, problems);

    const intent = await em.save(
      em.create(Intent, {
        title: input.title.trim(),
        subjectKind: input.subjectKind ?? 'free_text',
        subjectId: input.subjectId ?? null,
        subjectText: input.subjectText?.trim() || null,
        kind: input.kind,
        valueWan: input.valueWan ?? null,
        eventId: input.eventId ?? null,
        category: input.category ?? null,
        city: input.city?.trim() || null,
        ...owner,
        nextFollowUpOn: input.nextFollowUpOn ?? null,
        stage,
        landedPlace: stage === 'landed' ? (input.landedPlace?.trim() ?? null) : null,
        landedOn: stage === 'landed' ? (input.landedOn ?? null) : null,
        droppedReason: stage === 'dropped' ? (input.droppedReason ?? null) : null,
        droppedNote: stage === 'dropped' ? input.droppedNote?.trim() || null : null,
        sourceKind: input.source.kind,
        sourceId: input.source.id,
        agreementId: input.agreementId ?? null,
        reachedRank: 0,
        stageChangedAt: now,
        lastActivityAt: now,
        createdByUserId: actor.userId ?? null,
      }),
    );
    for (const [position, party] of parties.entries()) {
      await em.insert(IntentParty, { intentId: intent.id, ...party, position });
    }
    await this.appendIn(em, intent, {
      fromStage: null,
      toStage: stage,
      at: now,
      actor,
      note: input.note?.trim() || null,
      correctsId: null,
      details: detailsOf({ ...input, to: stage }),
    });
    return em.findOneByOrFail(Intent, { id: intent.id });
  }

  // ---- stages

  changeStage(id: number, dto: ChangeStageDto, actor: Actor, now = new Date()): Promise<Intent> {
    return this.db.transaction(async (em) => this.changeStageIn(em, await this.lockedIntent(em, id), dto, actor, now));
  }

  /**
   * Moves an intent to another stage (see `stageChangeProblems` for the rules): one new history entry (a correction
   * names the entry it corrects), and the intent's stage, details and summary follow.
   */
  async changeStageIn(
    em: EntityManager,
    intent: Intent,
    dto: ChangeStageDto,
    actor: Actor,
    now = new Date(),
  ): Promise<Intent> {
    const from = intent.stage;
    const change: StageChangeInput = { ...dto, to: dto.stage };
    const problems = stageChangeProblems(from, change);
    if (problems.length)
      throw new IntentsError('intent_stage_refused', { from: intent.stage, to: dto.stage }, problems);
    const last = dto.correction
      ? await em.findOne(IntentStageChange, { where: { intentId: intent.id }, order: { id: 'DESC' } })
      : null;
    intent.stage = dto.stage;
    intent.landedPlace = dto.stage === 'landed' ? (dto.landedPlace?.trim() ?? null) : null;
    intent.landedOn = dto.stage === 'landed' ? (dto.landedOn ?? null) : null;
    intent.droppedReason = dto.stage === 'dropped' ? (dto.droppedReason ?? null) : null;
    intent.droppedNote = dto.stage === 'dropped' ? dto.droppedNote?.trim() || null : null;
    await em.update(
      Intent,
      { id: intent.id },
      {
        stage: intent.stage,
        landedPlace: intent.landedPlace,
        landedOn: intent.landedOn,
        droppedReason: intent.droppedReason,
        droppedNote: intent.droppedNote,
        ...(dto.nextFollowUpOn !== undefined ? { nextFollowUpOn: dto.nextFollowUpOn } : {}),
      },
    );
    await this.appendIn(em, intent, {
      fromStage: from,
      toStage: dto.stage,
      at: now,
      actor,
      note: dto.note?.trim() || null,
      correctsId: last?.id ?? null,
      details: detailsOf(change),
    });
    return em.findOneByOrFail(Intent, { id: intent.id });
  }

  /**
   * Appends one history entry (an insert: entries are never updated or deleted) and recomputes the intent's summary
   * from the whole history, so the funnel columns always agree with it.
   */
  private async appendIn(
    em: EntityManager,
    intent: Intent,
    entry: Omit<IntentStageChange, 'id' | 'intentId' | 'intent' | 'actor' | 'actorName'> & { actor: Actor },
  ): Promise<void> {
    await em.insert(IntentStageChange, {
      intentId: intent.id,
      fromStage: entry.fromStage,
      toStage: entry.toStage,
      at: entry.at,
      actor: entry.actor.key,
      actorName: entry.actor.name?.slice(0, 100) ?? null,
      note: entry.note,
      correctsId: entry.correctsId,
      details: entry.details,
    });
    const history = await em.find(IntentStageChange, {
      where: { intentId: intent.id },
      select: { id: true, toStage: true, at: true, correctsId: true },
      order: { id: 'ASC' },
    });
    await em.update(
      Intent,
      { id: intent.id },
      {
        ...summarise(history),
        stageChangedAt: entry.at,
        lastActivityAt: entry.at,
      },
    );
  }

  // ---- edits and owners

  update(id: number, dto: UpdateIntentDto, now = new Date()): Promise<Intent> {
    return this.db.transaction(async (em) => {
      const intent = await this.lockedIntent(em, id);
      const problems: FieldProblem[] = await this.checkReferences(em, {
        eventId: dto.eventId,
        category: dto.category,
      });
      const owner =
        dto.owner === undefined
          ? undefined
          : dto.owner === null
            ? NO_OWNER
            : await this.resolveOwner(em, dto.owner, problems, 'owner');
      if (problems.length) throw new IntentsError('intent_invalid', {}, problems);
      const changes: Partial<Intent> = { ...(owner ?? {}), lastActivityAt: now };
      if (dto.title !== undefined) changes.title = dto.title.trim();
      if (dto.kind !== undefined) changes.kind = dto.kind;
      if (dto.subjectText !== undefined) changes.subjectText = dto.subjectText?.trim() || null;
      if (dto.valueWan !== undefined) changes.valueWan = dto.valueWan;
      if (dto.eventId !== undefined) changes.eventId = dto.eventId;
      if (dto.category !== undefined) changes.category = dto.category;
      if (dto.city !== undefined) changes.city = dto.city?.trim() || null;
      if (dto.nextFollowUpOn !== undefined) changes.nextFollowUpOn = dto.nextFollowUpOn;
      await em.update(Intent, { id: intent.id }, changes);
      return em.findOneByOrFail(Intent, { id: intent.id });
    });
  }

  /** Gives many intents one owner (or none) at once; every id must name an intent. */
  bulkOwner(ids: number[], owner: OwnerDto | null, now = new Date()): Promise<{ updated: number }> {
    return this.db.transaction(async (em) => {
      const unique = [...new Set(ids)];
      const found = await em.find(Intent, { where: { id: In(unique) }, select: { id: true } });
      const missing = unique.filter((id) => !found.some((i) => i.id === id));
      const problems: FieldProblem[] = missing.map((id) => ({ field: 'ids', reason: `there is no intent ${id}` }));
      const resolved = owner ? await this.resolveOwner(em, owner, problems, 'owner') : NO_OWNER;
      if (problems.length) throw new IntentsError('intent_invalid', {}, problems);
      for (let i = 0; i < unique.length; i += 500) {
        await em.update(Intent, { id: In(unique.slice(i, i + 500)) }, { ...resolved, lastActivityAt: now });
      }
      return { updated: unique.length };
    });
  }

  // ---- follow-ups

  /** Adds a dated note (and a file) to the follow-up log; it may set the next follow-up date. */
  addFollowUp(
    id: number,
    dto: FollowUpDto,
    file: UploadedAttachment | undefined,
    actor: Actor,
    now = new Date(),
  ): Promise<IntentFollowUp> {
    const checked = file ? checkAttachment(file) : undefined;
    return this.db.transaction(async (em) =>
      this.addFollowUpIn(em, await this.lockedIntent(em, id), dto, checked, actor, now),
    );
  }

  async addFollowUpIn(
    em: EntityManager,
    intent: Intent,
    dto: FollowUpDto,
    file: CheckedAttachment | undefined,
    actor: Actor,
    now = new Date(),
  ): Promise<IntentFollowUp> {
    const followUp = await em.save(
      em.create(IntentFollowUp, {
        intentId: intent.id,
        happenedOn: dto.happenedOn,
        note: dto.note.trim(),
        actor: actor.key,
        actorName: actor.name?.slice(0, 100) ?? null,
      }),
    );
    if (file) {
      await em.insert(IntentAttachment, {
        followUpId: followUp.id,
        intentId: intent.id,
        filename: file.filename,
        contentType: file.contentType,
        size: file.data.length,
        content: file.data.toString('base64'),
      });
    }
    await em.update(
      Intent,
      { id: intent.id },
      {
        lastActivityAt: now,
        ...(dto.nextFollowUpOn !== undefined ? { nextFollowUpOn: dto.nextFollowUpOn } : {}),
      },
    );
    return followUp;
  }

  async attachment(
    intentId: number,
    attachmentId: number,
  ): Promise<{ filename: string; contentType: string; body: Buffer }> {
    const found = await this.db.manager.findOne(IntentAttachment, {
      where: { id: attachmentId, intentId },
      select: { id: true, filename: true, contentType: true, content: true },
    });
    if (!found) throw new IntentsError('intent_attachment_not_found', { id: attachmentId });
    return { filename: found.filename, contentType: found.contentType, body: Buffer.from(found.content, 'base64') };
  }

  // ---- reading

  async get(id: number): Promise<IntentDetails> {
    const em = this.db.manager;
    const intent = await em.findOneBy(Intent, { id });
    if (!intent) throw new IntentsError('intent_not_found', { id });
    const [view] = await this.views(em, [intent]);
    const history = await em.find(IntentStageChange, { where: { intentId: id }, order: { id: 'ASC' } });
    const followUps = await em.find(IntentFollowUp, {
      where: { intentId: id },
      order: { happenedOn: 'DESC', id: 'DESC' },
    });
    const attachments = await em.find(IntentAttachment, { where: { intentId: id }, order: { id: 'ASC' } });
    return {
      ...view,
      history,
      followUps: followUps.map((f) => ({ ...f, attachments: attachments.filter((a) => a.followUpId === f.id) })),
    };
  }

  /** A page of intents matching the console's filters, newest first, with parties and owners. */
  async list(
    query: ListIntentsQueryDto,
    now = new Date(),
  ): Promise<{ total: number; page: number; pageSize: number; items: IntentView[] }> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const qb = this.filtered(query, now).orderBy('i.id', 'DESC');
    const [items, total] = await qb
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { total, page, pageSize, items: await this.views(this.db.manager, items) };
  }

  /** Every intent matching the filters (for the board and exports), at most `limit`. */
  async all(query: ListIntentsQueryDto, limit: number, now = new Date()): Promise<IntentView[]> {
    const items = await this.filtered(query, now).orderBy('i.id', 'ASC').take(limit).getMany();
    return this.views(this.db.manager, items);
  }

  private filtered(query: ListIntentsQueryDto, now: Date): SelectQueryBuilder<Intent> {
    const qb = this.db.manager.createQueryBuilder(Intent, 'i');
    if (query.eventId) qb.andWhere('i.eventId = :eventId', { eventId: query.eventId });
    if (query.seriesId)
      qb.andWhere('i.eventId IN (SELECT e.id FROM events e WHERE e."seriesId" = :seriesId)', {
        seriesId: query.seriesId,
      });
    if (query.owner === 'none') qb.andWhere('i.ownerUserId IS NULL AND i.ownerOrganisationId IS NULL');
    else if (query.owner?.startsWith('user:'))
      qb.andWhere('i.ownerUserId = :ownerId', { ownerId: Number(query.owner.slice(5)) });
    else if (query.owner?.startsWith('organisation:'))
      qb.andWhere('i.ownerOrganisationId = :ownerId', { ownerId: Number(query.owner.slice(13)) });
    if (query.city) qb.andWhere('i.city = :city', { city: query.city });
    if (query.category) qb.andWhere('i.category = :category', { category: query.category });
    if (query.stage) qb.andWhere('i.stage = :stage', { stage: query.stage });
    if (query.kind) qb.andWhere('i.kind = :kind', { kind: query.kind });
    if (query.overdue === true)
      qb.andWhere('i.stage IN (:...open) AND i.nextFollowUpOn < :today', {
        open: OPEN_STAGES,
        today: localDay(now, PIPELINE_TIMEZONE),
      });
    if (query.q) {
      const like = `%${query.q.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(new Brackets((w) => w.where("i.title LIKE :like ESCAPE '\\'", { like })));
    }
    return qb;
  }

  /** Intents with their event, parties (organisation and contact) and owner, in few queries. */
  async views(em: EntityManager, intents: Intent[]): Promise<IntentView[]> {
    if (!intents.length) return [];
    const ids = intents.map((i) => i.id);
    const parties = await em.find(IntentParty, {
      where: { intentId: In(ids) },
      relations: { organisation: true, person: true },
      order: { position: 'ASC', id: 'ASC' },
    });
    const eventIds = [...new Set(intents.map((i) => i.eventId).filter((x): x is number => x !== null))];
    const events = eventIds.length ? await em.findBy(Event, { id: In(eventIds) }) : [];
    const userIds = [...new Set(intents.map((i) => i.ownerUserId).filter((x): x is number => x !== null))];
    const users = userIds.length ? await em.findBy(User, { id: In(userIds) }) : [];
    const orgIds = [...new Set(intents.map((i) => i.ownerOrganisationId).filter((x): x is number => x !== null))];
    const orgs = orgIds.length ? await em.findBy(Organisation, { id: In(orgIds) }) : [];
    const personIds = [...new Set(intents.map((i) => i.ownerPersonId).filter((x): x is number => x !== null))];
    const persons = personIds.length ? await em.findBy(Person, { id: In(personIds) }) : [];
    return intents.map((intent) => ({
      intent,
      event: events.find((e) => e.id === intent.eventId) ?? null,
      parties: parties
        .filter((p) => p.intentId === intent.id)
        .map((p) => ({ organisation: p.organisation!, person: p.person ?? null })),
      owner: ownerView(intent, users, orgs, persons),
    }));
  }

  /** The intents a person is a party contact of (the personal page lists them). */
  async ofPerson(personId: number): Promise<IntentView[]> {
    const em = this.db.manager;
    const mine = await em.find(IntentParty, { where: { personId }, select: { intentId: true } });
    if (!mine.length) return [];
    const intents = await em.find(Intent, {
      where: { id: In([...new Set(mine.map((p) => p.intentId))]) },
      order: { id: 'DESC' },
      take: 100,
    });
    return this.views(em, intents);
  }

  /** Organisers (owner candidates) and organisations that already own intents or are government offices. */
  async ownerChoices(): Promise<{ users: User[]; organisations: Organisation[] }> {
    const em = this.db.manager;
    const users = await em.find(User, {
      where: { role: 'organiser', disabledAt: IsNull() },
      order: { name: 'ASC' },
      take: 500,
    });
    const owning = await em
      .createQueryBuilder(Intent, 'i')
      .select('DISTINCT i.ownerOrganisationId', 'id')
      .where('i.ownerOrganisationId IS NOT NULL')
      .getRawMany<{ id: number }>();
    const organisations = await em.find(Organisation, {
      where: [{ kind: 'government' }, { id: In(owning.map((o) => Number(o.id))) }],
      order: { name: 'ASC' },
      take: 500,
    });
    return { users, organisations };
  }

  // ---- helpers

  async lockedIntent(em: EntityManager, id: number): Promise<Intent> {
    const intent = await em.findOne(Intent, {
      where: { id },
      ...(this.db.isSqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!intent) throw new IntentsError('intent_not_found', { id });
    return intent;
  }

  /** The event, category and subject an input names must exist. */
  private async checkReferences(
    em: EntityManager,
    input: Partial<Pick<IntentInput, 'eventId' | 'category' | 'subjectKind' | 'subjectId'>>,
  ): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    if (input.eventId && !(await em.existsBy(Event, { id: input.eventId })))
      problems.push({ field: 'eventId', reason: 'no such event' });
    if (input.category && !(await em.existsBy(MatchCategory, { code: input.category })))
      problems.push({ field: 'category', reason: 'no such category (use a category code, e.g. new_energy)' });
    const kind = input.subjectKind ?? 'free_text';
    if (kind !== 'free_text' && !input.subjectId)
      problems.push({ field: 'subjectId', reason: `say which ${kind.replace('_', ' ')} the intent is about` });
    else if (input.subjectId) {
      const target =
        kind === 'achievement' ? Achievement : kind === 'demand' ? Demand : kind === 'meeting' ? Meeting : null;
      if (target && !(await em.existsBy(target, { id: input.subjectId })))
        problems.push({ field: 'subjectId', reason: `no such ${kind}` });
    }
    return problems;
  }

  /** Parties to directory organisations and contact people (found or added by the directory's one rule). */
  private async resolveParties(
    em: EntityManager,
    parties: PartyDto[],
    minParties: number,
    problems: FieldProblem[],
  ): Promise<{ organisationId: number; personId: number | null }[]> {
    const out: { organisationId: number; personId: number | null }[] = [];
    for (const [index, party] of parties.entries()) {
      const field = `parties.${index}`;
      let organisationId: number | undefined;
      if (party.organisationId) {
        if (await em.existsBy(Organisation, { id: party.organisationId })) organisationId = party.organisationId;
        else problems.push({ field: `${field}.organisationId`, reason: 'no such organisation' });
      } else if (party.organisation?.trim()) {
        organisationId = (await this.directory.resolveOrganisationIn(em, { name: party.organisation })).organisation.id;
      } else problems.push({ field: `${field}.organisation`, reason: 'name the organisation' });
      if (organisationId === undefined) continue;
      if (out.some((p) => p.organisationId === organisationId)) {
        problems.push({ field: `${field}.organisation`, reason: 'the same organisation is named twice' });
        continue;
      }
      const personId = await this.contactOf(em, party, organisationId, problems, field);
      out.push({ organisationId, personId });
    }
    if (out.length < minParties && !problems.some((p) => p.field.startsWith('parties')))
      problems.push({ field: 'parties', reason: `an intent has at least ${minParties} different organisations` });
    return out;
  }

  private async contactOf(
    em: EntityManager,
    contact: { contactPersonId?: number; contactName?: string; contactEmail?: string; contactPhone?: string },
    organisationId: number,
    problems: FieldProblem[],
    field: string,
  ): Promise<number | null> {
    if (contact.contactPersonId) {
      if (await em.existsBy(Person, { id: contact.contactPersonId })) return contact.contactPersonId;
      problems.push({ field: `${field}.contactPersonId`, reason: 'no such person' });
      return null;
    }
    if (!contact.contactName?.trim()) return null;
    const { person } = await this.directory.resolvePersonIn(em, {
      name: contact.contactName,
      email: contact.contactEmail,
      phone: contact.contactPhone,
      organisationId,
    });
    return person.id;
  }

  private async resolveOwner(
    em: EntityManager,
    owner: OwnerDto,
    problems: FieldProblem[],
    field: string,
  ): Promise<Pick<Intent, 'ownerUserId' | 'ownerOrganisationId' | 'ownerPersonId'>> {
    const byOrganisation = owner.organisationId !== undefined || owner.organisation !== undefined;
    if (owner.userId !== undefined && byOrganisation) {
      problems.push({ field, reason: 'the owner is an organiser account or an organisation, not both' });
      return NO_OWNER;
    }
    if (owner.userId !== undefined) {
      const user = await em.findOneBy(User, { id: owner.userId });
      if (!user || user.role !== 'organiser' || user.disabledAt)
        problems.push({ field: `${field}.userId`, reason: 'no such organiser account' });
      return { ownerUserId: owner.userId, ownerOrganisationId: null, ownerPersonId: null };
    }
    if (!byOrganisation) {
      problems.push({ field, reason: 'give an organiser account (userId) or an organisation with a contact' });
      return NO_OWNER;
    }
    let organisationId: number | null = null;
    if (owner.organisationId !== undefined) {
      if (await em.existsBy(Organisation, { id: owner.organisationId })) organisationId = owner.organisationId;
      else problems.push({ field: `${field}.organisationId`, reason: 'no such organisation' });
    } else
      organisationId = (await this.directory.resolveOrganisationIn(em, { name: owner.organisation! })).organisation.id;
    if (organisationId === null) return NO_OWNER;
    if (!owner.contactPersonId && !owner.contactName?.trim()) {
      problems.push({ field: `${field}.contactName`, reason: 'an organisation as owner needs a contact person' });
      return NO_OWNER;
    }
    const personId = await this.contactOf(em, owner, organisationId, problems, field);
    return { ownerUserId: null, ownerOrganisationId: organisationId, ownerPersonId: personId };
  }
}

const NO_OWNER = { ownerUserId: null, ownerOrganisationId: null, ownerPersonId: null };

function detailsOf(change: {
  to: IntentStage;
  landedPlace?: string | null;
  landedOn?: string | null;
  droppedReason?: string | null;
  droppedNote?: string | null;
}): StageChangeDetails | null {
  if (change.to === 'landed') return { landedPlace: change.landedPlace?.trim() ?? '', landedOn: change.landedOn ?? '' };
  if (change.to === 'dropped')
    return {
      droppedReason: change.droppedReason ?? '',
      ...(change.droppedNote?.trim() ? { droppedNote: change.droppedNote.trim() } : {}),
    };
  return null;
}

export function ownerView(intent: Intent, users: User[], orgs: Organisation[], persons: Person[]): OwnerView | null {
  if (intent.ownerUserId !== null) {
    const user = users.find((u) => u.id === intent.ownerUserId);
    return user
      ? { key: `user:${user.id}`, kind: 'user', id: user.id, name: user.name, email: user.email, contact: null }
      : null;
  }
  if (intent.ownerOrganisationId !== null) {
    const org = orgs.find((o) => o.id === intent.ownerOrganisationId);
    const person = persons.find((p) => p.id === intent.ownerPersonId);
    return org
      ? {
          key: `organisation:${org.id}`,
          kind: 'organisation',
          id: org.id,
          name: org.shortName ?? org.name,
          email: person?.email ?? null,
          contact: person ? { id: person.id, name: person.name, email: person.email, phone: person.phone } : null,
        }
      : null;
  }
  return null;
}

/** An uploaded file as an attachment: its type by its bytes, its size, a clean name; a 400 otherwise. */
export interface CheckedAttachment {
  filename: string;
  contentType: string;
  data: Buffer;
}

export function checkAttachment(file: UploadedAttachment): CheckedAttachment {
  if (file.truncated || file.data.length > MAX_ATTACHMENT_BYTES)
    throw new IntentsError('intent_attachment_refused', {}, [
      { field: 'file', reason: `the file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` },
    ]);
  if (file.data.length === 0)
    throw new IntentsError('intent_attachment_refused', {}, [{ field: 'file', reason: 'the file is empty' }]);
  const type = sniffAttachment(file.data);
  if (!type)
    throw new IntentsError('intent_attachment_refused', {}, [
      { field: 'file', reason: 'only PDF, PNG, JPEG, WebP images and Word .docx files can be attached' },
    ]);
  return { filename: cleanFilename(file.filename, type), contentType: type, data: file.data };
}
