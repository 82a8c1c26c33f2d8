import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../../common/auth.decorators.js';
import { ParseIdPipe } from '../../common/id.js';
import { EventsService } from '../../events/events.service.js';
import { cleanFormBody } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { AchievementsService } from '../achievements.service.js';
import type { Demand } from '../demand.entity.js';
import { DemandsService } from '../demands.service.js';
import { EventListsService, type EventListPage } from '../event-lists.service.js';
import type { LibraryKind } from '../library-search.js';
import { libraryKindOf, type AchievementJson, type DemandJson } from '../library-views.js';

const PAGE_SIZE = 50;
const ADD_RESULTS = 20;

/** A search box's value, a category code and a page number from the query string (anything else: not given). */
function listQuery(raw: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);
  const category =
    typeof raw.category === 'string' && /^[a-z0-9_-]{1,40}$/.test(raw.category) ? raw.category : undefined;
  const page = typeof raw.page === 'string' && /^\d{1,5}$/.test(raw.page) ? Math.max(1, Number(raw.page)) : 1;
  return { q: text(raw.q), category, page, add: text(raw.add) };
}

/**
 * The organisers' pages of what one event publishes (/console/events/:id/achievements, …/demands): the list with its
 * counts by category as the press reports them, search and pages, links to each item's page, and adding items from
 * the library or taking them off the list (they stay in the library).
 */
@ApiExcludeController()
@Controller('console/events/:id')
export class ConsoleEventListsController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly lists: EventListsService,
    private readonly achievements: AchievementsService,
    private readonly demands: DemandsService,
  ) {}

  @Get(':library(achievements|demands)')
  @Roles('organiser')
  async page(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('library') library: string,
    @Query() raw: Record<string, unknown>,
  ): Promise<Html> {
    const kind = libraryKindOf(library);
    const event = await this.events.get(id);
    const { q, category, page: pageNo, add } = listQuery(raw);
    const query = { q, category, page: pageNo, pageSize: PAGE_SIZE };
    const page: EventListPage<AchievementJson | DemandJson> =
      kind === 'achievement'
        ? await this.lists.achievementPage(event, query)
        : await this.lists.demandPage(event, query);
    const base = `/console/events/${id}/${library}`;
    const href = (params: Record<string, string | number | undefined>) => {
      const s = new URLSearchParams();
      for (const [k, v] of Object.entries({ q, category, ...params })) if (v !== undefined) s.set(k, String(v));
      const text = s.toString();
      return text ? `${base}?${text}` : base;
    };
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    return this.views.page(
      request,
      'console/event-library',
      {
        event,
        kind,
        base,
        q,
        category,
        addQuery: add,
        total: page.total,
        listTotal: page.categories.reduce((sum, c) => sum + c.count, 0),
        categories: page.categories.map((c) => ({
          ...c,
          href: href({ category: c.code, page: undefined }),
          current: c.code === category,
        })),
        allHref: href({ category: undefined, page: undefined }),
        items: page.items.map((item) => ({
          id: item.id,
          title: item.title,
          titleEn: item.titleEn,
          category: item.category,
          organisation: 'owner' in item ? item.owner : item.publisher,
          position: item.position,
          listName: item.listName,
          editHref: `/console/${library}/${item.id}`,
          publicHref: `/events/${event.slug}/${library}/${item.id}`,
        })),
        candidates: add ? await this.candidates(kind, id, add) : [],
        prevHref: pageNo > 1 ? href({ page: pageNo - 1 }) : null,
        nextHref: pageNo < pages ? href({ page: pageNo + 1 }) : null,
        page: pageNo,
        pages,
      },
      {
        title: kind === 'achievement' ? 'libraryConsole.eventAchievements' : 'libraryConsole.eventDemands',
        area: 'console',
      },
    );
  }

  @Post(':library(achievements|demands)/add')
  @Roles('organiser')
  async add(
    @Param('id', ParseIdPipe) id: number,
    @Param('library') library: string,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const values = cleanFormBody(body);
    const itemId =
      typeof values.itemId === 'string' && /^[1-9]\d{0,9}$/.test(values.itemId) ? Number(values.itemId) : 0;
    const back = `/console/events/${id}/${library}${typeof values.add === 'string' ? `?add=${encodeURIComponent(values.add)}` : ''}`;
    if (!itemId) return redirect(back, { kind: 'error', key: 'libraryConsole.noItem' });
    await this.lists.add(id, libraryKindOf(library), [itemId]);
    return redirect(back, { kind: 'success', key: 'libraryConsole.added', params: { id: itemId } });
  }

  @Post(':library(achievements|demands)/:itemId/remove')
  @Roles('organiser')
  async remove(
    @Param('id', ParseIdPipe) id: number,
    @Param('library') library: string,
    @Param('itemId', ParseIdPipe) itemId: number,
  ): Promise<Redirect> {
    await this.lists.remove(id, libraryKindOf(library), itemId);
    return redirect(`/console/events/${id}/${library}`, {
      kind: 'success',
      key: 'libraryConsole.removed',
      params: { id: itemId },
    });
  }

  /** Library items found by the "add from the library" search, each saying whether the event lists it already. */
  private async candidates(kind: LibraryKind, eventId: number, q: string) {
    const library = kind === 'achievement' ? this.achievements : this.demands;
    const found = await library.page({ q, pageSize: ADD_RESULTS });
    const listed = await this.lists.listedIds(eventId, kind, found.ids);
    return found.items.map((item) => ({
      id: item.id,
      title: item.title,
      categoryCode: item.categoryCode,
      organisation: 'owner' in item ? item.owner?.name : (item as Demand).publisher?.name,
      listed: listed.has(item.id),
    }));
  }
}
