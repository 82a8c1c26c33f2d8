import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { formatInZone, type DateStyle } from '../common/time.js';
import { Html } from './html.js';
import { loadMessages, Translator, type Locale } from './i18n.js';
import { TEMPLATES_DIR } from './paths.js';
import './request-context.js';

function listTemplates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))
    .map((entry) => join(entry.parentPath, entry.name));
}

export interface PageOptions {
  status?: number;
  /** i18n key of the page title, or a literal title. */
  title?: string;
  /** Which navigation the layout shows. */
  area?: 'public' | 'console' | 'staff' | 'attendee';
}

/**
 * Renders server-side pages: one layout (templates/layouts/main.hbs), shared partials, one template per page under
 * templates/pages/<audience>/, messages in zh-CN and en. Templates are compiled once at start.
 */
@Injectable()
export class Views {
  readonly translator = new Translator(loadMessages());
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor() {
    this.registerHelpers();
    const partialsDir = join(TEMPLATES_DIR, 'partials');
    for (const file of listTemplates(partialsDir)) {
      const name = relative(partialsDir, file)
        .replace(/\.hbs$/, '')
        .split(sep)
        .join('/');
      this.hbs.registerPartial(name, readFileSync(file, 'utf8'));
    }
    const pagesDir = join(TEMPLATES_DIR, 'pages');
    for (const file of listTemplates(pagesDir)) {
      const name = relative(pagesDir, file)
        .replace(/\.hbs$/, '')
        .split(sep)
        .join('/');
      this.pages.set(name, this.hbs.compile(readFileSync(file, 'utf8'), { strict: false }));
    }
    this.layout = this.hbs.compile(readFileSync(join(TEMPLATES_DIR, 'layouts', 'main.hbs'), 'utf8'));
  }

  t(locale: Locale, key: string, params?: Record<string, unknown>): string {
    return this.translator.t(locale, key, params);
  }

  page(request: FastifyRequest, name: string, data: Record<string, unknown> = {}, options: PageOptions = {}): Html {
    const template = this.pages.get(name);
    if (!template) throw new Error(`No page template "${name}"`);
    const locale = request.locale;
    const url = new URL(request.url, 'http://x');
    const langUrl = (lang: Locale) => {
      url.searchParams.set('lang', lang);
      return `${url.pathname}${url.search}`;
    };
    const context = {
      ...data,
      locale,
      isEn: locale === 'en',
      htmlLang: locale === 'en' ? 'en' : 'zh-CN',
      csrfToken: request.csrfToken,
      principal: request.principal,
      isOrganiser: request.principal?.role === 'organiser',
      area: options.area ?? 'public',
      path: url.pathname,
      langUrls: { zh: langUrl('zh-CN'), en: langUrl('en') },
      flash: request.flash,
    };
    const body = template(context);
    const title = options.title
      ? this.translator.has(locale, options.title)
        ? this.t(locale, options.title)
        : options.title
      : undefined;
    return new Html(this.layout({ ...context, body, title }), options.status ?? 200);
  }

  private registerHelpers(): void {
    const hbs = this.hbs;
    type Options = Handlebars.HelperOptions;
    const rootLocale = (options: Options): Locale => (options.data?.root?.locale as Locale) ?? 'zh-CN';

    hbs.registerHelper('t', (key: string, options: Options) => this.t(rootLocale(options), key, options.hash));
    // Picks the English text on English pages when there is one, the Chinese otherwise.
    hbs.registerHelper('loc', function (zh: unknown, en: unknown, options: Options) {
      return rootLocale(options) === 'en' && en ? en : (zh ?? '');
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
    hbs.registerHelper('fieldError', function (errors: unknown, field: string) {
      const list = Array.isArray(errors) ? (errors as { field: string; reason: string }[]) : [];
      return list.find((e) => e.field === field)?.reason ?? '';
    });
    hbs.registerHelper('object', (options: Options) => ({ ...options.hash }));
    hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  }
}
