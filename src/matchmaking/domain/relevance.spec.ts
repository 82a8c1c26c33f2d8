import { describeReasons, RelevanceIndex, type RelevanceDocument } from './relevance.js';

const achievements: RelevanceDocument[] = [
  {
    id: 'damper',
    title: '磁流变减震器',
    body: '面向商业航天与汽车悬架的磁流变减震器，阻尼连续可调，已完成中试。',
    keywords: ['磁流变', '减震器'],
    category: '装备制造',
    maturity: 'pilot',
  },
  {
    id: 'suspension',
    title: '汽车磁流变智能油气悬架',
    body: '油气悬架与磁流变阻尼结合，提升越野车辆平顺性。',
    category: '装备制造',
    maturity: 'small_batch',
  },
  {
    id: 'instrument',
    title: '精密仪器检测平台',
    body: '光学精密仪器与传感器的计量检测服务。',
    category: '电子信息',
    maturity: 'mass_production',
  },
  {
    id: 'sic',
    title: '碳化硅功率器件',
    body: '用于新能源汽车电驱和5G基站电源的碳化硅MOSFET。',
    keywords: ['碳化硅', '功率器件'],
    category: '电子信息',
    maturity: 'small_batch',
  },
  {
    id: 'ai',
    title: 'AI主动防御实战化评价中心',
    body: '网络安全攻防演练与评估。',
    category: '电子信息',
    maturity: 'lab',
  },
  {
    id: 'mount',
    title: '发动机悬置',
    body: '橡胶悬置，兼有减震功能。',
    category: '装备制造',
    maturity: 'mass_production',
  },
];

const index = () => new RelevanceIndex().addAll(achievements);

describe('RelevanceIndex.search', () => {
  it('finds the damper for 减震器, but not the mount that only mentions 减震, nor the instrument', () => {
    const { total, hits } = index().search('减震器');
    expect(hits.map((hit) => hit.id)).toEqual(['damper']);
    expect(total).toBe(1);
    expect(hits[0].matched).toEqual(['减震', '减震器']);
  });

  it("with match 'any', ranks a text sharing only the sub-term 减震 below the damper", () => {
    const { hits } = index().search('减震器', { match: 'any' });
    expect(hits.map((hit) => [hit.id, hit.matched])).toEqual([
      ['damper', ['减震', '减震器']],
      ['mount', ['减震']],
    ]);
  });

  it('needs every word of the query', () => {
    expect(
      index()
        .search('磁流变 悬架')
        .hits.map((hit) => hit.id),
    ).toEqual(['suspension', 'damper']);
    expect(index().search('磁流变 碳化硅').total).toBe(0);
  });

  it('matches nothing on one shared character', () => {
    expect(index().search('器')).toEqual({ total: 0, hits: [] });
    expect(
      index()
        .search('仪器')
        .hits.map((hit) => hit.id),
    ).toEqual(['instrument']);
  });

  it.each([
    ['5G', ['sic']],
    ['ai', ['ai']],
    ['碳化硅', ['sic']],
    ['磁流变', ['damper', 'suspension']],
  ])('finds %s', (query, ids) => {
    expect(
      index()
        .search(query)
        .hits.map((hit) => hit.id),
    ).toEqual(ids);
  });

  it('ranks a title match above the same term in the body', () => {
    const both = new RelevanceIndex().addAll([
      { id: 'body', title: '车辆平顺性提升方案', body: '采用油气悬架' },
      { id: 'title', title: '油气悬架', body: '车辆平顺性提升方案' },
    ]);
    expect(both.search('油气悬架').hits.map((hit) => hit.id)).toEqual(['title', 'body']);
  });

  it('filters by category and limits the hits, counting all matches', () => {
    const result = index().search('磁流变 碳化硅', { category: '电子信息', limit: 5, match: 'any' });
    expect(result).toEqual({ total: 1, hits: [expect.objectContaining({ id: 'sic' })] });
    expect(index().search('磁流变', { limit: 1 })).toEqual({
      total: 2,
      hits: [expect.objectContaining({ id: 'damper' })],
    });
  });

  it('refuses a document indexed twice', () => {
    expect(() => index().add(achievements[0])).toThrow('document damper indexed twice');
  });
});

describe('RelevanceIndex.recommend', () => {
  const demand = {
    title: '商业航天着陆缓冲减震器需求',
    body: '需要磁流变减震器，阻尼可调，要求已完成中试。',
    category: '装备制造',
  };

  it('recommends the damper first, with the shared terms and the category as reasons', () => {
    const [first, second] = index().recommend(demand, { category: '装备制造', maturity: 'pilot' });
    expect(first.id).toBe('damper');
    expect(first.reasons).toEqual({
      sharedTerms: ['减震器', '商业航天', '磁流变'],
      sameCategory: '装备制造',
      maturity: 'fits',
      interests: [],
    });
    expect(describeReasons(first.reasons)).toBe('共同关键词：减震器、商业航天、磁流变；同属装备制造；成熟度符合要求');
    expect(describeReasons(first.reasons, 'en')).toBe(
      'Shared keywords: 减震器, 商业航天, 磁流变; both in 装备制造; maturity as required',
    );
    expect(second.id).toBe('suspension');
  });

  it('lets the category decide between equal texts, and leaves out excluded ids', () => {
    const twins = new RelevanceIndex().addAll([
      { id: 'other', title: '碳纤维复合材料', category: '先进材料' },
      { id: 'same', title: '碳纤维复合材料', category: '航空航天' },
    ]);
    const ids = (options: Parameters<RelevanceIndex['recommend']>[1]) =>
      twins.recommend({ title: '复合材料' }, options).map((r) => r.id);
    expect(ids({ category: '航空航天' })).toEqual(['same', 'other']);
    expect(ids({ category: '先进材料' })).toEqual(['other', 'same']);
    expect(ids({ category: '航空航天', exclude: new Set(['same']) })).toEqual(['other']);
  });

  it('counts the interests given at registration and names them', () => {
    const [first] = index().recommend({ title: '合作需求' }, { interests: ['碳化硅', '新能源汽车'], limit: 1 });
    expect(first.id).toBe('sic');
    expect(first.reasons.interests).toEqual(['碳化硅', '新能源汽车']);
    expect(describeReasons(first.reasons)).toBe('符合您的关注：碳化硅、新能源汽车');
  });

  it('prefers a candidate at the maturity wished for', () => {
    const twins = new RelevanceIndex().addAll([
      { id: 'lab', title: '石墨烯散热膜', maturity: 'lab' },
      { id: 'mass', title: '石墨烯散热膜', maturity: 'mass_production' },
    ]);
    const result = twins.recommend({ title: '石墨烯' }, { maturity: 'small_batch' });
    expect(result.map((r) => [r.id, r.reasons.maturity])).toEqual([
      ['mass', 'fits'],
      ['lab', 'below'],
    ]);
  });

  describe('with filler words (stop-terms.ts)', () => {
    const lists = () =>
      new RelevanceIndex().addAll([
        {
          id: 'lidar',
          title: '车规级激光雷达',
          body: '面向智能网联汽车应用场景的激光雷达技术，提供感知系统解决方案。',
          category: '电子信息',
        },
        {
          id: 'park',
          title: '智慧园区应用场景平台',
          body: '应用场景丰富的园区服务平台，提供系统开发与技术服务。',
          category: '电子信息',
        },
        { id: 'ivd', title: '体外诊断试剂', body: '用于医院检验的体外诊断试剂盒。', category: '生物医学' },
      ]);

    it('no longer names 应用、场景 as shared keywords, and recommends for the telling terms only', () => {
      const result = lists().recommend({
        title: '智能网联汽车应用场景开放需求',
        body: '开放城市道路应用场景，寻求激光雷达与感知系统技术服务。',
      });
      expect(result.map((r) => [r.id, describeReasons(r.reasons)])).toEqual([
        ['lidar', '共同关键词：智能网联、汽车、激光雷达'],
      ]);
    });

    it('finds no match for a text that shares filler only, nor for filler given as an interest', () => {
      expect(lists().recommend({ title: '应用场景平台服务需求', body: '寻求技术开发与系统服务。' })).toEqual([]);
      expect(lists().recommend({ title: '合作' }, { interests: ['应用', 'technology'] })).toEqual([]);
    });
  });
});
