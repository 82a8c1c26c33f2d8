import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatInZone, type DateStyle } from '../common/time.js';
import { shortTitleOf, type EventTitles } from '../i18n/event-title.js';
import type { Locale, Translator } from '../i18n/i18n.js';

export function listTemplates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Compiles a template now. Handlebars' `compile()` parses and compiles at the first render, so the first request of
 * each page or email (often a hundred at once, when registration opens) paid for it.
 */
export function compileNow(
  hbs: typeof Handlebars,
  source: string,
  options?: Parameters<typeof Handlebars.compile>[1],
): Handlebars.TemplateDelegate {
  const template = hbs.compile(source, options);
  // The compiled form is made by the first render, and kept; a render of nothing is enough. A template that fails
  // to compile fails again at its first real render, as before; a helper refusing the empty context does not matter.
  try {
    template({});
  } catch {
    // See above.
  }
  return template;
}

/**
 * One Handlebars environment with the helpers every template may use, for pages and emails alike:
 * `t` (message in the root locale), `loc` (Chinese or English field), `date` (in the event's time zone), comparisons.
 */
export function createHandlebars(translator: Translator): typeof Handlebars {
  const hbs = Handlebars.create();
  type Options = Handlebars.HelperOptions;
  const rootLocale = (options: Options): Locale => (options.data?.root?.locale as Locale) ?? 'zh-CN';

  // {{t "key" n=3}}, or {{t key paramsObject}} for parameters held in data (flash messages).
  hbs.registerHelper('t', (key: string, ...args: unknown[]) => {
    const options = args.pop() as Options;
    const params = args[0] && typeof args[0] === 'object' ? { ...args[0], ...options.hash } : options.hash;
    return translator.t(rootLocale(options), key, params);
  });
  // Picks the English text on English pages when there is one, the Chinese otherwise.
  hbs.registerHelper('loc', function (zh: unknown, en: unknown, options: Options) {
    return rootLocale(options) === 'en' && en ? en : (zh ?? '');
  });
  // An event's short title (简称) in the page's language (or lang="zh-CN"), falling back to the full title.
  hbs.registerHelper('shortTitle', function (event: EventTitles | undefined, options: Options) {
    const lang = options.hash.lang === 'zh-CN' || options.hash.lang === 'en' ? (options.hash.lang as Locale) : null;
    return event ? shortTitleOf(event, lang ?? rootLocale(options)) : '';
  });
  hbs.registerHelper('date', function (value: unknown, style: unknown, options: Options) {
    if (!value) return '';
    const at = value instanceof Date ? value : new Date(value as string);
    const zone = (options.hash.tz as string) ?? (options.data?.root?.timezone as string) ?? 'Asia/Shanghai';
    return formatInZone(at, zone, rootLocale(options), (typeof style === 'string' ? style : 'datetime') as DateStyle);
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b || String(a) === String(b));
  hbs.registerHelper('ne', (a: unknown, b: unknown) => !(a === b || String(a) === String(b)));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  hbs.registerHelper(
    'json',
    (value: unknown) => new Handlebars.SafeString(JSON.stringify(value).replace(/</g, '\\u003c')),
  );
  // A field problem in the reader's language: by its rule (validation.<code>), by its English text
  // (reasons.<text>), or as it came.
  const problemText = (problem: { reason: string; code?: string; message?: string }, locale: Locale): string => {
    // A sentence composed for this form already (see field-messages.ts).
    if (problem.message) return problem.message;
    if (problem.code && translator.has(locale, `validation.${problem.code}`))
      return translator.t(locale, `validation.${problem.code}`);
    if (translator.has(locale, `reasons.${problem.reason}`)) return translator.t(locale, `reasons.${problem.reason}`);
    return problem.reason;
  };
  hbs.registerHelper('problem', (problem: { reason: string; code?: string; message?: string }, options: Options) =>
    problemText(problem, rootLocale(options)),
  );
  hbs.registerHelper('fieldError', function (errors: unknown, field: string, options: Options) {
    const list = Array.isArray(errors)
      ? (errors as { field: string; reason: string; code?: string; message?: string }[])
      : [];
    const found = list.find((e) => e.field === field);
    return found ? problemText(found, rootLocale(options)) : '';
  });
  // Whether a form value (one string or a list of strings) includes a value: for checked boxes.
  hbs.registerHelper('includes', (list: unknown, value: unknown) =>
    Array.isArray(list) ? list.map(String).includes(String(value)) : typeof list === 'string' && list === String(value),
  );
  hbs.registerHelper('object', (options: Options) => ({ ...options.hash }));
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  return hbs;
}
