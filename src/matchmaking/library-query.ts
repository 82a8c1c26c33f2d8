import { In, type EntityManager, type FindOptionsRelations, type FindOptionsWhere } from 'typeorm';
import { Achievement } from './achievement.entity.js';
import { Demand } from './demand.entity.js';
import { EventListing } from './event-listing.entity.js';
import { queryTerms, type LibraryKind, type LibrarySearch } from './library-search.js';

export const DEFAULT_PAGE_SIZE = 20;

export interface LibraryPageQuery {
  q?: string;
  category?: string;
  page?: number;
  pageSize?: number;
}

export interface LibraryPage {
  total: number;
  /** The page's item ids, best match first when searching, else in the list's order (newest first in a library). */
  ids: number[];
  page: number;
  pageSize: number;
  /** The query's words as searched (empty when the query had none that can match). */
  terms: string[];
}

const targetOf = (kind: LibraryKind) => (kind === 'achievement' ? Achievement : Demand);

/**
 * One page of a library, or of an event's list of it (`eventId`): visible items only, filtered by category and by
 * the search words, ranked by relevance when searching. A query that has words but none that can match (a single
 * Chinese character) finds nothing rather than everything.
 */
export async function libraryPage(
  em: EntityManager,
  search: LibrarySearch,
  kind: LibraryKind,
  query: LibraryPageQuery & { eventId?: number },
): Promise<LibraryPage> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const terms = queryTerms(query.q);
  if (query.q?.trim() && terms.length === 0) return { total: 0, ids: [], page, pageSize, terms };
  const qb = em
    .createQueryBuilder(targetOf(kind), 'i')
    .select('i.id', 'id')
    .where('i.status = :active', { active: 'active' });
  if (query.eventId !== undefined) {
    qb.innerJoin(EventListing, 'l', 'l.itemId = i.id AND l.kind = :kind AND l.eventId = :eventId', {
      kind,
      eventId: query.eventId,
    }).addSelect('l.position', 'position');
  }
  if (query.category) qb.andWhere('i.categoryCode = :category', { category: query.category });
  search.apply(qb, kind, 'i', terms);
  const total = await qb.getCount();
  if (terms.length) qb.orderBy('score', 'DESC');
  if (query.eventId !== undefined) qb.addOrderBy('l.position', 'ASC').addOrderBy('i.id', 'ASC');
  else qb.addOrderBy('i.id', 'DESC');
  const rows = await qb
    .offset((page - 1) * pageSize)
    .limit(pageSize)
    .getRawMany<{ id: number | string }>();
  return { total, ids: rows.map((r) => Number(r.id)), page, pageSize, terms };
}

/** Visible items of an event's list by category code (the whole list, whatever the page or the search). */
export async function countsByCategoryCode(
  em: EntityManager,
  kind: LibraryKind,
  eventId: number,
): Promise<Map<string, number>> {
  const rows = await em
    .createQueryBuilder(targetOf(kind), 'i')
    .innerJoin(EventListing, 'l', 'l.itemId = i.id AND l.kind = :kind AND l.eventId = :eventId', { kind, eventId })
    .select('i.categoryCode', 'code')
    .addSelect('COUNT(*)', 'n')
    .where('i.status = :active', { active: 'active' })
    .groupBy('i.categoryCode')
    .getRawMany<{ code: string; n: number | string }>();
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

/** Library items by id, in the order given (unknown ids left out), read 500 at a time with their relations. */
export async function itemsByIds<T extends Achievement | Demand>(
  em: EntityManager,
  entity: new () => T,
  ids: readonly number[],
  relations: FindOptionsRelations<T>,
): Promise<T[]> {
  if (ids.length === 0) return [];
  const found = new Map<number, T>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await em.find(entity, { where: { id: In(ids.slice(i, i + 500)) } as FindOptionsWhere<T>, relations });
    for (const row of rows) found.set(row.id, row);
  }
  return ids.map((id) => found.get(id)).filter((row): row is T => !!row);
}
