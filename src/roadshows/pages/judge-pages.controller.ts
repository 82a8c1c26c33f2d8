import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import type { FieldProblem } from '../../common/domain-error.js';
import { ParseIdPipe } from '../../common/id.js';
import { cleanFormBody, submitForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { explainProblems } from '../../web/field-messages.js';
import { Views } from '../../web/views.service.js';
import { formProblems } from './roadshow-forms.js';
import { ScoreSheetDto } from '../dto/roadshows.dto.js';
import { RoadshowScoresService, type JudgeWithPerson } from '../roadshow-scores.service.js';
import { ROADSHOWS_CSS } from './roadshow-pages.controller.js';

/** Score fields arrive as `c.<criterionId>` = 1…10; empty ones are left out (and reported as missing). */
export function scoreValues(values: Record<string, unknown>): { scores: { criterionId: number; score: unknown }[] } {
  return {
    scores: Object.entries(values)
      .filter(([key]) => /^c\.\d{1,9}$/.test(key))
      .map(([key, value]) => ({
        criterionId: Number(key.slice(2)),
        score: typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value,
      })),
  };
}

/**
 * A designated judge's score sheet, through their own signed link (/roadshows/judge/<id>.<signature>): every project
 * in running order with the organiser's criteria, 1–10 each; their own organisation's project is shown but not
 * scored (and the averages leave it out in any case).
 */
@ApiExcludeController()
@Controller('roadshows/judge/:token')
export class JudgePagesController {
  constructor(
    private readonly views: Views,
    private readonly scores: RoadshowScoresService,
  ) {}

  @Get()
  @Public()
  @RateLimit({ name: 'roadshow-page', limit: 600, windowSeconds: 60 })
  async page(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<Html> {
    const judge = await this.scores.judgeByToken(token);
    reply.header('cache-control', 'no-store');
    return this.render(request, judge, token, {});
  }

  @Post('projects/:projectId')
  @Public()
  @RateLimit({ name: 'roadshow-judge', limit: 120, windowSeconds: 60 })
  async score(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Param('projectId', ParseIdPipe) projectId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const judge = await this.scores.judgeByToken(token);
    const values = cleanFormBody(body);
    return submitForm(ScoreSheetDto, scoreValues(values), {
      onValid: async (dto) => {
        await this.scores.score(judge, projectId, dto.scores);
        return redirect(`/roadshows/judge/${token}#p-${projectId}`, { kind: 'success', key: 'roadshows.judge.saved' });
      },
      onInvalid: (errors) => this.render(request, judge, token, { errors, projectId, values }),
    });
  }

  private async render(
    request: FastifyRequest,
    judge: JudgeWithPerson,
    token: string,
    extra: { errors?: FieldProblem[]; projectId?: number; values?: Record<string, unknown> },
  ): Promise<Html> {
    const sheet = await this.scores.sheet(judge);
    const errors = explainProblems(this.views.translator, request.locale, formProblems(extra.errors ?? []), {
      scope: 'roadshows.form',
      values: { scores: 'given' },
    });
    return this.views.page(
      request,
      'public/roadshow-judge',
      {
        event: sheet.view.event,
        timezone: sheet.view.event.timezone,
        pageCss: ROADSHOWS_CSS,
        session: sheet.view.session,
        judge,
        criteria: sheet.view.criteria,
        projects: sheet.projects.map((p) => ({
          ...p,
          errors: p.project.id === extra.projectId ? errors : [],
          // What was typed, after a refused post; otherwise what is saved.
          values:
            p.project.id === extra.projectId && extra.values
              ? Object.fromEntries(sheet.view.criteria.map((c) => [c.id, extra.values![`c.${c.id}`] ?? '']))
              : p.scores,
        })),
        base: `/roadshows/judge/${token}`,
        scale: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      },
      { title: 'roadshows.judge.title', status: extra.errors?.length ? 400 : 200 },
    );
  }
}
