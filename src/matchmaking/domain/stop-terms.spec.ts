import { isStopTerm } from './stop-terms.js';

describe('isStopTerm', () => {
  it.each([
    '应用',
    '场景',
    '技术',
    '系统',
    '研究',
    '开发',
    '平台',
    '服务',
    '产品',
    '方法',
    '装置',
    '企业',
    '项目',
    '领域',
  ])('calls %s filler', (term) => expect(isStopTerm(term)).toBe(true));

  it.each(['应用场景', '服务平台', '技术服务', '系统解决方案', '技术研发'])(
    'calls %s, made of filler only, filler',
    (term) => expect(isStopTerm(term)).toBe(true),
  );

  it.each(['technology', 'solutions', 'platform', 'the', 'and'])('calls the English %s filler', (term) =>
    expect(isStopTerm(term)).toBe(true),
  );

  it.each(['磁流变', '减震器', '激光雷达', '检测平台', '碳化硅', '5g', 'ai', '应用层', '场'])('keeps %s', (term) =>
    expect(isStopTerm(term)).toBe(false),
  );
});
