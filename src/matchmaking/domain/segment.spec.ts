import { queryTerms, segment, segmenterEngine, segmentText } from './segment.js';

/** A query "finds" a text when every query term is among the text's terms. */
const finds = (query: string, text: string) => {
  const terms = new Set(segment(text));
  const wanted = queryTerms(query);
  return wanted.length > 0 && wanted.every((term) => terms.has(term));
};

describe('segment', () => {
  it('uses jieba here (the native package loads)', () => {
    expect(segmenterEngine()).toBe('jieba');
  });

  it('finds 减震器 in 磁流变减震器, and cuts the domain terms whole', () => {
    expect(queryTerms('减震器')).toEqual(['减震', '减震器']);
    expect(segment('磁流变减震器')).toEqual(['流变', '磁流变', '减震', '减震器']);
    expect(finds('减震器', '汽车磁流变减震器商业航天配套项目')).toBe(true);
  });

  it('never makes a term of one Chinese character: 器 alone finds nothing, 仪器 and 减震器 do not match', () => {
    expect(segment('器')).toEqual([]);
    expect(finds('器', '精密仪器')).toBe(false);
    expect(finds('仪器', '磁流变减震器')).toBe(false);
    expect(finds('减震器', '精密仪器')).toBe(false);
    expect(segment('精密仪器').some((term) => term.length === 1 && /[\u4e00-\u9fff]/.test(term))).toBe(false);
  });

  it.each([
    ['5G', '5G通信基站', ['5g']],
    ['AI', 'ＡＩ主动防御实战化评价中心', ['ai']],
    ['碳化硅', '碳化硅功率器件', ['碳化', '化硅', '碳化硅']],
    ['2.5D', '2.5D封装', ['2.5d']],
  ])('keeps mixed terms whole: %s', (query, text, terms) => {
    expect(queryTerms(query)).toEqual(terms);
    expect(finds(query, text)).toBe(true);
  });

  it('finds a domain term whichever way the sentence around it is cut', () => {
    expect(finds('微光夜视', '全彩微光夜视仪')).toBe(true);
    expect(finds('难熔金属', '自主可控超高温难熔金属基复合材料产业化应用')).toBe(true);
    expect(finds('变速恒频', '小水电站变速恒频技术改造')).toBe(true);
  });

  it('makes bigrams of out-of-vocabulary runs, split at function characters', () => {
    expect(segment('四川哈威深无人系统科技有限公司')).toEqual(
      expect.arrayContaining(['哈威', '威深', '无人系统', '有限公司']),
    );
    expect(finds('哈威深', '四川哈威深无人系统科技有限公司')).toBe(true);
    expect(segment('的小')).toEqual([]);
  });

  it('gives a space-separated string for a full-text index', () => {
    expect(segmentText('磁流变减震器 5G')).toBe('5g 流变 磁流变 减震 减震器');
  });
});
