import { SLUG_PATTERN } from '../dto/event.dto.js';
import { SLUG_MAX_LENGTH, slugFromTitle } from './slug.js';

describe('slugFromTitle', () => {
  it('spells a Chinese title in pinyin by words and keeps the first whole words that fit', () => {
    expect(slugFromTitle('成都都市圈先进技术成果转化推介活动')).toBe('chengdu-dushiquan-xianjin-jishu-chengguo');
    expect(slugFromTitle('重庆科技成果对接会')).toBe('chongqing-kejichengguo-duijiehui');
  });

  it('reads polyphonic characters as the word says, and leaves out punctuation and linking words', () => {
    expect(slugFromTitle('2023中国（苏州）技术转移大会暨长三角国际技术交易博览会')).toBe(
      '2023-zhongguo-suzhou-jishu-zhuanyi-dahui',
    );
    expect(slugFromTitle('长三角·重庆 银行与产业')).toBe('changsanjiao-chongqing-yinhang-chanye');
  });

  it('keeps Latin words and digits, lower-cased, and full-width ones as ASCII', () => {
    expect(slugFromTitle('Tech Week 2026 深圳')).toBe('tech-week-2026-shenzhen');
    expect(slugFromTitle('ＡＩ创新大会')).toBe('ai-chuangxin-dahui');
  });

  it('always answers a valid slug, however short or long the title', () => {
    for (const title of ['AI', '！！！', '绿', 'x'.repeat(200), '中华人民共和国科学技术部火炬高技术产业开发中心']) {
      const slug = slugFromTitle(title);
      expect(slug).toMatch(SLUG_PATTERN);
      expect(slug.length).toBeGreaterThanOrEqual(3);
      expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    }
    expect(slugFromTitle('AI')).toBe('ai-event');
    expect(slugFromTitle('！！！')).toBe('event');
    expect(slugFromTitle('绿色')).toBe('lvse');
  });
});
