import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RateLimit, Roles } from '../common/auth.decorators.js';
import { invalidField } from '../common/domain-error.js';
import { ParseIdPipe } from '../common/id.js';
import { EventsService } from '../events/events.service.js';
import { sendDownload } from '../registration/registration-files.controller.js';
import { isUploadedFile, type UploadedFile } from '../registration/registration-import.service.js';
import {
  AcceptWarningDto,
  CreateProjectDto,
  CreateRoadshowDto,
  CriteriaDto,
  JudgeDto,
  ReorderProjectsDto,
  UpdateProjectDto,
  UpdateRoadshowDto,
} from './dto/roadshows.dto.js';
import { leadJson, projectJson, roadshowAdminJson, roadshowJson, scoreJson, warningJson } from './roadshow-json.js';
import { RoadshowLeadsService } from './roadshow-leads.service.js';
import { RoadshowLinks } from './roadshow-links.service.js';
import { RoadshowScoresService } from './roadshow-scores.service.js';
import { RoadshowsService, type RoadshowView } from './roadshows.service.js';

/** The multipart field `file` of an upload, or a 400 naming it. */
export function uploadedSlides(body: unknown): UploadedFile {
  const file = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined;
  if (!isUploadedFile(file)) throw invalidField('file', 'a PDF file is required (multipart/form-data, field "file")');
  return file;
}

/** Sends slides as a PDF the browser shows, never sniffs into anything else. */
export function sendPdf(reply: FastifyReply, data: Buffer, filename: string, disposition: 'inline' | 'attachment') {
  void reply
    .header('content-type', 'application/pdf')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `${disposition}; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    )
    .header('cache-control', 'private, max-age=300');
  return data;
}

/**
 * Roadshows in the API: the public running orders of a published event (each project's computed `startsAt`), and
 * the organisers' changes under /api/events/:eventId/roadshows/… (one line per handler; the rules are the services').
 */
@ApiTags('roadshows')
@ApiBearerAuth()
@Controller('api/events/:eventId/roadshows')
export class RoadshowsController {
  constructor(
    private readonly roadshows: RoadshowsService,
    private readonly leads: RoadshowLeadsService,
    private readonly scores: RoadshowScoresService,
    private readonly links: RoadshowLinks,
    private readonly events: EventsService,
  ) {}

  @Get()
  @Public()
  @RateLimit({ name: 'roadshows-api', limit: 120, windowSeconds: 60 })
  @ApiOperation({ summary: 'The running orders of a published event, each project with its computed startsAt' })
  async list(@Param('eventId', ParseIdPipe) eventId: number, @Req() request: FastifyRequest) {
    await this.events.visible(request.principal ?? null, eventId);
    return (await this.roadshows.list(eventId)).map((view) => roadshowJson(view, this.links));
  }

  @Post()
  @Roles('organiser')
  @ApiOperation({ summary: 'Gives an agenda session of kind roadshow a running order' })
  async create(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: CreateRoadshowDto) {
    return this.admin(await this.roadshows.create(eventId, dto));
  }

  @Get(':roadshowId')
  @Roles('organiser')
  @ApiOperation({ summary: 'The running order with warnings, criteria, lead counts, scores and presenter links' })
  async get(@Param('eventId', ParseIdPipe) eventId: number, @Param('roadshowId', ParseIdPipe) id: number) {
    const view = await this.roadshows.get(eventId, id);
    return roadshowAdminJson(view, this.links, {
      counts: await this.leads.counts(view.projects.map((p) => p.project.id)),
      scores: await this.scores.results(view),
    });
  }

  @Patch(':roadshowId')
  @Roles('organiser')
  async update(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Body() dto: UpdateRoadshowDto,
  ) {
    return this.admin(await this.roadshows.update(eventId, id, dto));
  }

  @Delete(':roadshowId')
  @Roles('organiser')
  @HttpCode(204)
  async remove(@Param('eventId', ParseIdPipe) eventId: number, @Param('roadshowId', ParseIdPipe) id: number) {
    await this.roadshows.remove(eventId, id);
  }

  @Post(':roadshowId/projects')
  @Roles('organiser')
  @ApiOperation({ summary: 'Adds a project at the end; the answer carries the new times and any overrun warning' })
  async addProject(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Body() dto: CreateProjectDto,
  ) {
    const { project, view } = await this.roadshows.addProject(eventId, id, dto);
    return this.withProject(view, project.id);
  }

  @Patch('projects/:projectId')
  @Roles('organiser')
  @ApiOperation({ summary: 'Changes a project; a new duration recomputes the times after it' })
  async updateProject(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
    @Body() dto: UpdateProjectDto,
  ) {
    const { project, view } = await this.roadshows.updateProject(eventId, projectId, dto);
    return this.withProject(view, project.id);
  }

  @Delete('projects/:projectId')
  @Roles('organiser')
  async removeProject(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
  ) {
    return this.admin(await this.roadshows.removeProject(eventId, projectId));
  }

  @Post(':roadshowId/reorder')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new running order (every project id once); the times are recomputed' })
  async reorder(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Body() dto: ReorderProjectsDto,
  ) {
    return this.admin(await this.roadshows.reorder(eventId, id, dto.projectIds));
  }

  @Post(':roadshowId/accept-warning')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accepts the current overrun (a different overrun warns again)' })
  async accept(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Body() dto: AcceptWarningDto,
  ) {
    return this.admin(await this.roadshows.acceptWarning(eventId, id, dto.key));
  }

  @Put(':roadshowId/criteria')
  @Roles('organiser')
  @ApiOperation({ summary: 'The judges’ criteria with weights, all at once (ids keep their scores)' })
  async criteria(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Body() dto: CriteriaDto,
  ) {
    const criteria = await this.roadshows.setCriteria(eventId, id, dto.criteria);
    return criteria.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, weight: c.weight }));
  }

  @Get(':roadshowId/judges')
  @Roles('organiser')
  async judges(@Param('eventId', ParseIdPipe) eventId: number, @Param('roadshowId', ParseIdPipe) id: number) {
    await this.roadshows.get(eventId, id);
    return Promise.all((await this.roadshows.judges(id)).map((j) => this.judgeJson(j)));
  }

  @Post(':roadshowId/judges')
  @Roles('organiser')
  @ApiOperation({ summary: 'Designates a judge (a directory person); the answer has their scoring link' })
  async addJudge(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Body() dto: JudgeDto,
  ) {
    const judge = await this.roadshows.addJudge(eventId, id, dto);
    return this.judgeJson((await this.roadshows.judges(id)).find((j) => j.id === judge.id)!);
  }

  @Delete(':roadshowId/judges/:judgeId')
  @Roles('organiser')
  @HttpCode(204)
  async removeJudge(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Param('judgeId', ParseIdPipe) judgeId: number,
  ) {
    await this.roadshows.removeJudge(eventId, id, judgeId);
  }

  @Post(':roadshowId/judges/:judgeId/renew-link')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revokes a judge’s scoring link and answers the new one (the judge’s scores stay)' })
  async renewJudgeLink(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Param('judgeId', ParseIdPipe) judgeId: number,
  ) {
    await this.roadshows.renewJudgeLink(eventId, id, judgeId);
    return this.judgeJson((await this.roadshows.judges(id)).find((j) => j.id === judgeId)!);
  }

  @Get(':roadshowId/scores')
  @Roles('organiser')
  @ApiOperation({ summary: 'Each project’s weighted average, leaving out judges of the presenting organisation' })
  async results(@Param('eventId', ParseIdPipe) eventId: number, @Param('roadshowId', ParseIdPipe) id: number) {
    const view = await this.roadshows.get(eventId, id);
    return (await this.scores.results(view)).map((s) => ({ projectId: s.projectId, ...scoreJson(s) }));
  }

  @Get(':roadshowId/leads')
  @Roles('organiser')
  @ApiOperation({ summary: 'Lead counts per project and the leads (who, organisation, what they want)' })
  async leadList(@Param('eventId', ParseIdPipe) eventId: number, @Param('roadshowId', ParseIdPipe) id: number) {
    const view = await this.roadshows.get(eventId, id);
    const projects = view.projects.map((p) => p.project);
    const counts = await this.leads.counts(projects.map((p) => p.id));
    return {
      counts: projects.map((p) => ({ projectId: p.id, ...counts.get(p.id)! })),
      leads: (await this.leads.rows(projects)).map(leadJson),
    };
  }

  @Get(':roadshowId/leads/export')
  @Roles('organiser')
  @ApiOperation({ summary: 'The leads as .xlsx' })
  async export(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('roadshowId', ParseIdPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendDownload(reply, await this.leads.export(await this.roadshows.get(eventId, id)));
  }

  @Put('projects/:projectId/slides')
  @Roles('organiser')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'The project’s slides: a PDF (checked by its first bytes) of at most 5 MB' })
  async putSlides(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
    @Body() body: unknown,
  ) {
    const project = await this.roadshows.setSlides(eventId, projectId, uploadedSlides(body));
    return {
      bytes: project.slidesBytes,
      uploadedAt: project.slidesUploadedAt,
      url: `${this.links.projectPath(project)}/slides.pdf`,
    };
  }

  @Post('projects/:projectId/presenter-link/renew')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revokes the presenter’s link to the leads and answers the new one' })
  async renewPresenterLink(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
  ) {
    return { presenterUrl: await this.links.presenterUrl(await this.roadshows.renewPresenterLink(eventId, projectId)) };
  }

  @Delete('projects/:projectId/slides')
  @Roles('organiser')
  @HttpCode(204)
  async deleteSlides(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('projectId', ParseIdPipe) projectId: number,
  ) {
    await this.roadshows.removeSlides(eventId, projectId);
  }

  private admin(view: RoadshowView) {
    return roadshowAdminJson(view, this.links);
  }

  private async withProject(view: RoadshowView, projectId: number) {
    const item = view.projects.find((p) => p.project.id === projectId)!;
    return {
      project: projectJson(item, this.links),
      warnings: view.warnings.map(warningJson),
      roadshow: await this.admin(view),
    };
  }

  private async judgeJson(j: Awaited<ReturnType<RoadshowsService['judges']>>[number]) {
    return {
      id: j.id,
      personId: j.personId,
      name: j.person.name,
      title: j.person.title,
      organisation: j.person.organisation?.name ?? null,
      organisationId: j.person.organisationId,
      url: await this.links.judgeUrl(j),
    };
  }
}
