import { describeOrganisationMatch, organisationMatches, type OrganisationItem } from './organisation-matches.js';

const item = (
  kind: OrganisationItem['kind'],
  id: number,
  organisationId: number,
  title: string,
  body: string,
  category = 'equipment',
): OrganisationItem => ({ kind, id, organisationId, title, titleEn: null, body, category });

// Organisation 1 is the person's; 2 makes lasers, 3 makes reagents, 4 needs welding; 1 also has a colleague's item.
const mine = [
  item('demand', 10, 1, '厚板激光焊接设备需求', '寻求万瓦级光纤激光器，用于重型装备厚板焊接。'),
  item('achievement', 11, 1, '重型压力容器制造', '大型压力容器与厚板结构件制造能力。'),
];
const theirs = [
  item('achievement', 20, 2, '万瓦级光纤激光器', '高功率光纤激光器，用于厚板激光焊接与切割。'),
  item('achievement', 21, 2, '激光清洗机', '面向模具的激光清洗。'),
  item('achievement', 30, 3, '体外诊断试剂', '医院检验用体外诊断试剂盒。', 'biomedicine'),
  item('demand', 40, 4, '压力容器外协加工需求', '寻求大型压力容器及厚板结构件外协制造。'),
  item('achievement', 12, 1, '激光焊接工艺', '同单位同事的厚板激光焊接工艺。'),
];

describe('organisationMatches', () => {
  it('pairs my demand with their achievement and my achievement with their demand, best pair per organisation', () => {
    const matches = organisationMatches(mine, theirs);
    expect([...matches.keys()].sort()).toEqual([2, 4]);
    expect(matches.get(2)).toMatchObject({ mine: { id: 10 }, theirs: { id: 20 } });
    expect(matches.get(2)!.sharedTerms).toEqual(['厚板', '焊接', '光纤']);
    expect(matches.get(4)).toMatchObject({ mine: { id: 11 }, theirs: { id: 40 } });
  });

  it('never pairs with the person’s own organisation, nor without a telling shared term', () => {
    const matches = organisationMatches(mine, theirs);
    expect(matches.has(1)).toBe(false);
    expect(matches.has(3)).toBe(false);
    expect(organisationMatches([item('demand', 1, 1, '应用场景平台服务', '技术开发。')], theirs).size).toBe(0);
  });

  it('says why in both languages, from the person’s side', () => {
    const matches = organisationMatches(mine, theirs);
    const laser = matches.get(2)!;
    expect(describeOrganisationMatch(laser, 'zh-CN')).toBe(
      '贵单位发布的需求《厚板激光焊接设备需求》与对方的成果《万瓦级光纤激光器》相关（共同关键词：厚板、焊接、光纤）',
    );
    expect(describeOrganisationMatch(laser, 'en')).toBe(
      'Your organisation’s demand “厚板激光焊接设备需求” relates to their achievement “万瓦级光纤激光器” (shared keywords: 厚板, 焊接, 光纤)',
    );
    expect(describeOrganisationMatch(matches.get(4)!, 'zh-CN')).toMatch(
      /^贵单位的成果《重型压力容器制造》与对方发布的需求《压力容器外协加工需求》相关（共同关键词：/,
    );
  });
});
