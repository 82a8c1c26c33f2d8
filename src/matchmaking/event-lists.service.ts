import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { Principal } from '../common/request-context.js';
import { Database } from '../database/database.service.js';
import { Event } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import { Achievement } from './achievement.entity.js';
import { LibraryAttachments } from './attachments/library-attachments.service.js';
import { AchievementsService } from './achievements.service.js';
import { Demand } from './demand.entity.js';
import { DemandsService } from './demands.service.js';
import { EventListing, type ListingKind } from './event-listing.entity.js';
import { countsByCategoryCode, type LibraryPageQuery } from './library-query.js';
import { LibraryVersion } from './library-version.js';
import { achievementJson, attachmentJson, demandJson, type AchievementJson, type DemandJson } from './library-views.js';
import { MatchCategoriesService } from './match-categories.service.js';
import { MatchmakingError } from './matchmaking.errors.js';
import { dict } from '../common/dict.js';

export interface ListingNames {
  listName?: string | null;
  listNameEn?: string | null;
}

export interface EventListPage<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
  /** The category's Chinese name → its count over the whole list (not the page, not the search). */
  countsByCategory: Record<string, number>;
  /** The same counts with the category's code and English name, in the categories' order. */
  categories: { code: string; name: string; nameEn: string | null; count: number }[];
  terms: string[];
}

/**
 * The libraries' items published as lists at an event (成果清单, 需求清单): which items, in which order, under which
 * list name; and the public view of a list (visible for a published event, or to organisers for a draft).
 */
@Injectable()
export class EventListsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(AchievementsService) private readonly achievements: AchievementsService,
    @Inject(DemandsService) private readonly demands: DemandsService,
    @Inject(MatchCategoriesService) private readonly categories: MatchCategoriesService,
    @Inject(LibraryVersion) private readonly version: LibraryVersion,
    @Inject(LibraryAttachments) private readonly attachments: LibraryAttachments,
  ) {}

  /** The event when the caller may see its lists: published (or closed) events for all, drafts for organisers. */
  async visibleEvent(where: { id: number } | { slug: string }, principal: Principal | undefined): Promise<Event> {
    const event = await this.db.manager.findOneBy(Event, where);
    if (!event || (event.status === 'draft' && principal?.role !== 'organiser')) {
      throw new EventsError('event_not_found', where);
    }
    return event;
  }

  async achievementPage(event: Event, query: LibraryPageQuery): Promise<EventListPage<AchievementJson>> {
    const page = await this.achievements.page({ ...query, eventId: event.id });
    const [listings, categories] = await Promise.all([
      this.listingsOf(event.id, 'achievement', page.ids),
      this.categories.byCode(),
    ]);
    const items = page.items.map((a) =>
      achievementJson(a, categories, { contactDetails: false, listing: listings.get(a.id) }),
    );
    return { ...page, items, ...(await this.counts(event.id, 'achievement')) };
  }

  async demandPage(event: Event, query: LibraryPageQuery): Promise<EventListPage<DemandJson>> {
    const page = await this.demands.page({ ...query, eventId: event.id });
    const [listings, categories] = await Promise.all([
      this.listingsOf(event.id, 'demand', page.ids),
      this.categories.byCode(),
    ]);
    const items = page.items.map((d) =>
      demandJson(d, categories, { contactDetails: false, listing: listings.get(d.id) }),
    );
    return { ...page, items, ...(await this.counts(event.id, 'demand')) };
  }

  /** One listed item of a visible event with its attachments, or 404 (also when the item is in the library only). */
  async listedAchievement(event: Event, id: number) {
    const { listing, attachments } = await this.listed(event, 'achievement', id);
    const a = await this.achievements.get(id);
    return achievementJson(a, await this.categories.byCode(), { contactDetails: false, listing, attachments });
  }

  async listedDemand(event: Event, id: number) {
    const { listing, attachments } = await this.listed(event, 'demand', id);
    const d = await this.demands.get(id);
    return demandJson(d, await this.categories.byCode(), { contactDetails: false, listing, attachments });
  }

  /** 404 unless the event lists the item. */
  async requireListed(event: Event, kind: ListingKind, id: number): Promise<EventListing> {
    const listing = await this.db.manager.findOneBy(EventListing, { eventId: event.id, kind, itemId: id });
    if (!listing) throw new MatchmakingError('item_not_listed', { id });
    return listing;
  }

  private async listed(event: Event, kind: ListingKind, id: number) {
    const listing = await this.requireListed(event, kind, id);
    const attachments = (await this.attachments.list(kind, id)).map((a) =>
      attachmentJson(a, `/events/${event.slug}/${kind}s/${id}/attachments/${a.id}`),
    );
    return { listing, attachments };
  }

  private async counts(eventId: number, kind: ListingKind) {
    const [byCode, categories] = await Promise.all([
      countsByCategoryCode(this.db.manager, kind, eventId),
      this.categories.list(),
    ]);
    const countsByCategory: Record<string, number> = dict();
    const list: EventListPage<unknown>['categories'] = [];
    for (const c of categories) {
      const count = byCode.get(c.code);
      if (!count) continue;
      countsByCategory[c.name] = count;
      list.push({ code: c.code, name: c.name, nameEn: c.nameEn, count });
    }
    return { countsByCategory, categories: list };
  }

  /** Which of these items the event lists. */
  async listedIds(eventId: number, kind: ListingKind, ids: number[]): Promise<Set<number>> {
    return new Set((await this.listingsOf(eventId, kind, ids)).keys());
  }

  private async listingsOf(eventId: number, kind: ListingKind, ids: number[]): Promise<Map<number, EventListing>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.manager.find(EventListing, { where: { eventId, kind, itemId: In(ids) } });
    return new Map(rows.map((l) => [l.itemId, l]));
  }

  // ---- organisers: what an event lists

  /** Adds items to the end of an event's list (items listed already keep their place; names are updated). */
  async add(
    eventId: number,
    kind: ListingKind,
    ids: readonly number[],
    names: ListingNames = {},
  ): Promise<{ listed: number }> {
    const listed = await this.db.transaction((em) => this.addIn(em, eventId, kind, ids, names));
    this.version.bump();
    return listed;
  }

  async addIn(
    em: EntityManager,
    eventId: number,
    kind: ListingKind,
    ids: readonly number[],
    names: ListingNames = {},
  ): Promise<{ listed: number }> {
    this.version.bump();
    if (!(await em.existsBy(Event, { id: eventId }))) throw new EventsError('event_not_found', { id: eventId });
    const unique = [...new Set(ids)];
    const target = kind === 'achievement' ? Achievement : Demand;
    const found = new Set<number>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await em.find(target, { where: { id: In(unique.slice(i, i + 500)) }, select: { id: true } });
      for (const r of rows) found.add(r.id);
    }
    const missing = unique.find((id) => !found.has(id));
    if (missing !== undefined) {
      throw new MatchmakingError(kind === 'achievement' ? 'achievement_not_found' : 'demand_not_found', {
        id: missing,
      });
    }
    const existing = new Map<number, EventListing>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await em.find(EventListing, { where: { eventId, kind, itemId: In(unique.slice(i, i + 500)) } });
      for (const r of rows) existing.set(r.itemId, r);
    }
    const last = await em.find(EventListing, { where: { eventId, kind }, order: { position: 'DESC' }, take: 1 });
    let position = last[0]?.position ?? 0;
    const fresh: Partial<EventListing>[] = [];
    for (const itemId of unique) {
      const listing = existing.get(itemId);
      if (listing) {
        if (names.listName !== undefined || names.listNameEn !== undefined) {
          await em.update(
            EventListing,
            { id: listing.id },
            { listName: names.listName ?? listing.listName, listNameEn: names.listNameEn ?? listing.listNameEn },
          );
        }
        continue;
      }
      fresh.push({
        eventId,
        kind,
        itemId,
        position: ++position,
        listName: names.listName ?? null,
        listNameEn: names.listNameEn ?? null,
      });
    }
    for (let i = 0; i < fresh.length; i += 200) await em.insert(EventListing, fresh.slice(i, i + 200));
    return { listed: unique.length };
  }

  async remove(eventId: number, kind: ListingKind, itemId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const result = await em.delete(EventListing, { eventId, kind, itemId });
      if (!result.affected) throw new MatchmakingError('item_not_listed', { id: itemId });
    });
    this.version.bump();
  }

  /** Puts the given items first, in this order; the others follow in their former order. */
  reorder(eventId: number, kind: ListingKind, ids: readonly number[]): Promise<void> {
    return this.db.transaction(async (em) => {
      const listings = await em.find(EventListing, { where: { eventId, kind }, order: { position: 'ASC', id: 'ASC' } });
      const byItem = new Map(listings.map((l) => [l.itemId, l]));
      const unknown = ids.find((id) => !byItem.has(id));
      if (unknown !== undefined) throw new MatchmakingError('item_not_listed', { id: unknown });
      const first = new Set(ids);
      const order = [...ids.map((id) => byItem.get(id)!), ...listings.filter((l) => !first.has(l.itemId))];
      for (const [i, listing] of order.entries()) {
        if (listing.position !== i + 1) await em.update(EventListing, { id: listing.id }, { position: i + 1 });
      }
    });
  }
}
