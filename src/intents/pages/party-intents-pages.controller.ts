import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import { DomainError, type FieldProblem } from '../../common/domain-error.js';
import { ParseIdPipe } from '../../common/id.js';
import { Database } from '../../database/database.service.js';
import { Event } from '../../events/event.entity.js';
import type { Registration } from '../../registration/registration.entity.js';
import { explainProblems } from '../../web/field-messages.js';
import { cleanFormBody, submitForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { AnswerProposalDto, ProposeIntentDto } from '../dto/intents.dto.js';
import { IntentProposals, type ProposalView } from '../intent-proposals.service.js';
import { INTENT_KINDS } from '../intent.entity.js';
import { wholeNumber } from './intent-forms.js';

/**
 * A party's intents from the phone, reached from the personal page (/me/<token>/intents): propose an intent at the
 * negotiation table (the page shows a code for the other party), enter the other party's code to see their proposal
 * and confirm or decline it, and follow the intents one is a party of.
 */
@ApiExcludeController()
@Controller('me/:token/intents')
export class PartyIntentsPagesController {
  constructor(
    private readonly views: Views,
    private readonly proposals: IntentProposals,
    private readonly db: Database,
  ) {}

  @Get()
  @Public()
  @RateLimit({ name: 'personal-page', limit: 300, windowSeconds: 60 })
  async page(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
    @Query('code') code?: string,
  ): Promise<Html> {
    const registration = await this.proposals.registrationByToken(token);
    reply.header('cache-control', 'no-store');
    let found: ProposalView | undefined;
    const errors: FieldProblem[] = [];
    if (code?.trim()) {
      try {
        found = await this.proposals.byCode(registration, code);
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind === 'unauthorized') throw error;
        errors.push(...error.fields);
      }
    }
    return this.render(request, registration, token, {
      found,
      codeErrors: errors,
      codeValues: { code: code?.trim().toUpperCase() ?? '' },
    });
  }

  @Post('proposals')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async propose(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const registration = await this.proposals.registrationByToken(token);
    const values = cleanFormBody(body);
    return submitForm(
      ProposeIntentDto,
      { ...values, valueWan: wholeNumber(values.valueWan) },
      {
        onValid: async (dto) => {
          const proposal = await this.proposals.propose(registration, dto);
          return redirect(`/me/${token}/intents#proposal-${proposal.id}`, {
            kind: 'success',
            key: 'intents.me.proposed',
            params: { code: proposal.code },
          });
        },
        onInvalid: (errors) =>
          this.render(request, registration, token, { proposeErrors: errors, proposeValues: values }),
      },
    );
  }

  @Post('answer')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async answer(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const registration = await this.proposals.registrationByToken(token);
    const values = cleanFormBody(body);
    return submitForm(AnswerProposalDto, values, {
      onValid: async (dto) => {
        const { intent } = await this.proposals.answer(registration, dto.code, dto.answer);
        return redirect(`/me/${token}/intents${intent ? `#intent-${intent.id}` : ''}`, {
          kind: 'success',
          key: `intents.me.answered.${dto.answer}`,
        });
      },
      onInvalid: (errors) =>
        this.render(request, registration, token, {
          codeErrors: errors,
          codeValues: { code: typeof values.code === 'string' ? values.code.toUpperCase() : '' },
        }),
    });
  }

  @Post('proposals/:proposalId/withdraw')
  @Public()
  @RateLimit({ name: 'personal-page-write', limit: 60, windowSeconds: 60 })
  async withdraw(
    @Param('token') token: string,
    @Param('proposalId', ParseIdPipe) proposalId: number,
  ): Promise<Redirect> {
    const registration = await this.proposals.registrationByToken(token);
    await this.proposals.withdraw(registration, proposalId);
    return redirect(`/me/${token}/intents`, { kind: 'success', key: 'intents.me.withdrawn' });
  }

  private async render(
    request: FastifyRequest,
    registration: Registration,
    token: string,
    extra: {
      found?: ProposalView;
      codeErrors?: FieldProblem[];
      codeValues?: Record<string, unknown>;
      proposeErrors?: FieldProblem[];
      proposeValues?: Record<string, unknown>;
    },
  ): Promise<Html> {
    const event = await this.db.manager.findOneByOrFail(Event, { id: registration.eventId });
    const overview = await this.proposals.overview(registration);
    const errors = [...(extra.codeErrors ?? []), ...(extra.proposeErrors ?? [])];
    const explain = (problems: FieldProblem[] = [], values: Record<string, unknown> = {}) =>
      explainProblems(this.views.translator, request.locale, problems, { scope: 'intents.form', values });
    return this.views.page(
      request,
      'attendee/intents',
      {
        registration,
        event,
        timezone: event.timezone,
        base: `/me/${token}`,
        confirmed: registration.status === 'confirmed',
        kinds: INTENT_KINDS,
        ...overview,
        found: extra.found,
        codeErrors: explain(extra.codeErrors, extra.codeValues),
        codeValues: extra.codeValues ?? {},
        proposeErrors: explain(extra.proposeErrors, extra.proposeValues),
        proposeValues: extra.proposeValues ?? { kind: 'technology_transfer' },
      },
      { title: 'intents.me.title', area: 'attendee', status: errors.length ? 400 : 200 },
    );
  }
}
