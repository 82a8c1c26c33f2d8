import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth.decorators.js';
import { formatFileSize } from '../../common/file-types.js';
import { ParseIdPipe } from '../../common/id.js';
import type { Event } from '../../events/event.entity.js';
import { ManageLinks } from '../../registration/manage-links.service.js';
import { Registration } from '../../registration/registration.entity.js';
import { Database } from '../../database/database.service.js';
import type { Html } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { sendAttachment } from '../attachments/library-attachments.controller.js';
import { LibraryAttachments } from '../attachments/library-attachments.service.js';
import { EventListsService, type EventListPage } from '../event-lists.service.js';
import type { LibraryKind } from '../library-search.js';
import { libraryKindOf, type AttachmentJson } from '../library-views.js';
import { RecommendationsService } from '../recommendations.service.js';

export const PUBLIC_PAGE_SIZE = 20;

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;
}

function pageNumber(value: unknown): number {
  return typeof value === 'string' && /^\d{1,5}$/.test(value) ? Math.max(1, Number(value)) : 1;
}

/**
 * The public pages of an event's lists (phone-first): achievements and demands by category with the published
 * counts, searchable and paged, and a page per item. An attendee who arrives with their personal link (`?me=`)
 * is offered "request a meeting / express interest", which leads to their personal page with the item chosen.
 */
@ApiExcludeController()
@Controller('events/:slug')
export class LibraryPagesController {
  constructor(
    private readonly views: Views,
    private readonly lists: EventListsService,
    private readonly links: ManageLinks,
    private readonly db: Database,
    private readonly recommendations: RecommendationsService,
    private readonly attachments: LibraryAttachments,
  ) {}

  @Get('achievements')
  @Public()
  achievements(@Req() request: FastifyRequest, @Param('slug') slug: string, @Query() query: Record<string, unknown>) {
    return this.listPage(request, slug, 'achievement', query);
  }

  @Get('demands')
  @Public()
  demands(@Req() request: FastifyRequest, @Param('slug') slug: string, @Query() query: Record<string, unknown>) {
    return this.listPage(request, slug, 'demand', query);
  }

  @Get('achievements/:id')
  @Public()
  async achievement(
    @Req() request: FastifyRequest,
    @Param('slug') slug: string,
    @Param('id', ParseIdPipe) id: number,
    @Query('me') me: unknown,
  ): Promise<Html> {
    const event = await this.lists.visibleEvent({ slug }, request.principal);
    const item = await this.lists.listedAchievement(event, id);
    return this.detailPage(request, event, 'achievement', item, me);
  }

  @Get('demands/:id')
  @Public()
  async demand(
    @Req() request: FastifyRequest,
    @Param('slug') slug: string,
    @Param('id', ParseIdPipe) id: number,
    @Query('me') me: unknown,
  ): Promise<Html> {
    const event = await this.lists.visibleEvent({ slug }, request.principal);
    const item = await this.lists.listedDemand(event, id);
    return this.detailPage(request, event, 'demand', item, me);
  }

  /** A file attached to a listed item, for anyone who may see the list: its real type, its name, nosniff. */
  @Get(':library(achievements|demands)/:id/attachments/:attachmentId')
  @Public()
  async attachment(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('slug') slug: string,
    @Param('library') library: string,
    @Param('id', ParseIdPipe) id: number,
    @Param('attachmentId', ParseIdPipe) attachmentId: number,
  ): Promise<Buffer> {
    const kind = libraryKindOf(library);
    const event = await this.lists.visibleEvent({ slug }, request.principal);
    await this.lists.requireListed(event, kind, id);
    return sendAttachment(reply, await this.attachments.read(kind, id, attachmentId));
  }

  private async listPage(
    request: FastifyRequest,
    slug: string,
    kind: LibraryKind,
    raw: Record<string, unknown>,
  ): Promise<Html> {
    const event = await this.lists.visibleEvent({ slug }, request.principal);
    const q = text(raw.q, 200);
    const category = text(raw.category, 40);
    const query = { q, category: category && /^[a-z0-9_-]+$/.test(category) ? category : undefined };
    const wanted = { ...query, page: pageNumber(raw.page), pageSize: PUBLIC_PAGE_SIZE };
    const page: EventListPage<{ id: number }> =
      kind === 'achievement'
        ? await this.lists.achievementPage(event, wanted)
        : await this.lists.demandPage(event, wanted);
    const me = await this.attendeeToken(event, raw.me);
    const base = `/events/${event.slug}/${kind}s`;
    const href = (extra: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...query, me, ...extra }))
        if (v !== undefined && v !== '') params.set(k, String(v));
      const s = params.toString();
      return s ? `${base}?${s}` : base;
    };
    const pages = Math.max(1, Math.ceil(page.total / PUBLIC_PAGE_SIZE));
    const listTotal = page.categories.reduce((sum, c) => sum + c.count, 0);
    return this.views.page(
      request,
      `public/${kind}s`,
      {
        event,
        kind,
        q,
        category: query.category,
        me,
        total: page.total,
        listTotal,
        items: page.items.map((item) => ({ ...item, href: `${base}/${item.id}${me ? `?me=${me}` : ''}` })),
        categories: page.categories.map((c) => ({
          ...c,
          href: href({ category: c.code, page: undefined }),
          current: c.code === query.category,
        })),
        allHref: href({ category: undefined, page: undefined }),
        prevHref: page.page > 1 ? href({ page: page.page - 1 }) : null,
        nextHref: page.page < pages ? href({ page: page.page + 1 }) : null,
        page: page.page,
        pages,
        searched: !!q,
      },
      { title: kind === 'achievement' ? 'matchmaking.achievements.title' : 'matchmaking.demands.title' },
    );
  }

  private async detailPage(
    request: FastifyRequest,
    event: Event,
    kind: LibraryKind,
    item: { id: number; title: string; attachments?: AttachmentJson[] },
    rawMe: unknown,
  ): Promise<Html> {
    const me = await this.attendeeToken(event, rawMe);
    // The meeting request itself lives on the personal meetings page; the item comes along as `?achievement=` / `?demand=`.
    const meetingHref = me ? `/me/${me}/meetings?${kind}=${item.id}` : null;
    // Recommended matches from the other list, each with the sentence that says why.
    const other = kind === 'achievement' ? 'demand' : 'achievement';
    const recommendations = (await this.recommendations.forItem(event, kind, item.id)).map((r) => ({
      ...r,
      href: `/events/${event.slug}/${other}s/${r.item.id}${me ? `?me=${me}` : ''}`,
    }));
    return this.views.page(
      request,
      `public/${kind}`,
      {
        event,
        item,
        kind,
        me,
        meetingHref,
        recommendations,
        attachments: (item.attachments ?? []).map((a) => ({ ...a, sizeLabel: formatFileSize(a.size) })),
        backHref: `/events/${event.slug}/${kind}s${me ? `?me=${me}` : ''}`,
        registerHref: `/events/${event.slug}/register`,
      },
      { title: item.title },
    );
  }

  /** The personal-link token of a confirmed attendee of this event, or undefined (a wrong token is ignored). */
  private async attendeeToken(event: Event, raw: unknown): Promise<string | undefined> {
    if (typeof raw !== 'string') return undefined;
    const parsed = this.links.parse(raw);
    if (!parsed) return undefined;
    const registration = await this.db.manager.findOneBy(Registration, { id: parsed.id, eventId: event.id });
    if (!registration || registration.status !== 'confirmed') return undefined;
    return (await this.links.verify(registration, parsed.signature)) ? raw : undefined;
  }
}
