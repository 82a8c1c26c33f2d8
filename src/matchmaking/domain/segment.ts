/**
 * Chinese-aware text segmentation for search and recommendations: the same terms for indexing and for querying.
 *
 * - Text is NFKC-normalised (full-width letters and digits become ASCII) and lower-cased.
 * - ASCII letters and digits stay whole words: `5G` → `5g`, `AI` → `ai`, `2.5D` → `2.5d` (they come first).
 * - Chinese runs are cut by jieba (@node-rs/jieba, its default dictionary plus DOMAIN_TERMS, HMM off) in search mode,
 *   which also gives the dictionary words inside longer words (减震器 → 减震, 减震器).
 * - Every domain term occurring in a run is a term too, whatever jieba's cut around it.
 * - What jieba leaves as single characters (out-of-vocabulary names such as 哈威深) becomes character bigrams
 *   (哈威, 威深). A single Chinese character is never a term: `器` alone matches nothing, so 仪器 is no hit for 减震器.
 *
 * If the native jieba package cannot be loaded, segmentation falls back to the longest domain-dictionary match plus
 * bigrams (`segmenterEngine()` says which one is in use). The output of `segmentText` is a plain string of
 * space-separated terms, ready for SQLite FTS5 or PostgreSQL `to_tsvector('simple', …)`.
 */
import { createRequire } from 'node:module';
import { DOMAIN_TERMS } from './dictionary.js';

interface JiebaLike {
  cutForSearch(sentence: string, hmm?: boolean): string[];
}

const require = createRequire(import.meta.url);
let jieba: JiebaLike | null | undefined;

/** Loads jieba with its default dictionary and the domain terms, once per process; null when it cannot load. */
function loadJieba(): JiebaLike | null {
  if (jieba !== undefined) return jieba;
  try {
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    const instance = Jieba.withDict(dict);
    // A high frequency makes the domain term win over the default dictionary's split.
    instance.loadDict(Buffer.from(DOMAIN_TERMS.map((term) => `${term} 50000 n`).join('\n')));
    jieba = instance;
  } catch {
    jieba = null;
  }
  return jieba;
}

export function segmenterEngine(): 'jieba' | 'fallback' {
  return loadJieba() ? 'jieba' : 'fallback';
}

/** Domain terms by first character, for the scan of each run. */
const DOMAIN_BY_FIRST = new Map<string, string[]>();
for (const term of new Set(DOMAIN_TERMS.map((t) => t.normalize('NFKC').toLowerCase()))) {
  const list = DOMAIN_BY_FIRST.get(term[0]) ?? [];
  list.push(term);
  DOMAIN_BY_FIRST.set(term[0], list);
}
/** Function characters that split out-of-vocabulary runs instead of forming bigrams. */
const STOP_CHARS = new Set('的了和与及或在是为对等之其而并且也就都从向由被把将'.split(''));

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const CJK_ONE = new RegExp(`^[${CJK}]$`);
const NOT_CJK = new RegExp(`[^${CJK}]+`, 'g');
// ASCII words: letters and digits, a decimal point inside a number (5g, ai, 2.5d, ipv6).
const ASCII_WORD = /[0-9]+(?:\.[0-9]+)?[a-z0-9]*|[a-z][a-z0-9]*/g;

/** Bigrams of a run of single characters, split at function characters; a lone character gives nothing. */
function pushBigrams(run: string[], out: string[]): void {
  for (let i = 0; i + 1 < run.length; i++) {
    if (STOP_CHARS.has(run[i]) || STOP_CHARS.has(run[i + 1])) continue;
    out.push(run[i] + run[i + 1]);
  }
}

/** Domain terms inside the Chinese text, by position; `already` holds the words the cut gave (not repeated). */
function pushDomainTerms(text: string, already: Map<string, number>, out: string[]): void {
  for (let i = 0; i < text.length; i++) {
    const candidates = DOMAIN_BY_FIRST.get(text[i]);
    if (!candidates) continue;
    for (const term of candidates) {
      if (!text.startsWith(term, i)) continue;
      const left = already.get(term) ?? 0;
      if (left > 0) already.set(term, left - 1);
      else out.push(term);
    }
  }
}

/**
 * Cut words (in text order, sub-words before their word) to terms: words of two or more characters are kept, runs
 * of single characters become bigrams, anything else (separators) ends a run.
 */
function pushWords(words: Iterable<string>, text: string, out: string[]): void {
  const given = new Map<string, number>();
  let singles: string[] = [];
  for (const word of words) {
    if (word.length === 1 && CJK_ONE.test(word)) {
      singles.push(word);
      continue;
    }
    pushBigrams(singles, out);
    singles = [];
    if (word.length < 2 || !CJK_ONE.test(word[0])) continue; // a separator
    out.push(word);
    given.set(word, (given.get(word) ?? 0) + 1);
  }
  pushBigrams(singles, out);
  pushDomainTerms(text, given, out);
}

/** Without jieba: longest domain-term match from left to right, single characters for the rest. */
function* fallbackWords(text: string): Generator<string> {
  for (let i = 0; i < text.length;) {
    const matched = (DOMAIN_BY_FIRST.get(text[i]) ?? [])
      .filter((term) => text.startsWith(term, i))
      .reduce((longest, term) => (term.length > longest.length ? term : longest), '');
    if (matched) {
      yield matched;
      i += matched.length;
    } else yield text[i++];
  }
}

/** The terms of a text, ASCII words first, then the Chinese ones, with repetitions (term frequencies count). */
export function segment(text: string): string[] {
  const engine = loadJieba();
  const normalised = text.normalize('NFKC').toLowerCase();
  const out: string[] = normalised.match(ASCII_WORD) ?? [];
  // One cut for the whole text: everything that is not Chinese becomes one separator.
  const chinese = normalised.replace(NOT_CJK, '|');
  if (chinese.replace(/\|/g, '').length < 2) return out;
  pushWords(engine ? engine.cutForSearch(chinese, false) : fallbackWords(chinese), chinese, out);
  return out;
}

/** The distinct terms of a query, in order of first appearance. */
export function queryTerms(text: string): string[] {
  return [...new Set(segment(text))];
}

/** The terms as one space-separated string, for a full-text index (FTS5, to_tsvector('simple', …)). */
export function segmentText(text: string): string {
  return segment(text).join(' ');
}
