import { Body, Controller, Get, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AccessService } from '../../../accounts/access.service.js';
import { Session } from '../../../agenda/session.entity.js';
import { Roles } from '../../../common/auth.decorators.js';
import { DomainError, type FieldProblem } from '../../../common/domain-error.js';
import { idOrRaw, ParseIdPipe } from '../../../common/id.js';
import { localToUtc, utcToLocalInput } from '../../../common/time.js';
import { Database } from '../../../database/database.service.js';
import type { Event } from '../../../events/event.entity.js';
import { EventsService } from '../../../events/events.service.js';
import { Registration } from '../../../registration/registration.entity.js';
import { cleanFormBody, submitForm } from '../../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../../web/html.js';
import { Views } from '../../../web/views.service.js';
import {
  AnswerRequestDto,
  CreateMeetingSessionDto,
  CreateMeetingRequestDto,
  MeetingOutcomeDto,
  MoveMeetingDto,
  ParticipationDto,
  PublishScheduleDto,
  UpdateMeetingSessionDto,
} from '../dto/meetings.dto.js';
import { MeetingScheduleService } from '../meeting-schedule.service.js';
import { MeetingsService } from '../meetings.service.js';
import { participationValues, positiveId } from './meeting-forms.js';

/** "1-10 A区 / Zone A" per line → zone ranges; lines that cannot be read become a field problem. */
export function parseZones(text: string): {
  zones: { from: number; to: number; label: string; labelEn?: string }[];
  bad?: string;
} {
  const zones = [];
  for (const line of text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,4})\s*(?:[-–~至]\s*(\d{1,4}))?\s+(.+?)(?:\s+\/\s+(.+))?$/.exec(line);
    if (!m) return { zones, bad: line };
    zones.push({ from: Number(m[1]), to: Number(m[2] ?? m[1]), label: m[3], ...(m[4] ? { labelEn: m[4] } : {}) });
  }
  return { zones };
}

function wholeNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
}

/**
 * The organisers' meetings console (/console/events/:id/meetings): set-up, participants and requests (also acting
 * for a participant at the help desk), the schedule with its grid, locks, moves, drops and publication, and the
 * printable table plan and table signs.
 */
@ApiExcludeController()
@Controller('console/events/:id/meetings')
export class ConsoleMeetingsController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly meetings: MeetingsService,
    private readonly schedule: MeetingScheduleService,
    private readonly db: Database,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  /** The staff routes (outcomes, table plan, signs) are for the organisers and this event's own staff. */
  private requireWork(request: FastifyRequest, eventId: number): Promise<void> {
    return this.access.requireAccess(request.principal ?? null, 'event.work', eventId);
  }

  @Get()
  @Roles('organiser')
  async page(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query('session') session?: string,
  ): Promise<Html> {
    return this.render(request, id, positiveId(session), {});
  }

  @Post()
  @Roles('organiser')
  async create(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number, @Body() body: unknown) {
    const event = await this.events.get(id);
    const { values, known } = this.setUpValues(cleanFormBody(body), event);
    return submitForm(
      CreateMeetingSessionDto,
      { ...values, agendaSessionId: idOrRaw(values.agendaSessionId) },
      {
        onValid: async (dto) => {
          const ms = await this.meetings.create(id, dto);
          return redirect(this.url(id, ms.id), { kind: 'success', key: 'meetings.console.created' });
        },
        onInvalid: (errors) => this.render(request, id, undefined, { errors, values }),
      },
      known,
    );
  }

  @Post(':sessionId')
  @Roles('organiser')
  async update(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ) {
    const event = await this.events.get(id);
    const { values, known } = this.setUpValues(cleanFormBody(body), event);
    return submitForm(
      UpdateMeetingSessionDto,
      values,
      {
        onValid: async (dto) => {
          await this.meetings.update(id, sessionId, dto);
          return redirect(this.url(id, sessionId), { kind: 'success', key: 'meetings.console.saved' });
        },
        onInvalid: (errors) => this.render(request, id, sessionId, { errors, values }),
      },
      known,
    );
  }

  @Post(':sessionId/participants')
  @Roles('organiser')
  async participate(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    const registrationId = positiveId(values.registrationId);
    const context = await this.meetings.get(id, sessionId);
    // At the desk: available in every slot unless the participant says otherwise later.
    const form = { ...participationValues(values), availableSlots: context.slots.map((s) => s.number) };
    return submitForm(ParticipationDto, form, {
      onValid: async (dto) => {
        await this.meetings.participate(id, sessionId, registrationId ?? 0, dto);
        return redirect(`${this.url(id, sessionId)}#participants`, {
          kind: 'success',
          key: 'meetings.console.optedIn',
        });
      },
      onInvalid: (errors) => this.render(request, id, sessionId, { errors, values }),
    });
  }

  @Post(':sessionId/requests')
  @Roles('organiser')
  async request(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    const from = positiveId(values.from);
    const participants = await this.meetings.allParticipants(sessionId);
    const registrationId = participants.find((p) => p.id === from)?.registrationId ?? 0;
    return submitForm(
      CreateMeetingRequestDto,
      { to: idOrRaw(values.to), message: values.message },
      {
        onValid: async (dto) => {
          await this.meetings.request(id, sessionId, registrationId, dto, { kind: 'organiser' });
          return redirect(`${this.url(id, sessionId)}#requests`, {
            kind: 'success',
            key: 'meetings.console.requested',
          });
        },
        onInvalid: (errors) => this.render(request, id, sessionId, { errors, values }),
      },
    );
  }

  @Post(':sessionId/requests/:requestId/answer')
  @Roles('organiser')
  async answer(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('requestId', ParseIdPipe) requestId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    return this.act(request, id, sessionId, '#requests', async () => {
      const answer = cleanFormBody(body).answer;
      const dto = { answer: answer === 'accept' ? 'accept' : 'decline' } satisfies AnswerRequestDto;
      await this.meetings.answer(id, requestId, dto.answer, { kind: 'organiser' });
      return `meetings.me.answered.${dto.answer}`;
    });
  }

  @Post(':sessionId/requests/:requestId/priority')
  @Roles('organiser')
  async priority(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('requestId', ParseIdPipe) requestId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    return this.act(request, id, sessionId, '#requests', async () => {
      await this.meetings.prioritise(id, requestId, cleanFormBody(body).prioritised === 'true');
      return 'meetings.console.saved';
    });
  }

  @Post(':sessionId/run')
  @Roles('organiser')
  async run(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
  ): Promise<Redirect> {
    return this.act(request, id, sessionId, '#schedule', async () => {
      await this.schedule.run(id, sessionId);
      return 'meetings.console.ran';
    });
  }

  @Post(':sessionId/publish')
  @Roles('organiser')
  async publish(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const phase = cleanFormBody(body).phase;
    const dto: PublishScheduleDto = { phase: phase === 'final' ? 'final' : 'preliminary' };
    return this.act(request, id, sessionId, '#schedule', async () => {
      await this.schedule.publish(id, sessionId, dto.phase);
      return `meetings.console.published.${dto.phase}`;
    });
  }

  @Post(':sessionId/meetings/:meetingId/move')
  @Roles('organiser')
  async move(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('meetingId', ParseIdPipe) meetingId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const values = cleanFormBody(body);
    const dto: MoveMeetingDto = { slot: positiveId(values.slot) ?? 0, table: positiveId(values.table) ?? 0 };
    return this.act(request, id, sessionId, '#schedule', async () => {
      await this.schedule.move(id, sessionId, meetingId, dto);
      return 'meetings.console.moved';
    });
  }

  @Post(':sessionId/meetings/:meetingId/lock')
  @Roles('organiser')
  async lock(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('meetingId', ParseIdPipe) meetingId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    return this.act(request, id, sessionId, '#schedule', async () => {
      await this.schedule.lock(id, sessionId, meetingId, cleanFormBody(body).locked === 'true');
      return 'meetings.console.saved';
    });
  }

  @Post(':sessionId/meetings/:meetingId/drop')
  @Roles('organiser')
  async drop(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('meetingId', ParseIdPipe) meetingId: number,
  ): Promise<Redirect> {
    return this.act(request, id, sessionId, '#schedule', async () => {
      await this.schedule.drop(id, sessionId, meetingId);
      return 'meetings.console.dropped';
    });
  }

  @Post(':sessionId/meetings/:meetingId/outcome')
  @Roles('staff')
  async outcome(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('meetingId', ParseIdPipe) meetingId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    await this.requireWork(request, id);
    const values = cleanFormBody(body);
    return this.act(request, id, sessionId, '#schedule', async () => {
      const dto: MeetingOutcomeDto = {
        outcome: values.outcome === 'no_show' ? 'no_show' : 'held',
        note: typeof values.note === 'string' ? values.note.slice(0, 2000) : undefined,
        intent: values.intent === 'yes',
      };
      await this.schedule.recordOutcome(id, meetingId, dto, { kind: 'organiser' });
      return 'meetings.me.outcomeSaved';
    });
  }

  /** The printable table plan: per slot (table → the two people) and per table (slot → people). */
  @Get(':sessionId/plan')
  @Roles('staff')
  async plan(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
  ): Promise<Html> {
    await this.requireWork(request, id);
    const view = await this.schedule.view(id, sessionId);
    const { slots, tables } = view.context;
    const at = (slot: number, table: number) => view.meetings.find((m) => m.slot === slot && m.table === table);
    return this.views.page(
      request,
      'console/meetings-plan',
      {
        event: view.context.event,
        agenda: view.context.agenda,
        ms: view.context.ms,
        timezone: view.context.event.timezone,
        bySlot: slots.map((slot) => ({
          slot,
          rows: tables.map((table) => ({ table, meeting: at(slot.number, table.number) })).filter((r) => r.meeting),
        })),
        byTable: tables.map((table) => ({
          table,
          rows: slots.map((slot) => ({ slot, meeting: at(slot.number, table.number) })),
        })),
      },
      { title: 'meetings.plan.title', area: 'console' },
    );
  }

  /** One sign per table: a big number and the zone, to print and stand on the table. */
  @Get(':sessionId/signs')
  @Roles('staff')
  async signs(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
  ): Promise<Html> {
    await this.requireWork(request, id);
    const context = await this.meetings.get(id, sessionId);
    return this.views.page(
      request,
      'console/meetings-signs',
      { event: context.event, agenda: context.agenda, ms: context.ms, tables: context.tables },
      { title: 'meetings.plan.signs', area: 'console' },
    );
  }

  // ---- helpers

  private url(eventId: number, sessionId?: number): string {
    return `/console/events/${eventId}/meetings${sessionId ? `?session=${sessionId}` : ''}`;
  }

  /** Runs a button's action; a refusal comes back as an error message naming the reason (person, table, …). */
  private async act(
    request: FastifyRequest,
    eventId: number,
    sessionId: number,
    anchor: string,
    work: () => Promise<string>,
  ): Promise<Redirect> {
    try {
      const key = await work();
      return redirect(`${this.url(eventId, sessionId)}${anchor}`, { kind: 'success', key });
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.kind === 'conflict' || error.kind === 'invalid' || error.kind === 'not_found')
      )
        return redirect(`${this.url(eventId, sessionId)}${anchor}`, {
          kind: 'error',
          key: 'meetings.console.refused',
          params: {
            message: this.views.t(request.locale, `errors.${error.code}`),
            reason: error.fields.map((f) => f.reason).join('; '),
          },
        });
      throw error;
    }
  }

  /** Set-up form values: local times in the event's zone, numbers, zones typed one per line. */
  private setUpValues(raw: Record<string, unknown>, event: Event) {
    const values: Record<string, unknown> = { ...raw };
    const known: FieldProblem[] = [];
    for (const key of ['slotMinutes', 'breakMinutes', 'tableCount', 'requestCap']) values[key] = wholeNumber(raw[key]);
    for (const key of ['requestsOpenAt', 'requestsCloseAt']) {
      if (typeof raw[key] !== 'string') continue;
      const at = localToUtc(raw[key], event.timezone);
      if (at) values[key] = at.toISOString();
      else known.push({ field: key, reason: 'must be a date and time' });
    }
    delete values.zonesText;
    if (typeof raw.zonesText === 'string') {
      const { zones, bad } = parseZones(raw.zonesText);
      if (bad) known.push({ field: 'zonesText', reason: `cannot read "${bad}"; write e.g. 1-10 A区 / Zone A` });
      values.tableZones = zones;
    } else if (raw.zonesText === undefined && 'tableCount' in raw) values.tableZones = [];
    return { values, known };
  }

  private async render(
    request: FastifyRequest,
    eventId: number,
    sessionId: number | undefined,
    extra: { errors?: FieldProblem[]; values?: Record<string, unknown> },
  ): Promise<Html> {
    const event = await this.events.get(eventId);
    const sessions = await this.meetings.list(eventId);
    const current = sessions.find((s) => s.id === sessionId) ?? sessions[0];
    const negotiations = await this.db.manager.find(Session, {
      where: { eventId, kind: 'free_negotiation' },
      order: { startsAt: 'ASC' },
    });
    const free = negotiations.filter((s) => !sessions.some((ms) => ms.agendaSessionId === s.id) && !s.cancelledAt);
    const data: Record<string, unknown> = {
      event,
      timezone: event.timezone,
      sessions,
      free,
      errors: extra.errors ?? [],
      newValues: extra.values && !current ? extra.values : { slotMinutes: 20, tableCount: 20, requestCap: 10 },
    };
    if (current) {
      const view = await this.schedule.view(eventId, current.id);
      const { slots, tables, ms } = view.context;
      const participants = await this.meetings.allParticipants(current.id);
      const requests = await this.meetings.requests(current.id);
      const nameOf = (participantId: number) => {
        const p = participants.find((x) => x.id === participantId);
        return { name: p?.registration?.name ?? '', organisation: p?.registration?.organisationName ?? '' };
      };
      const window = this.meetings.requestWindow(view.context);
      const joined = new Set(participants.map((p) => p.registrationId));
      const confirmed = await this.db.manager.find(Registration, {
        where: { eventId, status: 'confirmed' },
        order: { name: 'ASC' },
        take: 2000,
      });
      Object.assign(data, {
        current,
        context: view.context,
        settings: extra.values ?? {
          slotMinutes: ms.slotMinutes,
          breakMinutes: ms.breakMinutes,
          tableCount: ms.tableCount,
          requestCap: ms.requestCap,
          requestsOpenAt: window.opensAt ? utcToLocalInput(window.opensAt, event.timezone) : '',
          requestsCloseAt: utcToLocalInput(window.closesAt, event.timezone),
          zonesText: (ms.tableZones ?? [])
            .map((z) => `${z.from}-${z.to} ${z.label}${z.labelEn ? ` / ${z.labelEn}` : ''}`)
            .join('\n'),
        },
        participants: participants.map((p) => ({
          ...p,
          available: slots.length - (p.unavailableSlots ?? []).length,
        })),
        candidates: confirmed.filter((r) => !joined.has(r.id)),
        activeParticipants: participants.filter((p) => p.active),
        requests: requests.map((r) => ({ ...r, from: nameOf(r.fromParticipantId), to: nameOf(r.toParticipantId) })),
        counts: {
          participants: participants.filter((p) => p.active).length,
          pending: requests.filter((r) => r.status === 'pending').length,
          accepted: requests.filter((r) => r.status === 'accepted').length,
          placed: view.meetings.length,
          unplaced: view.unplaced.length,
        },
        grid: slots.map((slot) => ({
          slot,
          cells: tables.map((table) => ({
            table,
            meeting: view.meetings.find((m) => m.slot === slot.number && m.table === table.number),
          })),
        })),
        meetings: view.meetings,
        unplaced: view.unplaced,
        slots,
        tables,
      });
    }
    return this.views.page(request, 'console/meetings', data, {
      title: 'meetings.console.title',
      area: 'console',
      status: extra.errors?.length ? 400 : 200,
    });
  }
}
