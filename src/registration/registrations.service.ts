import { Inject, Injectable } from '@nestjs/common';
import { Brackets, type EntityManager } from 'typeorm';
import { BadgesService } from '../badges/badges.service.js';
import type { FieldProblem } from '../common/domain-error.js';
import { Database } from '../database/database.service.js';
import { Organisation, organisationNameKey } from '../directory/organisation.entity.js';
import { OutboxMessage } from '../mail/outbox-message.entity.js';
import { Person } from '../directory/person.entity.js';
import { Event } from '../events/event.entity.js';
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
import { RegistrationMail } from './registration-mail.service.js';
import { RegistrationQuestion } from './registration-question.entity.js';
import { RegistrationSettings } from './registration-settings.entity.js';
import { Registration, type Answers, type RegistrationStatus } from './registration.entity.js';
import { RegistrationError } from './registration.errors.js';

export type RegistrationSource = Registration['source'];

const DEFAULT_CONSENT =
  '我同意主办方为本次活动的报名、签到、对接与后续联络收集和处理我的个人信息（姓名、联系方式、单位与职务），并依法保护。';
const DEFAULT_CONSENT_EN =
  'I agree that the organisers collect and process my personal information (name, contact details, organisation and title) for registration, check-in, matchmaking and follow-up of this event, and protect it as the law requires.';

/** Why nobody can register at the moment (null: the form is open). */
export type RegistrationClosedReason = 'not_published' | 'not_yet' | 'closed' | 'no_categories';

export interface RegistrationForm {
  event: Event;
  settings: RegistrationSettings;
  /** Whether a person can register on the public form now: published, within its dates, with a public category. */
  open: boolean;
  state: 'open' | 'not_yet' | 'closed';
  reason: RegistrationClosedReason | null;
  categories: (AttendeeCategory & { seatsLeft: number | null })[];
  questions: RegistrationQuestion[];
}

/**
 * Owns registrations: the form (categories, questions, consent), seats, the waiting list, approval, and the
 * emails each change causes. Seats are taken by conditional updates (`confirmedCount < capacity`) inside the
 * registration's transaction, so no number of concurrent requests can oversell, on SQLite or PostgreSQL.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(BadgesService) private readonly badges: BadgesService,
    @Inject(RegistrationMail) private readonly mail: RegistrationMail,
  ) {}

  // ---- the form

  async form(eventId: number, options: { includeInviteOnly?: boolean } = {}): Promise<RegistrationForm> {
    const event = await this.db.manager.findOneBy(Event, { id: eventId });
    if (!event) throw new EventsError('event_not_found', { id: eventId });
    const settings = await this.settingsFor(this.db.manager, eventId);
    const [categories, questions] = await Promise.all([
      this.db.manager.find(AttendeeCategory, { where: { eventId }, order: { position: 'ASC', id: 'ASC' } }),
      this.db.manager.find(RegistrationQuestion, { where: { eventId }, order: { position: 'ASC', id: 'ASC' } }),
    ]);
    const overallLeft = settings.capacity === null ? null : Math.max(0, settings.capacity - settings.confirmedCount);
    const now = new Date();
    const state =
      settings.opensAt && settings.opensAt > now
        ? 'not_yet'
        : now > (settings.closesAt ?? event.endsAt)
          ? 'closed'
          : 'open';
    const reason: RegistrationClosedReason | null =
      event.status === 'draft'
        ? 'not_published'
        : event.status === 'closed'
          ? 'closed'
          : state !== 'open'
            ? state
            : categories.some((c) => c.publicForm)
              ? null
              : 'no_categories';
    return {
      event,
      settings,
      state,
      open: reason === null,
      reason,
      categories: categories
        .filter((c) => options.includeInviteOnly || c.publicForm)
        .map((c) => {
          const own = c.capacity === null ? null : Math.max(0, c.capacity - c.confirmedCount);
          const seatsLeft = own === null ? overallLeft : overallLeft === null ? own : Math.min(own, overallLeft);
          return Object.assign(c, { seatsLeft });
        }),
      questions,
    };
  }

  async settingsFor(em: EntityManager, eventId: number): Promise<RegistrationSettings> {
    const found = await em.findOneBy(RegistrationSettings, { eventId });
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
      return await this.db.transaction(async (em) => {
        const existing = await em.findOneBy(Registration, { eventId, email });
        if (existing) {
          await this.resendLink(em, existing);
          return { registration: existing, created: false };
        }
        return { registration: await this.createIn(em, eventId, dto, source), created: true };
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

  /** Creates one registration inside the caller's transaction (used by `register` and by imports). */
  async createIn(
    em: EntityManager,
    eventId: number,
    dto: CreateRegistrationDto,
    source: RegistrationSource,
  ): Promise<Registration> {
    const event = await em.findOneBy(Event, { id: eventId });
    if (!event) throw new EventsError('event_not_found', { id: eventId });
    const settings = await this.settingsFor(em, eventId);
    if (source !== 'import') {
      if (event.status !== 'published') throw new RegistrationError('event_not_open');
      const now = new Date();
      if (settings.opensAt && settings.opensAt > now) throw new RegistrationError('registration_not_open_yet');
      if (now > (settings.closesAt ?? event.endsAt)) throw new RegistrationError('registration_closed');
    }
    const category = await this.chosenCategory(em, eventId, dto.category, { publicOnly: source !== 'import' });
    const questions = await em.find(RegistrationQuestion, { where: { eventId }, order: { position: 'ASC' } });
    const answers = checkAnswers(questions, dto.answers ?? {});
    const email = dto.email.trim().toLowerCase();
    const organisation = await this.organisationFor(em, dto.organisation, category);
    const person = await this.personFor(em, { ...dto, email }, organisation.id);

    let status: RegistrationStatus;
    if (category.approval === 'review' && source !== 'import') status = 'pending';
    else status = (await this.takeSeat(em, eventId, category.id)) ? 'confirmed' : 'waitlisted';

    const registration = await em.save(
      em.create(Registration, {
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
        consentAt: new Date(),
        consentText: dto.locale === 'en' && settings.consentTextEn ? settings.consentTextEn : settings.consentText,
        source,
        confirmedAt: status === 'confirmed' ? new Date() : null,
      }),
    );
    if (status === 'confirmed') {
      const badge = await this.badges.issue(em, eventId, registration.id, { first: true });
      await this.mail.send(em, 'registration_confirmed', registration, {}, { event, category, badge });
    } else if (status === 'waitlisted')
      await this.mail.send(em, 'registration_waitlisted', registration, {}, { event, category });
    else await this.mail.send(em, 'registration_pending', registration, {}, { event, category });
    return registration;
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
      if (await this.takeSeat(em, registration.eventId, registration.categoryId)) {
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
        await this.releaseSeat(em, registration.eventId, registration.categoryId);
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
            await this.releaseSeat(em, registration.eventId, previous);
            if (await this.takeSeat(em, registration.eventId, category.id)) {
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

  /** Revokes the personal link (a new one is sent by email). */
  async renewLink(id: number): Promise<Registration> {
    return this.db.transaction(async (em) => {
      const registration = await this.lockedRegistration(em, id);
      registration.linkVersion += 1;
      return em.save(registration);
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

  // ---- seats

  /** Takes one seat of the event and of the category, or none: conditional updates, never count-then-insert. */
  private async takeSeat(em: EntityManager, eventId: number, categoryId: number): Promise<boolean> {
    // The settings row exists: every registration is created through createIn, which makes sure of it.
    const overall = await em
      .createQueryBuilder()
      .update(RegistrationSettings)
      .set({ confirmedCount: () => '"confirmedCount" + 1' })
      .where('"eventId" = :eventId AND (capacity IS NULL OR "confirmedCount" < capacity)', { eventId })
      .execute();
    if (!overall.affected) return false;
    const own = await em
      .createQueryBuilder()
      .update(AttendeeCategory)
      .set({ confirmedCount: () => '"confirmedCount" + 1' })
      .where('id = :categoryId AND (capacity IS NULL OR "confirmedCount" < capacity)', { categoryId })
      .execute();
    if (own.affected) return true;
    await em
      .createQueryBuilder()
      .update(RegistrationSettings)
      .set({ confirmedCount: () => '"confirmedCount" - 1' })
      .where('"eventId" = :eventId', { eventId })
      .execute();
    return false;
  }

  private async releaseSeat(em: EntityManager, eventId: number, categoryId: number): Promise<void> {
    await em
      .createQueryBuilder()
      .update(RegistrationSettings)
      .set({ confirmedCount: () => '"confirmedCount" - 1' })
      .where('"eventId" = :eventId AND "confirmedCount" > 0', { eventId })
      .execute();
    await em
      .createQueryBuilder()
      .update(AttendeeCategory)
      .set({ confirmedCount: () => '"confirmedCount" - 1' })
      .where('id = :categoryId AND "confirmedCount" > 0', { categoryId })
      .execute();
  }

  /** Gives freed seats to the waiting list, first come first served (per category), and tells each person. */
  private async promote(em: EntityManager, eventId: number): Promise<number> {
    const waiting = await em.find(Registration, {
      where: { eventId, status: 'waitlisted' },
      order: { id: 'ASC' },
      take: 500,
    });
    let promoted = 0;
    const fullCategories = new Set<number>();
    for (const registration of waiting) {
      if (fullCategories.has(registration.categoryId)) continue;
      if (await this.takeSeat(em, eventId, registration.categoryId)) {
        await this.confirm(em, registration, 'registration_promoted');
        promoted += 1;
      } else {
        const settings = await this.settingsFor(em, eventId);
        if (settings.capacity !== null && settings.confirmedCount >= settings.capacity) break;
        fullCategories.add(registration.categoryId);
      }
    }
    return promoted;
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

  /**
   * The category a registration asks for. Without one, the event's only category is meant (the form preselects
   * it); an event whose form offers no category at all cannot be registered for, which is a closed form, not a
   * problem with a field the person never saw.
   */
  private async chosenCategory(
    em: EntityManager,
    eventId: number,
    code: string | undefined,
    options: { publicOnly: boolean },
  ): Promise<AttendeeCategory> {
    if (code !== undefined) {
      const category = await this.categoryByCode(em, eventId, code);
      if (options.publicOnly && !category.publicForm) throw this.unknownCategory();
      return category;
    }
    const offered = await em.find(AttendeeCategory, {
      where: options.publicOnly ? { eventId, publicForm: true } : { eventId },
      order: { position: 'ASC', id: 'ASC' },
      take: 2,
    });
    if (offered.length === 1) return offered[0];
    if (offered.length === 0) throw new RegistrationError('no_categories');
    throw new RegistrationError('category_not_found', {}, [
      { field: 'category', reason: 'choose an attendee category' },
    ]);
  }

  private async categoryByCode(em: EntityManager, eventId: number, code: string): Promise<AttendeeCategory> {
    const category = await em.findOneBy(AttendeeCategory, { eventId, code });
    if (!category) throw this.unknownCategory();
    return category;
  }

  private unknownCategory() {
    return new RegistrationError('category_not_found', {}, [
      { field: 'category', reason: 'not a category of this event' },
    ]);
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

  private async organisationFor(em: EntityManager, name: string, category: AttendeeCategory): Promise<Organisation> {
    const nameKey = organisationNameKey(name);
    const existing = await em.findOneBy(Organisation, { nameKey });
    if (existing) return existing;
    await em
      .createQueryBuilder()
      .insert()
      .into(Organisation)
      .values({ name: name.trim(), nameKey, kind: category.organisationKind })
      .orIgnore()
      .execute();
    return em.findOneByOrFail(Organisation, { nameKey });
  }

  private async personFor(
    em: EntityManager,
    dto: CreateRegistrationDto & { email: string },
    organisationId: number,
  ): Promise<Person> {
    const existing = await em.findOne(Person, { where: { email: dto.email }, order: { id: 'ASC' } });
    if (existing) {
      Object.assign(existing, {
        name: dto.name.trim(),
        phone: dto.phone?.trim() ?? existing.phone,
        title: dto.title?.trim() ?? existing.title,
        organisationId,
      });
      return em.save(existing);
    }
    return em.save(
      em.create(Person, {
        name: dto.name.trim(),
        email: dto.email,
        phone: dto.phone?.trim() ?? null,
        title: dto.title?.trim() ?? null,
        organisationId,
      }),
    );
  }
}

function likeEscape(value: string): string {
  return value.replace(/[%_\\]/g, (c) => `\\${c}`);
}

function checkQuestion(dto: { kind?: string; options?: { value: string }[] }): void {
  if (dto.kind !== 'text' && (!dto.options || dto.options.length < 2)) {
    throw new RegistrationError('invalid_answers', {}, [
      { field: 'options', reason: 'a choice question needs at least two options' },
    ]);
  }
  const values = (dto.options ?? []).map((o) => o.value);
  if (new Set(values).size !== values.length) {
    throw new RegistrationError('invalid_answers', {}, [{ field: 'options', reason: 'option values must be unique' }]);
  }
}

/** Checks answers against the questions: required ones present, choices among the options, no unknown keys. */
export function checkAnswers(questions: RegistrationQuestion[], answers: Answers): Answers {
  const problems: FieldProblem[] = [];
  const clean: Answers = {};
  for (const key of Object.keys(answers)) {
    if (!questions.some((q) => q.code === key))
      problems.push({ field: `answers.${key}`, reason: 'not a question of this form' });
  }
  for (const question of questions) {
    const field = `answers.${question.code}`;
    const raw = answers[question.code];
    const empty = raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (question.required) problems.push({ field, reason: 'an answer is required' });
      continue;
    }
    const allowed = new Set((question.options ?? []).map((o) => o.value));
    switch (question.kind) {
      case 'text':
        if (typeof raw !== 'string' || raw.length > 2000)
          problems.push({ field, reason: 'must be text of at most 2000 characters' });
        else clean[question.code] = raw.trim();
        break;
      case 'single':
        if (typeof raw !== 'string' || !allowed.has(raw))
          problems.push({ field, reason: 'must be one of the options' });
        else clean[question.code] = raw;
        break;
      case 'multiple': {
        const list = Array.isArray(raw) ? raw : [raw];
        if (!list.every((v) => typeof v === 'string' && allowed.has(v)))
          problems.push({ field, reason: 'must be among the options' });
        else clean[question.code] = [...new Set(list)];
        break;
      }
    }
  }
  if (problems.length) throw new RegistrationError('invalid_answers', {}, problems);
  return clean;
}
