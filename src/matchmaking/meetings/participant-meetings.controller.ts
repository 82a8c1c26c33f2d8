import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import { ParseIdPipe } from '../../common/id.js';
import { AnswerRequestDto, CreateMeetingRequestDto, MeetingOutcomeDto, ParticipationDto } from './dto/meetings.dto.js';
import { sessionJson } from './meetings.controller.js';
import { MeetingScheduleService } from './meeting-schedule.service.js';
import { MeetingsService } from './meetings.service.js';
import { ParticipantOverview } from './participant-overview.service.js';
import { PeopleRecommendationsService } from './people-recommendations.service.js';

/**
 * What a participant does through their personal link (no password): opt in, say what they offer and seek, mark
 * when they are free, browse the others, request meetings, answer requests, record how a meeting went.
 */
@ApiTags('meetings (personal link)')
@Controller('api/me/:token')
export class ParticipantMeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly schedule: MeetingScheduleService,
    private readonly overview: ParticipantOverview,
    private readonly people: PeopleRecommendationsService,
  ) {}

  @Get('meetings')
  @Public()
  @RateLimit({ name: 'personal-page', limit: 300, windowSeconds: 60 })
  @ApiOperation({ summary: 'The meeting sessions of the event, my participation, requests and published meetings' })
  async mine(@Res({ passthrough: true }) reply: FastifyReply, @Param('token') token: string) {
    const registration = await this.meetings.registrationByToken(token);
    reply.header('cache-control', 'no-store');
    const overview = await this.overview.of(registration);
    return {
      sessions: overview.sessions.map((s) => ({
        ...sessionJson(s.context, s.window),
        participant: s.participant,
        requestsOpen: s.requestsOpen,
        sent: s.sent,
        received: s.received,
      })),
      meetings: overview.meetings,
    };
  }

  @Put('meeting-sessions/:sessionId/participation')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async participate(
    @Param('token') token: string,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() dto: ParticipationDto,
  ) {
    const registration = await this.meetings.registrationByToken(token);
    return this.meetings.participate(registration.eventId, sessionId, registration.id, dto);
  }

  @Delete('meeting-sessions/:sessionId/participation')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  @HttpCode(204)
  async optOut(@Param('token') token: string, @Param('sessionId', ParseIdPipe) sessionId: number) {
    const registration = await this.meetings.registrationByToken(token);
    await this.meetings.optOut(registration.eventId, sessionId, registration.id);
  }

  @Get('meeting-sessions/:sessionId/participants')
  @Public()
  @RateLimit({ name: 'personal-page', limit: 300, windowSeconds: 60 })
  @ApiOperation({ summary: 'The other opted-in participants: name, organisation, offer and seek (no contact data)' })
  async participants(@Param('token') token: string, @Param('sessionId', ParseIdPipe) sessionId: number) {
    const registration = await this.meetings.registrationByToken(token);
    await this.meetings.get(registration.eventId, sessionId);
    const me = await this.meetings.participant(sessionId, registration.id);
    if (!me?.active) return [];
    return this.meetings.cards(sessionId, { except: me.id });
  }

  @Get('meeting-sessions/:sessionId/recommendations')
  @Public()
  @RateLimit({ name: 'personal-page', limit: 300, windowSeconds: 60 })
  @ApiOperation({ summary: 'The people most worth meeting in this session, each with the reason (zh-CN and en)' })
  async recommendations(@Param('token') token: string, @Param('sessionId', ParseIdPipe) sessionId: number) {
    const registration = await this.meetings.registrationByToken(token);
    await this.meetings.get(registration.eventId, sessionId);
    const me = await this.meetings.participant(sessionId, registration.id);
    if (!me?.active) return [];
    return this.people.forParticipant(me, registration);
  }

  @Post('meeting-sessions/:sessionId/recommendations/:participantId/dismiss')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop recommending this person to me' })
  async dismiss(
    @Param('token') token: string,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('participantId', ParseIdPipe) participantId: number,
  ) {
    const registration = await this.meetings.registrationByToken(token);
    await this.people.dismiss(await this.meetings.activeParticipant(registration, sessionId), participantId);
  }

  @Post('meeting-sessions/:sessionId/requests')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async request(
    @Param('token') token: string,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() dto: CreateMeetingRequestDto,
  ) {
    const registration = await this.meetings.registrationByToken(token);
    return this.meetings.request(registration.eventId, sessionId, registration.id, dto, {
      kind: 'participant',
      registrationId: registration.id,
    });
  }

  @Post('meeting-requests/:requestId/answer')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  @HttpCode(200)
  async answer(
    @Param('token') token: string,
    @Param('requestId', ParseIdPipe) requestId: number,
    @Body() dto: AnswerRequestDto,
  ) {
    const registration = await this.meetings.registrationByToken(token);
    return this.meetings.answer(registration.eventId, requestId, dto.answer, {
      kind: 'participant',
      registrationId: registration.id,
    });
  }

  @Post('meetings/:meetingId/outcome')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  @HttpCode(200)
  async outcome(
    @Param('token') token: string,
    @Param('meetingId', ParseIdPipe) meetingId: number,
    @Body() dto: MeetingOutcomeDto,
  ) {
    const registration = await this.meetings.registrationByToken(token);
    return this.schedule.recordOutcome(registration.eventId, meetingId, dto, {
      kind: 'participant',
      registrationId: registration.id,
    });
  }
}
