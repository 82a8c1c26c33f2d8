import { Inject, Injectable } from '@nestjs/common';
import { Brackets, type EntityManager } from 'typeorm';
import { BadgesService } from '../badges/badges.service.js';
import { Database } from '../database/database.service.js';
import { GroupCommit } from '../database/group-commit.js';
import { SqlRunner } from '../database/sql-runner.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { Organisation } from '../directory/organisation.entity.js';
import { OutboxMessage } from '../mail/outbox-message.entity.js';
import { Event } from '../events/event.entity.js';
import { Venue } from '../events/venue.entity.js';
import { EventsError } from '../events/events.errors.js';
import { AttendeeCategory } from './attendee-category.entity.js';
import type {
  CategoryDto,
  CreateRegistrationDto,
  ListRegistrationsQueryDto,
  OrganiserUpdateRegistrationDto,
  QuestionDto,
  RegistrationSettingsDto,
  UpdateCategoryDto,
  UpdateOwnRegistrationDto,
  UpdateQuestionDto,
} from './dto/registration.dto.js';
import {
  assertOpenForRegistration,
  checkAnswers,
  checkQuestion,
  chooseCategory,
  closedReason,
  DEFAULT_CONSENT,
  DEFAULT_CONSENT_EN,
  registrationWindow,
  seatsLeft,
  unknownCategory,
  type RegistrationForm,
} from './registration-form.js';
import { RegistrationMail } from './registration-mail.service.js';
import { RegistrationQuestion } from './registration-question.entity.js';
import { RegistrationSettings } from './registration-settings.entity.js';
import { Registration, type RegistrationStatus } from './registration.entity.js';
import { RegistrationError } from './registration.errors.js';
import { SeatLedger } from './seat-ledger.js';

export type RegistrationSource = Registration['source'];

/** What a registration reads of its event: the form and the main venue (named in the emails). */
interface FormRows {
  event: Event;
  settings: RegistrationSettings;
  categories: AttendeeCategory[];
  questions: RegistrationQuestion[];
  venue: Venue | null;
}

/** At most this many registrations share one SQLite transaction. */
const MAX_GROUP = 64;

/** The form's types, and the answer check the import uses, keep their old home too. */
export { checkAnswers, type RegistrationClosedReason, type RegistrationForm } from './registration-form.js';

/**
 * Owns registrations: the orchestration of each change (one transaction: the registration row, its seat, its badge,
 * its email), the organiser's decisions, and the form's settings, categories and questions. The seats themselves
 * are `SeatLedger`'s (conditional updates, waiting-list order); what the form allows and how answers are checked
 * is `registration-form.ts` (pure); organisations and people are the directory's (`DirectoryService`).
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(BadgesService) private readonly badges: BadgesService,
    @Inject(RegistrationMail) private readonly mail: RegistrationMail,
    @Inject(SeatLedger) private readonly seats: SeatLedger,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
  ) {
    this.run = SqlRunner.of(db.dataSource);
    this.group = new GroupCommit(db, { maxGroup: MAX_GROUP, isolate: this.run });
  }

  /** Plain statements, prepared once on SQLite, for the registration path (see `SqlRunner`). */
  private readonly run: SqlRunner;
  /** Public registrations arriving together share one SQLite transaction (see `GroupCommit`). */
  private readonly group: GroupCommit;
  /** The form's rows read by the registrations of a group transaction, by event. */
  private readonly groupForms = new WeakMap<EntityManager, Map<number, FormRows>>();

  // ---- the form

  async form(eventId: number, options: { includeInviteOnly?: boolean } = {}): Promise<RegistrationForm> {
    const event = await this.db.manager.findOneBy(Event, { id: eventId });
    if (!event) throw new EventsError('event_not_found', { id: eventId });
    const settings = await this.settingsFor(this.db.manager, eventId);
    const [categories, questions] = await Promise.all([
      this.db.manager.find(AttendeeCategory, { where: { eventId }, order: { position: 'ASC', id: 'ASC' } }),
      this.db.manager.find(RegistrationQuestion, { where: { eventId }, order: { position: 'ASC', id: 'ASC' } }),
    ]);
    const now = new Date();
    const reason = closedReason(event, settings, categories, now);
    return {
      event,
      settings,
      state: registrationWindow(event, settings, now),
      open: reason === null,
      reason,
      categories: categories
        .filter((c) => options.includeInviteOnly || c.publicForm)
        .map((c) => Object.assign(c, { seatsLeft: seatsLeft(c, settings) })),
      questions,
    };
  }

  async settingsFor(em: EntityManager, eventId: number): Promise<RegistrationSettings> {
    const found = await this.run.selectOne(em, RegistrationSettings, 'WHERE "eventId" = $1', [eventId]);
    if (found) return found;
    await em
      .createQueryBuilder()
      .insert()
      .into(RegistrationSettings)
      .values({ eventId, consentText: DEFAULT_CONSENT, consentTextEn: DEFAULT_CONSENT_EN, confirmedCount: 0 })
      .orIgnore()
      .execute();
    return em.findOneByOrFail(RegistrationSettings, { eventId });
  }

  // ---- registering

  /**
   * Registers a person. The same email registering again for the same event gets the existing registration back
   * (`created: false`); its personal link is then sent to that email again, never shown to whoever typed it.
   * Public sources must use a public, open form; an organiser's import may use any category.
   */
  async register(
    eventId: number,
    dto: CreateRegistrationDto,
    source: RegistrationSource,
  ): Promise<{ registration: Registration; created: boolean }> {
    const email = dto.email.trim().toLowerCase();
    try {
      // SQLite: registrations arriving together are decided one after the other in one transaction (group commit),
      // each in its own savepoint, so each is decided exactly as alone and one that fails is undone alone.
      return await this.group.run(async (em) => {
        const existing = await this.run.selectOne(em, Registration, 'WHERE "eventId" = $1 AND email = $2', [
          eventId,
          email,
        ]);
        if (existing) {
          await this.resendLink(em, existing);
          return { registration: existing, created: false };
        }
        // The registrations of one group read the same form: read once per group transaction (only registrations
        // run there, and they change no more of it than the seat counters, which are never read from these rows).
        let forms = this.groupForms.get(em);
        if (!forms) this.groupForms.set(em, (forms = new Map()));
        const known = forms.get(eventId);
        const { registration, rows } = await this.createWith(em, eventId, dto, source, known);
        // Kept only once this registration succeeded: rows it wrote itself (the settings row) may be undone.
        if (!known) forms.set(eventId, rows);
        return { registration, created: true };
      });
    } catch (error) {
      // Two requests with one email at the same moment: the unique index lets one in; the other gets it back.
      if (Database.isUniqueViolation(error)) {
        const existing = await this.db.manager.findOneBy(Registration, { eventId, email });
        if (existing) return { registration: existing, created: false };
      }
      throw error;
    }
  }

  /**
   * Creates one registration inside the caller's transaction (imports, the demo). `sameForm`: the caller changes
   * nothing of the event's form in this transaction and undoes all of it if one registration fails (an import's
   * chunk), so the form is read once per transaction instead of once per registration.
   */
  async createIn(
    em: EntityManager,
    eventId: number,
    dto: CreateRegistrationDto,
    source: RegistrationSource,
    options: { sameForm?: boolean } = {},
  ): Promise<Registration> {
    if (!options.sameForm) return (await this.createWith(em, eventId, dto, source)).registration;
    let forms = this.groupForms.get(em);
    if (!forms) this.groupForms.set(em, (forms = new Map()));
    const known = forms.get(eventId);
    const { registration, rows } = await this.createWith(em, eventId, dto, source, known);
    if (!known) forms.set(eventId, rows);
    return registration;
  }

  /** What a registration reads of its event's form, for `createWith`. */
  private async formRows(em: EntityManager, eventId: number): Promise<FormRows> {
    const run = this.run;
    const event = await run.selectOne(em, Event, 'WHERE id = $1', [eventId]);
    if (!event) throw new EventsError('event_not_found', { id: eventId });
    const settings = await this.settingsFor(em, eventId);
    const categories = await run.select(em, AttendeeCategory, 'WHERE "eventId" = $1 ORDER BY position ASC, id ASC', [
      eventId,
    ]);
    const questions = await run.select(em, RegistrationQuestion, 'WHERE "eventId" = $1 ORDER BY position ASC', [
      eventId,
    ]);
    const venue = await run.selectOne(em, Venue, 'WHERE "eventId" = $1 AND kind = $2', [eventId, 'main']);
    return { event, settings, categories, questions, venue };
  }

  private async createWith(
    em: EntityManager,
    eventId: number,
    dto: CreateRegistrationDto,
    source: RegistrationSource,
    known?: FormRows,
  ): Promise<{ registration: Registration; rows: FormRows }> {
    const run = this.run;
    const rows = known ?? (await this.formRows(em, eventId));
    const { event, settings, categories, questions, venue } = rows;
    if (source !== 'import') assertOpenForRegistration(event, settings, new Date());
    const category = chooseCategory(categories, dto.category, { publicOnly: source !== 'import' });
    const answers = checkAnswers(questions, dto.answers ?? {});
    const email = dto.email.trim().toLowerCase();
    const organisation = await this.organisationFor(em, dto.organisation, category);
    const { person } = await this.directory.resolvePersonIn(em, {
      name: dto.name,
      email,
      phone: dto.phone,
      title: dto.title,
      organisationId: organisation.id,
    });

    let status: RegistrationStatus;
    if (category.approval === 'review' && source !== 'import') status = 'pending';
    else status = (await this.seats.take(em, eventId, category.id)) ? 'confirmed' : 'waitlisted';

    const now = new Date();
    const values = {
      eventId,
      categoryId: category.id,
      personId: person.id,
      organisationId: organisation.id,
      name: dto.name.trim(),
      email,
      phone: dto.phone?.trim() ?? null,
      organisationName: dto.organisation.trim(),
      title: dto.title?.trim() ?? null,
      answers: Object.keys(answers).length ? answers : null,
      locale: dto.locale ?? 'zh-CN',
      status,
      decisionReason: null,
      consentAt: now,
      consentText: dto.locale === 'en' && settings.consentTextEn ? settings.consentTextEn : settings.consentText,
      linkVersion: 1,
      // A confirmation carries the first calendar invite (SEQUENCE 1): written with the row, not updated after it.
      inviteSequence: status === 'confirmed' ? 1 : 0,
      source,
      confirmedAt: status === 'confirmed' ? now : null,
      cancelledAt: null,
      createdAt: now,
      updatedAt: now,
    };
    // The row written is known: it is not read back.
    const id = await run.insert(em, Registration, values);
    const registration = Object.assign(new Registration(), { id: id!, ...values });
    if (status === 'confirmed') {
      const badge = await this.badges.issue(em, eventId, registration.id, { first: true });
      await this.mail.send(
        em,
        'registration_confirmed',
        registration,
        {},
        { event, category, venue, badge, inviteSequenceStored: true },
      );
    } else if (status === 'waitlisted')
      await this.mail.send(em, 'registration_waitlisted', registration, {}, { event, category, venue });
    else await this.mail.send(em, 'registration_pending', registration, {}, { event, category, venue });
    return { registration, rows };
  }

  /** Sends the personal link to the registered email again, at most once per ten minutes. */
  private async resendLink(em: EntityManager, registration: Registration): Promise<void> {
    const recent = await em
      .createQueryBuilder(OutboxMessage, 'm')
      .where('m.registrationId = :id AND m.kind = :kind AND m.createdAt > :since', {
        id: registration.id,
        kind: 'registration_link',
        since: new Date(Date.now() - 10 * 60_000),
      })
      .getExists();
    if (!recent) await this.mail.send(em, 'registration_link', registration);
  }

  // ---- organiser decisions and changes

  async approve(id: number): Promise<Registration> {
    return this.db.transaction(async (em) => {
      const registration = await this.lockedRegistration(em, id);
      if (registration.status !== 'pending')
        throw new RegistrationError('invalid_transition', { from: registration.status, to: 'confirmed' });
      if (await this.seats.take(em, registration.eventId, registration.categoryId)) {
        await this.confirm(em, registration, 'registration_confirmed');
      } else {
        registration.status = 'waitlisted';
        await em.save(registration);
        await this.mail.send(em, 'registration_waitlisted', registration);
      }
      return registration;
    });
  }

  async reject(id: number, reason: string | undefined): Promise<Registration> {
    return this.db.transaction(async (em) => {
      const registration = await this.lockedRegistration(em, id);
      if (!['pending', 'waitlisted'].includes(registration.status)) {
        throw new RegistrationError('invalid_transition', { from: registration.status, to: 'rejected' });
      }
      registration.status = 'rejected';
      registration.decisionReason = reason ?? null;
      await em.save(registration);
      await this.mail.send(em, 'registration_rejected', registration, { reason });
      return registration;
    });
  }

  /** Cancels (by the attendee or an organiser): frees the seat, revokes the badge, promotes the waiting list. */
  async cancel(id: number, reason?: string): Promise<Registration> {
    return this.db.transaction(async (em) => {
      const registration = await this.lockedRegistration(em, id);
      if (registration.status === 'cancelled' || registration.status === 'rejected') {
        throw new RegistrationError('invalid_transition', { from: registration.status, to: 'cancelled' });
      }
      const held = registration.status === 'confirmed';
      registration.status = 'cancelled';
      registration.cancelledAt = new Date();
      registration.decisionReason = reason ?? registration.decisionReason;
      await em.save(registration);
      await this.badges.revoke(em, registration.id);
      if (held) {
        await this.mail.send(em, 'registration_cancelled', registration);
        await this.seats.release(em, registration.eventId, registration.categoryId);
        await this.promote(em, registration.eventId);
      } else await this.mail.send(em, 'registration_cancelled', registration);
      return registration;
    });
  }

  /** Attendee self-service edits, until the event starts. */
  async updateOwn(id: number, dto: UpdateOwnRegistrationDto): Promise<Registration> {
    return this.db.transaction(async (em) => {
      const registration = await this.lockedRegistration(em, id);
      const event = await em.findOneByOrFail(Event, { id: registration.eventId });
      if (new Date() >= event.startsAt) throw new RegistrationError('event_started');
      if (registration.status === 'cancelled' || registration.status === 'rejected') {
        throw new RegistrationError('invalid_transition', { from: registration.status, to: 'updated' });
      }
      await this.applyDetails(em, registration, dto);
      return em.save(registration);
    });
  }

  /** Organiser edits; a category change moves the seat (or waitlists) and re-issues the badge. */
  async updateByOrganiser(id: number, dto: OrganiserUpdateRegistrationDto): Promise<Registration> {
    return this.db.transaction(async (em) => {
      const registration = await this.lockedRegistration(em, id);
      await this.applyDetails(em, registration, dto);
      if (dto.category !== undefined) {
        const category = await this.categoryByCode(em, registration.eventId, dto.category);
        if (category.id !== registration.categoryId) {
          const previous = registration.categoryId;
          registration.categoryId = category.id;
          if (registration.status === 'confirmed') {
            await this.seats.release(em, registration.eventId, previous);
            if (await this.seats.take(em, registration.eventId, category.id)) {
              await em.save(registration);
              await this.badges.issue(em, registration.eventId, registration.id);
              await this.mail.send(em, 'registration_updated', registration);
            } else {
              registration.status = 'waitlisted';
              registration.confirmedAt = null;
              await em.save(registration);
              await this.badges.revoke(em, registration.id);
              await this.mail.send(em, 'registration_waitlisted', registration);
            }
            await this.promote(em, registration.eventId);
          }
        }
      }
      return em.save(registration);
    });
  }

  /**
   * Revokes the personal link (its feed and badge pages with it: they are the same link) and emails the new one to
   * the registration's address, in one transaction. For a link that was forwarded or leaked.
   */
  async renewLink(id: number): Promise<Registration> {
    return this.db.transaction(async (em) => {
      const registration = await this.lockedRegistration(em, id);
      registration.linkVersion += 1;
      await em.update(Registration, { id }, { linkVersion: registration.linkVersion });
      await this.mail.send(em, 'registration_link', registration, { renewed: true });
      return registration;
    });
  }

  // ---- reading

  async get(id: number): Promise<Registration> {
    const registration = await this.db.manager.findOneBy(Registration, { id });
    if (!registration) throw new RegistrationError('registration_not_found', { id });
    return registration;
  }

  async list(eventId: number, query: ListRegistrationsQueryDto = {}): Promise<Registration[]> {
    const qb = this.db.manager
      .createQueryBuilder(Registration, 'r')
      .innerJoinAndSelect('r.category', 'c')
      .where('r.eventId = :eventId', { eventId })
      .orderBy('r.id', 'ASC');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.category) qb.andWhere('c.code = :code', { code: query.category });
    if (query.organisation)
      qb.andWhere('LOWER(r.organisationName) LIKE :org', { org: `%${likeEscape(query.organisation.toLowerCase())}%` });
    if (query.q) {
      const like = `%${likeEscape(query.q.toLowerCase())}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('LOWER(r.name) LIKE :like', { like })
            .orWhere('r.email LIKE :like', { like })
            .orWhere('r.phone LIKE :like', { like })
            .orWhere('LOWER(r.organisationName) LIKE :like', { like }),
        ),
      );
    }
    return qb.getMany();
  }

  /** Counts per category and status, against capacity. */
  async counts(eventId: number) {
    const form = await this.form(eventId, { includeInviteOnly: true });
    const rows = await this.db.manager
      .createQueryBuilder(Registration, 'r')
      .select('r.categoryId', 'categoryId')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('r.eventId = :eventId', { eventId })
      .groupBy('r.categoryId')
      .addGroupBy('r.status')
      .getRawMany<{ categoryId: number; status: RegistrationStatus; n: string | number }>();
    const count = (categoryId: number, status: RegistrationStatus) =>
      Number(rows.find((r) => Number(r.categoryId) === categoryId && r.status === status)?.n ?? 0);
    return {
      capacity: form.settings.capacity,
      confirmed: form.settings.confirmedCount,
      categories: form.categories.map((c) => ({
        id: c.id,
        code: c.code,
        name: c.name,
        nameEn: c.nameEn,
        capacity: c.capacity,
        seatsLeft: c.seatsLeft,
        confirmed: count(c.id, 'confirmed'),
        pending: count(c.id, 'pending'),
        waitlisted: count(c.id, 'waitlisted'),
        cancelled: count(c.id, 'cancelled'),
        rejected: count(c.id, 'rejected'),
      })),
    };
  }

  // ---- settings, categories and questions

  async updateSettings(eventId: number, dto: RegistrationSettingsDto): Promise<RegistrationSettings> {
    return this.db.transaction((em) => this.updateSettingsIn(em, eventId, dto));
  }

  /** Changes the form's dates, capacity and consent inside the caller's transaction (the console, the demo). */
  async updateSettingsIn(
    em: EntityManager,
    eventId: number,
    dto: RegistrationSettingsDto,
  ): Promise<RegistrationSettings> {
    if (!(await em.existsBy(Event, { id: eventId }))) throw new EventsError('event_not_found', { id: eventId });
    const settings = await this.settingsFor(em, eventId);
    if (dto.opensAt !== undefined) settings.opensAt = dto.opensAt ? new Date(dto.opensAt) : null;
    if (dto.closesAt !== undefined) settings.closesAt = dto.closesAt ? new Date(dto.closesAt) : null;
    if (settings.opensAt && settings.closesAt && settings.closesAt <= settings.opensAt) {
      throw new RegistrationError('invalid_transition', {}, [
        { field: 'closesAt', reason: 'closesAt must be after opensAt' },
      ]);
    }
    if (dto.capacity !== undefined) settings.capacity = dto.capacity;
    if (dto.consentText !== undefined) settings.consentText = dto.consentText;
    if (dto.consentTextEn !== undefined) settings.consentTextEn = dto.consentTextEn;
    await em.save(settings);
    await this.promote(em, eventId);
    return settings;
  }

  async addCategory(eventId: number, dto: CategoryDto): Promise<AttendeeCategory> {
    return this.db.transaction((em) => this.addCategoryIn(em, eventId, dto));
  }

  /** Adds an attendee category inside the caller's transaction. */
  async addCategoryIn(em: EntityManager, eventId: number, dto: CategoryDto): Promise<AttendeeCategory> {
    if (!(await em.existsBy(Event, { id: eventId }))) throw new EventsError('event_not_found', { id: eventId });
    if (await em.existsBy(AttendeeCategory, { eventId, code: dto.code })) {
      throw new RegistrationError('category_code_taken', {}, [
        { field: 'code', reason: 'another category of this event has this code' },
      ]);
    }
    const position = await em.countBy(AttendeeCategory, { eventId });
    return em.save(
      em.create(AttendeeCategory, {
        eventId,
        code: dto.code,
        name: dto.name,
        nameEn: dto.nameEn ?? null,
        capacity: dto.capacity ?? null,
        approval: dto.approval ?? 'automatic',
        colour: dto.colour ?? '#b3261e',
        publicForm: dto.publicForm ?? true,
        organisationKind: dto.organisationKind ?? 'enterprise',
        position,
      }),
    );
  }

  async updateCategory(eventId: number, categoryId: number, dto: UpdateCategoryDto): Promise<AttendeeCategory> {
    return this.db.transaction(async (em) => {
      const category = await em.findOneBy(AttendeeCategory, { id: categoryId, eventId });
      if (!category) throw new RegistrationError('category_not_found', { id: categoryId });
      if (
        dto.code &&
        dto.code !== category.code &&
        (await em.existsBy(AttendeeCategory, { eventId, code: dto.code }))
      ) {
        throw new RegistrationError('category_code_taken', {}, [
          { field: 'code', reason: 'another category of this event has this code' },
        ]);
      }
      for (const key of [
        'code',
        'name',
        'nameEn',
        'capacity',
        'approval',
        'colour',
        'publicForm',
        'organisationKind',
      ] as const) {
        if (dto[key] !== undefined) Object.assign(category, { [key]: dto[key] });
      }
      await em.save(category);
      await this.promote(em, eventId);
      return category;
    });
  }

  async removeCategory(eventId: number, categoryId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const category = await em.findOneBy(AttendeeCategory, { id: categoryId, eventId });
      if (!category) throw new RegistrationError('category_not_found', { id: categoryId });
      if (await em.existsBy(Registration, { categoryId })) throw new RegistrationError('category_in_use');
      await em.delete(AttendeeCategory, { id: categoryId });
    });
  }

  async addQuestion(eventId: number, dto: QuestionDto): Promise<RegistrationQuestion> {
    return this.db.transaction((em) => this.addQuestionIn(em, eventId, dto));
  }

  /** Adds a question to the form inside the caller's transaction. */
  async addQuestionIn(em: EntityManager, eventId: number, dto: QuestionDto): Promise<RegistrationQuestion> {
    if (!(await em.existsBy(Event, { id: eventId }))) throw new EventsError('event_not_found', { id: eventId });
    checkQuestion(dto);
    const position = await em.countBy(RegistrationQuestion, { eventId });
    return em.save(
      em.create(RegistrationQuestion, {
        eventId,
        code: dto.code,
        kind: dto.kind,
        label: dto.label,
        labelEn: dto.labelEn ?? null,
        options: dto.kind === 'text' ? null : (dto.options ?? []),
        required: dto.required ?? false,
        position,
      }),
    );
  }

  async updateQuestion(eventId: number, questionId: number, dto: UpdateQuestionDto): Promise<RegistrationQuestion> {
    return this.db.transaction(async (em) => {
      const question = await em.findOneBy(RegistrationQuestion, { id: questionId, eventId });
      if (!question) throw new RegistrationError('question_not_found', { id: questionId });
      for (const key of ['code', 'kind', 'label', 'labelEn', 'options', 'required'] as const) {
        if (dto[key] !== undefined) Object.assign(question, { [key]: dto[key] });
      }
      checkQuestion({ kind: question.kind, options: question.options ?? undefined });
      return em.save(question);
    });
  }

  async removeQuestion(eventId: number, questionId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const result = await em.delete(RegistrationQuestion, { id: questionId, eventId });
      if (!result.affected) throw new RegistrationError('question_not_found', { id: questionId });
    });
  }

  // ---- the waiting list

  /** Gives the seats free now to the waiting list (the ledger's order) and confirms and tells each person. */
  private async promote(em: EntityManager, eventId: number): Promise<number> {
    const seated = await this.seats.seatWaitingList(em, eventId);
    for (const registration of seated) await this.confirm(em, registration, 'registration_promoted');
    return seated.length;
  }

  private async confirm(
    em: EntityManager,
    registration: Registration,
    kind: 'registration_confirmed' | 'registration_promoted',
  ) {
    registration.status = 'confirmed';
    registration.confirmedAt = new Date();
    await em.save(registration);
    await this.badges.issue(em, registration.eventId, registration.id);
    await this.mail.send(em, kind, registration);
  }

  // ---- helpers

  private async lockedRegistration(em: EntityManager, id: number): Promise<Registration> {
    const registration = await em.findOne(Registration, {
      where: { id },
      ...(this.db.isSqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!registration) throw new RegistrationError('registration_not_found', { id });
    return registration;
  }

  private async categoryByCode(em: EntityManager, eventId: number, code: string): Promise<AttendeeCategory> {
    const category = await em.findOneBy(AttendeeCategory, { eventId, code });
    if (!category) throw unknownCategory();
    return category;
  }

  private async applyDetails(
    em: EntityManager,
    registration: Registration,
    dto: UpdateOwnRegistrationDto,
  ): Promise<void> {
    if (dto.name !== undefined) registration.name = dto.name.trim();
    if (dto.phone !== undefined) registration.phone = dto.phone.trim();
    if (dto.title !== undefined) registration.title = dto.title.trim();
    if (dto.locale !== undefined) registration.locale = dto.locale;
    if (dto.organisation !== undefined && dto.organisation.trim() !== registration.organisationName) {
      const category = await em.findOneByOrFail(AttendeeCategory, { id: registration.categoryId });
      const organisation = await this.organisationFor(em, dto.organisation, category);
      registration.organisationName = dto.organisation.trim();
      registration.organisationId = organisation.id;
    }
    if (dto.answers !== undefined) {
      const questions = await em.find(RegistrationQuestion, { where: { eventId: registration.eventId } });
      const answers = checkAnswers(questions, dto.answers);
      registration.answers = Object.keys(answers).length ? answers : null;
    }
  }

  /** A registration's organisation is the directory's; a new one gets the kind its category names. */
  private async organisationFor(em: EntityManager, name: string, category: AttendeeCategory): Promise<Organisation> {
    const { organisation } = await this.directory.resolveOrganisationIn(em, { name, kind: category.organisationKind });
    return organisation;
  }
}

function likeEscape(value: string): string {
  return value.replace(/[%_\\]/g, (c) => `\\${c}`);
}
