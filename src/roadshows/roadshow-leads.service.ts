import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { In, type EntityManager } from 'typeorm';
import { ROADSHOW_LEAD } from '../common/domain-events.js';
import { utcToLocalInput } from '../common/time.js';
import { Database } from '../database/database.service.js';
import { Person } from '../directory/person.entity.js';
import { Registration } from '../registration/registration.entity.js';
import { writeSheet } from '../spreadsheet/write-sheet.js';
import type { LeadDto } from './dto/roadshows.dto.js';
import { roadshowLeadEvent } from './roadshow-lead-event.js';
import { LEAD_KINDS, RoadshowLead, type LeadKind } from './roadshow-lead.entity.js';
import { RoadshowMail } from './roadshow-mail.service.js';
import { RoadshowProject } from './roadshow-project.entity.js';
import { Roadshow } from './roadshow.entity.js';
import { RoadshowsError } from './roadshows.errors.js';
import { RoadshowsService, type RoadshowView } from './roadshows.service.js';

/** A lead with who left it: what organisers and the presenter see (and the export writes). */
export interface LeadRow {
  id: number;
  projectId: number;
  project: string;
  kind: LeadKind;
  message: string | null;
  /** When it was recorded (a message rewritten later keeps its first time; `updatedAt` has the last). */
  createdAt: Date;
  updatedAt: Date;
  registrationId: number;
  name: string;
  organisation: string;
  title: string | null;
  email: string;
}

export type LeadCounts = Record<LeadKind, number> & { people: number };

const EMPTY_COUNTS = (): LeadCounts => ({ interest: 0, meeting: 0, message: 0, people: 0 });

/** How a kind reads in the export (both languages in one cell, as the other exports' headers do). */
const KIND_LABELS: Record<LeadKind, string> = {
  interest: '感兴趣 Interested',
  meeting: '约见 Meeting',
  message: '留言 Message',
};

/**
 * The audience's follow-up on roadshow projects (leads): recorded once per registration, project and kind (a repeat is
 * the same lead, a new message replaces the text), announced to other capabilities after the commit (ROADSHOW_LEAD),
 * a meeting request emailed to the presenter at once; counts, lists and the .xlsx export for organisers and presenters.
 */
@Injectable()
export class RoadshowLeadsService {
  private readonly logger = new Logger('Roadshows');

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RoadshowsService) private readonly roadshows: RoadshowsService,
    @Inject(RoadshowMail) private readonly mail: RoadshowMail,
    @Inject(EventEmitter2) private readonly events: EventEmitter2,
  ) {}

  /**
   * Records an attendee's lead on a project of their event. Idempotent: the same registration, project and kind is
   * one lead, announced and emailed once; a later message (or meeting note) replaces the text.
   */
  async record(
    projectId: number,
    registration: Registration,
    dto: LeadDto,
  ): Promise<{ lead: RoadshowLead; created: boolean }> {
    const message = dto.message?.trim() || null;
    const result = await this.db.transaction(async (em) => {
      const project = await em.findOneBy(RoadshowProject, { id: projectId });
      const roadshow = project ? await em.findOneBy(Roadshow, { id: project.roadshowId }) : null;
      if (!project || !roadshow || roadshow.eventId !== registration.eventId)
        throw new RoadshowsError('project_not_found', { id: projectId });
      const key = { registrationId: registration.id, projectId: project.id, kind: dto.kind };
      // Insert-or-ignore on the unique key: two taps at once (two instances on PostgreSQL) end with one lead. On
      // SQLite writes are queued, so the look-up first is exact; PostgreSQL answers the rows its insert wrote.
      let created = false;
      if (!(await em.existsBy(RoadshowLead, key))) {
        const inserted = await em
          .createQueryBuilder()
          .insert()
          .into(RoadshowLead)
          .values({ ...key, message })
          .orIgnore()
          .execute();
        created = !Array.isArray(inserted.raw) || inserted.raw.length > 0;
      }
      const lead = await em.findOneByOrFail(RoadshowLead, key);
      if (!created && message !== null && message !== lead.message) {
        await em.update(RoadshowLead, { id: lead.id }, { message });
        lead.message = message;
      }
      if (created && dto.kind === 'meeting') await this.mailMeeting(em, roadshow, project, registration, message);
      return { lead, created, project };
    });
    if (result.created) {
      const payload = roadshowLeadEvent(result.lead, result.project, registration);
      // After the commit; a listener's failure is logged, never the attendee's problem (a sweep re-announces).
      await this.events.emitAsync(ROADSHOW_LEAD, payload).catch((error: unknown) => {
        this.logger.error(`A ${ROADSHOW_LEAD} listener failed for lead ${result.lead.id}: ${String(error)}`);
      });
    }
    return { lead: result.lead, created: result.created };
  }

  /** The kinds of lead a registration has left on a project (to show what they did already). */
  async mine(projectId: number, registrationId: number): Promise<RoadshowLead[]> {
    return this.db.manager.find(RoadshowLead, { where: { projectId, registrationId }, order: { id: 'ASC' } });
  }

  /** Per project: how many marked interest, asked for a meeting, left a message, and how many people in all. */
  async counts(projectIds: number[]): Promise<Map<number, LeadCounts>> {
    const out = new Map(projectIds.map((id) => [id, EMPTY_COUNTS()]));
    if (!projectIds.length) return out;
    const leads = await this.db.manager.find(RoadshowLead, {
      where: { projectId: In(projectIds) },
      select: { projectId: true, kind: true, registrationId: true },
    });
    const people = new Map<number, Set<number>>();
    for (const lead of leads) {
      out.get(lead.projectId)![lead.kind] += 1;
      if (!people.has(lead.projectId)) people.set(lead.projectId, new Set());
      people.get(lead.projectId)!.add(lead.registrationId);
    }
    for (const [id, set] of people) out.get(id)!.people = set.size;
    return out;
  }

  /** The leads of some projects with who left them, in running order and then by time. */
  async rows(
    projects: Pick<RoadshowProject, 'id' | 'name'>[],
    em: EntityManager = this.db.manager,
  ): Promise<LeadRow[]> {
    if (!projects.length) return [];
    const leads = await em.find(RoadshowLead, {
      where: { projectId: In(projects.map((p) => p.id)) },
      relations: { registration: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const order = new Map(projects.map((p, i) => [p.id, i]));
    const names = new Map(projects.map((p) => [p.id, p.name]));
    return leads
      .sort((a, b) => order.get(a.projectId)! - order.get(b.projectId)!)
      .map((lead) => ({
        id: lead.id,
        projectId: lead.projectId,
        project: names.get(lead.projectId)!,
        kind: lead.kind,
        message: lead.message,
        createdAt: lead.createdAt,
        updatedAt: lead.updatedAt,
        registrationId: lead.registrationId,
        name: lead.registration!.name,
        organisation: lead.registration!.organisationName,
        title: lead.registration!.title,
        email: lead.registration!.email,
      }));
  }

  /** The leads of a roadshow, or of one of its projects, as an .xlsx sheet. */
  async export(
    view: RoadshowView,
    options: { projectId?: number } = {},
  ): Promise<{ filename: string; contentType: string; body: Buffer }> {
    const projects = view.projects
      .map((p) => p.project)
      .filter((p) => options.projectId === undefined || p.id === options.projectId);
    const rows = await this.rows(projects);
    const zone = view.event.timezone;
    const file = await writeSheet({
      format: 'xlsx',
      sheetName: '路演线索 Leads',
      filter: true,
      columns: [
        { key: 'project', label: { zh: '项目', en: 'Project' }, width: 36 },
        { key: 'kind', label: { zh: '类型', en: 'Kind' }, width: 16 },
        { key: 'name', label: { zh: '姓名', en: 'Name' }, width: 14 },
        { key: 'organisation', label: { zh: '单位', en: 'Organisation' }, width: 32 },
        { key: 'title', label: { zh: '职务', en: 'Title' }, width: 14 },
        { key: 'email', label: { zh: '邮箱', en: 'Email' }, width: 28 },
        { key: 'message', label: { zh: '留言', en: 'Message' }, width: 48 },
        { key: 'at', label: { zh: '时间', en: 'Time' }, width: 18 },
      ],
      rows: rows.map((r) => ({
        project: r.project,
        kind: KIND_LABELS[r.kind],
        name: r.name,
        organisation: r.organisation,
        title: r.title,
        email: r.email,
        message: r.message,
        at: localStamp(r.createdAt, zone),
      })),
    });
    const label = options.projectId !== undefined ? (projects[0]?.name ?? 'project') : view.session.title;
    return { filename: `路演线索-${label}.xlsx`, contentType: file.contentType, body: file.body };
  }

  private async mailMeeting(
    em: EntityManager,
    roadshow: Roadshow,
    project: RoadshowProject,
    attendee: Registration,
    message: string | null,
  ): Promise<void> {
    const presenter = project.presenterId ? await em.findOneBy(Person, { id: project.presenterId }) : null;
    if (!presenter?.email) return;
    const view = await this.roadshows.viewOf(em, roadshow);
    await this.mail.meetingRequested(
      em,
      { event: view.event, session: view.session, project, presenter: presenter as Person & { email: string } },
      attendee,
      message,
    );
  }
}

/** "2027-10-23 13:42" in the event's zone. */
export function localStamp(at: Date, zone: string): string {
  return utcToLocalInput(at, zone).replace('T', ' ');
}

export function countsByKind(rows: { kind: LeadKind }[]): Record<LeadKind, number> {
  return Object.fromEntries(LEAD_KINDS.map((k) => [k, rows.filter((r) => r.kind === k).length])) as Record<
    LeadKind,
    number
  >;
}
