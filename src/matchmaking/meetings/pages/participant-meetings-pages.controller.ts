import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RateLimit } from '../../../common/auth.decorators.js';
import type { FieldProblem } from '../../../common/domain-error.js';
import { ParseIdPipe } from '../../../common/id.js';
import type { Registration } from '../../../registration/registration.entity.js';
import { cleanFormBody, submitForm } from '../../../web/forms.js';
import { redirect, type FlashMessage, type Html, type Redirect } from '../../../web/html.js';
import { Views } from '../../../web/views.service.js';
import { AnswerRequestDto, CreateMeetingRequestDto, MeetingOutcomeDto, ParticipationDto } from '../dto/meetings.dto.js';
import { MeetingScheduleService } from '../meeting-schedule.service.js';
import { MeetingsService } from '../meetings.service.js';
import { ParticipantOverview } from '../participant-overview.service.js';
import { PeopleRecommendationsService } from '../people-recommendations.service.js';
import { participationValues, positiveId } from './meeting-forms.js';

const SAVED: FlashMessage = { kind: 'success', key: 'meetings.me.saved' };
const NO_SLOT_WARNING: FlashMessage = { kind: 'warning', key: 'meetings.me.savedNoSlot' };

/**
 * The participant's meetings page, reached from the personal page (/me/<token>/meetings): opt in, offer and seek,
 * availability, the other participants with a request form, requests both ways, the published meetings and their
 * outcome. `?achievement=ID` / `?demand=ID` (links from the libraries) fill in what a request is about.
 */
@ApiExcludeController()
@Controller('me/:token/meetings')
export class ParticipantMeetingsPagesController {
  constructor(
    private readonly views: Views,
    private readonly meetings: MeetingsService,
    private readonly schedule: MeetingScheduleService,
    private readonly overview: ParticipantOverview,
    private readonly people: PeopleRecommendationsService,
  ) {}

  @Get()
  @Public()
  @RateLimit({ name: 'personal-page', limit: 300, windowSeconds: 60 })
  async page(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
    @Query('achievement') achievement?: string,
    @Query('demand') demand?: string,
  ): Promise<Html> {
    const registration = await this.meetings.registrationByToken(token);
    reply.header('cache-control', 'no-store');
    return this.render(request, registration, token, {
      about: { achievementId: positiveId(achievement), demandId: positiveId(demand) },
    });
  }

  @Post(':sessionId/participation')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async participate(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const registration = await this.meetings.registrationByToken(token);
    const values = cleanFormBody(body);
    return submitForm(ParticipationDto, participationValues(values), {
      onValid: async (dto) => {
        await this.meetings.participate(registration.eventId, sessionId, registration.id, dto);
        // Saved either way, but with no free slot no meeting can be placed: say so.
        const flash = dto.availableSlots?.length === 0 ? NO_SLOT_WARNING : SAVED;
        return redirect(`/me/${token}/meetings#ms-${sessionId}`, flash);
      },
      onInvalid: (errors) => this.render(request, registration, token, { errors, values }),
    });
  }

  @Post(':sessionId/opt-out')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async optOut(@Param('token') token: string, @Param('sessionId', ParseIdPipe) sessionId: number): Promise<Redirect> {
    const registration = await this.meetings.registrationByToken(token);
    await this.meetings.optOut(registration.eventId, sessionId, registration.id);
    return redirect(`/me/${token}/meetings`, { kind: 'success', key: 'meetings.me.optedOut' });
  }

  @Post(':sessionId/recommendations/:participantId/dismiss')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async dismiss(
    @Param('token') token: string,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('participantId', ParseIdPipe) participantId: number,
  ): Promise<Redirect> {
    const registration = await this.meetings.registrationByToken(token);
    await this.people.dismiss(await this.meetings.activeParticipant(registration, sessionId), participantId);
    return redirect(`/me/${token}/meetings#recommended-${sessionId}`, {
      kind: 'success',
      key: 'meetings.me.recommendationDismissed',
    });
  }

  @Post(':sessionId/requests')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async request(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const registration = await this.meetings.registrationByToken(token);
    const values = cleanFormBody(body);
    return submitForm(CreateMeetingRequestDto, values, {
      onValid: async (dto) => {
        await this.meetings.request(registration.eventId, sessionId, registration.id, dto, {
          kind: 'participant',
          registrationId: registration.id,
        });
        return redirect(`/me/${token}/meetings#sent-${sessionId}`, { kind: 'success', key: 'meetings.me.requested' });
      },
      onInvalid: (errors) => this.render(request, registration, token, { errors, values }),
    });
  }

  @Post('requests/:requestId/answer')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async answer(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Param('requestId', ParseIdPipe) requestId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const registration = await this.meetings.registrationByToken(token);
    return submitForm(AnswerRequestDto, cleanFormBody(body), {
      onValid: async (dto) => {
        await this.meetings.answer(registration.eventId, requestId, dto.answer, {
          kind: 'participant',
          registrationId: registration.id,
        });
        return redirect(`/me/${token}/meetings#request-${requestId}`, {
          kind: 'success',
          key: `meetings.me.answered.${dto.answer}`,
        });
      },
      onInvalid: (errors) => this.render(request, registration, token, { errors }),
    });
  }

  @Post(':meetingId/outcome')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async outcome(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Param('meetingId', ParseIdPipe) meetingId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const registration = await this.meetings.registrationByToken(token);
    const values = cleanFormBody(body);
    return submitForm(
      MeetingOutcomeDto,
      { ...values, intent: values.intent === 'yes' },
      {
        onValid: async (dto) => {
          await this.schedule.recordOutcome(registration.eventId, meetingId, dto, {
            kind: 'participant',
            registrationId: registration.id,
          });
          return redirect(`/me/${token}/meetings#meeting-${meetingId}`, {
            kind: 'success',
            key: 'meetings.me.outcomeSaved',
          });
        },
        onInvalid: (errors) => this.render(request, registration, token, { errors }),
      },
    );
  }

  private async render(
    request: FastifyRequest,
    registration: Registration,
    token: string,
    extra: {
      errors?: FieldProblem[];
      values?: Record<string, unknown>;
      about?: { achievementId?: number; demandId?: number };
    },
  ): Promise<Html> {
    const overview = await this.overview.of(registration);
    const sessions = await Promise.all(
      overview.sessions.map(async (s) => {
        const others = s.participant?.active
          ? await this.meetings.cards(s.context.ms.id, { except: s.participant.id })
          : [];
        const asked = new Set(s.sent.map((r) => r.with.id));
        const me = s.participant?.active ? await this.meetings.participant(s.context.ms.id, registration.id) : null;
        const recommended = me ? await this.people.forParticipant(me, registration) : [];
        return {
          ...s,
          ms: s.context.ms,
          agenda: s.context.agenda,
          slots: s.context.slots.map((slot) => ({
            ...slot,
            available: s.participant ? s.participant.availableSlots.includes(slot.number) : true,
          })),
          others: others.map((card) => ({ ...card, asked: asked.has(card.id) })),
          recommended,
          // Opted in but free in no slot: the scheduler cannot place any meeting of theirs.
          noSlot: !!s.participant?.active && s.context.slots.length > 0 && s.participant.availableSlots.length === 0,
          pending: s.received.filter((r) => r.status === 'pending').length,
          form: {
            offer: extra.values?.offer ?? s.participant?.offer ?? '',
            seek: extra.values?.seek ?? s.participant?.seek ?? '',
          },
        };
      }),
    );
    const event = overview.sessions[0]?.context.event;
    return this.views.page(
      request,
      'attendee/meetings',
      {
        registration,
        event,
        timezone: event?.timezone ?? 'Asia/Shanghai',
        base: `/me/${token}`,
        sessions,
        meetings: overview.meetings,
        about: extra.about ?? {},
        values: extra.values ?? {},
        errors: extra.errors ?? [],
        confirmed: registration.status === 'confirmed',
      },
      { title: 'meetings.me.title', area: 'attendee', status: extra.errors?.length ? 400 : 200 },
    );
  }
}
