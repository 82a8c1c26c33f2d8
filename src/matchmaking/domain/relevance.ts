/**
 * Relevance for the achievement and demand libraries: an in-memory BM25 index over segmented text (segment.ts), with
 * the title weighted above the keywords and the keywords above the body (BM25F-style: weighted term frequencies and
 * a weighted length per document), ranked search, and recommendations that carry their reasons — the shared terms
 * and the shared category — so the page can say "共同关键词：磁流变、减震器；同属装备制造". Filler words
 * (stop-terms.ts: 应用, 场景, 技术, …) take no part in recommendations.
 *
 * Pure and synchronous; the persistent full-text layer (FTS5 / PostgreSQL) indexes the same `segmentText` output.
 */
import { queryTerms, segment } from './segment.js';
import { isStopTerm } from './stop-terms.js';

/** Maturity levels of an achievement, in order (实验室 → 中试 → 小批量 → 量产). */
export const MATURITY_LEVELS = ['lab', 'pilot', 'small_batch', 'mass_production'] as const;
export type Maturity = (typeof MATURITY_LEVELS)[number];

export interface RelevanceDocument {
  id: string;
  title: string;
  body?: string;
  keywords?: readonly string[];
  category?: string | null;
  maturity?: Maturity | null;
}

export interface FieldWeights {
  title: number;
  keywords: number;
  body: number;
}

export interface IndexOptions {
  weights?: Partial<FieldWeights>;
  /** BM25 term-frequency saturation (default 1.2). */
  k1?: number;
  /** BM25 length normalisation (default 0.75). */
  b?: number;
}

export interface SearchHit {
  id: string;
  score: number;
  /** Query terms the document contains. */
  matched: string[];
}

export interface RecommendationReasons {
  /** The most weighty shared terms, longest form only (磁流变, not 流变 as well). */
  sharedTerms: string[];
  /** The category both share, if any. */
  sameCategory: string | null;
  /** How the candidate's maturity compares with the one wished for. */
  maturity: 'fits' | 'below' | null;
  /** The attendee's interests the candidate matches. */
  interests: string[];
}

export interface Recommendation {
  id: string;
  score: number;
  reasons: RecommendationReasons;
}

export interface RecommendOptions {
  /** Category of the subject; a candidate in the same category gains `categoryBonus`. */
  category?: string | null;
  /** Maturity wished for: candidates at or above it gain `maturityBonus`, one level below half of it. */
  maturity?: Maturity | null;
  /** Interests given at registration (free text, segmented like everything else). */
  interests?: readonly string[];
  limit?: number;
  /** Ids never to recommend (the subject itself, dismissed or hidden ones). */
  exclude?: ReadonlySet<string>;
  categoryBonus?: number;
  maturityBonus?: number;
  /** Weight of interest terms relative to the subject's own terms (default 1.5). */
  interestWeight?: number;
  /** How many of the subject's terms take part, the most telling first (default 12). */
  maxQueryTerms?: number;
  /** Subject terms found in more than this share of the documents are left out (default 0.1). */
  maxDocumentShare?: number;
}

const DEFAULT_WEIGHTS: FieldWeights = { title: 3, keywords: 2, body: 1 };

/** The weighted terms of a document: term → Σ field weight × occurrences. */
export function documentTerms(doc: Omit<RelevanceDocument, 'id'>, weights: FieldWeights = DEFAULT_WEIGHTS) {
  const terms = new Map<string, number>();
  let length = 0;
  const add = (text: string | undefined, weight: number) => {
    if (!text) return;
    for (const term of segment(text)) {
      terms.set(term, (terms.get(term) ?? 0) + weight);
      length += weight;
    }
  };
  add(doc.title, weights.title);
  for (const keyword of doc.keywords ?? []) add(keyword, weights.keywords);
  add(doc.body, weights.body);
  return { terms, length };
}

/** Keeps the longest forms: drops a term contained in another kept one (流变 inside 磁流变). */
function longestForms(terms: string[], limit: number): string[] {
  const kept: string[] = [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    if (!kept.some((other) => other.includes(term))) kept.push(term);
  }
  return terms.filter((term) => kept.includes(term)).slice(0, limit);
}

export class RelevanceIndex {
  private readonly weights: FieldWeights;
  private readonly k1: number;
  private readonly b: number;
  private readonly docs: RelevanceDocument[] = [];
  private readonly positions = new Map<string, number>();
  private readonly pending: { terms: Map<string, number>; length: number }[] = [];
  /** term → postings (document numbers and their BM25 weights), built on first use after additions. */
  private postings = new Map<string, { docs: Int32Array; weights: Float64Array }>();
  private built = true;
  private scores = new Float64Array(0);
  private touched = new Int32Array(0);
  /** Per document: category number (-1 none) and maturity level (-1 none). */
  private categoryIds = new Map<string, number>();
  private categories = new Int32Array(0);
  private levels = new Int8Array(0);

  constructor(options: IndexOptions = {}) {
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  get size(): number {
    return this.docs.length;
  }

  add(doc: RelevanceDocument): void {
    if (this.positions.has(doc.id)) throw new Error(`document ${doc.id} indexed twice`);
    this.positions.set(doc.id, this.docs.length);
    this.docs.push(doc);
    this.pending.push(documentTerms(doc, this.weights));
    this.built = false;
  }

  addAll(docs: Iterable<RelevanceDocument>): this {
    for (const doc of docs) this.add(doc);
    return this;
  }

  document(id: string): RelevanceDocument | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : this.docs[position];
  }

  /** Computes the BM25 weight of every (term, document) once (done on first use after additions). */
  build(): void {
    if (this.built) return;
    const N = this.docs.length;
    let totalLength = 0;
    for (const doc of this.pending) totalLength += doc.length;
    const averageLength = totalLength / Math.max(N, 1) || 1;
    const lists = new Map<string, { docs: number[]; tf: number[] }>();
    this.pending.forEach((doc, d) => {
      for (const [term, tf] of doc.terms) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = { docs: [], tf: [] }));
        list.docs.push(d);
        list.tf.push(tf);
      }
    });
    this.postings = new Map();
    for (const [term, list] of lists) {
      const df = list.docs.length;
      const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      const weights = new Float64Array(df);
      for (let i = 0; i < df; i++) {
        const tf = list.tf[i];
        const norm = 1 - this.b + (this.b * this.pending[list.docs[i]].length) / averageLength;
        weights[i] = (idf * (tf * (this.k1 + 1))) / (tf + this.k1 * norm);
      }
      this.postings.set(term, { docs: Int32Array.from(list.docs), weights });
    }
    this.scores = new Float64Array(N);
    this.touched = new Int32Array(N);
    this.categoryIds = new Map();
    this.categories = new Int32Array(N);
    this.levels = new Int8Array(N);
    this.docs.forEach((doc, d) => {
      if (doc.category && !this.categoryIds.has(doc.category))
        this.categoryIds.set(doc.category, this.categoryIds.size);
      this.categories[d] = doc.category ? this.categoryIds.get(doc.category)! : -1;
      this.levels[d] = doc.maturity ? MATURITY_LEVELS.indexOf(doc.maturity) : -1;
    });
    this.built = true;
  }

  /** Σ over query terms of (query weight × BM25 weight), into this.scores; returns the documents touched. */
  private accumulate(query: ReadonlyMap<string, number>): number {
    this.build();
    let count = 0;
    for (const [term, queryWeight] of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      for (let i = 0; i < list.docs.length; i++) {
        const d = list.docs[i];
        if (this.scores[d] === 0) this.touched[count++] = d;
        this.scores[d] += queryWeight * list.weights[i];
      }
    }
    return count;
  }

  private termWeight(term: string, d: number): number {
    const list = this.postings.get(term);
    if (!list) return 0;
    // Postings are in document order: binary search.
    let lo = 0;
    let hi = list.docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list.docs[mid] === d) return list.weights[mid];
      if (list.docs[mid] < d) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Top `limit` documents by score among the touched ones (ties by insertion order); resets the scores. */
  private top(
    count: number,
    limit: number,
    keep: ((d: number) => boolean) | null,
    extra?: { bonus: (d: number) => number; max: number },
  ) {
    const best: { d: number; score: number }[] = [];
    for (let i = 0; i < count; i++) {
      const d = this.touched[i];
      let score = this.scores[d];
      this.scores[d] = 0;
      // A document that cannot reach the current tenth even with every bonus is not looked at further.
      if (best.length === limit && score + (extra?.max ?? 0) < best[limit - 1].score) continue;
      if (extra) score += extra.bonus(d);
      if (keep && !keep(d)) continue;
      if (
        best.length === limit &&
        (score < best[limit - 1].score || (score === best[limit - 1].score && d > best[limit - 1].d))
      )
        continue;
      let at = best.length === limit ? limit - 1 : best.length;
      if (best.length < limit) best.push({ d, score });
      while (at > 0 && (best[at - 1].score < score || (best[at - 1].score === score && best[at - 1].d > d))) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = { d, score };
    }
    return best;
  }

  /**
   * Ranked search. Each word of the query (as typed, split at spaces) must be found: a document matches when it has
   * the word's whole terms — the ones not inside a longer term of the same word (减震器 for 减震器, not 减震; both
   * bigrams of 哈威深) — or, with `match: 'any'`, when it shares any term. Sub-terms (减震) add to the score only.
   * Never a match on one shared Chinese character: no such term exists.
   */
  search(
    query: string,
    options: { limit?: number; category?: string; match?: 'all' | 'any' } = {},
  ): { total: number; hits: SearchHit[] } {
    const words = query.split(/\s+/).filter(Boolean);
    const terms = queryTerms(query);
    const required = new Set<string>();
    for (const word of words) {
      const wordTerms = queryTerms(word);
      for (const term of wordTerms)
        if (!wordTerms.some((other) => other !== term && other.includes(term))) required.add(term);
    }
    const count = this.accumulate(new Map(terms.map((term) => [term, 1])));
    const all = options.match !== 'any';
    // Which documents have every required term: count them per document over the required postings.
    const found = all ? new Int32Array(this.docs.length) : null;
    if (found)
      for (const term of required) {
        const list = this.postings.get(term);
        if (list) for (const d of list.docs) found[d]++;
      }
    const category = options.category;
    const keep =
      category === undefined && !found
        ? null
        : (d: number) =>
            (!found || found[d] === required.size) && (category === undefined || this.docs[d].category === category);
    let total = 0;
    for (let i = 0; i < count; i++) if (!keep || keep(this.touched[i])) total++;
    const best = this.top(count, options.limit ?? 20, keep);
    return {
      total,
      hits: best.map(({ d, score }) => ({
        id: this.docs[d].id,
        score,
        matched: terms.filter((term) => this.termWeight(term, d) > 0),
      })),
    };
  }

  /**
   * The best candidates of this index for a subject (a demand for achievements, an achievement for demands, a
   * person's organisation profile for people): BM25 of the subject's weighted terms, plus the category and maturity
   * fit and the attendee's interests, each recommendation with its reasons.
   */
  recommend(subject: Omit<RelevanceDocument, 'id'>, options: RecommendOptions = {}): Recommendation[] {
    const limit = options.limit ?? 10;
    this.build();
    const { terms } = documentTerms(subject, this.weights);
    // Query weight of a subject term: its field-weighted frequency, dampened so that repetition does not dominate.
    // Like "more like this": only the subject's most telling terms (by weight × rarity) take part, and terms in more
    // than a tenth of the documents (技术, 系统; once there are more than 50) none: they cost the most and decide the least.
    // Filler (应用, 场景, 技术, …; stop-terms.ts) neither counts nor is named as a reason.
    const N = this.docs.length;
    const ranked = [...terms]
      .filter(([term]) => !isStopTerm(term))
      .map(([term, weight]) => {
        const df = this.postings.get(term)?.docs.length ?? 0;
        return { term, weight: 1 + Math.log(weight), df, rank: (1 + Math.log(weight)) * Math.log(1 + N / (df + 1)) };
      })
      .filter((entry) => entry.df > 0)
      .sort((x, y) => y.rank - x.rank || x.term.localeCompare(y.term));
    const common = Math.max(50, N * (options.maxDocumentShare ?? 0.1));
    const interestTerms = new Set<string>();
    for (const interest of options.interests ?? [])
      for (const term of queryTerms(interest)) if (!isStopTerm(term)) interestTerms.add(term);
    const queryOf = (entries: typeof ranked) => {
      const query = new Map<string, number>();
      for (const { term, weight } of entries.slice(0, options.maxQueryTerms ?? 12)) query.set(term, weight);
      for (const term of interestTerms) query.set(term, (query.get(term) ?? 0) + (options.interestWeight ?? 1.5));
      return query;
    };
    let query = queryOf(ranked.filter((entry) => entry.df <= common));
    let count = this.accumulate(query);
    if (count < limit && ranked.some((entry) => entry.df > common)) {
      // Too few candidates share a telling term: let the common terms in after all.
      for (let i = 0; i < count; i++) this.scores[this.touched[i]] = 0;
      query = queryOf(ranked);
      count = this.accumulate(query);
    }
    const categoryBonus = options.categoryBonus ?? 2;
    const maturityBonus = options.maturityBonus ?? 1;
    const wanted = options.maturity ? MATURITY_LEVELS.indexOf(options.maturity) : -1;
    const wantedCategory = options.category ? (this.categoryIds.get(options.category) ?? -2) : -2;
    const fit = (d: number): 'fits' | 'below' | null => {
      const level = this.levels[d];
      if (wanted < 0 || level < 0) return null;
      return level >= wanted ? 'fits' : 'below';
    };
    const bonus = (d: number) => {
      let extra = this.categories[d] === wantedCategory ? categoryBonus : 0;
      const level = this.levels[d];
      if (wanted >= 0 && level >= 0)
        extra += level >= wanted ? maturityBonus : level === wanted - 1 ? maturityBonus / 2 : 0;
      return extra;
    };
    const exclude = options.exclude;
    const keep = exclude && exclude.size > 0 ? (d: number) => !exclude.has(this.docs[d].id) : null;
    const best = this.top(count, limit, keep, { bonus, max: categoryBonus + maturityBonus });
    return best.map(({ d, score }) => {
      const contributions = [...query.keys()]
        .map((term) => ({ term, weight: (query.get(term) ?? 0) * this.termWeight(term, d) }))
        .filter((entry) => entry.weight > 0)
        .sort((x, y) => y.weight - x.weight || x.term.localeCompare(y.term));
      const doc = this.docs[d];
      return {
        id: doc.id,
        score,
        reasons: {
          sharedTerms: longestForms(
            contributions.filter((entry) => terms.has(entry.term)).map((entry) => entry.term),
            3,
          ),
          sameCategory: this.categories[d] === wantedCategory ? (options.category ?? null) : null,
          maturity: fit(d),
          interests: longestForms(
            contributions.filter((entry) => interestTerms.has(entry.term)).map((entry) => entry.term),
            3,
          ),
        },
      };
    });
  }
}

/** The reasons as one sentence: "共同关键词：磁流变、减震器；同属装备制造" or "Shared keywords: …; both in …". */
export function describeReasons(reasons: RecommendationReasons, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const parts: string[] = [];
  if (locale === 'zh-CN') {
    if (reasons.sharedTerms.length > 0) parts.push(`共同关键词：${reasons.sharedTerms.join('、')}`);
    if (reasons.sameCategory) parts.push(`同属${reasons.sameCategory}`);
    if (reasons.interests.length > 0) parts.push(`符合您的关注：${reasons.interests.join('、')}`);
    if (reasons.maturity === 'fits') parts.push('成熟度符合要求');
    return parts.join('；');
  }
  if (reasons.sharedTerms.length > 0) parts.push(`Shared keywords: ${reasons.sharedTerms.join(', ')}`);
  if (reasons.sameCategory) parts.push(`both in ${reasons.sameCategory}`);
  if (reasons.interests.length > 0) parts.push(`matches your interests: ${reasons.interests.join(', ')}`);
  if (reasons.maturity === 'fits') parts.push('maturity as required');
  return parts.join('; ');
}
