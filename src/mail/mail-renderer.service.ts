import { Injectable } from '@nestjs/common';
import type Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMessages, Translator, type Locale } from '../i18n/i18n.js';
import { TEMPLATES_DIR } from '../common/paths.js';
import { createHandlebars, listTemplates } from '../web/template-engine.js';

const EMAILS_DIR = join(TEMPLATES_DIR, 'emails');

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders emails from templates/emails/<name>.html.hbs and <name>.txt.hbs. Every email is bilingual: the reader's
 * language first, the other one below, and a subject in both ("报名成功 / Registration confirmed").
 */
@Injectable()
export class MailRenderer {
  readonly translator = new Translator(loadMessages());
  private readonly hbs: typeof Handlebars = createHandlebars(this.translator);
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    for (const file of listTemplates(EMAILS_DIR)) {
      const name = file.slice(EMAILS_DIR.length + 1).replace(/\.hbs$/, '');
      // Plain-text parts are not HTML: no escaping there.
      const plain = name.endsWith('.txt') || name.endsWith('-text');
      const compiled = this.hbs.compile(readFileSync(file, 'utf8'), { noEscape: plain });
      if (name.startsWith('partials/')) this.hbs.registerPartial(name.slice('partials/'.length), compiled);
      else this.templates.set(name, compiled);
    }
  }

  has(name: string): boolean {
    return this.templates.has(`${name}.html`) && this.templates.has(`${name}.txt`);
  }

  render(name: string, locale: Locale, data: Record<string, unknown>): RenderedMail {
    const html = this.templates.get(`${name}.html`);
    const text = this.templates.get(`${name}.txt`);
    const layout = this.templates.get('layout.html');
    if (!html || !text || !layout) throw new Error(`No email template "${name}" (${EMAILS_DIR})`);
    const order: Locale[] = locale === 'en' ? ['en', 'zh-CN'] : ['zh-CN', 'en'];
    const sections = order.map((l) => {
      const context = { ...data, locale: l, isEn: l === 'en', htmlLang: l === 'en' ? 'en' : 'zh-CN' };
      return { locale: l, lang: context.htmlLang, html: html(context), text: text(context).trim() };
    });
    const subjects = order.map((l) =>
      this.translator.t(l, `emails.${name}.subject`, data.subjectParams as Record<string, unknown>),
    );
    return {
      subject: subjects.join(' / '),
      html: layout({ locale: order[0], htmlLang: sections[0].lang, subject: subjects[0], sections }),
      text: sections.map((s) => s.text).join('\n\n———\n\n'),
    };
  }
}
