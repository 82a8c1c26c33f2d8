import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { In } from 'typeorm';
import { Session } from '../../agenda/session.entity.js';
import { Roles } from '../../common/auth.decorators.js';
import { DomainError, invalidField, type FieldProblem } from '../../common/domain-error.js';
import { ParseIdPipe } from '../../common/id.js';
import { Database } from '../../database/database.service.js';
import { EventsService } from '../../events/events.service.js';
import { cleanFormBody, submitForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { AGREEMENT_KINDS, nextStatuses, PARTY_SIDES, type AgreementStatus } from '../domain/agreement-status.js';
import {
  AgreementStatusDto,
  CreateAgreementDto,
  CreateCeremonyDto,
  UpdateAgreementDto,
  UpdateCeremonyDto,
  type StageDto,
} from '../dto/signings.dto.js';
import { ScreenLinks } from '../screen-links.service.js';
import { SigningsReader, type AgreementView } from '../signings-reader.service.js';
import { sendFile } from '../signings.controller.js';
import { SIGNING_SESSION_KINDS, SigningsService } from '../signings.service.js';
import { DOCX_TYPE, RunSheets } from './run-sheets.service.js';
import { screenState } from './screen-state.js';
import {
  ceremonyFormValues,
  formField,
  PARTY_ROWS,
  readAgreementForm,
  readCeremonyForm,
  witnessesText,
} from './signing-forms.js';

export const SIGNINGS_CSS = '/assets/signings/signings.css';

interface RenderExtra {
  /** Problems and values of the form posted (agreement, ceremony settings or new ceremony). */
  form?: 'agreement' | 'ceremony' | 'new';
  errors?: FieldProblem[];
  values?: Record<string, unknown>;
  /** The agreement being edited. */
  edit?: number;
}

/**
 * The organisers' signing ceremony editor (/console/events/:id/signings): ceremonies of the event's signing sessions,
 * their agreements in order (add, edit, up/down, confirm, sign, withdraw) with the totals, the hall screen's controls
 * and link, and the run sheet as a printable page and a .docx.
 */
@ApiExcludeController()
@Controller('console/events/:id/signings')
export class ConsoleSigningsController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly signings: SigningsService,
    private readonly reader: SigningsReader,
    private readonly sheets: RunSheets,
    private readonly links: ScreenLinks,
    private readonly db: Database,
  ) {}

  @Get()
  @Roles('organiser')
  async page(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query('ceremony') ceremony?: string,
    @Query('session') session?: string,
    @Query('edit') edit?: string,
  ): Promise<Html | Redirect> {
    const ceremonyId = positive(ceremony);
    const sessionId = positive(session);
    if (!ceremonyId && sessionId) {
      // From the programme: the session's ceremony, or the form to make one for it.
      const views = await this.reader.forEvent(id, 'organiser');
      const found = views.find((v) => v.session.id === sessionId);
      if (found) return redirect(this.url(id, found.ceremony.id));
    }
    return this.render(request, id, ceremonyId, {
      edit: positive(edit),
      values: sessionId ? { agendaSessionId: sessionId } : undefined,
    });
  }

  @Post()
  @Roles('organiser')
  async create(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number, @Body() body: unknown) {
    const values = cleanFormBody(body);
    const { dto, errors } = readCeremonyForm({ ...values, agendaSessionId: values.agendaSessionId ?? '' });
    return submitForm(
      CreateCeremonyDto,
      dto,
      {
        onValid: async (valid) => {
          const ceremony = await this.signings.createCeremony(id, valid);
          return redirect(this.url(id, ceremony.id), { kind: 'success', key: 'signings.console.created' });
        },
        onInvalid: (problems) => this.render(request, id, undefined, { form: 'new', errors: problems, values }),
      },
      errors,
    );
  }

  @Post(':ceremonyId')
  @Roles('organiser')
  async update(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    const { dto, errors } = readCeremonyForm(values);
    return submitForm(
      UpdateCeremonyDto,
      dto,
      {
        onValid: async (valid) => {
          await this.signings.updateCeremony(id, ceremonyId, valid);
          return redirect(`${this.url(id, ceremonyId)}#settings`, { kind: 'success', key: 'signings.console.saved' });
        },
        onInvalid: (problems) => this.render(request, id, ceremonyId, { form: 'ceremony', errors: problems, values }),
      },
      errors,
    );
  }

  @Post(':ceremonyId/delete')
  @Roles('organiser')
  async remove(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
  ): Promise<Redirect> {
    return this.act(request, id, ceremonyId, '', async () => {
      await this.signings.deleteCeremony(id, ceremonyId);
      return { key: 'signings.console.deleted', to: this.url(id) };
    });
  }

  @Post(':ceremonyId/agreements')
  @Roles('organiser')
  async addAgreement(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    const { dto, errors } = readAgreementForm(values);
    return submitForm(
      CreateAgreementDto,
      dto,
      {
        onValid: async (valid) => {
          const agreement = await this.signings.addAgreement(id, ceremonyId, valid);
          return redirect(`${this.url(id, ceremonyId)}#agreement-${agreement.id}`, {
            kind: 'success',
            key: 'signings.console.added',
          });
        },
        onInvalid: (problems) => this.render(request, id, ceremonyId, { form: 'agreement', errors: problems, values }),
      },
      errors,
    );
  }

  @Post(':ceremonyId/agreements/:agreementId')
  @Roles('organiser')
  async updateAgreement(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
    @Param('agreementId', ParseIdPipe) agreementId: number,
    @Body() body: unknown,
  ) {
    const values = cleanFormBody(body);
    const { dto, errors } = readAgreementForm(values);
    return submitForm(
      UpdateAgreementDto,
      dto,
      {
        onValid: async (valid) => {
          await this.signings.updateAgreement(id, agreementId, valid);
          return redirect(`${this.url(id, ceremonyId)}#agreement-${agreementId}`, {
            kind: 'success',
            key: 'signings.console.saved',
          });
        },
        onInvalid: (problems) =>
          this.render(request, id, ceremonyId, { form: 'agreement', errors: problems, values, edit: agreementId }),
      },
      errors,
    );
  }

  @Post(':ceremonyId/agreements/:agreementId/delete')
  @Roles('organiser')
  async removeAgreement(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
    @Param('agreementId', ParseIdPipe) agreementId: number,
  ): Promise<Redirect> {
    return this.act(request, id, ceremonyId, '#agreements', async () => {
      await this.signings.deleteAgreement(id, agreementId);
      return { key: 'signings.console.agreementDeleted' };
    });
  }

  @Post(':ceremonyId/agreements/:agreementId/move')
  @Roles('organiser')
  async move(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
    @Param('agreementId', ParseIdPipe) agreementId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const direction = cleanFormBody(body).direction === 'up' ? 'up' : 'down';
    return this.act(request, id, ceremonyId, `#agreement-${agreementId}`, async () => {
      await this.signings.move(id, agreementId, direction);
      return { key: 'signings.console.moved' };
    });
  }

  @Post(':ceremonyId/agreements/:agreementId/status')
  @Roles('organiser')
  async status(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
    @Param('agreementId', ParseIdPipe) agreementId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const status = cleanFormBody(body).status;
    return this.act(request, id, ceremonyId, `#agreement-${agreementId}`, async () => {
      if (!isStatus(status)) throw invalidField('status', 'unknown status');
      const dto: AgreementStatusDto = { status };
      await this.signings.transition(id, agreementId, dto.status, request.principal?.userId ?? null);
      return { key: `signings.console.status.${dto.status}` };
    });
  }

  @Post(':ceremonyId/stage')
  @Roles('organiser')
  async stage(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const values = cleanFormBody(body);
    const agreementId = positive(values.agreementId);
    const action = values.action;
    const dto: StageDto = agreementId
      ? { agreementId }
      : { action: action === 'previous' || action === 'opening' || action === 'closing' ? action : 'next' };
    return this.act(request, id, ceremonyId, '#stage', async () => {
      await this.signings.stage(id, ceremonyId, dto);
      return { key: 'signings.console.staged' };
    });
  }

  @Post(':ceremonyId/screen/revoke')
  @Roles('organiser')
  async revoke(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
  ): Promise<Redirect> {
    return this.act(request, id, ceremonyId, '#stage', async () => {
      await this.signings.revokeScreen(id, ceremonyId);
      return { key: 'signings.console.revoked' };
    });
  }

  /** The run sheet (流程单), printable on A4. */
  @Get(':ceremonyId/run-sheet')
  @Roles('organiser')
  async runSheet(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
  ): Promise<Html> {
    const { event, view, model } = await this.sheets.model(id, ceremonyId, request.locale);
    return this.views.page(
      request,
      'console/signings-run-sheet',
      { event, ceremony: view.ceremony, session: view.session, model, pageCss: SIGNINGS_CSS, timezone: event.timezone },
      { title: model.title, area: 'console' },
    );
  }

  @Get(':ceremonyId/run-sheet.docx')
  @Roles('organiser')
  async runSheetDocx(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('ceremonyId', ParseIdPipe) ceremonyId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendFile(reply, await this.sheets.docx(id, ceremonyId, request.locale), DOCX_TYPE);
  }

  // ---- helpers

  private url(eventId: number, ceremonyId?: number): string {
    return `/console/events/${eventId}/signings${ceremonyId ? `?ceremony=${ceremonyId}` : ''}`;
  }

  /** Runs a button's action; a refusal comes back as an error message with the reason. */
  private async act(
    request: FastifyRequest,
    eventId: number,
    ceremonyId: number,
    anchor: string,
    work: () => Promise<{ key: string; to?: string }>,
  ): Promise<Redirect> {
    try {
      const { key, to } = await work();
      return redirect(to ?? `${this.url(eventId, ceremonyId)}${anchor}`, { kind: 'success', key });
    } catch (error) {
      if (error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'invalid'))
        return redirect(`${this.url(eventId, ceremonyId)}${anchor}`, {
          kind: 'error',
          key: 'signings.console.refused',
          params: {
            message: this.views.t(request.locale, `errors.${error.code}`),
            reason: error.fields.map((f) => f.reason).join('; '),
          },
        });
      throw error;
    }
  }

  /** Problems with the sentence the form shows: the field as labelled on the page, then the reason. */
  private explain(request: FastifyRequest, problems: FieldProblem[]) {
    const t = (key: string) => this.views.t(request.locale, key);
    const has = (key: string) => this.views.translator.has(request.locale, key);
    return problems.map((p) => {
      const field = formField(p.field);
      if (field === '_form') return { ...p, field };
      const party = /^party(\d)/.exec(field);
      const label = has(`signings.form.${field}`)
        ? t(`signings.form.${field}`)
        : party
          ? this.views.t(request.locale, 'signings.form.partyN', { n: party[1] })
          : field;
      const reason =
        p.code && has(`validation.${p.code}`)
          ? t(`validation.${p.code}`)
          : has(`reasons.${p.reason}`)
            ? t(`reasons.${p.reason}`)
            : p.reason;
      return { field, reason: p.reason, message: `${label}${t('form.colon')}${reason}` };
    });
  }

  private async render(
    request: FastifyRequest,
    eventId: number,
    ceremonyId: number | undefined,
    extra: RenderExtra,
  ): Promise<Html> {
    const event = await this.events.get(eventId);
    const locale = request.locale;
    const en = locale === 'en';
    const views = await this.reader.forEvent(eventId, 'organiser');
    const current = views.find((v) => v.ceremony.id === ceremonyId) ?? (extra.form === 'new' ? undefined : views[0]);
    const sessions = await this.db.manager.find(Session, {
      where: { eventId, kind: In([...SIGNING_SESSION_KINDS]) },
      order: { startsAt: 'ASC', position: 'ASC' },
    });
    const taken = new Set(views.map((v) => v.ceremony.agendaSessionId));
    const free = sessions.filter((s) => !taken.has(s.id) && !s.cancelledAt);
    const errors = extra.errors ? this.explain(request, extra.errors) : [];
    const data: Record<string, unknown> = {
      event,
      timezone: event.timezone,
      pageCss: SIGNINGS_CSS,
      ceremonies: views.map((v) => ({
        id: v.ceremony.id,
        title: v.session.title,
        titleEn: v.session.titleEn,
        count: v.agreements.filter((a) => a.agreement.status !== 'withdrawn').length,
        current: v === current,
      })),
      free,
      newValues: extra.form === 'new' || !current ? (extra.values ?? {}) : {},
      newErrors: extra.form === 'new' ? errors : [],
      kinds: AGREEMENT_KINDS.map((k) => ({ value: k, label: this.views.t(locale, `signings.kind.${k}`) })),
      sides: PARTY_SIDES.map((s) => ({ value: s, label: this.views.t(locale, `signings.side.${s}`) })),
    };
    if (current) {
      const totals = this.reader.totals([current]);
      const sheet = this.reader.runSheet(current);
      const planned = new Map(sheet.items.map((i) => [i.agreement.id, i]));
      const editing = current.agreements.find((a) => a.agreement.id === extra.edit);
      const agreementValues =
        extra.form === 'agreement'
          ? (extra.values ?? {})
          : editing
            ? agreementFormValues(editing)
            : { kind: 'project' };
      const partyCount = Math.min(PARTY_ROWS, Math.max(2, (editing?.parties.length ?? 0) + 1));
      const state = screenState(current, totals, {
        event: event.shortTitle ?? event.title,
        locale,
        en,
        t: (key, params) => this.views.t(locale, key, params),
      });
      Object.assign(data, {
        current,
        ceremony: current.ceremony,
        session: current.session,
        counted: totals.counted,
        countedKinds: AGREEMENT_KINDS.map((k) => ({ kind: k, n: totals.counted.bySignedKind[k] })),
        summary: current.ceremony.summary,
        summaryKinds: current.ceremony.summary
          ? AGREEMENT_KINDS.filter((k) => (current.ceremony.summary!.byKind[k] ?? 0) > 0).map((k) => ({
              kind: k,
              n: current.ceremony.summary!.byKind[k],
            }))
          : [],
        overrun: sheet.overrunMinutes,
        sheetEndsAt: sheet.endsAt,
        screenUrl: await this.links.url(current.ceremony),
        state,
        rows: current.agreements.map((a, i) => ({
          ...a,
          planned: planned.get(a.agreement.id) ?? null,
          first: i === 0,
          last: i === current.agreements.length - 1,
          next: nextStatuses(a.agreement.status),
          onScreen: current.stage.phase === 'agreement' && current.stage.agreementId === a.agreement.id,
          left: a.parties.filter((p) => p.party.side === 'left'),
          right: a.parties.filter((p) => p.party.side === 'right'),
        })),
        editing: editing ?? null,
        agreementValues,
        agreementErrors: extra.form === 'agreement' ? errors : [],
        partyRows: Array.from({ length: PARTY_ROWS }, (_, i) => ({ n: i + 1 })).filter(
          (row) => row.n <= partyCount || agreementValues[`party${row.n}Organisation`],
        ),
        settings:
          extra.form === 'ceremony'
            ? (extra.values ?? {})
            : ceremonyFormValues({ ...current.ceremony, host: current.host?.name ?? null }),
        settingsErrors: extra.form === 'ceremony' ? errors : [],
        summaryFields: AGREEMENT_KINDS.map((k) => ({
          name: `summary${k[0].toUpperCase()}${k.slice(1)}`,
          label: this.views.t(locale, `signings.kind.${k}`),
        })),
      });
    }
    return this.views.page(request, 'console/signings', data, {
      title: 'signings.console.title',
      area: 'console',
      status: extra.errors?.length ? 400 : 200,
    });
  }
}

function positive(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

function isStatus(value: unknown): value is AgreementStatus {
  return value === 'planned' || value === 'confirmed' || value === 'signed' || value === 'withdrawn';
}

/** The agreement form filled from what is stored. */
function agreementFormValues(view: AgreementView): Record<string, unknown> {
  const a = view.agreement;
  const values: Record<string, unknown> = {
    title: a.title,
    titleEn: a.titleEn ?? '',
    kind: a.kind,
    facilitator: view.facilitator?.name ?? '',
    landingProvince: a.landingProvince ?? '',
    landingCity: a.landingCity ?? '',
    landingDistrict: a.landingDistrict ?? '',
    amountWan: a.amountWan ?? '',
    minutes: a.minutes ?? '',
    achievementId: a.achievementId ?? '',
    demandId: a.demandId ?? '',
    meetingId: a.meetingId ?? '',
    witnesses: witnessesText(
      view.witnesses.map((w) => ({
        name: w.person.name,
        title: w.witness.title,
        organisation: w.organisation?.name ?? null,
      })),
    ),
  };
  view.parties.forEach((p, i) => {
    values[`party${i + 1}Organisation`] = p.organisation.name;
    values[`party${i + 1}Signatory`] = p.signatory?.name ?? '';
    values[`party${i + 1}Title`] = p.party.signatoryTitle ?? '';
    values[`party${i + 1}Side`] = p.party.side;
  });
  return values;
}
