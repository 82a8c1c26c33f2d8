import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../common/auth.decorators.js';
import { DomainError, statusOf, type FieldProblem } from '../../common/domain-error.js';
import { formatFileSize } from '../../common/file-types.js';
import { ParseIdPipe } from '../../common/id.js';
import { Database } from '../../database/database.service.js';
import { cleanFormBody, submitForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { MATURITIES, TRANSFER_MODES, type Achievement } from '../achievement.entity.js';
import { AchievementsService } from '../achievements.service.js';
import { attachmentUpload, sendAttachment } from '../attachments/library-attachments.controller.js';
import {
  LibraryAttachments,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_ITEM,
} from '../attachments/library-attachments.service.js';
import type { Demand } from '../demand.entity.js';
import { DemandsService } from '../demands.service.js';
import { CreateAchievementDto, CreateDemandDto } from '../dto/library.dto.js';
import { EventListing } from '../event-listing.entity.js';
import type { LibraryKind } from '../library-search.js';
import { libraryKindOf } from '../library-views.js';
import { MatchCategoriesService } from '../match-categories.service.js';
import { achievementFormValues, demandFormValues } from './library-forms.js';

const LIBRARY = ':library(achievements|demands)';

/** The form's values of a stored item (what the edit form shows before anything is typed). */
function storedValues(kind: LibraryKind, item: Achievement | Demand): Record<string, unknown> {
  const contact = {
    contactName: item.contact?.name,
    contactEmail: item.contact?.email,
    contactPhone: item.contact?.phone,
  };
  if (kind === 'achievement') {
    const a = item as Achievement;
    return {
      ...a,
      ...contact,
      category: a.categoryCode,
      owner: a.owner?.name,
      keywords: a.keywords.join('；'),
      patents: a.patents ?? '',
      cooperationSought: a.cooperationSought ?? '',
    };
  }
  const d = item as Demand;
  return { ...d, ...contact, category: d.categoryCode, publisher: d.publisher?.name };
}

/**
 * The organisers' page of one achievement or demand (/console/achievements/:id, /console/demands/:id): edit it, attach
 * and remove files (PDF and images, checked by their bytes), see the events that list it, remove it.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleLibraryItemController {
  constructor(
    private readonly views: Views,
    private readonly db: Database,
    private readonly achievements: AchievementsService,
    private readonly demands: DemandsService,
    private readonly attachments: LibraryAttachments,
    private readonly categories: MatchCategoriesService,
  ) {}

  @Get(`${LIBRARY}/:id`)
  @Roles('organiser')
  page(@Req() request: FastifyRequest, @Param('library') library: string, @Param('id', ParseIdPipe) id: number) {
    return this.render(request, libraryKindOf(library), id, {});
  }

  @Post(`${LIBRARY}/:id`)
  @Roles('organiser')
  async save(
    @Req() request: FastifyRequest,
    @Param('library') library: string,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const kind = libraryKindOf(library);
    const values = cleanFormBody(body);
    // The form holds the whole item: checked as a new one would be, so that an emptied required field is refused
    // rather than read as "unchanged".
    const done = () => redirect(`/console/${library}/${id}`, { kind: 'success', key: 'console.saved' });
    const again = (errors: FieldProblem[]) => this.render(request, kind, id, { errors, values });
    return kind === 'achievement'
      ? submitForm(CreateAchievementDto, achievementFormValues(values), {
          onValid: async (dto) => (await this.achievements.update(id, dto), done()),
          onInvalid: again,
        })
      : submitForm(CreateDemandDto, demandFormValues(values), {
          onValid: async (dto) => (await this.demands.update(id, dto), done()),
          onInvalid: again,
        });
  }

  @Post(`${LIBRARY}/:id/delete`)
  @Roles('organiser')
  async remove(@Param('library') library: string, @Param('id', ParseIdPipe) id: number): Promise<Redirect> {
    await (libraryKindOf(library) === 'achievement' ? this.achievements : this.demands).remove(id);
    return redirect(`/console/${library}`, { kind: 'success', key: 'console.deleted' });
  }

  @Post(`${LIBRARY}/:id/attachments`)
  @Roles('organiser')
  async attach(
    @Req() request: FastifyRequest,
    @Param('library') library: string,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const kind = libraryKindOf(library);
    try {
      const added = await this.attachments.add(kind, id, attachmentUpload(body));
      return redirect(`/console/${library}/${id}#attachments`, {
        kind: 'success',
        key: 'attachments.added',
        params: { name: added.filename },
      });
    } catch (error) {
      if (error instanceof DomainError && error.fields.some((f) => f.field === 'file')) {
        return this.render(request, kind, id, { attachmentErrors: error.fields }, statusOf(error.kind));
      }
      throw error;
    }
  }

  @Post(`${LIBRARY}/:id/attachments/:attachmentId/delete`)
  @Roles('organiser')
  async detach(
    @Param('library') library: string,
    @Param('id', ParseIdPipe) id: number,
    @Param('attachmentId', ParseIdPipe) attachmentId: number,
  ): Promise<Redirect> {
    await this.attachments.remove(libraryKindOf(library), id, attachmentId);
    return redirect(`/console/${library}/${id}#attachments`, { kind: 'success', key: 'attachments.removed' });
  }

  @Get(`${LIBRARY}/:id/attachments/:attachmentId`)
  @Roles('organiser')
  async file(
    @Param('library') library: string,
    @Param('id', ParseIdPipe) id: number,
    @Param('attachmentId', ParseIdPipe) attachmentId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendAttachment(reply, await this.attachments.read(libraryKindOf(library), id, attachmentId));
  }

  private async render(
    request: FastifyRequest,
    kind: LibraryKind,
    id: number,
    extra: { errors?: FieldProblem[]; values?: Record<string, unknown>; attachmentErrors?: FieldProblem[] },
    status = extra.errors?.length ? 400 : 200,
  ): Promise<Html> {
    const item = kind === 'achievement' ? await this.achievements.get(id) : await this.demands.get(id);
    const base = `/console/${kind}s/${id}`;
    const [categories, attachments, listings] = await Promise.all([
      this.categories.list(),
      this.attachments.list(kind, id),
      this.db.manager.find(EventListing, {
        where: { kind, itemId: id },
        relations: { event: true },
        order: { eventId: 'DESC' },
      }),
    ]);
    const values = extra.values
      ? kind === 'achievement'
        ? { ...extra.values, transferModes: achievementFormValues(extra.values).transferModes }
        : extra.values
      : storedValues(kind, item);
    const modes = new Set((values.transferModes as string[] | undefined) ?? []);
    return this.views.page(
      request,
      'console/library-item',
      {
        kind,
        item,
        base,
        values,
        errors: extra.errors ?? [],
        attachmentErrors: extra.attachmentErrors ?? [],
        categoryOptions: categories.map((c) => ({ value: c.code, label: c.name, labelEn: c.nameEn })),
        maturityOptions: MATURITIES,
        transferModes: TRANSFER_MODES.map((mode) => ({ mode, checked: modes.has(mode) })),
        attachments: attachments.map((a) => ({
          ...a,
          href: `${base}/attachments/${a.id}`,
          sizeLabel: formatFileSize(a.size),
        })),
        attachmentsFull: attachments.length >= MAX_ATTACHMENTS_PER_ITEM,
        maxSize: formatFileSize(MAX_ATTACHMENT_BYTES),
        maxCount: MAX_ATTACHMENTS_PER_ITEM,
        listings: listings.map((l) => ({ event: l.event, href: `/console/events/${l.eventId}/${kind}s` })),
      },
      { title: item.title, area: 'console', status },
    );
  }
}
