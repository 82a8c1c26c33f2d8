import type { EntityManager } from 'typeorm';
import { MatchCategory } from '../../matchmaking/match-category.entity.js';
import type { LibraryCategoryCount } from '../domain/figures.js';

/**
 * Counts by category code → the categories that have items, in the libraries' order of categories (a code without a
 * category row, which the libraries do not allow, still shows under its code rather than vanishing from the total).
 */
export async function categoryCounts(
  em: EntityManager,
): Promise<(counts: ReadonlyMap<string, number>) => LibraryCategoryCount[]> {
  const categories = await em.find(MatchCategory, { order: { position: 'ASC', id: 'ASC' } });
  return (counts) => {
    const known = categories
      .filter((c) => (counts.get(c.code) ?? 0) > 0)
      .map((c) => ({ code: c.code, name: c.name, nameEn: c.nameEn, count: counts.get(c.code)! }));
    const unknown = [...counts]
      .filter(([code, n]) => n > 0 && !categories.some((c) => c.code === code))
      .map(([code, n]) => ({ code, name: code, nameEn: null, count: n }));
    return [...known, ...unknown];
  };
}

/** Adds `n` to the count of `key` in a map of counts. */
export function tally<K>(counts: Map<K, number>, key: K, n: number): void {
  counts.set(key, (counts.get(key) ?? 0) + n);
}
