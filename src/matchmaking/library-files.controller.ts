import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.decorators.js';
import { invalidField } from '../common/domain-error.js';
import { IsIdText } from '../common/id.js';
import { sendDownload, uploadedFile } from '../registration/registration-files.controller.js';
import { FILE_FORMATS, type FileFormat } from '../registration/registration-import.service.js';
import { ListLibraryQueryDto } from './dto/library.dto.js';
import { importJobJson, LibraryImportService } from './library-import.service.js';
import type { LibraryKind } from './library-search.js';

class FormatQueryDto {
  @ApiPropertyOptional({ enum: FILE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FILE_FORMATS, { message: 'format must be xlsx or csv' })
  format?: FileFormat;
}

class ExportQueryDto extends ListLibraryQueryDto {
  @ApiPropertyOptional({ enum: FILE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FILE_FORMATS, { message: 'format must be xlsx or csv' })
  format?: FileFormat;

  @ApiPropertyOptional({ description: 'only the items listed at this event, in the list’s order' })
  @IsOptional()
  @IsIdText()
  eventId?: number;
}

/** Multipart fields of an import, as text: the event to list the items at, the list's name, and whether to wait. */
export function importOptions(body: unknown) {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof fields[key] === 'string' ? fields[key].trim() : '');
  const eventId = text('eventId');
  if (eventId && !/^\d{1,10}$/.test(eventId)) throw invalidField('eventId', 'must be an event id');
  const listName = text('listName').slice(0, 200);
  const listNameEn = text('listNameEn').slice(0, 300);
  return {
    listing: eventId
      ? { eventId: Number(eventId), listName: listName || undefined, listNameEn: listNameEn || undefined }
      : undefined,
    wait: text('wait') !== 'false',
  };
}

const IMPORT_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary' },
      eventId: { type: 'integer', description: 'also list the imported items at this event' },
      listName: { type: 'string', example: '成都都市圈重点产业成果清单' },
      wait: { type: 'string', enum: ['true', 'false'], description: 'false: answer 202 at once, poll the job' },
    },
  },
};

@ApiTags('matchmaking')
@ApiBearerAuth()
@Controller('api')
export class LibraryFilesController {
  constructor(private readonly files: LibraryImportService) {}

  @Get('achievements/template')
  @Roles('organiser')
  async achievementTemplate(@Query() query: FormatQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendDownload(reply, await this.files.template('achievement', query.format ?? 'xlsx'));
  }

  @Get('demands/template')
  @Roles('organiser')
  async demandTemplate(@Query() query: FormatQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendDownload(reply, await this.files.template('demand', query.format ?? 'xlsx'));
  }

  @Get('achievements/export')
  @Roles('organiser')
  async achievementExport(@Query() query: ExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { format, ...filters } = query;
    return sendDownload(reply, await this.files.export('achievement', filters, format ?? 'xlsx'));
  }

  @Get('demands/export')
  @Roles('organiser')
  async demandExport(@Query() query: ExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { format, ...filters } = query;
    return sendDownload(reply, await this.files.export('demand', filters, format ?? 'xlsx'));
  }

  @Post('achievements/import')
  @Roles('organiser')
  @ApiConsumes('multipart/form-data')
  @ApiBody(IMPORT_BODY)
  @ApiOperation({
    summary:
      'Imports achievements, all or nothing: any invalid row answers 400 library_import_invalid with details.rows [{row, column, code, reason}]',
  })
  importAchievements(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.importFile('achievement', body, reply);
  }

  @Post('demands/import')
  @Roles('organiser')
  @ApiConsumes('multipart/form-data')
  @ApiBody(IMPORT_BODY)
  importDemands(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.importFile('demand', body, reply);
  }

  @Get('library-imports/:jobId')
  @Roles('organiser')
  @ApiOperation({ summary: 'Progress of an import: state (writing, done, failed), total and written rows' })
  job(@Param('jobId') jobId: string) {
    return importJobJson(this.files.job(jobId));
  }

  private async importFile(kind: LibraryKind, body: unknown, reply: FastifyReply) {
    const file = uploadedFile(body);
    const { listing, wait } = importOptions(body);
    const job = await this.files.start(kind, file, listing);
    if (!wait) {
      void reply.status(202);
      return importJobJson(job);
    }
    await job.finished;
    void reply.status(job.state === 'done' ? 201 : 500);
    return { ...importJobJson(job), ids: job.ids };
  }
}
