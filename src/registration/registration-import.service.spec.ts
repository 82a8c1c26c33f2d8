import { explainReason, parseCsv, toCsv } from './registration-import.service.js';

describe('parseCsv', () => {
  it.each([
    ['one record without a final line break', 'a,b,c', [['a', 'b', 'c']]],
    [
      'CRLF between records and at the end',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'LF and lone CR line breaks',
      'a,b\nc,d\re,f\n',
      [
        ['a', 'b'],
        ['c', 'd'],
        ['e', 'f'],
      ],
    ],
    ['empty fields, also at the ends', ',a,,\r\n', [['', 'a', '', '']]],
    ['an empty line as a record of one empty field', 'a\r\n\r\nb', [['a'], [''], ['b']]],
    ['quoted commas', '"重庆, 渝北",x', [['重庆, 渝北', 'x']]],
    ['quoted line breaks (CRLF and LF)', '"第一行\r\n第二行","a\nb"\r\nz', [['第一行\r\n第二行', 'a\nb'], ['z']]],
    ['doubled quotes inside quotes', '"他说""你好""",""""', [['他说"你好"', '"']]],
    ['an empty quoted field', '"",x', [['', 'x']]],
    ['a quote inside an unquoted field, taken literally', 'a"b,c', [['a"b', 'c']]],
    ['a UTF-8 byte order mark before the header', '\uFEFF姓名 name,邮箱 email', [['姓名 name', '邮箱 email']]],
    [
      'Chinese text and full-width punctuation',
      '王敏，总经理,航空航天；先进材料',
      [['王敏，总经理', '航空航天；先进材料']],
    ],
    ['spaces kept as they are', ' a , b ', [[' a ', ' b ']]],
    ['nothing at all', '', []],
  ])('reads %s', (_name, input, expected) => {
    expect(parseCsv(input)).toEqual({ ok: true, records: expected });
  });

  it('names the record of a quoted field that is never closed', () => {
    expect(parseCsv('a,b\r\nc,"d\r\ne,f\r\n')).toEqual({
      ok: false,
      record: 2,
      reason: 'a quoted field is not closed',
    });
  });

  it('refuses text after a closing quote', () => {
    expect(parseCsv('h\r\n"a"b,c')).toEqual({ ok: false, record: 2, reason: 'text after a closing quote' });
  });
});

describe('toCsv', () => {
  it('writes a BOM, CRLF, and quotes fields with commas, quotes and line breaks', () => {
    expect(
      toCsv([
        ['姓名 name', 'note'],
        ['王敏', 'a,b'],
        ['"x"', 'one\ntwo'],
      ]),
    ).toBe('\uFEFF姓名 name,note\r\n王敏,"a,b"\r\n"""x""","one\ntwo"\r\n');
  });

  it('keeps spreadsheets from running cells as formulas, but leaves phone numbers alone', () => {
    expect(toCsv([['=1+1', '@SUM(A1)', '-2+3', '+86 138 0000 0000', '-12.5']])).toBe(
      "\uFEFF'=1+1,'@SUM(A1),'-2+3,+86 138 0000 0000,-12.5\r\n",
    );
  });

  it('reads back what it writes', () => {
    const rows = [
      ['编号 id', '姓名 name', '单位 organisation'],
      ['1', '李"雷"', '四川大学，华西医院\r\n转化中心'],
    ];
    expect(parseCsv(toCsv(rows))).toEqual({ ok: true, records: rows });
  });
});

describe('explainReason', () => {
  it.each([
    ['the same email as row 12', { key: 'duplicateEmail', params: { row: '12' } }],
    ['column given twice (B and F)', { key: 'columnTwice', params: { a: 'B', b: 'F' } }],
    ['missing column (邮箱 email)', { key: 'missingColumn', params: { header: '邮箱 email' } }],
    ['already registered for this event', { key: 'alreadyRegistered', params: {} }],
    ['email must be an email address', undefined],
  ])('reads “%s”', (reason, expected) => {
    expect(explainReason(reason)).toEqual(expected);
  });
});
