import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.service.js';
import { EventsError } from '../events/events.errors.js';
import { Event } from '../events/event.entity.js';
import { Achievement } from './achievement.entity.js';
import { Demand } from './demand.entity.js';
import {
  describeReasons,
  RelevanceIndex,
  type RecommendationReasons,
  type RelevanceDocument,
} from './domain/relevance.js';
import { EventListing, type ListingKind } from './event-listing.entity.js';
import { LibraryVersion } from './library-version.js';
import { MatchCategoriesService } from './match-categories.service.js';
import { MatchmakingError } from './matchmaking.errors.js';
import { RecommendationOverride, type OverrideAction } from './recommendation-override.entity.js';

export interface RecommendedItem {
  item: {
    id: number;
    title: string;
    titleEn: string | null;
    category: { code: string; name: string; nameEn: string | null };
  };
  score: number;
  /** Put first by the organisers. */
  pinned: boolean;
  reasons: RecommendationReasons;
  reasonText: { 'zh-CN': string; en: string };
}

export interface OverrideInput {
  from: { kind: ListingKind; id: number };
  to: { kind: ListingKind; id: number };
}

interface ListedItem {
  id: number;
  title: string;
  titleEn: string | null;
  categoryCode: string;
  doc: RelevanceDocument;
}

/** One event's lists in memory: an index per kind and the items by id. */
interface EventIndexes {
  version: number;
  indexes: Record<ListingKind, RelevanceIndex>;
  items: Record<ListingKind, Map<number, ListedItem>>;
  categories: Map<string, { name: string; nameEn: string | null }>;
}

const CHUNK = 500;
const OTHER: Record<ListingKind, ListingKind> = { achievement: 'demand', demand: 'achievement' };

/**
 * Recommendations between an event's published lists — the best achievements for a demand, the best demands for an
 * achievement — from the in-memory BM25 indexes of domain/relevance.ts, each with its reasons ("共同关键词：磁流变、
 * 减震器；同属装备制造"). The indexes are built per event on first use and rebuilt after any library or listing write
 * (LibraryVersion). Organisers pin a recommendation (first, whatever its score) or hide it (never shown).
 */
@Injectable()
export class RecommendationsService {
  private readonly cache = new Map<number, EventIndexes>();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(MatchCategoriesService) private readonly categories: MatchCategoriesService,
    @Inject(LibraryVersion) private readonly version: LibraryVersion,
  ) {}

  /** The best items of the other list for one listed item (404 when it is not listed at the event). */
  async forItem(event: Event, kind: ListingKind, id: number, limit = 5): Promise<RecommendedItem[]> {
    const state = await this.indexesOf(event.id);
    const subject = state.items[kind].get(id);
    if (!subject) throw new MatchmakingError('item_not_listed', { id });
    const target = OTHER[kind];
    const overrides = await this.db.manager.find(RecommendationOverride, {
      where: { eventId: event.id, fromKind: kind, fromId: id, toKind: target },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const pinned = overrides
      .filter((o) => o.action === 'pin' && state.items[target].has(o.toId))
      .map((o) => o.toId)
      .slice(0, limit);
    const skip = new Set(overrides.map((o) => String(o.toId)));
    const index = state.indexes[target];
    const doc = subject.doc;
    const options = { category: subject.doc.category ?? null, maturity: null };
    const rest = limit - pinned.length;
    const scored = rest > 0 ? index.recommend(doc, { ...options, limit: rest, exclude: skip }) : [];
    // A pinned item keeps its reasons when it has any (looked for among all candidates; the lists are event-sized).
    const reasonsOfPinned = new Map(
      pinned.length === 0
        ? []
        : index
            .recommend(doc, { ...options, limit: Math.max(index.size, 1) })
            .filter((r) => pinned.includes(Number(r.id)))
            .map((r) => [Number(r.id), r] as const),
    );
    const none: RecommendationReasons = { sharedTerms: [], sameCategory: null, maturity: null, interests: [] };
    const rows = [
      ...pinned.map((toId) => ({
        id: toId,
        score: reasonsOfPinned.get(toId)?.score ?? 0,
        pinned: true,
        reasons: reasonsOfPinned.get(toId)?.reasons ?? none,
      })),
      ...scored.map((r) => ({ id: Number(r.id), score: r.score, pinned: false, reasons: r.reasons })),
    ];
    return rows.map((row) => {
      const item = state.items[target].get(row.id)!;
      const category = state.categories.get(item.categoryCode);
      const en = {
        ...row.reasons,
        sameCategory: row.reasons.sameCategory ? (category?.nameEn ?? row.reasons.sameCategory) : null,
      };
      const zh = describeReasons(row.reasons, 'zh-CN');
      const english = describeReasons(en, 'en');
      return {
        item: {
          id: item.id,
          title: item.title,
          titleEn: item.titleEn,
          category: {
            code: item.categoryCode,
            name: category?.name ?? item.categoryCode,
            nameEn: category?.nameEn ?? null,
          },
        },
        score: Math.round(row.score * 1000) / 1000,
        pinned: row.pinned,
        reasons: row.reasons,
        reasonText: {
          'zh-CN': zh || (row.pinned ? '主办方推荐' : ''),
          en: english || (row.pinned ? 'Recommended by the organisers' : ''),
        },
      };
    });
  }

  /** Pins or hides a recommendation (replacing an earlier word on the same pair). */
  setOverride(eventId: number, input: OverrideInput, action: OverrideAction): Promise<void> {
    return this.db.transaction(async (em) => {
      await this.checkPair(eventId, input, em);
      const where = {
        eventId,
        fromKind: input.from.kind,
        fromId: input.from.id,
        toKind: input.to.kind,
        toId: input.to.id,
      };
      await em.delete(RecommendationOverride, where);
      await em.insert(RecommendationOverride, { ...where, action });
    });
  }

  /** Takes the organisers' word on a recommendation back (404 when there was none). */
  clearOverride(eventId: number, input: OverrideInput): Promise<void> {
    return this.db.transaction(async (em) => {
      if (!(await em.existsBy(Event, { id: eventId }))) throw new EventsError('event_not_found', { id: eventId });
      const result = await em.delete(RecommendationOverride, {
        eventId,
        fromKind: input.from.kind,
        fromId: input.from.id,
        toKind: input.to.kind,
        toId: input.to.id,
      });
      if (!result.affected) throw new MatchmakingError('recommendation_override_not_found', {});
    });
  }

  private async checkPair(eventId: number, input: OverrideInput, em = this.db.manager): Promise<void> {
    if (!(await em.existsBy(Event, { id: eventId }))) throw new EventsError('event_not_found', { id: eventId });
    if (input.from.kind === input.to.kind) {
      throw new MatchmakingError('recommendation_pair_invalid', {}, [
        {
          field: 'to.kind',
          reason: 'must be the other kind: an achievement for a demand, a demand for an achievement',
        },
      ]);
    }
    for (const side of [input.from, input.to]) {
      if (!(await em.existsBy(EventListing, { eventId, kind: side.kind, itemId: side.id }))) {
        throw new MatchmakingError('item_not_listed', { id: side.id });
      }
    }
  }

  /** The event's indexes, rebuilt when a library or listing write happened since they were built. */
  private async indexesOf(eventId: number): Promise<EventIndexes> {
    const cached = this.cache.get(eventId);
    if (cached && cached.version === this.version.current) return cached;
    const version = this.version.current;
    const [achievements, demands, byCode] = await Promise.all([
      this.listed(eventId, 'achievement'),
      this.listed(eventId, 'demand'),
      this.categories.byCode(),
    ]);
    const categories = new Map([...byCode].map(([code, c]) => [code, { name: c.name, nameEn: c.nameEn }]));
    const name = (code: string) => categories.get(code)?.name ?? code;
    const achievementItems = new Map<number, ListedItem>(
      achievements.map((a) => [
        a.id,
        {
          id: a.id,
          title: a.title,
          titleEn: a.titleEn,
          categoryCode: a.categoryCode,
          doc: {
            id: String(a.id),
            title: a.title,
            keywords: a.keywords,
            body: [a.summary, a.cooperationSought ?? ''].join(' '),
            category: name(a.categoryCode),
            maturity: a.maturity,
          },
        },
      ]),
    );
    const demandItems = new Map<number, ListedItem>(
      demands.map((d) => [
        d.id,
        {
          id: d.id,
          title: d.title,
          titleEn: d.titleEn,
          categoryCode: d.categoryCode,
          doc: { id: String(d.id), title: d.title, body: d.description, category: name(d.categoryCode) },
        },
      ]),
    );
    const state: EventIndexes = {
      version,
      items: { achievement: achievementItems, demand: demandItems },
      indexes: {
        achievement: new RelevanceIndex().addAll([...achievementItems.values()].map((i) => i.doc)),
        demand: new RelevanceIndex().addAll([...demandItems.values()].map((i) => i.doc)),
      },
      categories,
    };
    state.indexes.achievement.build();
    state.indexes.demand.build();
    this.cache.set(eventId, state);
    return state;
  }

  private async listed(eventId: number, kind: 'achievement'): Promise<Achievement[]>;
  private async listed(eventId: number, kind: 'demand'): Promise<Demand[]>;
  private async listed(eventId: number, kind: ListingKind): Promise<(Achievement | Demand)[]> {
    const listings = await this.db.manager.find(EventListing, {
      where: { eventId, kind },
      order: { position: 'ASC', id: 'ASC' },
      select: { itemId: true },
    });
    const ids = listings.map((l) => l.itemId);
    const target = kind === 'achievement' ? Achievement : Demand;
    const out: (Achievement | Demand)[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      out.push(
        ...(await this.db.manager.find(target, { where: { id: In(ids.slice(i, i + CHUNK)), status: 'active' } })),
      );
    }
    const order = new Map(ids.map((id, i) => [id, i]));
    return out.sort((x, y) => order.get(x.id)! - order.get(y.id)!);
  }
}
