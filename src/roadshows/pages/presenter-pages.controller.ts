import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import { sendDownload } from '../../registration/registration-files.controller.js';
import { Views } from '../../web/views.service.js';
import { RoadshowLeadsService } from '../roadshow-leads.service.js';
import { RoadshowLinks } from '../roadshow-links.service.js';
import { RoadshowScoresService } from '../roadshow-scores.service.js';
import { RoadshowsError } from '../roadshows.errors.js';
import { RoadshowsService } from '../roadshows.service.js';
import { ROADSHOWS_CSS } from './roadshow-pages.controller.js';

/**
 * The presenter's page, through the unguessable link the organiser hands over and the after-session email carries
 * (/roadshows/presenter/<id>.<signature>): their project's time, interest counts, average score and the leads
 * (who, organisation, what they want), with the .xlsx export.
 */
@ApiExcludeController()
@Controller('roadshows/presenter/:token')
export class PresenterPagesController {
  constructor(
    private readonly views: Views,
    private readonly roadshows: RoadshowsService,
    private readonly leads: RoadshowLeadsService,
    private readonly scores: RoadshowScoresService,
    private readonly links: RoadshowLinks,
  ) {}

  @Get()
  @Public()
  @RateLimit({ name: 'roadshow-page', limit: 600, windowSeconds: 60 })
  async page(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ) {
    const { view, item } = await this.byToken(token);
    reply.header('cache-control', 'no-store');
    const project = item.project;
    const [counts, rows, results] = await Promise.all([
      this.leads.counts([project.id]),
      this.leads.rows([project]),
      this.scores.results(view),
    ]);
    return this.views.page(
      request,
      'public/roadshow-presenter',
      {
        event: view.event,
        timezone: view.event.timezone,
        pageCss: ROADSHOWS_CSS,
        session: view.session,
        project,
        organisation: project.organisation,
        presenter: project.presenter,
        timing: item.timing,
        counts: counts.get(project.id),
        leads: rows,
        score: results.find((s) => s.projectId === project.id),
        criteria: view.criteria,
        projectUrl: this.links.projectUrl(project),
        base: `/roadshows/presenter/${token}`,
      },
      { title: 'roadshows.presenter.title' },
    );
  }

  @Get('leads.xlsx')
  @Public()
  @RateLimit({ name: 'roadshow-page', limit: 600, windowSeconds: 60 })
  async export(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { view, item } = await this.byToken(token);
    return sendDownload(reply, await this.leads.export(view, { projectId: item.project.id }));
  }

  /** The project a presenter link names; a bad or revoked link (or a draft event) is a 404. */
  private async byToken(token: string) {
    const parsed = this.links.parse(token);
    const found = parsed ? await this.roadshows.ofProject(parsed.id).catch(() => null) : null;
    if (
      !found ||
      !parsed ||
      found.view.event.status === 'draft' ||
      !(await this.links.verify(
        'roadshow-presenter',
        parsed.id,
        found.item.project.presenterLinkVersion,
        parsed.signature,
      ))
    )
      throw new RoadshowsError('presenter_link_invalid');
    return found;
  }
}
