import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Roles } from '../../common/auth.decorators.js';
import { DomainError, type FieldProblem } from '../../common/domain-error.js';
import { ParseIdPipe } from '../../common/id.js';
import type { Principal } from '../../common/request-context.js';
import { localDay } from '../../common/time.js';
import { Database } from '../../database/database.service.js';
import { EventSeries } from '../../events/event-series.entity.js';
import { Event } from '../../events/event.entity.js';
import { MatchCategory } from '../../matchmaking/match-category.entity.js';
import { sendDownload } from '../../registration/registration-files.controller.js';
import { isUploadedFile } from '../../registration/registration-import.service.js';
import { explainProblems } from '../../web/field-messages.js';
import { cleanFormBody, submitForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views, type PageOptions } from '../../web/views.service.js';
import { INTENT_STAGES, isOpen } from '../domain/stages.js';
import {
  BulkOwnerDto,
  ChangeStageDto,
  CreateIntentDto,
  FollowUpDto,
  IntentSettingsDto,
  UpdateIntentDto,
  type ListIntentsQueryDto,
} from '../dto/intents.dto.js';
import type { IntentImportProblem } from '../import/intent-rows.js';
import { IntentFiles } from '../intent-files.service.js';
import { IntentFunnel } from '../intent-funnel.service.js';
import { IntentSettings } from '../intent-settings.service.js';
import { Intent, DROP_REASONS, INTENT_KINDS } from '../intent.entity.js';
import { actorOf } from '../intents.controller.js';
import { IntentsService, PIPELINE_TIMEZONE, type IntentView } from '../intents.service.js';
import { filtersOf, formProblems, ownerOf, PARTY_ROWS, partiesOf, queryOf, wholeNumber } from './intent-forms.js';

const PAGE_SIZE = 50;
const BOARD_LIMIT = 1000;

type DetailForm = 'edit' | 'stage' | 'followUp';

/**
 * The organisers' pipeline console (/console/intents): the list with filters (event, series, owner, city, category,
 * stage, overdue) and the board by stage, bulk owner assignment, the idle threshold, new intents, import and export
 * (.xlsx); an intent's page with its history, follow-up log (with attachments), stage changes and edits.
 */
@ApiExcludeController()
@Controller('console/intents')
export class ConsoleIntentsController {
  constructor(
    private readonly views: Views,
    private readonly intents: IntentsService,
    private readonly files: IntentFiles,
    private readonly funnel: IntentFunnel,
    private readonly settings: IntentSettings,
    private readonly db: Database,
  ) {}

  @Get()
  @Roles('organiser')
  list(@Req() request: FastifyRequest, @Query() raw: Record<string, unknown>): Promise<Html> {
    return this.listPage(request, raw, {});
  }

  @Post('owner')
  @Roles('organiser')
  async bulkOwner(@Req() request: FastifyRequest, @Body() body: unknown): Promise<Html | Redirect> {
    const values = cleanFormBody(body);
    const ids = (Array.isArray(values.ids) ? values.ids : [values.ids])
      .filter((v): v is string => typeof v === 'string' && /^\d{1,9}$/.test(v))
      .map(Number);
    const back = typeof values.back === 'string' && values.back.startsWith('?') ? values.back : '';
    return submitForm(
      BulkOwnerDto,
      { ids, owner: ownerOf(values) ?? null },
      {
        onValid: async (dto) => {
          const { updated } = await this.intents.bulkOwner(dto.ids, dto.owner ?? null);
          return redirect(`/console/intents${back}`, {
            kind: 'success',
            key: 'intents.console.ownersSet',
            params: { n: updated },
          });
        },
        onInvalid: (errors) =>
          this.listPage(
            request,
            Object.fromEntries(new URLSearchParams(back)),
            { ownerErrors: formProblems(errors), ownerValues: values },
            400,
          ),
      },
    );
  }

  @Post('settings')
  @Roles('organiser')
  async saveSettings(@Req() request: FastifyRequest, @Body() body: unknown): Promise<Html | Redirect> {
    const values = cleanFormBody(body);
    return submitForm(
      IntentSettingsDto,
      { idleDays: wholeNumber(values.idleDays) },
      {
        onValid: async (dto) => {
          await this.settings.set(dto);
          return redirect('/console/intents', { kind: 'success', key: 'intents.console.settingsSaved' });
        },
        onInvalid: (errors) => this.listPage(request, {}, { settingsErrors: errors, settingsValues: values }, 400),
      },
    );
  }

  @Get('new')
  @Roles('organiser')
  async newForm(@Req() request: FastifyRequest, @Query('eventId') eventId?: string): Promise<Html> {
    return this.newPage(
      request,
      { eventId: eventId && /^\d{1,9}$/.test(eventId) ? eventId : '', kind: 'technology_transfer' },
      [],
    );
  }

  @Post()
  @Roles('organiser')
  async create(
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Html | Redirect> {
    const values = cleanFormBody(body);
    const form = {
      title: values.title,
      kind: values.kind,
      subjectText: values.subjectText,
      valueWan: wholeNumber(values.valueWan),
      eventId: wholeNumber(values.eventId),
      category: values.category,
      city: values.city,
      parties: partiesOf(values),
      owner: ownerOf(values) ?? undefined,
      nextFollowUpOn: values.nextFollowUpOn,
      note: values.note,
    };
    return submitForm(CreateIntentDto, form, {
      onValid: async (dto) => {
        const intent = await this.intents.create({ ...dto, source: { kind: 'console', id: null } }, actorOf(principal));
        return redirect(`/console/intents/${intent.id}`, { kind: 'success', key: 'intents.console.created' });
      },
      onInvalid: (errors) => this.newPage(request, values, formProblems(errors)),
    });
  }

  @Get('import')
  @Roles('organiser')
  importPage(@Req() request: FastifyRequest): Html {
    return this.page(request, 'console/intents-import', {}, { title: 'intents.import.title', area: 'console' });
  }

  @Post('import')
  @Roles('organiser')
  async importFile(
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Html | Redirect> {
    const file = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined;
    if (!isUploadedFile(file))
      return this.page(
        request,
        'console/intents-import',
        { noFile: true },
        { title: 'intents.import.title', area: 'console', status: 400 },
      );
    try {
      const { imported } = await this.files.importFile(file, actorOf(principal));
      return redirect('/console/intents', { kind: 'success', key: 'intents.import.done', params: { n: imported } });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'intent_import_invalid') {
        const rows = (error.details.rows ?? []) as IntentImportProblem[];
        return this.page(
          request,
          'console/intents-import',
          {
            problems: rows.map((p) => ({ ...p, isFile: p.column === '_file' })),
            problemRows: new Set(rows.map((p) => p.row)).size,
          },
          { title: 'intents.import.title', area: 'console', status: 400 },
        );
      }
      throw error;
    }
  }

  @Get('template')
  @Roles('organiser')
  async template(@Query('format') format: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return sendDownload(reply, await this.files.template(format === 'csv' ? 'csv' : 'xlsx'));
  }

  @Get('export')
  @Roles('organiser')
  async export(
    @Query() raw: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendDownload(reply, await this.files.export(filtersOf(raw), raw.format === 'csv' ? 'csv' : 'xlsx'));
  }

  @Get(':id')
  @Roles('organiser')
  detail(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number): Promise<Html> {
    return this.detailPage(request, id, {});
  }

  @Post(':id')
  @Roles('organiser')
  async update(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const values = cleanFormBody(body);
    const current = (await this.intents.get(id)).owner?.key ?? null;
    const form = {
      title: values.title,
      kind: values.kind,
      subjectText: values.subjectText ?? null,
      valueWan: wholeNumber(values.valueWan) ?? null,
      eventId: wholeNumber(values.eventId) ?? null,
      category: values.category ?? null,
      city: values.city ?? null,
      nextFollowUpOn: values.nextFollowUpOn ?? null,
      owner: ownerOf(values, current),
    };
    return submitForm(UpdateIntentDto, form, {
      onValid: async (dto) => {
        await this.intents.update(id, dto);
        return redirect(`/console/intents/${id}`, { kind: 'success', key: 'intents.console.saved' });
      },
      onInvalid: (errors) => this.detailPage(request, id, { form: 'edit', errors: formProblems(errors), values }),
    });
  }

  @Post(':id/stage')
  @Roles('organiser')
  async stage(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Html | Redirect> {
    const values = cleanFormBody(body);
    const form = {
      ...values,
      correction: values.correction === 'yes' ? true : undefined,
      nextFollowUpOn: values.nextFollowUpOn,
    };
    return submitForm(ChangeStageDto, form, {
      onValid: async (dto) => {
        await this.intents.changeStage(id, dto, actorOf(principal));
        return redirect(`/console/intents/${id}#history`, {
          kind: 'success',
          key: 'intents.console.stageChanged',
          params: { stage: this.views.t(request.locale, `intents.stage.${dto.stage}`) },
        });
      },
      onInvalid: (errors) => this.detailPage(request, id, { form: 'stage', errors, values }),
    });
  }

  @Post(':id/follow-ups')
  @Roles('organiser')
  async followUp(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Html | Redirect> {
    const values = cleanFormBody(body);
    const file = isUploadedFile(values.file) && values.file.data.length > 0 ? values.file : undefined;
    delete values.file;
    return submitForm(FollowUpDto, values, {
      onValid: async (dto) => {
        await this.intents.addFollowUp(id, dto, file, actorOf(principal));
        return redirect(`/console/intents/${id}#follow-ups`, { kind: 'success', key: 'intents.console.followUpAdded' });
      },
      onInvalid: (errors) => this.detailPage(request, id, { form: 'followUp', errors, values }),
    });
  }

  @Get(':id/attachments/:attachmentId')
  @Roles('organiser')
  async attachment(
    @Param('id', ParseIdPipe) id: number,
    @Param('attachmentId', ParseIdPipe) attachmentId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendDownload(reply, await this.intents.attachment(id, attachmentId));
  }

  // ---- pages

  private async listPage(
    request: FastifyRequest,
    raw: Record<string, unknown>,
    extra: Record<string, unknown>,
    status = 200,
  ): Promise<Html> {
    const filters = filtersOf(raw);
    const board = raw.view === 'board';
    const now = new Date();
    const options = await this.options();
    const data: Record<string, unknown> = {
      ...options,
      filters,
      board,
      query: queryOf(filters),
      boardUrl: `/console/intents${queryOf(filters, { view: 'board' })}`,
      listUrl: `/console/intents${queryOf(filters)}`,
      exportUrl: `/console/intents/export${queryOf(filters)}`,
      settings: extra.settingsValues ?? (await this.settings.get()),
      ...extra,
      ownerErrors: this.explain(
        request,
        (extra.ownerErrors ?? []) as FieldProblem[],
        (extra.ownerValues ?? {}) as Record<string, unknown>,
      ),
      settingsErrors: this.explain(
        request,
        (extra.settingsErrors ?? []) as FieldProblem[],
        (extra.settingsValues ?? {}) as Record<string, unknown>,
      ),
    };
    if (board) {
      const all = await this.intents.all({ ...filters, stage: undefined }, BOARD_LIMIT, now);
      data.columns = INTENT_STAGES.map((stage) => ({
        stage,
        cards: all.filter((v) => v.intent.stage === stage).map((v) => this.card(v, now)),
      }));
      data.truncated = all.length >= BOARD_LIMIT;
    } else {
      const page = await this.intents.list({ ...filters, pageSize: PAGE_SIZE }, now);
      const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
      data.items = page.items.map((v) => this.card(v, now));
      data.total = page.total;
      data.page = page.page;
      data.pages = pages;
      data.prevHref = page.page > 1 ? `/console/intents${queryOf(filters, { page: String(page.page - 1) })}` : null;
      data.nextHref = page.page < pages ? `/console/intents${queryOf(filters, { page: String(page.page + 1) })}` : null;
    }
    if (filters.eventId || filters.seriesId) {
      const report = filters.seriesId
        ? await this.funnel.forSeries(filters.seriesId, { now })
        : await this.funnel.forEvents([filters.eventId!], { now });
      data.funnel = {
        stages: INTENT_STAGES.map((stage) => ({
          stage,
          reached: report.reachedCounts[stage],
          current: report.currentCounts[stage],
        })),
        report,
      };
    }
    return this.page(request, 'console/intents', data, {
      title: 'intents.console.title',
      area: 'console',
      status,
    });
  }

  private card(view: IntentView, now: Date) {
    const today = localDay(now, PIPELINE_TIMEZONE);
    const { intent } = view;
    return {
      ...view,
      overdue: isOpen(intent.stage) && intent.nextFollowUpOn !== null && intent.nextFollowUpOn < today,
      partyNames: view.parties.map((p) => p.organisation.shortName ?? p.organisation.name).join(' × '),
    };
  }

  private async newPage(
    request: FastifyRequest,
    values: Record<string, unknown>,
    errors: FieldProblem[],
  ): Promise<Html> {
    return this.page(
      request,
      'console/intent-new',
      {
        ...(await this.options()),
        values,
        errors: this.explain(request, errors, values),
        partyRows: Array.from({ length: PARTY_ROWS }, (_, i) => i),
      },
      { title: 'intents.new.title', area: 'console', status: errors.length ? 400 : 200 },
    );
  }

  private async detailPage(
    request: FastifyRequest,
    id: number,
    extra: { form?: DetailForm; errors?: FieldProblem[]; values?: Record<string, unknown> },
  ): Promise<Html> {
    const details = await this.intents.get(id);
    const { intent } = details;
    const now = new Date();
    const today = localDay(now, PIPELINE_TIMEZONE);
    const editValues = {
      title: intent.title,
      kind: intent.kind,
      subjectText: intent.subjectText ?? '',
      valueWan: intent.valueWan ?? '',
      eventId: intent.eventId ?? '',
      category: intent.category ?? '',
      city: intent.city ?? '',
      nextFollowUpOn: intent.nextFollowUpOn ?? '',
      ownerKey: details.owner?.key ?? '',
    };
    const errorsFor = (form: DetailForm) =>
      extra.form === form ? this.explain(request, extra.errors ?? [], extra.values ?? {}) : [];
    const valuesFor = (form: DetailForm, fallback: Record<string, unknown>) =>
      extra.form === form && extra.values ? extra.values : fallback;
    return this.page(
      request,
      'console/intent',
      {
        ...(await this.options()),
        ...details,
        overdue: isOpen(intent.stage) && intent.nextFollowUpOn !== null && intent.nextFollowUpOn < today,
        history: details.history.map((h) => ({ ...h, corrected: details.history.some((c) => c.correctsId === h.id) })),
        editValues: valuesFor('edit', editValues),
        editErrors: errorsFor('edit'),
        stageValues: valuesFor('stage', { stage: '' }),
        stageErrors: errorsFor('stage'),
        stageChoices: INTENT_STAGES.filter((s) => s !== intent.stage),
        followUpValues: valuesFor('followUp', { happenedOn: today }),
        followUpErrors: errorsFor('followUp'),
        dropReasons: DROP_REASONS,
      },
      {
        title: intent.title,
        area: 'console',
        status: extra.errors?.length ? 400 : 200,
      },
    );
  }

  /** A console page of the pipeline (the navigation marks “Intents” as the current place). */
  private page(request: FastifyRequest, name: string, data: Record<string, unknown>, options: PageOptions): Html {
    return this.views.page(request, name, { ...data, navIntents: true }, options);
  }

  /** Field problems as sentences in the reader's language (intents.form.<field>.<rule>), else by rule or reason. */
  private explain(request: FastifyRequest, errors: FieldProblem[], values: Record<string, unknown>) {
    return explainProblems(this.views.translator, request.locale, errors, { scope: 'intents.form', values });
  }

  /** What the filters and forms offer: events, series, owners, categories, cities, kinds, stages. */
  private async options() {
    const em = this.db.manager;
    const [events, series, categories, owners, cities] = await Promise.all([
      em.find(Event, { order: { startsAt: 'DESC' }, take: 500 }),
      em.find(EventSeries, { order: { name: 'ASC' } }),
      em.find(MatchCategory, { order: { position: 'ASC' } }),
      this.intents.ownerChoices(),
      em
        .createQueryBuilder(Intent, 'i')
        .select('DISTINCT i.city', 'city')
        .where('i.city IS NOT NULL')
        .orderBy('i.city', 'ASC')
        .limit(200)
        .getRawMany<{ city: string }>(),
    ]);
    return {
      events,
      series,
      categories,
      ownerUsers: owners.users,
      ownerOrganisations: owners.organisations,
      cities: cities.map((c) => c.city),
      kinds: INTENT_KINDS,
      stages: INTENT_STAGES,
    };
  }
}

export type { ListIntentsQueryDto };
