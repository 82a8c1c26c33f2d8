import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { Session } from '../agenda/session.entity.js';
import { Database } from '../database/database.service.js';
import { DirectoryService } from '../directory/directory.service.js';
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { Event } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import { Achievement } from '../matchmaking/achievement.entity.js';
import { EventListing } from '../matchmaking/event-listing.entity.js';
import type { MatchCategory } from '../matchmaking/match-category.entity.js';
import { MatchCategoriesService } from '../matchmaking/match-categories.service.js';
import {
  moveOne,
  overrunWarning,
  reorderProblem,
  runningOrder,
  type OverrunWarning,
  type RunningOrder,
  type TimedPitch,
} from './domain/running-order.js';
import { slidesProblem } from './domain/slides.js';
import type {
  CreateProjectDto,
  CreateRoadshowDto,
  CriterionDto,
  JudgeDto,
  PresenterDto,
  UpdateProjectDto,
  UpdateRoadshowDto,
} from './dto/roadshows.dto.js';
import { RoadshowCriterion } from './roadshow-criterion.entity.js';
import { RoadshowJudge } from './roadshow-judge.entity.js';
import { RoadshowLinks } from './roadshow-links.service.js';
import { RoadshowProject } from './roadshow-project.entity.js';
import { RoadshowSlides } from './roadshow-slides.entity.js';
import { Roadshow } from './roadshow.entity.js';
import { RoadshowsError } from './roadshows.errors.js';

/** A project as shown: with its presenting organisation and person, its category and its computed times. */
export interface ProjectView {
  project: RoadshowProject & { organisation: Organisation; presenter: Person | null };
  category: MatchCategory | null;
  timing: TimedPitch;
}

/** A roadshow with what it is made of, its running order and the overrun warning not yet accepted. */
export interface RoadshowView {
  roadshow: Roadshow;
  session: Session;
  event: Event;
  projects: ProjectView[];
  order: RunningOrder;
  criteria: RoadshowCriterion[];
  /** The overrun, whether accepted or not (null when the projects fit). */
  overrun: OverrunWarning | null;
  /** Warnings the organiser has not accepted yet: accept them, or fix the order (shorter pitches, fewer projects). */
  warnings: OverrunWarning[];
}

export interface UploadedSlides {
  data: Buffer;
  truncated?: boolean;
}

/**
 * Owns the roadshows (项目路演) of an event's agenda sessions: projects with their presenters from the directory,
 * the running order and its computed times (domain/running-order.ts), the overrun warning an organiser accepts or
 * fixes, the judges' criteria and the judges, and the projects' slides.
 */
@Injectable()
export class RoadshowsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(MatchCategoriesService) private readonly categories: MatchCategoriesService,
  ) {}

  // ---- reading

  /** Every roadshow of the event, in the order of their sessions (cancelled sessions left out unless asked). */
  async list(eventId: number, options: { includeCancelled?: boolean } = {}): Promise<RoadshowView[]> {
    const em = this.db.manager;
    const roadshows = await em.find(Roadshow, { where: { eventId }, order: { id: 'ASC' } });
    const views: RoadshowView[] = [];
    for (const roadshow of roadshows) views.push(await this.viewOf(em, roadshow));
    return views
      .filter((v) => options.includeCancelled || v.session.cancelledAt === null)
      .sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime() || a.roadshow.id - b.roadshow.id);
  }

  async get(eventId: number, roadshowId: number): Promise<RoadshowView> {
    return this.viewOf(this.db.manager, await this.roadshow(this.db.manager, eventId, roadshowId));
  }

  /** The roadshow a project belongs to, with the project's view in it. */
  async ofProject(projectId: number): Promise<{ view: RoadshowView; item: ProjectView }> {
    const project = await this.db.manager.findOneBy(RoadshowProject, { id: projectId });
    if (!project) throw new RoadshowsError('project_not_found', { id: projectId });
    const view = await this.viewOf(
      this.db.manager,
      await this.db.manager.findOneByOrFail(Roadshow, { id: project.roadshowId }),
    );
    return { view, item: view.projects.find((p) => p.project.id === projectId)! };
  }

  /** The project its QR code names (by its public token). */
  async byPublicToken(token: string): Promise<{ view: RoadshowView; item: ProjectView }> {
    const project = /^[\w-]{10,32}$/.test(token)
      ? await this.db.manager.findOneBy(RoadshowProject, { publicToken: token })
      : null;
    if (!project) throw new RoadshowsError('project_not_found', {});
    return this.ofProject(project.id);
  }

  /** The agenda sessions of kind roadshow that have no running order yet. */
  async freeSessions(eventId: number): Promise<Session[]> {
    const taken = (await this.db.manager.find(Roadshow, { where: { eventId } })).map((r) => r.agendaSessionId);
    const sessions = await this.db.manager.find(Session, {
      where: { eventId, kind: 'roadshow', cancelledAt: IsNull() },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
    return sessions.filter((s) => !taken.includes(s.id));
  }

  /** The achievements listed at the event (what a project may link to), in list order. */
  async achievementChoices(eventId: number): Promise<{ id: number; title: string }[]> {
    const listings = await this.db.manager.find(EventListing, {
      where: { eventId, kind: 'achievement' },
      order: { position: 'ASC', id: 'ASC' },
    });
    if (!listings.length) return [];
    const items = await this.db.manager.find(Achievement, {
      where: { id: In(listings.map((l) => l.itemId)), status: 'active' },
      select: { id: true, title: true },
    });
    const byId = new Map(items.map((a) => [a.id, a]));
    return listings.flatMap((l) => (byId.has(l.itemId) ? [byId.get(l.itemId)!] : []));
  }

  // ---- the roadshow

  async create(eventId: number, dto: CreateRoadshowDto): Promise<RoadshowView> {
    return this.db.transaction(async (em) => {
      await this.event(em, eventId);
      const session = await em.findOneBy(Session, { id: dto.agendaSessionId, eventId });
      if (!session)
        throw new RoadshowsError('not_a_roadshow_session', {}, [
          { field: 'agendaSessionId', reason: 'no such session in this event' },
        ]);
      if (session.kind !== 'roadshow')
        throw new RoadshowsError('not_a_roadshow_session', {}, [
          { field: 'agendaSessionId', reason: 'the session is not a roadshow session' },
        ]);
      if (await em.existsBy(Roadshow, { agendaSessionId: session.id }))
        throw new RoadshowsError('roadshow_exists', {}, [
          { field: 'agendaSessionId', reason: 'this session already has a running order' },
        ]);
      const roadshow = await em.save(
        em.create(Roadshow, {
          eventId,
          agendaSessionId: session.id,
          changeoverMinutes: dto.changeoverMinutes ?? 0,
          acceptedWarnings: null,
        }),
      );
      return this.viewOf(em, roadshow);
    });
  }

  async update(eventId: number, roadshowId: number, dto: UpdateRoadshowDto): Promise<RoadshowView> {
    return this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      if (dto.changeoverMinutes !== undefined) roadshow.changeoverMinutes = dto.changeoverMinutes;
      await em.save(roadshow);
      return this.viewOf(em, roadshow);
    });
  }

  async remove(eventId: number, roadshowId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      await em.delete(Roadshow, { id: roadshow.id });
    });
  }

  /** Accepts the current overrun (only that one: a different overrun is asked about again). */
  async acceptWarning(eventId: number, roadshowId: number, key: string): Promise<RoadshowView> {
    return this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      const view = await this.viewOf(em, roadshow);
      if (view.overrun?.key !== key)
        throw new RoadshowsError('warning_not_current', { key }, [
          { field: 'key', reason: 'is not a current warning of this roadshow' },
        ]);
      roadshow.acceptedWarnings = [...new Set([...(roadshow.acceptedWarnings ?? []), key])];
      await em.save(roadshow);
      return this.viewOf(em, roadshow);
    });
  }

  // ---- projects

  async addProject(
    eventId: number,
    roadshowId: number,
    dto: CreateProjectDto,
  ): Promise<{ project: RoadshowProject; view: RoadshowView }> {
    return this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      const position = await em.countBy(RoadshowProject, { roadshowId: roadshow.id });
      const organisationId = await this.organisationFor(em, dto);
      const project = await em.save(
        em.create(RoadshowProject, {
          roadshowId: roadshow.id,
          position,
          name: dto.name.trim(),
          nameEn: dto.nameEn?.trim() || null,
          summary: dto.summary?.trim() || null,
          summaryEn: dto.summaryEn?.trim() || null,
          organisationId,
          presenterId: dto.presenter ? await this.presenterFor(em, dto.presenter, organisationId) : null,
          categoryCode: dto.categoryCode
            ? (await this.categories.require(em, dto.categoryCode, 'categoryCode')).code
            : null,
          stage: dto.stage ?? null,
          seeks: dto.seeks ?? [],
          pitchMinutes: dto.pitchMinutes,
          qaMinutes: dto.qaMinutes ?? 0,
          achievementId: await this.achievementFor(em, dto.achievementId),
          publicToken: RoadshowLinks.newPublicToken(),
          presenterLinkVersion: 1,
          slidesBytes: null,
          slidesUploadedAt: null,
          leadsMailedAt: null,
        }),
      );
      return { project, view: await this.viewOf(em, roadshow) };
    });
  }

  async updateProject(
    eventId: number,
    projectId: number,
    dto: UpdateProjectDto,
  ): Promise<{ project: RoadshowProject; view: RoadshowView }> {
    return this.db.transaction(async (em) => {
      const { project, roadshow } = await this.project(em, eventId, projectId);
      if (dto.name !== undefined) project.name = dto.name.trim();
      if (dto.nameEn !== undefined) project.nameEn = dto.nameEn.trim() || null;
      if (dto.summary !== undefined) project.summary = dto.summary.trim() || null;
      if (dto.summaryEn !== undefined) project.summaryEn = dto.summaryEn.trim() || null;
      if (dto.organisationId !== undefined || dto.organisation !== undefined)
        project.organisationId = await this.organisationFor(em, dto);
      if (dto.presenter !== undefined)
        project.presenterId = await this.presenterFor(em, dto.presenter, project.organisationId);
      if (dto.categoryCode !== undefined)
        project.categoryCode = (await this.categories.require(em, dto.categoryCode, 'categoryCode')).code;
      if (dto.stage !== undefined) project.stage = dto.stage;
      if (dto.seeks !== undefined) project.seeks = dto.seeks;
      if (dto.pitchMinutes !== undefined) project.pitchMinutes = dto.pitchMinutes;
      if (dto.qaMinutes !== undefined) project.qaMinutes = dto.qaMinutes;
      if (dto.achievementId !== undefined) project.achievementId = await this.achievementFor(em, dto.achievementId);
      await em.save(project);
      return { project, view: await this.viewOf(em, roadshow) };
    });
  }

  async removeProject(eventId: number, projectId: number): Promise<RoadshowView> {
    return this.db.transaction(async (em) => {
      const { project, roadshow } = await this.project(em, eventId, projectId);
      await em.delete(RoadshowProject, { id: project.id });
      const rest = await em.find(RoadshowProject, { where: { roadshowId: roadshow.id }, order: { position: 'ASC' } });
      await this.renumber(
        em,
        rest.map((p) => p.id),
      );
      return this.viewOf(em, roadshow);
    });
  }

  /** Puts the projects in a new order (every project once); the times follow from the session start. */
  async reorder(eventId: number, roadshowId: number, projectIds: number[]): Promise<RoadshowView> {
    return this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      const current = await em.find(RoadshowProject, {
        where: { roadshowId: roadshow.id },
        order: { position: 'ASC' },
      });
      const problem = reorderProblem(
        current.map((p) => p.id),
        projectIds,
      );
      if (problem) throw new RoadshowsError('invalid_running_order', {}, [{ field: 'projectIds', reason: problem }]);
      await this.renumber(em, projectIds);
      return this.viewOf(em, roadshow);
    });
  }

  /** One place up or down (the console's arrows). */
  async move(eventId: number, projectId: number, direction: 'up' | 'down'): Promise<RoadshowView> {
    return this.db.transaction(async (em) => {
      const { roadshow } = await this.project(em, eventId, projectId);
      const current = await em.find(RoadshowProject, {
        where: { roadshowId: roadshow.id },
        order: { position: 'ASC' },
      });
      await this.renumber(
        em,
        moveOne(
          current.map((p) => p.id),
          projectId,
          direction,
        ),
      );
      return this.viewOf(em, roadshow);
    });
  }

  // ---- slides

  /** Keeps a project's slides: a PDF by its first bytes, at most 5 MB (else a 400 naming `file`). */
  async setSlides(eventId: number, projectId: number, file: UploadedSlides): Promise<RoadshowProject> {
    const problem = slidesProblem(file);
    if (problem) throw new RoadshowsError('slides_invalid', {}, [{ field: 'file', reason: problem }]);
    return this.db.transaction(async (em) => {
      const { project } = await this.project(em, eventId, projectId);
      await em.delete(RoadshowSlides, { projectId: project.id });
      await em.insert(RoadshowSlides, { projectId: project.id, data: file.data });
      project.slidesBytes = file.data.length;
      project.slidesUploadedAt = new Date();
      return em.save(project);
    });
  }

  /**
   * Revokes the presenter's link (it shows the leads: who asked and how to reach them) by raising its version; the
   * project's page and QR code are its public address and stay as they are.
   */
  async renewPresenterLink(eventId: number, projectId: number): Promise<RoadshowProject> {
    return this.db.transaction(async (em) => {
      const { project } = await this.project(em, eventId, projectId);
      await em.increment(RoadshowProject, { id: project.id }, 'presenterLinkVersion', 1);
      return em.findOneByOrFail(RoadshowProject, { id: project.id });
    });
  }

  async removeSlides(eventId: number, projectId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const { project } = await this.project(em, eventId, projectId);
      await em.delete(RoadshowSlides, { projectId: project.id });
      await em.update(RoadshowProject, { id: project.id }, { slidesBytes: null, slidesUploadedAt: null });
    });
  }

  async slides(projectId: number): Promise<Buffer> {
    const slides = await this.db.manager.findOneBy(RoadshowSlides, { projectId });
    if (!slides) throw new RoadshowsError('slides_not_found', { projectId });
    return slides.data;
  }

  // ---- criteria and judges

  /** Replaces the criteria: those given with an id keep their scores, new ones are added, the rest removed. */
  async setCriteria(eventId: number, roadshowId: number, criteria: CriterionDto[]): Promise<RoadshowCriterion[]> {
    return this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      const existing = await em.findBy(RoadshowCriterion, { roadshowId: roadshow.id });
      const problems = criteria.flatMap((c, i) =>
        c.id !== undefined && !existing.some((e) => e.id === c.id)
          ? [{ field: `criteria.${i}.id`, reason: 'not a criterion of this roadshow' }]
          : [],
      );
      const names = criteria.map((c) => c.name.trim().toLowerCase());
      names.forEach((name, i) => {
        if (names.indexOf(name) !== i)
          problems.push({ field: `criteria.${i}.name`, reason: 'two criteria have this name' });
      });
      if (problems.length) throw new RoadshowsError('criterion_invalid', {}, problems);
      const kept = new Set(criteria.map((c) => c.id).filter((id) => id !== undefined));
      const removed = existing.filter((e) => !kept.has(e.id)).map((e) => e.id);
      if (removed.length) await em.delete(RoadshowCriterion, { id: In(removed) });
      for (const [position, c] of criteria.entries()) {
        const values = { name: c.name.trim(), nameEn: c.nameEn?.trim() || null, weight: c.weight, position };
        if (c.id !== undefined) await em.update(RoadshowCriterion, { id: c.id }, values);
        else await em.insert(RoadshowCriterion, { roadshowId: roadshow.id, ...values });
      }
      return em.find(RoadshowCriterion, { where: { roadshowId: roadshow.id }, order: { position: 'ASC', id: 'ASC' } });
    });
  }

  judges(roadshowId: number): Promise<(RoadshowJudge & { person: Person & { organisation: Organisation | null } })[]> {
    return this.db.manager.find(RoadshowJudge, {
      where: { roadshowId },
      relations: { person: { organisation: true } },
      order: { id: 'ASC' },
    }) as Promise<(RoadshowJudge & { person: Person & { organisation: Organisation | null } })[]>;
  }

  /** Designates a judge: a directory person (found or added by name, organisation and email). */
  async addJudge(eventId: number, roadshowId: number, dto: JudgeDto): Promise<RoadshowJudge> {
    return this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      const personId = await this.personFor(em, dto, 'personId');
      if (await em.existsBy(RoadshowJudge, { roadshowId: roadshow.id, personId }))
        throw new RoadshowsError('judge_exists', {}, [
          { field: 'name', reason: 'is a judge of this roadshow already' },
        ]);
      return em.save(em.create(RoadshowJudge, { roadshowId: roadshow.id, personId, linkVersion: 1 }));
    });
  }

  async removeJudge(eventId: number, roadshowId: number, judgeId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      const deleted = await em.delete(RoadshowJudge, { id: judgeId, roadshowId: roadshow.id });
      if (!deleted.affected) throw new RoadshowsError('judge_not_found', { id: judgeId });
    });
  }

  /** Revokes a judge's scoring link by raising its version; the judge and their scores stay. */
  async renewJudgeLink(eventId: number, roadshowId: number, judgeId: number): Promise<RoadshowJudge> {
    return this.db.transaction(async (em) => {
      const roadshow = await this.roadshow(em, eventId, roadshowId);
      const judge = await em.findOneBy(RoadshowJudge, { id: judgeId, roadshowId: roadshow.id });
      if (!judge) throw new RoadshowsError('judge_not_found', { id: judgeId });
      await em.increment(RoadshowJudge, { id: judge.id }, 'linkVersion', 1);
      return em.findOneByOrFail(RoadshowJudge, { id: judge.id });
    });
  }

  // ---- helpers

  async viewOf(em: EntityManager, roadshow: Roadshow): Promise<RoadshowView> {
    // One after the other: inside a transaction `em` is one PostgreSQL connection, which runs one query at a time.
    const session = await em.findOneByOrFail(Session, { id: roadshow.agendaSessionId });
    const event = await em.findOneByOrFail(Event, { id: roadshow.eventId });
    const projects = await em.find(RoadshowProject, {
      where: { roadshowId: roadshow.id },
      relations: { organisation: true, presenter: true },
      order: { position: 'ASC', id: 'ASC' },
    });
    const criteria = await em.find(RoadshowCriterion, {
      where: { roadshowId: roadshow.id },
      order: { position: 'ASC', id: 'ASC' },
    });
    const categories = await this.categories.byCode(em);
    const order = runningOrder(session, projects, { changeoverMinutes: roadshow.changeoverMinutes });
    const overrun = overrunWarning(roadshow.id, session, order);
    const accepted = new Set(roadshow.acceptedWarnings ?? []);
    return {
      roadshow,
      session,
      event,
      projects: projects.map((project, i) => ({
        project: project as ProjectView['project'],
        category: project.categoryCode ? (categories.get(project.categoryCode) ?? null) : null,
        timing: order.pitches[i],
      })),
      order,
      criteria,
      overrun,
      warnings: overrun && !accepted.has(overrun.key) ? [overrun] : [],
    };
  }

  async roadshow(em: EntityManager, eventId: number, roadshowId: number): Promise<Roadshow> {
    const roadshow = await em.findOneBy(Roadshow, { id: roadshowId, eventId });
    if (!roadshow) throw new RoadshowsError('roadshow_not_found', { id: roadshowId });
    return roadshow;
  }

  async project(
    em: EntityManager,
    eventId: number,
    projectId: number,
  ): Promise<{ project: RoadshowProject; roadshow: Roadshow }> {
    const project = await em.findOneBy(RoadshowProject, { id: projectId });
    const roadshow = project ? await em.findOneBy(Roadshow, { id: project.roadshowId, eventId }) : null;
    if (!project || !roadshow) throw new RoadshowsError('project_not_found', { id: projectId });
    return { project, roadshow };
  }

  private async renumber(em: EntityManager, ids: number[]): Promise<void> {
    for (const [position, id] of ids.entries()) await em.update(RoadshowProject, { id }, { position });
  }

  private async organisationFor(em: EntityManager, dto: { organisationId?: number; organisation?: string }) {
    if (dto.organisationId !== undefined) {
      if (!(await em.existsBy(Organisation, { id: dto.organisationId })))
        throw new RoadshowsError('organisation_not_found', {}, [
          { field: 'organisationId', reason: 'no such organisation' },
        ]);
      return dto.organisationId;
    }
    return (await this.directory.resolveOrganisationIn(em, { name: dto.organisation! })).organisation.id;
  }

  /** The presenter: the person named by id, or the directory's person of that email (or name in the organisation). */
  private async presenterFor(em: EntityManager, dto: PresenterDto, organisationId: number): Promise<number> {
    if (dto.personId !== undefined) return this.personFor(em, dto, 'presenter.personId');
    const { person } = await this.directory.resolvePersonIn(em, {
      name: dto.name!,
      nameEn: dto.nameEn,
      email: dto.email,
      title: dto.title,
      titleEn: dto.titleEn,
      organisationId,
    });
    return person.id;
  }

  private async personFor(
    em: EntityManager,
    dto: { personId?: number; name?: string; organisation?: string; title?: string; email?: string },
    field: string,
  ): Promise<number> {
    if (dto.personId !== undefined) {
      if (!(await em.existsBy(Person, { id: dto.personId })))
        throw new RoadshowsError('person_not_found', {}, [{ field, reason: 'no such person' }]);
      return dto.personId;
    }
    const organisation = dto.organisation
      ? (await this.directory.resolveOrganisationIn(em, { name: dto.organisation })).organisation
      : null;
    const { person } = await this.directory.resolvePersonIn(em, {
      name: dto.name!,
      email: dto.email,
      title: dto.title,
      organisationId: organisation?.id ?? null,
    });
    return person.id;
  }

  private async achievementFor(em: EntityManager, id: number | null | undefined): Promise<number | null> {
    if (id === undefined || id === null) return null;
    if (!(await em.existsBy(Achievement, { id, status: 'active' })))
      throw new RoadshowsError('achievement_not_found', { id }, [
        { field: 'achievementId', reason: 'no such achievement in the library' },
      ]);
    return id;
  }

  private async event(em: EntityManager, eventId: number): Promise<Event> {
    const event = await em.findOneBy(Event, { id: eventId });
    if (!event) throw new EventsError('event_not_found', { id: eventId });
    return event;
  }
}
