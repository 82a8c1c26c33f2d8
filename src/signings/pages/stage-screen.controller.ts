import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth.decorators.js';
import type { Html } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { StageScreens } from './stage-screens.service.js';

export const SCREEN_CSS = '/assets/signings/screen.css';

/**
 * The hall screen (大屏): a full-screen page opened on the hall PC by its link, which needs no sign-in there. It draws
 * the current state at once and then follows the console through /api/signing-screens/:token (screen.js polls it).
 */
@ApiExcludeController()
@Controller()
export class StageScreenController {
  constructor(
    private readonly views: Views,
    private readonly screens: StageScreens,
  ) {}

  @Get('screens/signings/:token')
  @Public()
  async page(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Html> {
    const { state, event } = await this.screens.state(token, request.locale);
    void reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    return this.views.page(
      request,
      'public/signings-screen',
      { state, event, stateUrl: `/api/signing-screens/${token}`, pageCss: SCREEN_CSS, refreshMs: 2000 },
      { title: state.ceremony, area: 'public' },
    );
  }

  @Get('api/signing-screens/:token')
  @Public()
  async state(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    void reply.header('cache-control', 'no-store');
    return (await this.screens.state(token, request.locale)).state;
  }
}
