import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import { EventsService } from '../events/events.service.js';
import type { Principal } from '../common/request-context.js';
import { AgendaNotifier } from './agenda-notifier.service.js';
import { AgendaService, type SessionView } from './agenda.service.js';
import { AcceptWarningDto, CreateSessionDto, PublishDto, ReorderDto, UpdateSessionDto } from './dto/session.dto.js';

function sessionJson(s: SessionView | (Omit<SessionView, 'people'> & { people?: SessionView['people'] })) {
  return {
    id: s.id,
    eventId: s.eventId,
    kind: s.kind,
    title: s.title,
    titleEn: s.titleEn,
    description: s.description,
    descriptionEn: s.descriptionEn,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    roomId: s.roomId,
    capacity: s.capacity,
    position: s.position,
    cancelledAt: s.cancelledAt,
    acceptedWarnings: s.acceptedWarnings ?? [],
    people: (s.people ?? []).map((p) => ({
      personId: p.personId,
      role: p.role,
      name: p.person.name,
      nameEn: p.person.nameEn,
      organisation: p.person.organisation?.name ?? null,
      title: p.person.title,
      titleEn: p.person.titleEn,
    })),
  };
}

@ApiTags('agenda')
@ApiBearerAuth()
@Controller('api/events/:eventId')
export class AgendaController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly notifier: AgendaNotifier,
    private readonly events: EventsService,
  ) {}

  @Get('sessions')
  @Roles('organiser')
  @ApiOperation({ summary: 'The draft programme (what organisers edit), with people' })
  async sessions(@Param('eventId', ParseIdPipe) eventId: number, @Query('includeCancelled') includeCancelled?: string) {
    return (await this.agenda.sessions(eventId, { includeCancelled: includeCancelled === 'true' })).map(sessionJson);
  }

  @Post('sessions')
  @Roles('organiser')
  @ApiOperation({
    summary: 'Adds a session; a room used twice at once is refused (409), other conflicts come back as warnings',
  })
  async create(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: CreateSessionDto) {
    const { session, warnings } = await this.agenda.create(eventId, dto);
    return { session: await this.one(eventId, session.id), warnings };
  }

  @Patch('sessions/:sessionId')
  @Roles('organiser')
  async update(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() dto: UpdateSessionDto,
  ) {
    const { session, warnings } = await this.agenda.update(eventId, sessionId, dto);
    return { session: await this.one(eventId, session.id), warnings };
  }

  @Delete('sessions/:sessionId')
  @Roles('organiser')
  @HttpCode(204)
  async remove(@Param('eventId', ParseIdPipe) eventId: number, @Param('sessionId', ParseIdPipe) sessionId: number) {
    await this.agenda.remove(eventId, sessionId);
  }

  @Post('sessions/:sessionId/cancel')
  @Roles('organiser')
  @HttpCode(200)
  async cancel(@Param('eventId', ParseIdPipe) eventId: number, @Param('sessionId', ParseIdPipe) sessionId: number) {
    await this.agenda.cancel(eventId, sessionId);
    return { ok: true };
  }

  @Post('sessions/:sessionId/restore')
  @Roles('organiser')
  @HttpCode(200)
  async restore(@Param('eventId', ParseIdPipe) eventId: number, @Param('sessionId', ParseIdPipe) sessionId: number) {
    const { warnings } = await this.agenda.restore(eventId, sessionId);
    return { session: await this.one(eventId, sessionId), warnings };
  }

  @Post('sessions/:sessionId/accept-warning')
  @Roles('organiser')
  @HttpCode(200)
  async accept(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() dto: AcceptWarningDto,
  ) {
    await this.agenda.acceptWarning(eventId, sessionId, dto.key);
    return { ok: true };
  }

  @Post('sessions/reorder')
  @Roles('organiser')
  @HttpCode(200)
  async reorder(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: ReorderDto) {
    await this.agenda.reorder(eventId, dto.sessionIds);
    return (await this.agenda.sessions(eventId)).filter((s) => dto.sessionIds.includes(s.id)).map(sessionJson);
  }

  @Get('conflicts')
  @Roles('organiser')
  conflicts(@Param('eventId', ParseIdPipe) eventId: number) {
    return this.agenda.conflicts(eventId);
  }

  @Get('agenda/pending')
  @Roles('organiser')
  @ApiOperation({ summary: 'What publishing now would change' })
  pending(@Param('eventId', ParseIdPipe) eventId: number) {
    return this.agenda.pendingChanges(eventId);
  }

  @Post('agenda/publish')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publishes the draft as a new version; with notify, emails the affected people at once' })
  async publish(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body() dto: PublishDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { version, notified } = await this.notifier.publish(eventId, principal.userId, {
      notify: dto.notify === true,
    });
    return { version: version.version, publishedAt: version.publishedAt, changes: version.changes, notified };
  }

  @Get('agenda/versions/:version/recipients')
  @Roles('organiser')
  @ApiOperation({ summary: 'Who would be told about a version’s changes, and of which' })
  recipients(@Param('eventId', ParseIdPipe) eventId: number, @Param('version', ParseIdPipe) version: number) {
    return this.notifier.recipients(eventId, version);
  }

  @Post('agenda/versions/:version/notify')
  @Roles('organiser')
  @HttpCode(200)
  async notify(@Param('eventId', ParseIdPipe) eventId: number, @Param('version', ParseIdPipe) version: number) {
    return { notified: await this.notifier.notify(eventId, version) };
  }

  @Get('agenda')
  @Public()
  @ApiOperation({ summary: 'The published programme (latest version)' })
  async published(@Param('eventId', ParseIdPipe) eventId: number, @Req() request: FastifyRequest) {
    await this.events.visible(request.principal ?? null, eventId);
    const latest = await this.agenda.latest(eventId);
    return {
      version: latest?.version ?? 0,
      publishedAt: latest?.publishedAt ?? null,
      sessions: latest?.snapshot.sessions ?? [],
    };
  }

  @Get('agenda/changes')
  @Public()
  @ApiOperation({ summary: 'The change log: every publication with what it changed' })
  async changes(@Param('eventId', ParseIdPipe) eventId: number, @Req() request: FastifyRequest) {
    await this.events.visible(request.principal ?? null, eventId);
    return (await this.agenda.versions(eventId)).map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      changes: v.changes,
    }));
  }

  private async one(eventId: number, sessionId: number) {
    const found = (await this.agenda.sessions(eventId, { includeCancelled: true })).find((s) => s.id === sessionId)!;
    return sessionJson(found);
  }
}
