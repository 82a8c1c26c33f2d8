/**
 * Chinese-aware text segmentation for search and recommendations: the same terms for indexing and for querying.
 *
 * - Text is NFKC-normalised (full-width letters and digits become ASCII) and lower-cased.
 * - ASCII letters and digits stay whole words: `5G` → `5g`, `AI` → `ai`, `2.5D` → `2.5d`.
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

const DOMAIN_SET = new Set(DOMAIN_TERMS.map((term) => term.normalize('NFKC')));
const DOMAIN_MAX = Math.max(...DOMAIN_TERMS.map((term) => term.length));
/** Function characters that split out-of-vocabulary runs instead of forming bigrams. */
const STOP_CHARS = new Set('的了和与及或在是为对等之其而并且也就都从向由被把将'.split(''));

// A Chinese (CJK) run or an ASCII word (letters/digits, a decimal point inside numbers).
const TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9]+(?:\.[0-9]+)?[a-z0-9]*|[a-z][a-z0-9]*/g;
const isCjk = (text: string) => /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/.test(text);

/** Bigrams of a run of single characters, split at function characters; a lone character gives nothing. */
function pushBigrams(run: string[], out: string[]): void {
  for (let i = 0; i + 1 < run.length; i++) {
    if (STOP_CHARS.has(run[i]) || STOP_CHARS.has(run[i + 1])) continue;
    out.push(run[i] + run[i + 1]);
  }
}

/** Domain terms inside a Chinese run, by position; `already` holds the words jieba gave (not repeated). */
function pushDomainTerms(run: string, already: Map<string, number>, out: string[]): void {
  for (let i = 0; i < run.length; i++) {
    for (let length = 2; length <= DOMAIN_MAX && i + length <= run.length; length++) {
      const candidate = run.slice(i, i + length);
      if (!DOMAIN_SET.has(candidate)) continue;
      const left = already.get(candidate) ?? 0;
      if (left > 0) already.set(candidate, left - 1);
      else out.push(candidate);
    }
  }
}

function segmentRunWithJieba(engine: JiebaLike, run: string, out: string[]): void {
  const words = engine.cutForSearch(run, false);
  const given = new Map<string, number>();
  let singles: string[] = [];
  for (const word of words) {
    if (word.length === 1) {
      singles.push(word);
      continue;
    }
    pushBigrams(singles, out);
    singles = [];
    if (!isCjk(word)) continue; // jieba keeps punctuation-free runs, but be safe
    out.push(word);
    given.set(word, (given.get(word) ?? 0) + 1);
  }
  pushBigrams(singles, out);
  pushDomainTerms(run, given, out);
}

/** Without jieba: longest domain-term match from left to right, bigrams for the rest. */
function segmentRunFallback(run: string, out: string[]): void {
  let singles: string[] = [];
  const given = new Map<string, number>();
  for (let i = 0; i < run.length;) {
    let matched = '';
    for (let length = Math.min(DOMAIN_MAX, run.length - i); length >= 2; length--) {
      const candidate = run.slice(i, i + length);
      if (DOMAIN_SET.has(candidate)) {
        matched = candidate;
        break;
      }
    }
    if (matched) {
      pushBigrams(singles, out);
      singles = [];
      out.push(matched);
      given.set(matched, (given.get(matched) ?? 0) + 1);
      i += matched.length;
    } else singles.push(run[i++]);
  }
  pushBigrams(singles, out);
  pushDomainTerms(run, given, out);
}

/** The terms of a text, in order and with repetitions (term frequencies count). */
export function segment(text: string): string[] {
  const engine = loadJieba();
  const out: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    const token = match[0];
    if (!isCjk(token)) out.push(token);
    else if (token.length === 1) continue;
    else if (engine) segmentRunWithJieba(engine, token, out);
    else segmentRunFallback(token, out);
  }
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
