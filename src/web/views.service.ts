import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Html } from './html.js';
import { loadMessages, Translator, type Locale } from '../i18n/i18n.js';
import { compileNow, createHandlebars, listTemplates } from './template-engine.js';
import { TEMPLATES_DIR } from '../common/paths.js';
import './request-context.js';

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
  private readonly hbs = createHandlebars(this.translator);
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor() {
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
      this.pages.set(name, compileNow(this.hbs, readFileSync(file, 'utf8'), { strict: false }));
    }
    this.layout = compileNow(this.hbs, readFileSync(join(TEMPLATES_DIR, 'layouts', 'main.hbs'), 'utf8'));
  }

  t(locale: Locale, key: string, params?: Record<string, unknown>): string {
    return this.translator.t(locale, key, params);
  }

  page(request: FastifyRequest, name: string, data: Record<string, unknown> = {}, options: PageOptions = {}): Html {
    const template = this.pages.get(name);
    if (!template) throw new Error(`No page template "${name}"`);
    const locale = request.locale;
    // After a form post the page's own address is the post's: language links go back to the form's page instead.
    const current = new URL(request.url, 'http://x');
    const referer = request.method === 'GET' ? undefined : request.headers.referer;
    const back =
      referer && URL.canParse(referer) && new URL(referer).host === request.host ? new URL(referer) : undefined;
    const url = request.method === 'GET' ? current : (back ?? new URL('/', 'http://x'));
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
      path: current.pathname,
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
}
