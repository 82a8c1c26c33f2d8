import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../../../common/auth.decorators.js';
import { ParseIdPipe } from '../../../common/id.js';
import { cleanFormBody } from '../../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../../web/html.js';
import { Views } from '../../../web/views.service.js';
import { MeetingsService } from '../meetings.service.js';
import { PeopleRecommendationsService } from '../people-recommendations.service.js';
import { positiveId } from './meeting-forms.js';

/**
 * The organisers' page of the people recommended to each participant of a meeting session
 * (/console/events/:id/meetings/:sessionId/recommendations?for=<participant>): the recommendations with their reasons
 * as the participant sees them, and buttons to pin someone first, hide someone, or take that back.
 */
@ApiExcludeController()
@Controller('console/events/:id/meetings/:sessionId/recommendations')
export class ConsolePeopleRecommendationsController {
  constructor(
    private readonly views: Views,
    private readonly meetings: MeetingsService,
    private readonly people: PeopleRecommendationsService,
  ) {}

  @Get()
  @Roles('organiser')
  async page(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Query('for') forParam?: string,
  ): Promise<Html> {
    const context = await this.meetings.get(id, sessionId);
    const participants = (await this.meetings.allParticipants(sessionId)).filter((p) => p.active);
    const chosen = participants.find((p) => p.id === positiveId(forParam)) ?? participants[0];
    const nameOf = new Map(participants.map((p) => [p.id, p.registration!]));
    let data: Record<string, unknown> = {};
    if (chosen) {
      const items = await this.people.forParticipant(chosen, chosen.registration!, 10);
      const { pinned, hidden } = await this.people.overridesOf(chosen);
      const shown = new Set(items.map((i) => i.participant.id));
      data = {
        chosen: { ...chosen.registration!, id: chosen.id, offer: chosen.offer, seek: chosen.seek },
        items,
        pinnedAbsent: pinned.filter((p) => !shown.has(p)).map((p) => ({ id: p, registration: nameOf.get(p) })),
        hidden: hidden.map((p) => ({ id: p, registration: nameOf.get(p) })),
        others: participants.filter((p) => p.id !== chosen.id && !pinned.includes(p.id) && !hidden.includes(p.id)),
      };
    }
    return this.views.page(
      request,
      'console/meetings-recommendations',
      {
        event: context.event,
        agenda: context.agenda,
        ms: context.ms,
        participants,
        base: `/console/events/${id}/meetings/${sessionId}/recommendations`,
        ...data,
      },
      { title: 'meetings.recommendations.title', area: 'console' },
    );
  }

  @Post()
  @Roles('organiser')
  async act(
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const values = cleanFormBody(body);
    const pair = { from: positiveId(values.from) ?? 0, to: positiveId(values.to) ?? 0 };
    const back = `/console/events/${id}/meetings/${sessionId}/recommendations?for=${pair.from}`;
    if (values.action === 'pin' || values.action === 'hide') {
      await this.people.setOverride(id, sessionId, pair, values.action);
      return redirect(back, {
        kind: 'success',
        key: values.action === 'pin' ? 'meetings.recommendations.pinned' : 'meetings.recommendations.hidden',
      });
    }
    await this.people.clearOverride(id, sessionId, pair);
    return redirect(back, { kind: 'success', key: 'meetings.recommendations.cleared' });
  }
}
