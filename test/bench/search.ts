/**
 * Search over a library of 10,000 generated achievements: the in-memory BM25 index (segmented text, ranked, total
 * count, top 20) against a plain `LIKE '%term%'` scan of a better-sqlite3 table holding the same items (title, body
 * and keywords; every matching id read, the first 20 kept), in the same run, with the same queries.
 *
 *   npm run bench -- search
 *
 * Queries are domain terms and pairs of them (磁流变, 碳化硅 功率器件, 5G …). Rates are queries per CPU second of this
 * process (the machine is shared); the ratio is what travels. Figures: data/bench/search.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DOMAIN_TERMS } from '../../src/matchmaking/domain/dictionary.js';
import { RelevanceIndex } from '../../src/matchmaking/domain/relevance.js';
import { seededRandom } from '../../src/matchmaking/domain/scheduler.js';
import { segment } from '../../src/matchmaking/domain/segment.js';
import { OUT_DIR } from './harness.js';
import { generateLibraries } from './library-instances.js';

interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
type Sqlite = new (file: string) => {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  transaction(work: () => void): () => void;
  close(): void;
};
const Database = createRequire(import.meta.url)('better-sqlite3') as Sqlite;

const ITEMS = 10_000;
const QUERIES = 300;
const MIN_SECONDS = 1;

const { achievements } = generateLibraries(ITEMS, 0);
const random = seededRandom(3);
const pick = () => DOMAIN_TERMS[Math.floor(random() * DOMAIN_TERMS.length)];
const queries = Array.from({ length: QUERIES }, (_, i) =>
  i % 3 === 2 ? `${pick()} ${pick()}` : i % 10 === 0 ? '5G' : pick(),
);

const cpuSeconds = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
};
/** Runs all queries repeatedly for at least MIN_SECONDS of CPU; returns queries per second and hits per query. */
function measure(run: (query: string) => number): { rate: number; hits: number } {
  let done = 0;
  let hits = 0;
  const started = cpuSeconds();
  do {
    for (const query of queries) hits += run(query);
    done += queries.length;
  } while (cpuSeconds() - started < MIN_SECONDS);
  return { rate: done / (cpuSeconds() - started), hits: hits / done };
}

segment('磁流变减震器'); // load the segmenter's dictionaries outside the measurement
const index = new RelevanceIndex().addAll(achievements);
index.build();
const inMemory = measure((query) => {
  const result = index.search(query, { limit: 20 });
  return result.total;
});

const db = new Database(':memory:');
db.exec('CREATE TABLE items (id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, keywords TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO items (id, title, body, keywords) VALUES (?, ?, ?, ?)');
db.transaction(() => {
  for (const item of achievements) insert.run(item.id, item.title, item.body ?? '', (item.keywords ?? []).join(' '));
})();
// Every word of the query must appear somewhere (AND), as a user of a LIKE search box would expect.
const statements = [1, 2].map((words) =>
  db.prepare(
    `SELECT id FROM items WHERE ${Array.from({ length: words }, () => '(title LIKE ? OR body LIKE ? OR keywords LIKE ?)').join(' AND ')}`,
  ),
);
const like = measure((query) => {
  const words = query.split(' ');
  const args = words.flatMap((word) => [`%${word}%`, `%${word}%`, `%${word}%`]);
  const rows = statements[words.length - 1].all(...args) as { id: string }[];
  rows.slice(0, 20);
  return rows.length;
});
db.close();

console.log(
  `search: ${ITEMS.toLocaleString('en')} items, in-memory index ${Math.round(inMemory.rate)} q/s, LIKE '%term%' scan ${Math.round(like.rate)} q/s (${(inMemory.rate / like.rate).toFixed(1)}×); hits per query ${inMemory.hits.toFixed(0)} (index, ranked, every word) vs ${like.hits.toFixed(0)} (LIKE, all words)`,
);
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(
  join(OUT_DIR, 'search.json'),
  JSON.stringify({ items: ITEMS, queries: QUERIES, inMemory, like }, null, 2),
);
