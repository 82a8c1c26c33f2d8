import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.decorators.js';
import { invalidField } from '../common/domain-error.js';
import { ParseIdPipe } from '../common/id.js';
import { ListRegistrationsQueryDto } from './dto/registration.dto.js';
import {
  FILE_FORMATS,
  isUploadedFile,
  RegistrationImportService,
  type FileDownload,
  type FileFormat,
  type UploadedFile,
} from './registration-import.service.js';

class FileFormatQueryDto {
  @ApiPropertyOptional({ enum: FILE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FILE_FORMATS, { message: 'format must be xlsx or csv' })
  format?: FileFormat;
}

class ExportQueryDto extends ListRegistrationsQueryDto {
  @ApiPropertyOptional({ enum: FILE_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(FILE_FORMATS, { message: 'format must be xlsx or csv' })
  format?: FileFormat;
}

/** Sends a generated file as a download; registrations are personal data, so nothing keeps a copy on the way. */
export function sendDownload(reply: FastifyReply, download: FileDownload): Buffer {
  void reply
    .header('content-type', download.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${download.filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(download.filename)}`,
    )
    .header('cache-control', 'no-store');
  return download.body;
}

/** The multipart field `file` of a request body, or a 400 naming it. */
export function uploadedFile(body: unknown): UploadedFile {
  const file = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined;
  if (!isUploadedFile(file)) {
    throw invalidField('file', 'a .xlsx or .csv file is required (multipart/form-data, field "file")');
  }
  return file;
}

@ApiTags('registration')
@ApiBearerAuth()
@Controller('api/events/:eventId/registrations')
export class RegistrationFilesController {
  constructor(private readonly files: RegistrationImportService) {}

  @Get('template')
  @Roles('organiser')
  @ApiOperation({
    summary:
      'The import template: .xlsx (header, an example row and a sheet “说明 Instructions” listing categories and questions) or .csv',
  })
  async template(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Query() query: FileFormatQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendDownload(reply, await this.files.template(eventId, query.format ?? 'xlsx'));
  }

  @Get('export')
  @Roles('organiser')
  @ApiOperation({ summary: 'Registrations as .xlsx or .csv (UTF-8), with the same filters as the list' })
  async export(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { format, ...filters } = query;
    return sendDownload(reply, await this.files.export(eventId, filters, format ?? 'xlsx'));
  }

  @Post('import')
  @Roles('organiser')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({
    summary:
      'Imports invited guests from .xlsx or .csv (UTF-8), all or nothing: any invalid row answers 400 import_invalid with details.rows [{row, column, reason}]',
  })
  importFile(@Param('eventId', ParseIdPipe) eventId: number, @Body() body: unknown) {
    return this.files.importFile(eventId, uploadedFile(body));
  }
}
