import { filtersOf, ownerOf, partiesOf, queryOf } from './intent-forms.js';
import { parseContact } from '../import/contacts.js';

describe('console intent forms', () => {
  it('reads the filters it understands and leaves out the rest', () => {
    expect(
      filtersOf({
        eventId: '3',
        seriesId: 'x',
        owner: 'organisation:7',
        city: '德阳',
        category: 'new_energy',
        stage: 'signed',
        kind: 'nope',
        overdue: 'true',
        page: '2',
      }),
    ).toEqual({
      eventId: 3,
      owner: 'organisation:7',
      city: '德阳',
      category: 'new_energy',
      stage: 'signed',
      overdue: true,
      page: 2,
    });
    expect(queryOf({ eventId: 3, overdue: true, page: 2 }, { view: 'board' })).toBe(
      '?eventId=3&overdue=true&view=board',
    );
  });

  it('takes the filled party rows', () => {
    expect(
      partiesOf({
        'parties.0.organisation': '甲公司',
        'parties.0.contactName': '张三',
        'parties.1.organisation': '乙公司',
        'parties.2.organisation': '',
      }),
    ).toEqual([{ organisation: '甲公司', contactName: '张三' }, { organisation: '乙公司' }]);
  });

  it.each([
    [{ ownerKey: 'user:4' }, undefined, { userId: 4 }],
    [
      { ownerKey: 'organisation:9', 'owner.contactName': '王敏' },
      undefined,
      { organisationId: 9, contactName: '王敏' },
    ],
    [
      { ownerKey: '', 'owner.organisation': '雅安市委融办', 'owner.contactName': '李娜' },
      undefined,
      { organisation: '雅安市委融办', contactName: '李娜' },
    ],
    [{ ownerKey: '' }, undefined, null],
    [{ ownerKey: 'organisation:9' }, 'organisation:9', undefined],
    [{ ownerKey: 'user:4' }, 'organisation:9', { userId: 4 }],
  ] as const)('owner fields %j (current %s) → %j', (values, keep, expected) => {
    expect(ownerOf(values, keep)).toEqual(expected);
  });

  it.each([
    [
      '王磊 wanglei@example.cn 13800000000',
      { contactName: '王磊', contactEmail: 'wanglei@example.cn', contactPhone: '13800000000' },
    ],
    ['程远 <cheng@example.cn>', { contactName: '程远', contactEmail: 'cheng@example.cn' }],
    ['Li Na', { contactName: 'Li Na' }],
  ])('reads the contact %s', (text, expected) => expect(parseContact(text)).toEqual(expected));
});
