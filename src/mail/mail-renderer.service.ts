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
 * Renders emails from templates/emails/<name>.html.hbs and <name>.txt.hbs. Every email body is bilingual: the
 * reader's language first, the other one below. The subject is in the reader's language only, so that it stays short
 * (callers pass the event's short title): "报名成功：成都都市圈成果转化推介活动".
 * The first section is `primary`: things shown once (the badge image) appear there, the second refers to them.
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
    const sections = order.map((l, index) => {
      const context = {
        ...data,
        locale: l,
        isEn: l === 'en',
        htmlLang: l === 'en' ? 'en' : 'zh-CN',
        primary: index === 0,
      };
      return { locale: l, lang: context.htmlLang, html: html(context), text: text(context).trim() };
    });
    const subject = this.translator.t(
      order[0],
      `emails.${name}.subject`,
      data.subjectParams as Record<string, unknown>,
    );
    return {
      subject,
      html: layout({ locale: order[0], htmlLang: sections[0].lang, subject, sections }),
      text: sections.map((s) => s.text).join('\n\n———\n\n'),
    };
  }
}
