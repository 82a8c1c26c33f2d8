import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { Session } from '../agenda/session.entity.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { DirectoryService } from '../directory/directory.service.js';
import { Achievement, type Maturity } from '../matchmaking/achievement.entity.js';
import { RoadshowCriterion } from './roadshow-criterion.entity.js';
import { RoadshowJudge } from './roadshow-judge.entity.js';
import { RoadshowLinks } from './roadshow-links.service.js';
import { RoadshowProject, type ProjectSeek } from './roadshow-project.entity.js';
import { Roadshow } from './roadshow.entity.js';

interface DemoRoadshow {
  event: string;
  /** The title of the agenda session (of kind roadshow) the running order belongs to. */
  session: string;
  changeoverMinutes: number;
  projects: {
    name: string;
    nameEn?: string;
    summary?: string;
    summaryEn?: string;
    organisation: string;
    presenter: { name: string; title?: string; titleEn?: string };
    category?: string;
    stage?: Maturity;
    seeks: ProjectSeek[];
    pitchMinutes: number;
    qaMinutes: number;
    /** The title of the library achievement it presents, when the demo library has it. */
    achievement?: string;
  }[];
  criteria: { name: string; nameEn?: string; weight: number }[];
  judges: { name: string; organisation?: string; title?: string }[];
}

const DIR = join(PROJECT_ROOT, 'data', 'demo', 'roadshows');

/**
 * The demo's roadshows (data/demo/roadshows/<event key>.json): the running order of the event's roadshow session
 * with its projects in the article's order, their presenting organisations and presenters in the directory (emails
 * at example.com, so the after-session email has somewhere to go), links to the demo library's achievements, the
 * judges' criteria and two judges. Run after the agenda and the libraries, in the demo loader's transaction.
 */
@Injectable()
export class RoadshowsDemo {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  async loadIn(em: EntityManager, demoKey: string, eventId: number): Promise<void> {
    const file = join(DIR, `${demoKey}.json`);
    if (!existsSync(file)) return;
    const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoRoadshow;
    const session = await em.findOneBy(Session, { eventId, kind: 'roadshow', title: demo.session });
    if (!session) throw new Error(`Demo roadshows ${demoKey}: no roadshow session "${demo.session}"`);
    const roadshow = await em.save(
      em.create(Roadshow, {
        eventId,
        agendaSessionId: session.id,
        changeoverMinutes: demo.changeoverMinutes,
        acceptedWarnings: null,
      }),
    );
    for (const [position, p] of demo.projects.entries()) {
      const { organisation } = await this.directory.resolveOrganisationIn(em, { name: p.organisation });
      const { person } = await this.directory.resolvePersonIn(em, {
        ...p.presenter,
        email: `demo.roadshow.${position + 1}@example.com`,
        organisationId: organisation.id,
      });
      const achievement = p.achievement
        ? await em.findOneBy(Achievement, { title: p.achievement, status: 'active' })
        : null;
      await em.insert(RoadshowProject, {
        roadshowId: roadshow.id,
        position,
        name: p.name,
        nameEn: p.nameEn ?? null,
        summary: p.summary ?? null,
        summaryEn: p.summaryEn ?? null,
        organisationId: organisation.id,
        presenterId: person.id,
        categoryCode: p.category ?? null,
        stage: p.stage ?? null,
        seeks: p.seeks,
        pitchMinutes: p.pitchMinutes,
        qaMinutes: p.qaMinutes,
        achievementId: achievement?.id ?? null,
        publicToken: RoadshowLinks.newPublicToken(),
        presenterLinkVersion: 1,
        slidesBytes: null,
        slidesUploadedAt: null,
        leadsMailedAt: null,
      });
    }
    for (const [position, c] of demo.criteria.entries()) {
      await em.insert(RoadshowCriterion, {
        roadshowId: roadshow.id,
        name: c.name,
        nameEn: c.nameEn ?? null,
        weight: c.weight,
        position,
      });
    }
    for (const j of demo.judges) {
      const organisation = j.organisation
        ? (await this.directory.resolveOrganisationIn(em, { name: j.organisation })).organisation
        : null;
      const { person } = await this.directory.resolvePersonIn(em, {
        name: j.name,
        title: j.title,
        organisationId: organisation?.id ?? null,
      });
      await em.insert(RoadshowJudge, { roadshowId: roadshow.id, personId: person.id, linkVersion: 1 });
    }
  }
}
