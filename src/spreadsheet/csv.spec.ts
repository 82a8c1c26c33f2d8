import { neutraliseFormula, parseCsv, restoreFormula, toCsv } from './csv.js';
import { SpreadsheetError } from './spreadsheet.errors.js';

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
    ['records of different lengths', 'a,b,c\r\nd\r\n', [['a', 'b', 'c'], ['d']]],
    ['nothing at all', '', []],
  ])('reads %s', (_name, input, expected) => {
    expect(parseCsv(input)).toEqual(expected);
    expect(parseCsv(Buffer.from(input, 'utf8'))).toEqual(expected);
  });

  it.each([
    [
      'a quoted field that is never closed, naming its record',
      Buffer.from('a,b\r\nc,"d\r\ne,f\r\n'),
      { code: 'malformed_csv', details: { row: 2, message: 'a quoted field is not closed' } },
    ],
    [
      'GBK text (姓名 as Excel’s plain “CSV” saves it on Chinese Windows)',
      Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]),
      {
        code: 'not_utf8',
        details: {
          message: 'not UTF-8 text: save the CSV file as “CSV UTF-8” (GBK is not supported), or upload .xlsx',
        },
      },
    ],
  ])('refuses %s', (_name, input, expected) => {
    let error: unknown;
    try {
      parseCsv(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect(error).toMatchObject({ ...expected, kind: 'invalid' });
  });
});

describe('formulas', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['+cmd|/c calc', "'+cmd|/c calc"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['+86 138 0000 0000', '+86 138 0000 0000'],
    ['-12.5', '-12.5'],
    ['王敏', '王敏'],
    ['a=b', 'a=b'],
  ])('neutralises %j as %j, and reads it back', (value, written) => {
    expect(neutraliseFormula(value)).toBe(written);
    expect(restoreFormula(written)).toBe(value);
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
    expect(parseCsv(Buffer.from(toCsv(rows), 'utf8'))).toEqual(rows);
  });
});
