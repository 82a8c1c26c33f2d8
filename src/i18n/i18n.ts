import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../common/paths.js';
import { dict } from '../common/dict.js';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

type Messages = Record<string, string>;

function flatten(tree: Record<string, unknown>, prefix = '', out: Messages = {}): Messages {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else if (value && typeof value === 'object') flatten(value as Record<string, unknown>, path, out);
  }
  return out;
}

/**
 * The messages of both languages: templates/i18n/<locale>.json plus one file per feature, <feature>.<locale>.json.
 * A key defined twice is a mistake and stops the start.
 */
export function loadMessages(dir = join(TEMPLATES_DIR, 'i18n')): Record<Locale, Messages> {
  const read = (locale: Locale) => {
    const files = readdirSync(dir)
      .filter((f) => f === `${locale}.json` || f.endsWith(`.${locale}.json`))
      .sort();
    const merged: Messages = dict();
    for (const file of files) {
      for (const [key, value] of Object.entries(flatten(JSON.parse(readFileSync(join(dir, file), 'utf8'))))) {
        if (key in merged) throw new Error(`Message ${key} is defined twice (${file})`);
        merged[key] = value;
      }
    }
    return merged;
  };
  return { 'zh-CN': read('zh-CN'), en: read('en') };
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** `?lang=` wins, then the remembered cookie, then the browser's Accept-Language, then Chinese. */
export function resolveLocale(query: unknown, cookie: unknown, acceptLanguage: string | undefined): Locale {
  if (isLocale(query)) return query;
  if (isLocale(cookie)) return cookie;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().toLowerCase().split(';');
        const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
        return { tag, q: q === undefined ? 1 : Number(q) };
      })
      .filter((x) => x.tag && x.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) {
      if (tag.startsWith('zh')) return 'zh-CN';
      if (tag.startsWith('en')) return 'en';
    }
  }
  return DEFAULT_LOCALE;
}

export class Translator {
  constructor(private readonly messages: Record<Locale, Messages>) {}

  t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
    const template = this.messages[locale][key] ?? this.messages[DEFAULT_LOCALE][key] ?? key;
    return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
  }

  has(locale: Locale, key: string): boolean {
    return key in this.messages[locale];
  }
}
