import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * Words for the search index and for queries, the same on both sides: jieba with a small domain dictionary, ASCII
 * words and numbers whole, out-of-vocabulary runs of single Chinese characters as character bigrams, lower case,
 * never a single Chinese character (so `器` alone never makes `仪器` a hit for `减震器`).
 */
const DOMAIN_WORDS = [
  '磁流变',
  '减震器',
  '碳化硅',
  '氮化镓',
  '夜视仪',
  '难熔金属',
  '恒频',
  '主动防御',
  '无人机',
  '锂电池',
  '固态电池',
  '储能',
  '光伏',
  '氢能',
  '燃料电池',
  '激光雷达',
  '毫米波',
  '集成电路',
  '增材制造',
  '数控机床',
  '工业机器人',
  '复合材料',
  '石墨烯',
  '钛合金',
  '高温合金',
  '卫星导航',
  '北斗',
];

let jieba: Jieba | undefined;
function cutter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} 100000 n`).join('\n') + '\n', 'utf8'));
  }
  return jieba;
}

const HAN = /^\p{Script=Han}+$/u;
const ASCII_WORD = /^[\p{L}\p{N}]+$/u;

export function segment(text: string): string[] {
  const out: string[] = [];
  let singles = '';
  const flush = () => {
    for (let i = 0; i + 1 < singles.length; i++) out.push(singles.slice(i, i + 2));
    singles = '';
  };
  const normalised = text.normalize('NFKC').toLowerCase();
  for (const token of cutter().cut(normalised, false)) {
    const word = token.trim();
    if (!word) {
      flush();
      continue;
    }
    if (HAN.test(word)) {
      if ([...word].length === 1) {
        singles += word;
        continue;
      }
      flush();
      out.push(word);
    } else {
      flush();
      if (ASCII_WORD.test(word)) out.push(word);
    }
  }
  flush();
  return out;
}
