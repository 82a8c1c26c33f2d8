import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService } from '../../accounts/access.service.js';
import { CurrentPrincipal, Roles } from '../../common/auth.decorators.js';
import type { Principal } from '../../common/request-context.js';
import { ParseIdPipe } from '../../common/id.js';
import {
  AnswerRequestDto,
  CreateMeetingSessionDto,
  LockMeetingDto,
  MeetingOutcomeDto,
  MoveMeetingDto,
  OrganiserMeetingRequestDto,
  OrganiserParticipationDto,
  PrioritiseDto,
  PublishScheduleDto,
  UpdateMeetingSessionDto,
} from './dto/meetings.dto.js';
import { MeetingScheduleService, type ScheduleView } from './meeting-schedule.service.js';
import type { MeetingSession } from './meeting-session.entity.js';
import { MeetingsService, type SessionContext } from './meetings.service.js';

export function sessionJson(context: SessionContext, window: { opensAt: Date | null; closesAt: Date }) {
  const { ms, agenda } = context;
  return {
    id: ms.id,
    eventId: ms.eventId,
    agendaSessionId: ms.agendaSessionId,
    title: agenda.title,
    titleEn: agenda.titleEn,
    startsAt: agenda.startsAt,
    endsAt: agenda.endsAt,
    slotMinutes: ms.slotMinutes,
    breakMinutes: ms.breakMinutes,
    tableCount: ms.tableCount,
    tableZones: ms.tableZones ?? [],
    requestCap: ms.requestCap,
    requestsOpenAt: window.opensAt,
    requestsCloseAt: window.closesAt,
    phase: ms.phase,
    publishedAt: ms.publishedAt,
    slots: context.slots,
    tables: context.tables,
  };
}

function scheduleJson(view: ScheduleView) {
  return {
    phase: view.context.ms.phase,
    lastRunAt: view.context.ms.lastRun?.at ?? null,
    meetings: view.meetings,
    unplaced: view.unplaced,
  };
}

/** Organisers' API of the one-to-one meetings: set-up, participants and requests (also on their behalf), schedule. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('api/events/:eventId/meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly schedule: MeetingScheduleService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  @Get('sessions')
  @Roles('organiser')
  async list(@Param('eventId', ParseIdPipe) eventId: number) {
    return Promise.all((await this.meetings.list(eventId)).map((ms) => this.json(eventId, ms)));
  }

  @Post('sessions')
  @Roles('organiser')
  @ApiOperation({ summary: 'Turns a free-negotiation session into a meeting session (slots, tables, caps, window)' })
  async create(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: CreateMeetingSessionDto) {
    return this.json(eventId, await this.meetings.create(eventId, dto));
  }

  @Get('sessions/:sessionId')
  @Roles('organiser')
  async get(@Param('eventId', ParseIdPipe) eventId: number, @Param('sessionId', ParseIdPipe) id: number) {
    const context = await this.meetings.get(eventId, id);
    return sessionJson(context, this.meetings.requestWindow(context));
  }

  @Patch('sessions/:sessionId')
  @Roles('organiser')
  async update(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) id: number,
    @Body() dto: UpdateMeetingSessionDto,
  ) {
    return this.json(eventId, await this.meetings.update(eventId, id, dto));
  }

  @Get('sessions/:sessionId/participants')
  @Roles('organiser')
  async participants(@Param('eventId', ParseIdPipe) eventId: number, @Param('sessionId', ParseIdPipe) id: number) {
    await this.meetings.get(eventId, id);
    return (await this.meetings.allParticipants(id)).map((p) => ({
      id: p.id,
      registrationId: p.registrationId,
      name: p.registration?.name,
      organisation: p.registration?.organisationName,
      email: p.registration?.email,
      offer: p.offer,
      seek: p.seek,
      categories: p.categories ?? [],
      unavailableSlots: p.unavailableSlots ?? [],
      active: p.active,
    }));
  }

  @Put('sessions/:sessionId/participants')
  @Roles('organiser')
  @ApiOperation({ summary: 'Opts a confirmed registration in on its behalf (or updates its participation)' })
  participate(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) id: number,
    @Body() dto: OrganiserParticipationDto,
  ) {
    const { registrationId, ...participation } = dto;
    return this.meetings.participate(eventId, id, registrationId, participation);
  }

  @Get('sessions/:sessionId/requests')
  @Roles('organiser')
  async requests(@Param('eventId', ParseIdPipe) eventId: number, @Param('sessionId', ParseIdPipe) id: number) {
    await this.meetings.get(eventId, id);
    return this.meetings.requests(id);
  }

  @Post('sessions/:sessionId/requests')
  @Roles('organiser')
  @ApiOperation({ summary: 'Sends a request on a participant’s behalf (no window, no cap)' })
  async request(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) id: number,
    @Body() dto: OrganiserMeetingRequestDto,
  ) {
    const { from, ...rest } = dto;
    const participant = (await this.meetings.allParticipants(id)).find((p) => p.id === from);
    return this.meetings.request(eventId, id, participant?.registrationId ?? 0, rest, { kind: 'organiser' });
  }

  @Post('requests/:requestId/answer')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accepts or declines on the requested person’s behalf; both are emailed' })
  answer(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('requestId', ParseIdPipe) requestId: number,
    @Body() dto: AnswerRequestDto,
  ) {
    return this.meetings.answer(eventId, requestId, dto.answer, { kind: 'organiser' });
  }

  @Post('requests/:requestId/priority')
  @Roles('organiser')
  @HttpCode(200)
  prioritise(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('requestId', ParseIdPipe) requestId: number,
    @Body() dto: PrioritiseDto,
  ) {
    return this.meetings.prioritise(eventId, requestId, dto.prioritised);
  }

  @Get('sessions/:sessionId/schedule')
  @Roles('organiser', 'staff')
  async scheduleView(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
  ) {
    // Staff of this event only: the schedule names the people who meet.
    await this.access.requireAccess(principal, 'event.work', eventId);
    return scheduleJson(await this.schedule.view(eventId, id));
  }

  @Post('sessions/:sessionId/schedule/run')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Places accepted requests into slots and tables; locked meetings stay where they are' })
  async run(@Param('eventId', ParseIdPipe) eventId: number, @Param('sessionId', ParseIdPipe) id: number) {
    return scheduleJson(await this.schedule.run(eventId, id));
  }

  @Post('sessions/:sessionId/schedule/publish')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publishes the schedule (preliminary or final): emails with invites that follow changes' })
  publish(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) id: number,
    @Body() dto: PublishScheduleDto,
  ) {
    return this.schedule.publish(eventId, id, dto.phase);
  }

  @Post('sessions/:sessionId/meetings/:meetingId/move')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Moves a meeting to a free table and slot (and locks it); conflicts are a 409' })
  move(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) id: number,
    @Param('meetingId', ParseIdPipe) meetingId: number,
    @Body() dto: MoveMeetingDto,
  ) {
    return this.schedule.move(eventId, id, meetingId, dto);
  }

  @Post('sessions/:sessionId/meetings/:meetingId/lock')
  @Roles('organiser')
  @HttpCode(200)
  lock(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) id: number,
    @Param('meetingId', ParseIdPipe) meetingId: number,
    @Body() dto: LockMeetingDto,
  ) {
    return this.schedule.lock(eventId, id, meetingId, dto.locked);
  }

  @Delete('sessions/:sessionId/meetings/:meetingId')
  @Roles('organiser')
  @ApiOperation({ summary: 'Takes a meeting out of the schedule; the next publication cancels its invites' })
  drop(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) id: number,
    @Param('meetingId', ParseIdPipe) meetingId: number,
  ) {
    return this.schedule.drop(eventId, id, meetingId);
  }

  @Post('meetings/:meetingId/outcome')
  @Roles('staff')
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff mark a meeting held or a no-show, with a note and the cooperation intent' })
  async outcome(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('meetingId', ParseIdPipe) meetingId: number,
    @Body() dto: MeetingOutcomeDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.access.requireAccess(principal, 'event.work', eventId);
    return this.schedule.recordOutcome(eventId, meetingId, dto, { kind: 'organiser' });
  }

  private async json(eventId: number, ms: MeetingSession) {
    const context = await this.meetings.describe(ms);
    return sessionJson(context, this.meetings.requestWindow(context));
  }
}
