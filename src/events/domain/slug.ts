import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';

/** Slugs are short enough to type and to print: whole words up to this length. */
export const SLUG_MAX_LENGTH = 40;
const SLUG_MIN_LENGTH = 3;

/** Linking characters that carry no meaning in an address (成果展示暨对接会, 技术与产业). */
const SKIPPED = new Set(['的', '暨', '与', '和', '及', '之', '并', '在', '于']);
const HAN = /\p{Script=Han}/u;

let segmenter: Jieba | undefined;

/** Words of a Chinese title (the dictionary is loaded on first use: about 0.2 s). */
function words(text: string): string[] {
  segmenter ??= Jieba.withDict(dict);
  return segmenter.cut(text, true);
}

/**
 * A URL slug proposed from an event's title: Chinese words in toneless pinyin, other words lower-cased, joined by
 * hyphens and cut at a word boundary (成都都市圈先进技术成果转化推介活动 → chengdu-dushiquan-xianjin-jishu-chengguo).
 * A lone character joins the word before it (都市|圈 → dushiquan); linking words (暨, 与 …) are left out.
 */
export function slugFromTitle(title: string, maxLength = SLUG_MAX_LENGTH): string {
  const parts: { text: string; han: boolean }[] = [];
  for (const word of words(title.normalize('NFKC'))) {
    if (HAN.test(word)) {
      if (word.length === 1 && SKIPPED.has(word)) continue;
      const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true })
        .join('')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '');
      if (!syllables) continue;
      const previous = parts.at(-1);
      if (word.length === 1 && previous?.han) previous.text += syllables;
      else parts.push({ text: syllables, han: true });
    } else {
      for (const piece of word.toLowerCase().split(/[^a-z0-9]+/)) if (piece) parts.push({ text: piece, han: false });
    }
  }
  let slug = '';
  for (const { text } of parts) {
    const next = slug ? `${slug}-${text}` : text;
    if (next.length > maxLength) break;
    slug = next;
  }
  if (!slug && parts.length > 0) slug = parts[0].text.slice(0, maxLength);
  if (slug.length < SLUG_MIN_LENGTH) slug = slug ? `${slug}-event` : 'event';
  return slug;
}
