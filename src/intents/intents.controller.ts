import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../common/auth.decorators.js';
import { CommonError } from '../common/domain-error.js';
import { ParseIdPipe } from '../common/id.js';
import type { Principal } from '../common/request-context.js';
import { localDay } from '../common/time.js';
import { sendDownload, uploadedFile } from '../registration/registration-files.controller.js';
import { FILE_FORMATS, isUploadedFile, type FileFormat } from '../registration/registration-import.service.js';
import { cleanFormBody, validateForm } from '../web/forms.js';
import { isOpen } from './domain/stages.js';
import {
  BulkOwnerDto,
  ChangeStageDto,
  CreateIntentDto,
  FollowUpDto,
  FunnelQueryDto,
  IntentSettingsDto,
  ListIntentsQueryDto,
  UpdateIntentDto,
} from './dto/intents.dto.js';
import { IntentFiles } from './intent-files.service.js';
import { IntentFunnel } from './intent-funnel.service.js';
import { IntentSettings } from './intent-settings.service.js';
import {
  IntentsService,
  PIPELINE_TIMEZONE,
  type Actor,
  type IntentDetails,
  type IntentView,
} from './intents.service.js';

class FormatQueryDto {
  @ApiPropertyOptional({ enum: FILE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FILE_FORMATS, { message: 'format must be xlsx or csv' })
  format?: FileFormat;
}

class ExportQueryDto extends ListIntentsQueryDto {
  @ApiPropertyOptional({ enum: FILE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FILE_FORMATS, { message: 'format must be xlsx or csv' })
  format?: FileFormat;
}

export function actorOf(principal: Principal): Actor {
  return { key: `user:${principal.userId}`, name: principal.name, userId: principal.userId };
}

export function intentJson({ intent, event, parties, owner }: IntentView, now = new Date()) {
  return {
    id: intent.id,
    title: intent.title,
    kind: intent.kind,
    subject: { kind: intent.subjectKind, id: intent.subjectId, text: intent.subjectText },
    valueWan: intent.valueWan,
    eventId: intent.eventId,
    event: event
      ? { id: event.id, slug: event.slug, title: event.title, titleEn: event.titleEn, seriesId: event.seriesId }
      : null,
    category: intent.category,
    city: intent.city,
    stage: intent.stage,
    landedPlace: intent.landedPlace,
    landedOn: intent.landedOn,
    droppedReason: intent.droppedReason,
    droppedNote: intent.droppedNote,
    nextFollowUpOn: intent.nextFollowUpOn,
    overdue:
      isOpen(intent.stage) &&
      intent.nextFollowUpOn !== null &&
      intent.nextFollowUpOn < localDay(now, PIPELINE_TIMEZONE),
    owner,
    parties: parties.map((p) => ({
      organisationId: p.organisation.id,
      organisation: p.organisation.name,
      organisationEn: p.organisation.nameEn,
      region: p.organisation.region,
      contact: p.person ? { id: p.person.id, name: p.person.name, email: p.person.email, phone: p.person.phone } : null,
    })),
    source: { kind: intent.sourceKind, id: intent.sourceId },
    agreementId: intent.agreementId,
    reached: {
      rank: intent.reachedRank,
      intentAt: intent.intentAt,
      negotiatingAt: intent.negotiatingAt,
      signedAt: intent.signedAt,
      landedAt: intent.landedAt,
      droppedAt: intent.droppedAt,
    },
    stageChangedAt: intent.stageChangedAt,
    lastActivityAt: intent.lastActivityAt,
    createdAt: intent.createdAt,
  };
}

function detailsJson(details: IntentDetails) {
  return {
    ...intentJson(details),
    history: details.history.map((h) => ({
      id: h.id,
      from: h.fromStage,
      to: h.toStage,
      at: h.at,
      actor: h.actor,
      actorName: h.actorName,
      note: h.note,
      correctsId: h.correctsId,
      details: h.details,
    })),
    followUps: details.followUps.map(followUpJson),
  };
}

function followUpJson(f: IntentDetails['followUps'][number]) {
  return {
    id: f.id,
    happenedOn: f.happenedOn,
    note: f.note,
    actor: f.actor,
    actorName: f.actorName,
    createdAt: f.createdAt,
    attachments: f.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      url: `/api/intents/${f.intentId}/attachments/${a.id}`,
    })),
  };
}

/** Organisers' API of the cooperation pipeline: intents, stages, follow-ups, owners, files, funnel, settings. */
@ApiTags('intents')
@ApiBearerAuth()
@Controller('api/intents')
export class IntentsController {
  constructor(
    private readonly intents: IntentsService,
    private readonly files: IntentFiles,
    private readonly funnel: IntentFunnel,
    private readonly settings: IntentSettings,
  ) {}

  @Get()
  @Roles('organiser')
  @ApiOperation({ summary: 'Intents, filtered by event, series, owner, city, category, stage, kind, overdue' })
  async list(@Query() query: ListIntentsQueryDto) {
    const page = await this.intents.list(query);
    return { ...page, items: page.items.map((v) => intentJson(v)) };
  }

  @Post()
  @Roles('organiser')
  @ApiOperation({ summary: 'Records an intent: two or more parties, what about, kind, value, owner, follow-up date' })
  async create(@Body() dto: CreateIntentDto, @CurrentPrincipal() principal: Principal) {
    const intent = await this.intents.create({ ...dto, source: { kind: 'api', id: null } }, actorOf(principal));
    return detailsJson(await this.intents.get(intent.id));
  }

  @Get('funnel')
  @Roles('organiser')
  @ApiOperation({ summary: 'The funnel of one event (eventId) or a series (seriesId)' })
  funnelOf(@Query() query: FunnelQueryDto) {
    if (query.seriesId) return this.funnel.forSeries(query.seriesId);
    if (query.eventId) return this.funnel.forEvents([query.eventId]);
    throw new CommonError('validation_failed', {}, [{ field: 'eventId', reason: 'give eventId or seriesId' }]);
  }

  @Get('settings')
  @Roles('organiser')
  getSettings() {
    return this.settings.get();
  }

  @Put('settings')
  @Roles('organiser')
  @ApiOperation({ summary: 'The idle threshold (days) after which owners are reminded' })
  putSettings(@Body() dto: IntentSettingsDto) {
    return this.settings.set(dto);
  }

  @Post('owner')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Gives many intents one owner (or none: owner null)' })
  bulkOwner(@Body() dto: BulkOwnerDto) {
    return this.intents.bulkOwner(dto.ids, dto.owner ?? null);
  }

  @Get('template')
  @Roles('organiser')
  async template(@Query() query: FormatQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendDownload(reply, await this.files.template(query.format ?? 'xlsx'));
  }

  @Get('export')
  @Roles('organiser')
  @ApiOperation({ summary: 'The filtered intents as .xlsx or .csv' })
  async export(@Query() query: ExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { format, ...filters } = query;
    return sendDownload(reply, await this.files.export(filters, format ?? 'xlsx'));
  }

  @Post('import')
  @Roles('organiser')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({
    summary:
      'Imports intents, all or nothing: any invalid row answers 400 intent_import_invalid with details.rows [{row, column, code, reason}]',
  })
  importFile(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.files.importFile(uploadedFile(body), actorOf(principal));
  }

  @Get(':id')
  @Roles('organiser')
  async get(@Param('id', ParseIdPipe) id: number) {
    return detailsJson(await this.intents.get(id));
  }

  @Patch(':id')
  @Roles('organiser')
  @ApiOperation({ summary: 'Edits an intent: owner, next follow-up date, title, kind, value, event, category, city' })
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateIntentDto) {
    await this.intents.update(id, dto);
    return detailsJson(await this.intents.get(id));
  }

  @Post(':id/stage')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Moves to another stage with a note (landed: place and date; dropped: reason; back: a correction)',
  })
  async stage(
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: ChangeStageDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.intents.changeStage(id, dto, actorOf(principal));
    return detailsJson(await this.intents.get(id));
  }

  @Get(':id/follow-ups')
  @Roles('organiser')
  async followUps(@Param('id', ParseIdPipe) id: number) {
    return (await this.intents.get(id)).followUps.map(followUpJson);
  }

  @Post(':id/follow-ups')
  @Roles('organiser')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({
    summary: 'Adds a dated note to the follow-up log; multipart with `file` attaches a PDF, PNG, JPEG, WebP or .docx',
  })
  async addFollowUp(
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    const values = cleanFormBody(body);
    const file = isUploadedFile(values.file) ? values.file : undefined;
    delete values.file;
    const result = await validateForm(FollowUpDto, values);
    if (!result.ok) throw new CommonError('validation_failed', {}, result.errors);
    const followUp = await this.intents.addFollowUp(id, result.value, file, actorOf(principal));
    return (await this.intents.get(id)).followUps.map(followUpJson).find((f) => f.id === followUp.id);
  }

  @Get(':id/attachments/:attachmentId')
  @Roles('organiser')
  async attachment(
    @Param('id', ParseIdPipe) id: number,
    @Param('attachmentId', ParseIdPipe) attachmentId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendDownload(reply, await this.intents.attachment(id, attachmentId));
  }
}
