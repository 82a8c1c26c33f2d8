import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth.decorators.js';
import { fileResponseHeaders } from '../../common/file-types.js';
import { ParseIdPipe } from '../../common/id.js';
import { isUploadedFile, type UploadedFile } from '../../registration/registration-import.service.js';
import { attachmentJson, libraryKindOf } from '../library-views.js';
import {
  LibraryAttachments,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_ITEM,
  type StoredFile,
} from './library-attachments.service.js';

/** The multipart field `file` of a request body, if any (the service says what is missing or wrong). */
export function attachmentUpload(body: unknown): UploadedFile | undefined {
  const file = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined;
  return isUploadedFile(file) ? file : undefined;
}

/** Sends a kept file: its real type, its name (RFC 6266/5987), nosniff; revalidated on each use. */
export function sendAttachment(reply: FastifyReply, stored: StoredFile): Buffer {
  const { attachment, body } = stored;
  void reply
    .headers(fileResponseHeaders(attachment.fileType, attachment.filename, body.length))
    .header('cache-control', 'private, no-cache')
    .header('etag', `"${attachment.sha256}"`);
  return body;
}

const apiUrl = (library: string, itemId: number, id: number) => `/api/${library}/${itemId}/attachments/${id}`;

/** Organisers' API of the files attached to achievements and demands. */
function attachmentsController(library: 'achievements' | 'demands') {
  @ApiTags('matchmaking')
  @ApiBearerAuth()
  @Controller(`api/${library}`)
  class LibraryAttachmentsController {
    constructor(@Inject(LibraryAttachments) readonly attachments: LibraryAttachments) {}

    @Get(':id/attachments')
    @Roles('organiser')
    @ApiOperation({ summary: 'The files attached to an achievement or a demand' })
    async list(@Param('id', ParseIdPipe) id: number) {
      const rows = await this.attachments.listOf(libraryKindOf(library), id);
      return rows.map((a) => attachmentJson(a, apiUrl(library, id, a.id)));
    }

    @Post(':id/attachments')
    @Roles('organiser')
    @ApiConsumes('multipart/form-data')
    @ApiBody({
      schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
    })
    @ApiOperation({
      summary: `Attaches a PDF, PNG, JPEG or WebP (told by its bytes) of at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB; at most ${MAX_ATTACHMENTS_PER_ITEM} per item`,
    })
    async add(@Param('id', ParseIdPipe) id: number, @Body() body: unknown) {
      const added = await this.attachments.add(libraryKindOf(library), id, attachmentUpload(body));
      return attachmentJson(added, apiUrl(library, id, added.id));
    }

    @Get(':id/attachments/:attachmentId')
    @Roles('organiser')
    async file(
      @Param('id', ParseIdPipe) id: number,
      @Param('attachmentId', ParseIdPipe) attachmentId: number,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<Buffer> {
      return sendAttachment(reply, await this.attachments.read(libraryKindOf(library), id, attachmentId));
    }

    @Delete(':id/attachments/:attachmentId')
    @Roles('organiser')
    @HttpCode(204)
    async remove(
      @Param('id', ParseIdPipe) id: number,
      @Param('attachmentId', ParseIdPipe) attachmentId: number,
    ): Promise<void> {
      await this.attachments.remove(libraryKindOf(library), id, attachmentId);
    }
  }
  // Distinct names: the OpenAPI document derives operation ids from them.
  const name = library === 'achievements' ? 'AchievementAttachmentsController' : 'DemandAttachmentsController';
  Object.defineProperty(LibraryAttachmentsController, 'name', { value: name });
  return LibraryAttachmentsController;
}

/** The static paths (a pattern such as `:library(a|b)` breaks the OpenAPI document's path parser). */
export const AchievementAttachmentsController = attachmentsController('achievements');
export const DemandAttachmentsController = attachmentsController('demands');
