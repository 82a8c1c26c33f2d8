import { columnLetter, matchHeader, normaliseHeader, type SheetColumn } from './columns.js';

const COLUMNS: SheetColumn[] = [
  { key: 'name', label: { zh: '姓名', en: 'Name' }, aliases: ['名字'] },
  { key: 'email', label: { zh: '邮箱', en: 'Email' }, aliases: ['e-mail', '电子邮箱'] },
  { key: 'status', label: { zh: '状态', en: 'Status' }, ignore: true },
  { key: 'industries', label: { zh: 'industries', en: 'industries' } },
  { key: 'email_opt_in', label: { zh: 'email_opt_in', en: 'email_opt_in' } },
];

describe('normaliseHeader', () => {
  it.each([
    ['  姓名 name* ', '姓名 name'],
    ['ＥＭＡＩＬ', 'email'],
    ['邮箱\u3000\tEmail', '邮箱 email'],
    ['（Ｅ－ｍａｉｌ）', '(e-mail)'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseHeader(input)).toBe(expected);
  });
});

describe('matchHeader', () => {
  it.each([
    ['姓名', 'name'],
    ['Name', 'name'],
    ['NAME*', 'name'],
    ['姓名 name', 'name'],
    ['名字', 'name'],
    ['电子邮箱（email）', 'email'],
    ['Ｅ-mail', 'email'],
    ['  邮箱  ', 'email'],
    ['状态 status', 'status'],
    ['industries', 'industries'],
    // A header that is exactly a column's name wins over a word of an earlier column.
    ['email_opt_in', 'email_opt_in'],
    ['colour', undefined],
    ['', undefined],
  ])('%j is %j', (header, key) => {
    expect(matchHeader(header, COLUMNS)?.key).toBe(key);
  });
});

describe('columnLetter', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('%i → %s', (index, letter) => {
    expect(columnLetter(index)).toBe(letter);
  });
});
