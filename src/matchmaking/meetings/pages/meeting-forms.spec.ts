import { participationValues, positiveId } from './meeting-forms.js';

describe('meeting forms', () => {
  it.each([
    ['12', 12],
    ['0', undefined],
    ['-3', undefined],
    ['12abc', undefined],
    ['99999999999', undefined],
    [undefined, undefined],
  ])('positiveId(%p) = %p', (value, expected) => {
    expect(positiveId(value)).toBe(expected);
  });

  it('splits categories at Chinese and Latin commas and reads checked slots', () => {
    expect(
      participationValues({ offer: 'o', seek: 's', categories: '装备制造，航空航天, 新能源', slots: ['1', '3'] }),
    ).toEqual({ offer: 'o', seek: 's', categories: ['装备制造', '航空航天', '新能源'], availableSlots: [1, 3] });
  });

  it('reads one checked slot and none', () => {
    expect(participationValues({ offer: 'o', seek: 's', slots: '2' }).availableSlots).toEqual([2]);
    expect(participationValues({ offer: 'o', seek: 's' }).availableSlots).toEqual([]);
  });
});
