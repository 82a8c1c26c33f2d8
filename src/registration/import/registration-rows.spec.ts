import { DomainError } from '../../common/domain-error.js';
import { readSheet } from '../../spreadsheet/read-sheet.js';
import { spreadsheetError, type SpreadsheetErrorCode } from '../../spreadsheet/spreadsheet.errors.js';
import type { AttendeeCategory } from '../attendee-category.entity.js';
import type { RegistrationQuestion } from '../registration-question.entity.js';
import { draftsFrom, explainReason, fileProblem, importColumns, type ImportForm } from './registration-rows.js';

const QUESTIONS = [
  {
    code: 'industries',
    kind: 'multiple',
    required: true,
    label: '关注的产业领域',
    options: [
      { value: 'aerospace', label: '航空航天', labelEn: 'Aerospace' },
      { value: 'materials', label: '先进材料' },
    ],
  },
] as RegistrationQuestion[];
const FORM: ImportForm = {
  categories: [{ code: 'enterprise', name: '企业代表', nameEn: 'Enterprise' }] as AttendeeCategory[],
  questions: QUESTIONS,
  checkAnswers: (answers) => {
    const value = answers.industries;
    if (value === undefined) {
      throw new DomainError('invalid_answers', 'invalid', {}, [
        { field: 'answers.industries', reason: 'an answer is required' },
      ]);
    }
  },
};

async function drafts(csv: string, registered: string[] = []) {
  const sheet = await readSheet(Buffer.from(csv, 'utf8'), {
    columns: importColumns(QUESTIONS),
    maxRows: 10,
    maxColumns: 30,
    maxUnpackedBytes: 1024 * 1024,
  });
  return draftsFrom(sheet, FORM, new Set(registered));
}

describe('draftsFrom', () => {
  it('turns rows into registrations: category and option names to codes, locale names, export columns skipped', async () => {
    const { candidates, problems } = await drafts(
      '编号 id,姓名,Email,单位,类别,语言,industries,状态 status\r\n' +
        '7,王敏,Wang.Min@example.cn,某公司,企业代表,English,航空航天；materials,confirmed\r\n',
    );
    expect(problems).toEqual([]);
    expect(candidates.map((c) => ({ row: c.row, email: c.email, dto: { ...c.dto } }))).toEqual([
      {
        row: 2,
        email: 'wang.min@example.cn',
        dto: {
          consent: true,
          name: '王敏',
          email: 'Wang.Min@example.cn',
          organisation: '某公司',
          category: 'enterprise',
          locale: 'en',
          answers: { industries: ['aerospace', 'materials'] },
        },
      },
    ]);
  });

  it.each([
    [
      'header problems alone, before any row',
      '姓名,邮箱,单位,industries,industries\r\n,bad,,x,y\r\n',
      [
        { row: 1, column: 'industries', code: 'duplicate_column', reason: 'column given twice (D and E)' },
        { row: 1, column: 'category', code: 'missing_column', reason: 'missing column (类别 category)' },
      ],
    ],
    [
      'no rows',
      '姓名,邮箱,单位,类别,industries\r\n',
      [{ row: 2, column: '_file', code: 'no_rows', reason: 'no rows to import' }],
    ],
    [
      'each cell’s problems in column order, with codes',
      '姓名,邮箱,单位,类别,industries\r\n' +
        ',a@example.cn,某公司,vip,aerospace\r\n' +
        '乙,A@example.cn,某公司,enterprise,\r\n' +
        '丙,taken@example.cn,' +
        '单'.repeat(201) +
        ',enterprise,aerospace\r\n',
      [
        { row: 2, column: 'name', code: 'required', reason: 'a value is required' },
        { row: 2, column: 'category', code: 'not_a_category', reason: 'not a category of this event' },
        { row: 3, column: 'email', code: 'duplicate', reason: 'the same email as row 2' },
        { row: 3, column: 'industries', code: 'required', reason: 'an answer is required' },
        { row: 4, column: 'email', code: 'already_registered', reason: 'already registered for this event' },
        { row: 4, column: 'organisation', code: 'too_long', reason: 'at most 200 characters' },
      ],
    ],
  ])('reports %s', async (_name, csv, expected) => {
    const { candidates, problems } = await drafts(csv, ['taken@example.cn']);
    expect(problems).toEqual(expected);
    expect(candidates.length).toBeLessThan(3);
  });
});

describe('fileProblem', () => {
  it.each<[SpreadsheetErrorCode, Record<string, unknown>, string, number]>([
    ['too_large_unpacked', { limit: 1 }, 'the file unpacks to more than 40 MB: not an ordinary spreadsheet', 1],
    ['too_many_entries', { limit: 1000 }, 'the file unpacks to more than 40 MB: not an ordinary spreadsheet', 1],
    ['too_many_rows', { limit: 5000, row: 5002 }, 'at most 5000 rows', 5002],
    ['too_many_columns', { limit: 200 }, 'at most 200 columns', 1],
    ['not_utf8', {}, 'not UTF-8 text: save the CSV file as “CSV UTF-8” (GBK is not supported), or upload .xlsx', 1],
    ['malformed_csv', { row: 3, message: 'a quoted field is not closed' }, 'a quoted field is not closed', 3],
    ['empty', {}, 'the file is empty', 1],
  ])('says %s as a problem of the whole file', (code, details, reason, row) => {
    const { message = 'x', ...rest } = details as { message?: string };
    expect(fileProblem(spreadsheetError(code, message, rest))).toEqual({ row, column: '_file', code, reason });
  });
});

describe('explainReason', () => {
  it.each([
    ['the same email as row 12', { key: 'duplicateEmail', params: { row: '12' } }],
    ['column given twice (B and F)', { key: 'columnTwice', params: { a: 'B', b: 'F' } }],
    ['missing column (邮箱 email)', { key: 'missingColumn', params: { header: '邮箱 email' } }],
    ['already registered for this event', { key: 'alreadyRegistered', params: {} }],
    [
      'the file unpacks to more than 40 MB: not an ordinary spreadsheet',
      { key: 'tooLargeUnpacked', params: { n: '40' } },
    ],
    ['email must be an email address', undefined],
  ])('reads “%s”', (reason, expected) => {
    expect(explainReason(reason)).toEqual(expected);
  });
});
