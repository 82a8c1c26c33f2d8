import { Injectable } from '@nestjs/common';
import type Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMessages, Translator, type Locale } from '../i18n/i18n.js';
import { TEMPLATES_DIR } from '../common/paths.js';
import { compileNow, createHandlebars, listTemplates } from '../web/template-engine.js';

const EMAILS_DIR = join(TEMPLATES_DIR, 'emails');

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** A message split where its varying values go: text, index of the value, text, … */
type Pieces = (string | number)[];
type MailPieces = { subject: Pieces; html: Pieces; text: Pieces };
/** What `MailRenderer.piecesFor` keeps of a key's messages: the subject in pieces, and the shared body. */
type KeptBody = { subject: Pieces; body: SharedBody };

const MAX_PIECES = 500;
/** Values that Handlebars' escaping leaves as they are and that hold none of the stand-ins' characters. */
const PLAIN_VALUE = /^[^&<>"'`=\ue000\ue001]*$/;
/** Non-empty (an `{{#if}}` could tell), without outer spaces (a text part is trimmed), and not changed by escaping. */
function isPlain(value: string): boolean {
  return value.length > 0 && value.trim() === value && PLAIN_VALUE.test(value);
}
const STAND_IN = /\ue000(\d+)\ue001/;

function split(text: string): Pieces {
  return text.split(STAND_IN).map((piece, i) => (i % 2 === 1 ? Number(piece) : piece));
}

function splitPieces(mail: RenderedMail): MailPieces {
  return { subject: split(mail.subject), html: split(mail.html), text: split(mail.text) };
}

function joinText(pieces: Pieces, names: string[], values: Record<string, string>): string {
  let out = '';
  for (const piece of pieces) out += typeof piece === 'number' ? values[names[piece]] : piece;
  return out;
}

/**
 * A message's shared body as the outbox keeps it (`MailBody`): the pieces of its HTML and text and the names of the
 * values that go between them, as JSON, and the SHA-256 of that JSON (its address).
 */
export interface SharedBody {
  hash: string;
  content: string;
}

/** A message rendered as its subject, a shared body and the recipient's values (see `MailRenderer.piecesFor`). */
export interface PiecedMail {
  subject: string;
  body: SharedBody;
  values: Record<string, string>;
}

/** A shared body's content, read (`readBody`): the names of the values, and the pieces of the HTML and the text. */
export interface BodyPieces {
  names: string[];
  html: Pieces;
  text: Pieces;
}

export function readBody(content: string): BodyPieces {
  return JSON.parse(content) as BodyPieces;
}

/** HTML and text of a message joined from a shared body and its recipient's values. */
export function joinBody(body: BodyPieces, values: Record<string, string>): { html: string; text: string } {
  return { html: joinText(body.html, body.names, values), text: joinText(body.text, body.names, values) };
}

function joinPieces(pieces: MailPieces, names: string[], values: Record<string, string>): RenderedMail {
  return {
    subject: joinText(pieces.subject, names, values),
    html: joinText(pieces.html, names, values),
    text: joinText(pieces.text, names, values),
  };
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
      const compiled = compileNow(this.hbs, readFileSync(file, 'utf8'), { noEscape: plain });
      if (name.startsWith('partials/')) this.hbs.registerPartial(name.slice('partials/'.length), compiled);
      else this.templates.set(name, compiled);
    }
  }

  has(name: string): boolean {
    return this.templates.has(`${name}.html`) && this.templates.has(`${name}.txt`);
  }

  /**
   * `render`, for the many messages that differ only in a few plain values (a person's name, their link), kept by the
   * outbox as their subject, a body shared by every message of `key` (the caller's promise that everything but
   * `values` is the same) and the recipient's values (`PiecedMail`) instead of their whole HTML and text. The message
   * of a key is rendered once with stand-ins for the values and split where they go; `joinBody(readBody(
   * body.content), values)` then gives exactly the HTML and text of `render(name, locale, data(values))`. The body is
   * kept only when joining it gives what a full render gives for the first person, and only values that no escaping
   * changes are joined: any other (e.g. a name with an ampersand) gets the whole message, as does a key whose `data`
   * throws when called with the stand-ins (a template reads a property of the person that `values` does not hold).
   */
  piecesFor(
    name: string,
    locale: Locale,
    key: string,
    values: Record<string, string>,
    data: (values: Record<string, string>) => Record<string, unknown>,
  ): PiecedMail | RenderedMail {
    const names = Object.keys(values);
    if (!names.every((n) => isPlain(values[n]))) return this.render(name, locale, data(values));
    const cacheKey = `${name}\u0000${locale}\u0000${names.join(',')}\u0000${key}`;
    let kept = this.kept.get(cacheKey);
    if (kept === undefined) {
      const rendered = this.render(name, locale, data(values));
      kept = this.split(name, locale, names, values, data, rendered);
      // Messages of many events over a long run: the oldest keys are dropped first.
      if (this.kept.size >= MAX_PIECES) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(cacheKey, kept);
      if (!kept) return rendered;
    }
    if (!kept) return this.render(name, locale, data(values));
    return { subject: joinText(kept.subject, names, values), body: kept.body, values };
  }

  /**
   * The subject in pieces and the shared body of a key's messages, from its first message (`rendered`, for `values`);
   * null when they cannot give that message exactly.
   */
  private split(
    name: string,
    locale: Locale,
    names: string[],
    values: Record<string, string>,
    data: (values: Record<string, string>) => Record<string, unknown>,
    rendered: RenderedMail,
  ): KeptBody | null {
    const standIns = Object.fromEntries(names.map((n, i) => [n, `\ue000${i}\ue001`]));
    let found: MailPieces;
    try {
      found = splitPieces(this.render(name, locale, data(standIns)));
    } catch {
      // The data refused to be read with stand-ins (a template read more of the person than `values` holds).
      return null;
    }
    const joined = joinPieces(found, names, values);
    if (joined.subject !== rendered.subject || joined.html !== rendered.html || joined.text !== rendered.text) {
      return null;
    }
    const content = JSON.stringify({ names, html: found.html, text: found.text } satisfies BodyPieces);
    return { subject: found.subject, body: { hash: createHash('sha256').update(content).digest('hex'), content } };
  }

  /** Subjects in pieces and shared bodies by key (null: that key's messages are rendered whole); see `piecesFor`. */
  private readonly kept = new Map<string, KeptBody | null>();

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
