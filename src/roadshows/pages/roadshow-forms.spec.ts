import { criteriaValues, formField, projectValues } from './roadshow-forms.js';

describe('projectValues', () => {
  it('nests the presenter and turns minutes, wishes and the achievement into the API’s values', () => {
    expect(
      projectValues({
        name: '汽车磁流变智能油气悬架',
        organisation: '重庆武瓴智行科技有限公司',
        presenterName: '周航',
        presenterTitle: '总经理',
        presenterEmail: 'zhou@example.cn',
        categoryCode: 'equipment',
        stage: 'small_batch',
        seeks: ['financing', 'orders'],
        pitchMinutes: '8',
        qaMinutes: '4',
        achievementId: '17',
      }),
    ).toEqual({
      name: '汽车磁流变智能油气悬架',
      organisation: '重庆武瓴智行科技有限公司',
      presenter: { name: '周航', title: '总经理', email: 'zhou@example.cn' },
      categoryCode: 'equipment',
      stage: 'small_batch',
      seeks: ['financing', 'orders'],
      pitchMinutes: 8,
      qaMinutes: 4,
      achievementId: 17,
    });
  });

  it('reads one ticked wish, and on an edit no wish and "none" as clearing them', () => {
    expect(projectValues({ name: 'x', seeks: 'land', achievementId: 'none' })).toEqual({ name: 'x', seeks: ['land'] });
    expect(projectValues({ name: 'x', achievementId: 'none' }, { update: true })).toEqual({
      name: 'x',
      seeks: [],
      achievementId: null,
    });
  });

  it('passes what it cannot read on to the DTO, which names the field', () => {
    expect(projectValues({ pitchMinutes: 'eight' })).toEqual({ pitchMinutes: 'eight' });
  });
});

describe('criteriaValues', () => {
  it('reads the rows in order, keeping ids and leaving out rows without a name', () => {
    expect(
      criteriaValues({
        'id.0': '4',
        'name.0': '技术创新性',
        'nameEn.0': 'Innovation',
        'weight.0': '40',
        'name.1': '市场前景',
        'weight.1': '60',
        'weight.2': '10',
      }),
    ).toEqual({
      criteria: [
        { id: 4, name: '技术创新性', nameEn: 'Innovation', weight: 40 },
        { name: '市场前景', weight: 60 },
      ],
    });
  });
});

describe('formField', () => {
  it.each([
    ['presenter.email', 'presenterEmail'],
    ['presenter.name', 'presenterName'],
    ['criteria.1.weight', 'weight.1'],
    ['pitchMinutes', 'pitchMinutes'],
  ])('%s → %s', (field, expected) => {
    expect(formField(field)).toBe(expected);
  });
});
