import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../common/auth.decorators.js';
import { DomainError, type FieldProblem } from '../../common/domain-error.js';
import { ParseIdPipe } from '../../common/id.js';
import { EventsService } from '../../events/events.service.js';
import { MATURITIES } from '../../matchmaking/achievement.entity.js';
import { MatchCategoriesService } from '../../matchmaking/match-categories.service.js';
import { sendDownload } from '../../registration/registration-files.controller.js';
import { cleanFormBody, submitForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { MAX_SLIDES_BYTES } from '../domain/slides.js';
import {
  CreateProjectDto,
  CreateRoadshowDto,
  CriteriaDto,
  JudgeDto,
  UpdateProjectDto,
  UpdateRoadshowDto,
} from '../dto/roadshows.dto.js';
import { PROJECT_SEEKS } from '../roadshow-project.entity.js';
import { RoadshowLeadsService } from '../roadshow-leads.service.js';
import { RoadshowLinks } from '../roadshow-links.service.js';
import { RoadshowScoresService } from '../roadshow-scores.service.js';
import { uploadedSlides } from '../roadshows.controller.js';
import { RoadshowsService, type RoadshowView } from '../roadshows.service.js';
import { criteriaValues, formProblems, projectValues } from './roadshow-forms.js';
import { explainProblems } from '../../web/field-messages.js';
import { ROADSHOWS_CSS } from './roadshow-pages.controller.js';

const whole = (value: unknown): unknown =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;

/** What the console page shows after a refused form: the problems, what was typed, and which form it was. */
interface Refused {
  errors: FieldProblem[];
  values: Record<string, unknown>;
  /** `new`, `project-<id>`, `criteria`, `judge`, `settings`, `slides-<id>`, `create`. */
  form: string;
}

/**
 * The organisers' roadshow console (/console/events/:id/roadshows): the running order with computed times, arrows
 * to reorder, each project's form, slides, QR code and presenter link; the overrun warning to accept or fix; the
 * criteria and judges; and the leads page (interest counts, scores, leads, .xlsx).
 */
@ApiExcludeController()
@Controller('console/events/:id/roadshows')
export class ConsoleRoadshowsController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly roadshows: RoadshowsService,
    private readonly leads: RoadshowLeadsService,
    private readonly scores: RoadshowScoresService,
    private readonly links: RoadshowLinks,
    private readonly categories: MatchCategoriesService,
  ) {}

  @Get()
  @Roles('organiser')
  async page(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query('roadshow') roadshow?: string,
  ): Promise<Html> {
    return this.render(request, id, /^\d{1,9}$/.test(roadshow ?? '') ? Number(roadshow) : undefined);
  }

  @Post()
  @Roles('organiser')
  async create(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number, @Body() body: unknown) {
    const values = cleanFormBody(body);
    return submitForm(
      CreateRoadshowDto,
      { agendaSessionId: whole(values.agendaSessionId), changeoverMinutes: whole(values.changeoverMinutes) },
      {
        onValid: async (dto) => {
          const view = await this.roadshows.create(id, dto);
          return redirect(this.url(id, view.roadshow.id), { kind: 'success', key: 'roadshows.console.created' });
        },
        onInvalid: (errors) => this.render(request, id, undefined, { errors, values, form: 'create' }),
      },
    );
  }

  @Post(':roadshowId')
  @Roles('organiser')
  async settings(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    return submitForm(
      UpdateRoadshowDto,
      { changeoverMinutes: whole(values.changeoverMinutes) },
      {
        onValid: async (dto) => {
          await this.roadshows.update(id, roadshowId, dto);
          return redirect(this.url(id, roadshowId), { kind: 'success', key: 'roadshows.console.saved' });
        },
        onInvalid: (errors) => this.render(request, id, roadshowId, { errors, values, form: 'settings' }),
      },
    );
  }

  @Post(':roadshowId/delete')
  @Roles('organiser')
  async remove(@Param('id', ParseIdPipe) id: number, @Param('roadshowId', ParseIdPipe) roadshowId: number) {
    await this.roadshows.remove(id, roadshowId);
    return redirect(`/console/events/${id}/roadshows`, { kind: 'success', key: 'roadshows.console.deleted' });
  }

  @Post(':roadshowId/accept-warning')
  @Roles('organiser')
  async accept(
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const raw = cleanFormBody(body).key;
    const key = typeof raw === 'string' ? raw : '';
    await this.roadshows.acceptWarning(id, roadshowId, key);
    return redirect(this.url(id, roadshowId), { kind: 'success', key: 'roadshows.console.accepted' });
  }

  @Post(':roadshowId/projects')
  @Roles('organiser')
  async addProject(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    return submitForm(CreateProjectDto, projectValues(values), {
      onValid: async (dto) => {
        const { project } = await this.roadshows.addProject(id, roadshowId, dto);
        return redirect(`${this.url(id, roadshowId)}#p-${project.id}`, {
          kind: 'success',
          key: 'roadshows.console.added',
          params: { name: project.name },
        });
      },
      onInvalid: (errors) => this.render(request, id, roadshowId, { errors, values, form: 'new' }),
    });
  }

  @Post(':roadshowId/projects/:projectId')
  @Roles('organiser')
  async updateProject(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    return submitForm(UpdateProjectDto, projectValues(values, { update: true }), {
      onValid: async (dto) => {
        await this.roadshows.updateProject(id, projectId, dto);
        return redirect(`${this.url(id, roadshowId)}#p-${projectId}`, {
          kind: 'success',
          key: 'roadshows.console.saved',
        });
      },
      onInvalid: (errors) => this.render(request, id, roadshowId, { errors, values, form: `project-${projectId}` }),
    });
  }

  @Post(':roadshowId/projects/:projectId/move')
  @Roles('organiser')
  async move(
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const direction = cleanFormBody(body).direction === 'up' ? 'up' : 'down';
    await this.roadshows.move(id, projectId, direction);
    return redirect(`${this.url(id, roadshowId)}#p-${projectId}`);
  }

  @Post(':roadshowId/projects/:projectId/delete')
  @Roles('organiser')
  async removeProject(
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
  ): Promise<Redirect> {
    await this.roadshows.removeProject(id, projectId);
    return redirect(`${this.url(id, roadshowId)}#order`, { kind: 'success', key: 'roadshows.console.removed' });
  }

  @Post(':roadshowId/projects/:projectId/slides')
  @Roles('organiser')
  async slides(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
    @Body() body: unknown,
  ) {
    try {
      await this.roadshows.setSlides(id, projectId, uploadedSlides(body));
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'invalid')
        return this.render(request, id, roadshowId, { errors: error.fields, values: {}, form: `slides-${projectId}` });
      throw error;
    }
    return redirect(`${this.url(id, roadshowId)}#p-${projectId}`, {
      kind: 'success',
      key: 'roadshows.console.slidesSaved',
    });
  }

  @Post(':roadshowId/criteria')
  @Roles('organiser')
  async criteria(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    return submitForm(CriteriaDto, criteriaValues(values), {
      onValid: async (dto) => {
        await this.roadshows.setCriteria(id, roadshowId, dto.criteria);
        return redirect(`${this.url(id, roadshowId)}#judging`, { kind: 'success', key: 'roadshows.console.saved' });
      },
      onInvalid: (errors) => this.render(request, id, roadshowId, { errors, values, form: 'criteria' }),
    });
  }

  @Post(':roadshowId/judges')
  @Roles('organiser')
  async addJudge(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    return submitForm(JudgeDto, values, {
      onValid: async (dto) => {
        const judge = await this.roadshows.addJudge(id, roadshowId, dto);
        return redirect(`${this.url(id, roadshowId)}#judging`, {
          kind: 'success',
          key: 'roadshows.console.judgeAdded',
          params: { url: await this.links.judgeUrl(judge) },
        });
      },
      onInvalid: (errors) => this.render(request, id, roadshowId, { errors, values, form: 'judge' }),
    });
  }

  @Post(':roadshowId/judges/:judgeId/delete')
  @Roles('organiser')
  async removeJudge(
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Param('judgeId', ParseIdPipe) judgeId: number,
  ): Promise<Redirect> {
    await this.roadshows.removeJudge(id, roadshowId, judgeId);
    return redirect(`${this.url(id, roadshowId)}#judging`, { kind: 'success', key: 'roadshows.console.judgeRemoved' });
  }

  @Post(':roadshowId/judges/:judgeId/renew-link')
  @Roles('organiser')
  async renewJudgeLink(
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Param('judgeId', ParseIdPipe) judgeId: number,
  ): Promise<Redirect> {
    await this.roadshows.renewJudgeLink(id, roadshowId, judgeId);
    return redirect(`${this.url(id, roadshowId)}#judge-${judgeId}`, {
      kind: 'success',
      key: 'roadshows.console.linkRenewed',
    });
  }

  @Post(':roadshowId/projects/:projectId/presenter-link/renew')
  @Roles('organiser')
  async renewPresenterLink(
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
  ): Promise<Redirect> {
    await this.roadshows.renewPresenterLink(id, projectId);
    return redirect(`${this.url(id, roadshowId)}#p-${projectId}`, {
      kind: 'success',
      key: 'roadshows.console.linkRenewed',
    });
  }

  // ---- leads and scores

  @Get(':roadshowId/leads')
  @Roles('organiser')
  async leadsPage(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
  ): Promise<Html> {
    const view = await this.roadshows.get(id, roadshowId);
    const projects = view.projects.map((p) => p.project);
    const [counts, rows, results] = await Promise.all([
      this.leads.counts(projects.map((p) => p.id)),
      this.leads.rows(projects),
      this.scores.results(view),
    ]);
    return this.views.page(
      request,
      'console/roadshow-leads',
      {
        event: view.event,
        timezone: view.event.timezone,
        pageCss: ROADSHOWS_CSS,
        session: view.session,
        roadshow: view.roadshow,
        criteria: view.criteria,
        projects: view.projects.map((p) => ({
          ...p,
          counts: counts.get(p.project.id),
          score: results.find((s) => s.projectId === p.project.id),
        })),
        leads: rows,
      },
      { title: 'roadshows.leads.title', area: 'console' },
    );
  }

  @Get(':roadshowId/leads.xlsx')
  @Roles('organiser')
  async export(
    @Param('id', ParseIdPipe) id: number,
    @Param('roadshowId', ParseIdPipe) roadshowId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendDownload(reply, await this.leads.export(await this.roadshows.get(id, roadshowId)));
  }

  // ---- helpers

  private url(id: number, roadshowId: number): string {
    return `/console/events/${id}/roadshows?roadshow=${roadshowId}`;
  }

  private async render(
    request: FastifyRequest,
    id: number,
    roadshowId: number | undefined,
    refused?: Refused,
  ): Promise<Html> {
    const event = await this.events.get(id);
    const all = await this.roadshows.list(id, { includeCancelled: true });
    const current: RoadshowView | undefined =
      roadshowId !== undefined ? await this.roadshows.get(id, roadshowId) : all[0];
    const [free, categories, achievements, judges] = await Promise.all([
      this.roadshows.freeSessions(id),
      this.categories.list(),
      this.roadshows.achievementChoices(id),
      current ? this.roadshows.judges(current.roadshow.id) : Promise.resolve([]),
    ]);
    const counts = current ? await this.leads.counts(current.projects.map((p) => p.project.id)) : new Map();
    const scope =
      refused?.form === 'judge'
        ? 'roadshows.judgeForm'
        : refused?.form === 'criteria'
          ? 'roadshows.criteriaForm'
          : 'roadshows.form';
    const explained = refused
      ? explainProblems(this.views.translator, request.locale, formProblems(refused.errors), {
          scope,
          values: refused.values,
        })
      : [];
    const formErrors = (form: string) => (refused?.form === form ? explained : []);
    const projects = current
      ? await Promise.all(
          current.projects.map(async (p, i) => {
            const form = `project-${p.project.id}`;
            const typed = refused?.form === form ? refused.values : undefined;
            return {
              ...p,
              first: i === 0,
              last: i === current.projects.length - 1,
              over: current.overrun?.projectIds.includes(p.project.id) ?? false,
              counts: counts.get(p.project.id),
              path: this.links.projectPath(p.project),
              presenterUrl: await this.links.presenterUrl(p.project),
              errors: formErrors(form),
              slidesErrors: formErrors(`slides-${p.project.id}`),
              open: refused?.form === form || refused?.form === `slides-${p.project.id}`,
              values: typed ?? {
                name: p.project.name,
                nameEn: p.project.nameEn,
                summary: p.project.summary,
                summaryEn: p.project.summaryEn,
                organisation: p.project.organisation.name,
                presenterName: p.project.presenter?.name,
                presenterTitle: p.project.presenter?.title,
                presenterEmail: p.project.presenter?.email,
                categoryCode: p.project.categoryCode ?? '',
                stage: p.project.stage ?? '',
                seeks: p.project.seeks,
                pitchMinutes: p.project.pitchMinutes,
                qaMinutes: p.project.qaMinutes,
                achievementId: p.project.achievementId ?? 'none',
              },
            };
          }),
        )
      : [];
    const criteriaRows = current
      ? [
          ...current.criteria.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, weight: c.weight })),
          { id: undefined, name: '', nameEn: '', weight: '' },
          { id: undefined, name: '', nameEn: '', weight: '' },
        ].map((row, index) => ({ ...row, index }))
      : [];
    const status = refused?.errors.length ? 400 : 200;
    return this.views.page(
      request,
      'console/roadshows',
      {
        event,
        timezone: event.timezone,
        pageCss: ROADSHOWS_CSS,
        roadshows: all.map((v) => ({ id: v.roadshow.id, session: v.session })),
        current,
        projects,
        criteriaRows,
        judges: await Promise.all(judges.map(async (j) => ({ ...j, url: await this.links.judgeUrl(j) }))),
        free,
        categoryOptions: [
          { value: '', label: '—' },
          ...categories.map((c) => ({ value: c.code, label: c.name, labelEn: c.nameEn })),
        ],
        stages: MATURITIES,
        seeks: PROJECT_SEEKS,
        achievements,
        maxSlidesMb: MAX_SLIDES_BYTES / 1024 / 1024,
        refused,
        newErrors: formErrors('new'),
        newValues: refused?.form === 'new' ? refused.values : { pitchMinutes: 8, qaMinutes: 4, achievementId: 'none' },
        createErrors: formErrors('create'),
        settingsErrors: formErrors('settings'),
        criteriaErrors: formErrors('criteria'),
        judgeErrors: formErrors('judge'),
        judgeValues: refused?.form === 'judge' ? refused.values : {},
      },
      { title: 'roadshows.console.title', area: 'console', status },
    );
  }
}
