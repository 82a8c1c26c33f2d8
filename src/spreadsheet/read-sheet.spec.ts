import { xlsxBomb } from '../../test/support/zip.js';
import type { SheetColumn } from './columns.js';
import { readSheet, type ReadSheetOptions } from './read-sheet.js';
import { SpreadsheetError } from './spreadsheet.errors.js';
import { writeSheet } from './write-sheet.js';

const COLUMNS: SheetColumn[] = [
  { key: 'name', label: { zh: '姓名', en: 'name' }, required: true, maxLength: 6 },
  { key: 'email', label: { zh: '邮箱', en: 'email' }, aliases: ['e-mail', '电子邮箱'], required: true, unique: true },
  {
    key: 'seats',
    label: { zh: '人数', en: 'seats' },
    parse: (text) => {
      if (!/^\d+$/.test(text)) throw new Error('a whole number');
      return Number(text);
    },
  },
  { key: 'status', label: { zh: '状态', en: 'status' }, ignore: true },
];

const OPTIONS: ReadSheetOptions = { columns: COLUMNS, maxRows: 3, maxColumns: 6, maxUnpackedBytes: 10 * 1024 * 1024 };
const csv = (text: string) => Buffer.from(text, 'utf8');

async function failure(data: Buffer, options: Partial<ReadSheetOptions> = {}): Promise<unknown> {
  try {
    await readSheet(data, { ...OPTIONS, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(SpreadsheetError);
    return { code: (error as SpreadsheetError).code, details: (error as SpreadsheetError).details };
  }
  return 'read';
}

describe('readSheet', () => {
  it('reads rows by column key: headers by label, alias or key in any width and case; empty rows left out', async () => {
    const result = await readSheet(
      csv(
        "\uFEFF姓名 name*,ＥＭＡＩＬ,人数,状态 status\r\n王敏, wang@example.cn ,3,confirmed\r\n,,,\r\n李雷,'=li@example.cn,,\r\n",
      ),
      OPTIONS,
    );
    expect(result).toEqual({
      columns: ['name', 'email', 'seats', 'status'],
      problems: [],
      rows: [
        { row: 2, values: { name: '王敏', email: 'wang@example.cn', seats: 3 } },
        { row: 4, values: { name: '李雷', email: '=li@example.cn' } },
      ],
    });
  });

  it.each([
    [
      'an unknown column, a column given twice and a missing required one',
      '姓名,人数,colour,人数 seats\r\nx,1,red,2\r\n',
      [
        { row: 1, column: 'colour', code: 'unknown_column', message: 'unknown column' },
        {
          row: 1,
          column: 'seats',
          code: 'duplicate_column',
          message: 'column given twice (B and D)',
          params: { a: 'B', b: 'D' },
        },
        {
          row: 1,
          column: 'email',
          code: 'missing_column',
          message: 'missing column (邮箱 email)',
          params: { header: '邮箱 email' },
        },
      ],
    ],
    [
      'required, too long, invalid, duplicate and headless cells',
      '姓名,邮箱,人数,\r\n,a@x.cn,many,\r\n王小明明明明明,A@X.CN ,2,stray\r\n',
      [
        { row: 2, column: 'seats', code: 'invalid', message: 'a whole number' },
        { row: 2, column: 'name', code: 'required', message: 'a value is required' },
        { row: 3, column: 'name', code: 'too_long', message: 'at most 6 characters', params: { max: '6' } },
        {
          row: 3,
          column: 'email',
          code: 'duplicate',
          message: 'the same value as row 2',
          params: { firstRow: '2' },
        },
        { row: 3, column: 'D', code: 'no_header', message: 'a value in a column without a header' },
      ],
    ],
  ])('lists %s', async (_name, text, problems) => {
    expect((await readSheet(csv(text), OPTIONS)).problems).toEqual(problems);
  });

  it('leaves unknown columns out when asked to', async () => {
    const result = await readSheet(csv('姓名,邮箱,colour\r\nx,y@x.cn,red\r\n'), {
      ...OPTIONS,
      unknownColumns: 'ignore',
    });
    expect(result.problems).toEqual([]);
    expect(result.columns).toEqual(['name', 'email', null]);
  });

  it.each([
    ['an empty file', csv(''), { code: 'empty', details: { message: 'the file is empty' } }],
    [
      'more rows than allowed, naming the first one too many',
      csv('姓名,邮箱\r\na,1\r\n\r\nb,2\r\nc,3\r\nd,4\r\n'),
      { code: 'too_many_rows', details: { limit: 3, actual: 4, row: 6, message: 'at most 3 rows' } },
    ],
    [
      'more columns than allowed',
      csv('a,b,c,d,e,f,g\r\n'),
      { code: 'too_many_columns', details: { limit: 6, actual: 7, message: 'at most 6 columns' } },
    ],
    [
      'an old .xls file',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      {
        code: 'not_a_spreadsheet',
        details: { message: 'an old Excel 97–2003 (.xls) file: save it as .xlsx' },
      },
    ],
    [
      'a file named .xlsx that is no zip',
      csv('姓名,邮箱\r\n'),
      { code: 'not_a_spreadsheet', details: { message: 'not a readable .xlsx file' } },
      { filename: 'list.xlsx' },
    ],
  ])('refuses %s', async (_name, data, expected, options: Partial<ReadSheetOptions> = {}) => {
    expect(await failure(data, options)).toEqual(expected);
  });

  it('refuses an .xlsx zip bomb before exceljs sees it', async () => {
    expect(await failure(await xlsxBomb(400 * 1024 * 1024))).toMatchObject({
      code: 'too_large_unpacked',
      details: { limit: 10 * 1024 * 1024, actual: 400 * 1024 * 1024 },
    });
  });

  it('reads an .xlsx as it reads a CSV, passing over an instructions sheet', async () => {
    const file = await writeSheet({
      format: 'xlsx',
      sheetName: '名单',
      columns: COLUMNS,
      rows: [
        { name: '王敏', email: 'wang@example.cn', seats: '2', status: 'confirmed' },
        { name: '', email: 'li@example.cn', seats: 'x' },
      ],
      instructions: { name: '说明 Instructions', lines: [{ cells: ['姓名', '邮箱'] }] },
    });
    const result = await readSheet(file.body, { ...OPTIONS, skipSheets: /说明|instructions/i });
    expect(result).toEqual({
      columns: ['name', 'email', 'seats', 'status'],
      rows: [
        { row: 2, values: { name: '王敏', email: 'wang@example.cn', seats: 2 } },
        { row: 3, values: { email: 'li@example.cn' } },
      ],
      problems: [
        { row: 3, column: 'seats', code: 'invalid', message: 'a whole number' },
        { row: 3, column: 'name', code: 'required', message: 'a value is required' },
      ],
    });
  });
});
