import { achievementFormValues, demandFormValues } from './library-forms.js';

describe('achievementFormValues', () => {
  it('splits the keywords line and keeps the ticked transfer modes', () => {
    expect(
      achievementFormValues({
        title: '磁流变减震器',
        keywords: '磁流变；减震器, 商业航天',
        transferModes: ['licence', 'order'],
      }),
    ).toEqual({
      title: '磁流变减震器',
      keywords: ['磁流变', '减震器', '商业航天'],
      transferModes: ['licence', 'order'],
      patents: '',
      cooperationSought: '',
    });
  });

  it('reads one ticked mode, none ticked, and emptied keywords as empty lists', () => {
    expect(achievementFormValues({ transferModes: 'transfer' })).toMatchObject({
      transferModes: ['transfer'],
      keywords: [],
    });
    expect(achievementFormValues({})).toMatchObject({ transferModes: [], keywords: [] });
  });
});

describe('demandFormValues', () => {
  it('reads budgets as numbers and the open call as a boolean', () => {
    expect(demandFormValues({ budgetMin: '50', budgetMax: '200', openCall: 'yes' })).toEqual({
      budgetMin: 50,
      budgetMax: 200,
      openCall: true,
    });
    expect(demandFormValues({ budgetMin: 'fifty' })).toEqual({ budgetMin: 'fifty', openCall: false });
  });
});
