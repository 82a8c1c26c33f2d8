/**
 * Generated achievement and demand libraries for the recommendations and search benchmarks: Chinese-like titles and
 * descriptions built from the domain vocabulary (dictionary.ts), generic technical words and function words, with
 * the Chengdu list's category mix (电子信息 81, 先进材料 36, 新能源 19, 装备制造 104, 生物医学 10, 航空航天 7).
 */
import { DOMAIN_TERMS } from '../../src/matchmaking/domain/dictionary.js';
import { MATURITY_LEVELS, type RelevanceDocument } from '../../src/matchmaking/domain/relevance.js';
import { seededRandom } from '../../src/matchmaking/domain/scheduler.js';

const GENERIC = [
  '技术',
  '系统',
  '研发',
  '应用',
  '平台',
  '智能',
  '高效',
  '低成本',
  '国产化',
  '关键',
  '核心',
  '工艺',
  '装置',
  '设备',
  '检测',
  '控制',
  '模块',
  '方案',
  '集成',
  '优化',
  '制造',
  '生产线',
  '可靠性',
  '寿命',
  '精度',
  '性能',
  '产业链',
  '示范',
  '推广',
  '轻量化',
  '高可靠',
  '自主可控',
  '在线监测',
  '故障诊断',
  '5G',
  'AI',
  '3D打印',
  'MEMS',
];
const GLUE = ['的', '与', '和', '面向', '基于', '用于', '实现', '提升', '突破', '具备', '满足', '领域', '，'];
const SUFFIX = ['技术', '系统', '装置', '平台', '项目', '材料', '解决方案'];
const CATEGORIES: [string, number][] = [
  ['电子信息', 81],
  ['先进材料', 36],
  ['新能源', 19],
  ['装备制造', 104],
  ['生物医学', 10],
  ['航空航天', 7],
];

export interface Libraries {
  achievements: RelevanceDocument[];
  demands: RelevanceDocument[];
}

export function generateLibraries(achievements: number, demands: number, seed = 7): Libraries {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  // Domain terms are Zipf-like: a few are everywhere, most are rare.
  const domainTerm = () => DOMAIN_TERMS[Math.floor(DOMAIN_TERMS.length * Math.pow(random(), 2))];
  const total = CATEGORIES.reduce((sum, [, weight]) => sum + weight, 0);
  const category = () => {
    let x = random() * total;
    for (const [name, weight] of CATEGORIES) if ((x -= weight) < 0) return name;
    return CATEGORIES[0][0];
  };
  const document = (id: string, prefix: string): RelevanceDocument => {
    const titleTerms = [
      domainTerm(),
      ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.5 ? domainTerm() : pick(GENERIC))),
    ];
    const title = `${prefix}${titleTerms.join('')}${pick(SUFFIX)}`;
    const body = Array.from(
      { length: 15 + Math.floor(random() * 20) },
      () => `${pick(GLUE)}${random() < 0.4 ? domainTerm() : pick(GENERIC)}`,
    ).join('');
    return {
      id,
      title,
      body: `${body}。`,
      keywords: titleTerms.slice(0, 2),
      category: category(),
      maturity: pick(MATURITY_LEVELS),
    };
  };
  return {
    achievements: Array.from({ length: achievements }, (_, i) => document(`a${i + 1}`, '')),
    demands: Array.from({ length: demands }, (_, i) => document(`d${i + 1}`, '需求：')),
  };
}
