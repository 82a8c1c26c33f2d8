import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { segment } from './domain/segment.js';

export type LibraryKind = 'achievement' | 'demand';

/** The table of each library and, on SQLite, its FTS5 index (rowid = the item's id). */
const TABLES: Record<LibraryKind, { table: string; fts: string }> = {
  achievement: { table: 'achievements', fts: 'achievements_fts' },
  demand: { table: 'demands', fts: 'demands_fts' },
};

/** Title terms weigh this much more than the rest of the text when ranking. */
const TITLE_WEIGHT = 5;

export interface SearchDocument {
  title: string;
  /** Everything else that is searched: summary, keywords, owner, … */
  text: string;
}

/** The segmented forms an item stores (`searchTitle`, `searchText`): terms separated by spaces. */
export function searchColumns(doc: SearchDocument): { searchTitle: string; searchText: string } {
  const title = segment(doc.title);
  return { searchTitle: title.join(' '), searchText: [...title, ...segment(doc.text)].join(' ') };
}

/** The distinct terms of a query; empty when it has none that can match (e.g. one Chinese character). */
export function queryTerms(q: string | undefined): string[] {
  return q ? [...new Set(segment(q))] : [];
}

/**
 * Full-text search over the libraries, the same behaviour on both databases: the stored text is segmented by
 * `segment()` and so is the query, and an item matches when it holds every term of the query. SQLite keeps an FTS5
 * table per library (written here, in the caller's transaction) and ranks with bm25(); PostgreSQL indexes
 * `to_tsvector('simple', searchText)` with GIN (the `simple` configuration keeps the pre-segmented words as they
 * are) and ranks with ts_rank. Title terms weigh more on both.
 */
export class LibrarySearch {
  constructor(private readonly sqlite: boolean) {}

  /** Writes (or rewrites) the index entry of an item, in the transaction that wrote the item. */
  async write(
    em: EntityManager,
    kind: LibraryKind,
    items: readonly { id: number; searchTitle: string; searchText: string }[],
  ): Promise<void> {
    if (!this.sqlite || items.length === 0) return;
    const { fts } = TABLES[kind];
    await this.remove(
      em,
      kind,
      items.map((i) => i.id),
    );
    for (let i = 0; i < items.length; i += 300) {
      const chunk = items.slice(i, i + 300);
      await em.query(
        `INSERT INTO "${fts}" (rowid, title, body) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
        chunk.flatMap((item) => [item.id, item.searchTitle, item.searchText]),
      );
    }
  }

  async remove(em: EntityManager, kind: LibraryKind, ids: readonly number[]): Promise<void> {
    if (!this.sqlite || ids.length === 0) return;
    const { fts } = TABLES[kind];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await em.query(`DELETE FROM "${fts}" WHERE rowid IN (${chunk.map(() => '?').join(', ')})`, [...chunk]);
    }
  }

  /**
   * Restricts a query over a library (alias `alias`) to the items holding every term and selects their relevance
   * as `score` (higher is better). No terms: nothing is restricted.
   */
  apply<T extends object>(qb: SelectQueryBuilder<T>, kind: LibraryKind, alias: string, terms: readonly string[]): void {
    if (terms.length === 0) return;
    if (this.sqlite) {
      const { fts } = TABLES[kind];
      // Each term a quoted phrase (FTS5 syntax cannot leak in), all of them required.
      const match = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
      qb.andWhere(`${alias}.id IN (SELECT rowid FROM "${fts}" WHERE "${fts}" MATCH :ftsMatch)`, { ftsMatch: match });
      qb.addSelect(
        `(SELECT -bm25("${fts}", ${TITLE_WEIGHT}.0, 1.0) FROM "${fts}" WHERE "${fts}" MATCH :ftsMatch AND rowid = ${alias}.id)`,
        'score',
      );
    } else {
      const query = `plainto_tsquery('simple', :tsQuery)`;
      qb.andWhere(`to_tsvector('simple', ${alias}.searchText) @@ ${query}`, { tsQuery: terms.join(' ') });
      qb.addSelect(
        `ts_rank(to_tsvector('simple', ${alias}.searchTitle), ${query}) * ${TITLE_WEIGHT} + ts_rank(to_tsvector('simple', ${alias}.searchText), ${query})`,
        'score',
      );
    }
  }
}
