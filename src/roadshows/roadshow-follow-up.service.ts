import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { Session } from '../agenda/session.entity.js';
import { Database } from '../database/database.service.js';
import { Person } from '../directory/person.entity.js';
import { Event } from '../events/event.entity.js';
import { countsByKind, RoadshowLeadsService } from './roadshow-leads.service.js';
import { RoadshowMail } from './roadshow-mail.service.js';
import { RoadshowProject } from './roadshow-project.entity.js';
import { Roadshow } from './roadshow.entity.js';

/** The job's interval in the SchedulerRegistry. */
const INTERVAL = 'roadshow-follow-up';
const EVERY_MS = 60_000;

/**
 * After a roadshow's session has ended, each presenter (with an email) gets their project's leads by email, once.
 * A job on `@nestjs/schedule` looks every minute; each project is claimed with a conditional update of
 * `leadsMailedAt` in the transaction that writes the email to the outbox, so several instances (or a rerun) never
 * mail twice and a crash mails neither. `sendDue(now)` takes the clock, so tests move it instead of waiting.
 */
@Injectable()
export class RoadshowFollowUp implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Roadshows');
  private running?: Promise<unknown>;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RoadshowLeadsService) private readonly leads: RoadshowLeadsService,
    @Inject(RoadshowMail) private readonly mail: RoadshowMail,
    @Inject(SchedulerRegistry) private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const interval = setInterval(() => {
      if (this.running) return;
      this.running = this.sendDue(new Date())
        .catch((error: unknown) => this.logger.error(`Roadshow follow-up failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, EVERY_MS);
    interval.unref?.();
    this.scheduler.addInterval(INTERVAL, interval);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL)) this.scheduler.deleteInterval(INTERVAL);
    await this.running;
  }

  /** Mails the leads of every project whose session ended by `now` and whose presenter has not had them. Answers how many. */
  async sendDue(now: Date): Promise<number> {
    const ended = await this.db.manager.find(Session, {
      where: { kind: 'roadshow', endsAt: LessThanOrEqual(now), cancelledAt: IsNull() },
      select: { id: true },
    });
    if (!ended.length) return 0;
    const roadshows = await this.db.manager.find(Roadshow, {
      where: { agendaSessionId: In(ended.map((s) => s.id)) },
      order: { id: 'ASC' },
    });
    let sent = 0;
    for (const roadshow of roadshows) {
      const event = await this.db.manager.findOneByOrFail(Event, { id: roadshow.eventId });
      if (event.status === 'draft') continue;
      const due = await this.db.manager.find(RoadshowProject, {
        where: { roadshowId: roadshow.id, leadsMailedAt: IsNull(), presenterId: Not(IsNull()) },
        order: { position: 'ASC' },
      });
      for (const project of due) if (await this.sendOne(roadshow, event, project.id, now)) sent += 1;
    }
    return sent;
  }

  private sendOne(roadshow: Roadshow, event: Event, projectId: number, now: Date): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const project = await em.findOneBy(RoadshowProject, { id: projectId });
      const presenter = project?.presenterId ? await em.findOneBy(Person, { id: project.presenterId }) : null;
      if (!project || !presenter?.email) return false;
      const claimed = await em.update(
        RoadshowProject,
        { id: project.id, leadsMailedAt: IsNull() },
        { leadsMailedAt: now },
      );
      if (!claimed.affected) return false;
      const session = await em.findOneByOrFail(Session, { id: roadshow.agendaSessionId });
      const rows = await this.leads.rows([project], em);
      await this.mail.leads(
        em,
        { event, session, project, presenter: presenter as Person & { email: string } },
        rows.map((r) => ({
          kind: r.kind,
          name: r.name,
          organisation: r.organisation,
          title: r.title,
          email: r.email,
          message: r.message,
          at: r.createdAt,
        })),
        countsByKind(rows),
      );
      return true;
    });
  }
}
