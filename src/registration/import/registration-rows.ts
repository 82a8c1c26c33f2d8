import { validate } from 'class-validator';
import { isValidRegistrationBody } from '../dto/registration-body.check.js';
import { DomainError } from '../../common/domain-error.js';
import { flattenValidationErrors, toDto } from '../../common/validation.js';
import type { SheetColumn } from '../../spreadsheet/columns.js';
import type { SheetProblem, SheetRow } from '../../spreadsheet/read-sheet.js';
import type { SpreadsheetError, SpreadsheetErrorCode } from '../../spreadsheet/spreadsheet.errors.js';
import type { AttendeeCategory } from '../attendee-category.entity.js';
import { CreateRegistrationDto } from '../dto/registration.dto.js';
import type { RegistrationQuestion } from '../registration-question.entity.js';
import type { Answers } from '../registration.entity.js';
import { dict } from '../../common/dict.js';
import { fieldColumn, headerOf } from '../../spreadsheet/import-fields.js';

/**
 * The rows of a delegation list as registrations to create: the columns an import reads and an export writes,
 * each row checked with the API's rules (the DTO, the form's categories and questions), duplicates in the file and
 * emails already registered, and every problem as a row, a column, a stable code and a reason. No database here:
 * the service reads the form and the registered emails, and writes.
 */

export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** A list of 5,000 rows and a few dozen columns unpacks to about 15 MB; a zip bomb to hundreds. */
export const MAX_IMPORT_UNPACKED_BYTES = 40 * 1024 * 1024;
export const MAX_IMPORT_COLUMNS = 200;

export type ImportProblemCode =
  SheetProblem['code'] | SpreadsheetErrorCode | 'no_rows' | 'not_a_category' | 'already_registered';

/** One problem of an import: the spreadsheet row (the header is row 1), the column, a stable code, and why. */
export interface ImportProblem {
  row: number;
  column: string;
  code: ImportProblemCode;
  reason: string;
}

// ---- reasons

/** The import's own reasons: English in the API, and a message key each so that pages can say them in Chinese. */
export const REASONS = {
  unknownColumn: () => 'unknown column: neither a field nor a question code',
  columnTwice: (p: { a: string; b: string }) => `column given twice (${p.a} and ${p.b})`,
  missingColumn: (p: { header: string }) => `missing column (${p.header})`,
  unclosedQuote: () => 'a quoted field is not closed',
  malformedCsv: () => 'not a readable CSV file',
  tooLarge: () => 'the file is larger than 5 MB',
  tooLargeUnpacked: (p: { n: string }) => `the file unpacks to more than ${p.n} MB: not an ordinary spreadsheet`,
  empty: () => 'the file is empty',
  notUtf8: () => 'not UTF-8 text: save the CSV file as “CSV UTF-8” (GBK is not supported), or upload .xlsx',
  notXlsx: () => 'not a readable .xlsx file',
  oldXls: () => 'an old Excel 97–2003 (.xls) file: save it as .xlsx',
  noSheet: () => 'the workbook has no sheet',
  noRows: () => 'no rows to import',
  tooManyRows: (p: { n: string }) => `at most ${p.n} rows`,
  tooManyColumns: (p: { n: string }) => `at most ${p.n} columns`,
  noHeader: () => 'a value in a column without a header',
  required: () => 'a value is required',
  tooLong: (p: { n: string }) => `at most ${p.n} characters`,
  duplicateEmail: (p: { row: string }) => `the same email as row ${p.row}`,
  alreadyRegistered: () => 'already registered for this event',
} satisfies Record<string, (p: never) => string>;

export type ImportReason = keyof typeof REASONS;

const REASON_PATTERNS = Object.entries(REASONS).map(([key, build]) => {
  const marked = (build as (p: Record<string, string>) => string)(
    new Proxy({}, { get: (_target, name) => `\uE000${String(name)}\uE000` }),
  );
  const source = marked
    .split(/\uE000(\w+)\uE000/)
    .map((part, i) => (i % 2 ? `(?<${part}>.+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { key: key as ImportReason, pattern: new RegExp(`^${source}$`) };
});

/** Which of the import's own reasons a text is, with its parameters; undefined for the API's validation messages. */
export function explainReason(reason: string): { key: ImportReason; params: Record<string, string> } | undefined {
  for (const { key, pattern } of REASON_PATTERNS) {
    const match = pattern.exec(reason);
    if (match) return { key, params: { ...match.groups } };
  }
  return undefined;
}

// ---- columns

export type FieldKey = 'name' | 'email' | 'phone' | 'organisation' | 'title' | 'category' | 'locale';

export interface FieldColumn {
  key: FieldKey;
  zh: string;
  required: boolean;
  maxLength?: number;
  aliases: string[];
  example: string;
  hint: { 'zh-CN': string; en: string };
}

export const FIELD_COLUMNS: FieldColumn[] = [
  {
    key: 'name',
    zh: '姓名',
    required: true,
    maxLength: 100,
    aliases: ['name', '姓名', '名字'],
    example: '王敏',
    hint: { 'zh-CN': '最多 100 字', en: 'at most 100 characters' },
  },
  {
    key: 'email',
    zh: '邮箱',
    required: true,
    maxLength: 254,
    aliases: ['email', 'e-mail', 'mail', '邮箱', '电子邮箱', '电子邮件', '邮件'],
    example: 'wang.min@example.cn',
    hint: { 'zh-CN': '每人一个，不可重复', en: 'one per person, no repeats' },
  },
  {
    key: 'phone',
    zh: '电话',
    required: false,
    aliases: ['phone', 'mobile', 'tel', 'telephone', '电话', '手机', '手机号', '联系电话'],
    example: '+86 138 0000 0000',
    hint: { 'zh-CN': '数字、空格、+、-、括号', en: 'digits, spaces, +, -, parentheses' },
  },
  {
    key: 'organisation',
    zh: '单位',
    required: true,
    maxLength: 200,
    aliases: ['organisation', 'organization', 'company', '单位', '机构', '单位名称', '工作单位'],
    example: '重庆武瓴智行科技有限公司',
    hint: { 'zh-CN': '同名机构自动复用', en: 'an organisation of the same name is reused' },
  },
  {
    key: 'title',
    zh: '职务',
    required: false,
    maxLength: 100,
    aliases: ['title', 'position', 'job', '职务', '职位', '职称'],
    example: '总经理',
    hint: { 'zh-CN': '最多 100 字', en: 'at most 100 characters' },
  },
  {
    key: 'category',
    zh: '类别',
    required: true,
    aliases: ['category', '类别', '参会类别'],
    example: '',
    hint: { 'zh-CN': '类别代码（见下表）', en: 'a category code (see below)' },
  },
  {
    key: 'locale',
    zh: '语言',
    required: false,
    aliases: ['locale', 'language', 'lang', '语言'],
    example: 'zh-CN',
    hint: { 'zh-CN': 'zh-CN 或 en，默认 zh-CN', en: 'zh-CN or en; zh-CN when empty' },
  },
];

/** Columns that exports add: an export can be imported into another event as it is, these are skipped. */
export const EXPORT_ONLY_COLUMNS = [
  { key: 'id', zh: '编号', aliases: ['id', '编号'] },
  { key: 'categoryName', zh: '类别名称', aliases: ['categoryname', '类别名称'] },
  { key: 'status', zh: '状态', aliases: ['status', '状态'] },
  { key: 'source', zh: '来源', aliases: ['source', '来源'] },
  { key: 'createdAt', zh: '报名时间', aliases: ['createdat', '报名时间'] },
  { key: 'confirmedAt', zh: '确认时间', aliases: ['confirmedat', '确认时间'] },
  { key: 'decisionReason', zh: '审核说明', aliases: ['decisionreason', '审核说明'] },
] as const;

/** "姓名 name": the header of a field or an export column (shared by every import). */
export { headerOf };

/** The columns an import reads: the fields, the export-only columns (skipped), then one per question code. */
export function importColumns(questions: readonly RegistrationQuestion[]): SheetColumn[] {
  return [
    ...FIELD_COLUMNS.map(fieldColumn),
    ...EXPORT_ONLY_COLUMNS.map((c): SheetColumn => ({
      key: c.key,
      label: { zh: c.zh, en: c.key },
      header: headerOf(c),
      aliases: c.aliases,
      ignore: true,
    })),
    ...questions.map((q): SheetColumn => ({ key: q.code, label: { zh: q.code, en: q.code }, header: q.code })),
  ];
}

// ---- problems of the file

const mb = (bytes: unknown) => String(Math.round(Number(bytes) / 1024 / 1024));

/** A file that cannot be read at all, as a problem of the whole file (column `_file`). */
export function fileProblem(error: SpreadsheetError): ImportProblem {
  const details = error.details as { row?: number; limit?: number; message?: string };
  const code = error.code as SpreadsheetErrorCode;
  const reason = (): string => {
    switch (code) {
      case 'empty':
        return REASONS.empty();
      case 'too_large':
        return REASONS.tooLarge();
      case 'not_a_spreadsheet':
        return details.message?.includes('.xls)') ? REASONS.oldXls() : REASONS.notXlsx();
      case 'not_utf8':
        return REASONS.notUtf8();
      case 'malformed_csv':
        return details.message === REASONS.unclosedQuote() ? REASONS.unclosedQuote() : REASONS.malformedCsv();
      case 'no_sheet':
        return REASONS.noSheet();
      case 'too_many_rows':
        return REASONS.tooManyRows({ n: String(details.limit) });
      case 'too_many_columns':
        return REASONS.tooManyColumns({ n: String(details.limit) });
      case 'too_large_unpacked':
      case 'too_many_entries':
        return REASONS.tooLargeUnpacked({ n: mb(MAX_IMPORT_UNPACKED_BYTES) });
    }
  };
  return { row: details.row ?? 1, column: '_file', code, reason: reason() };
}

function sheetReason(problem: SheetProblem): string {
  const p = problem.params ?? {};
  switch (problem.code) {
    case 'unknown_column':
      return REASONS.unknownColumn();
    case 'duplicate_column':
      return REASONS.columnTwice({ a: p.a, b: p.b });
    case 'missing_column':
      return REASONS.missingColumn({ header: p.header });
    case 'no_header':
      return REASONS.noHeader();
    case 'required':
      return REASONS.required();
    case 'too_long':
      return REASONS.tooLong({ n: p.max });
    case 'duplicate':
      return REASONS.duplicateEmail({ row: p.firstRow });
    case 'invalid':
      return problem.message ?? 'invalid value';
  }
}

// ---- rows to registrations

export interface Candidate {
  row: number;
  dto: CreateRegistrationDto;
  email: string;
}

/** What the rows are checked against: the form's categories and questions, and its answers check. */
export interface ImportForm {
  categories: readonly AttendeeCategory[];
  questions: readonly RegistrationQuestion[];
  /** The registration service's check of answers (throws a DomainError with one field problem per answer). */
  checkAnswers: (answers: Answers) => unknown;
}

const LOCALES: Record<string, 'zh-CN' | 'en'> = {
  'zh-cn': 'zh-CN',
  zh: 'zh-CN',
  cn: 'zh-CN',
  chinese: 'zh-CN',
  中文: 'zh-CN',
  简体中文: 'zh-CN',
  en: 'en',
  english: 'en',
  英文: 'en',
  英语: 'en',
};

function optionValue(question: RegistrationQuestion, raw: string): string {
  const wanted = raw.trim().toLowerCase();
  const option = (question.options ?? []).find(
    (o) => o.value.toLowerCase() === wanted || o.label.toLowerCase() === wanted || o.labelEn?.toLowerCase() === wanted,
  );
  return option ? option.value : raw.trim();
}

function answerOf(question: RegistrationQuestion, raw: string): string | string[] {
  switch (question.kind) {
    case 'text':
      return raw;
    case 'single':
      return optionValue(question, raw);
    case 'multiple':
      return raw
        .split(/[;；]/)
        .map((v) => v.trim())
        .filter(Boolean)
        .map((v) => optionValue(question, v));
  }
}

function categoryCode(categories: readonly AttendeeCategory[], raw: string): string {
  const wanted = raw.trim().toLowerCase();
  const category = categories.find(
    (c) => c.code.toLowerCase() === wanted || c.name.toLowerCase() === wanted || c.nameEn?.toLowerCase() === wanted,
  );
  return category ? category.code : raw.trim();
}

/**
 * Validates every row with the API's rules; answers the registrations to create, or every problem. Problems of
 * the header come alone (the rows cannot be read without it); the problems of one cell are joined by "; ", and a
 * row's problems come in the order of its columns.
 */
/** Rows checked between two turns of the event loop (a row takes well under a tenth of a millisecond). */
const ROWS_PER_TURN = 200;

export async function draftsFrom(
  sheet: { rows: SheetRow[]; problems: SheetProblem[]; columns: (string | null)[] },
  form: ImportForm,
  registered: ReadonlySet<string>,
): Promise<{ candidates: Candidate[]; problems: ImportProblem[] }> {
  const toImport = (p: SheetProblem): ImportProblem => ({
    row: p.row,
    column: p.column,
    code: p.code,
    reason: sheetReason(p),
  });
  const header = sheet.problems.filter((p) => p.row === 1);
  if (header.length) return { candidates: [], problems: header.map(toImport) };
  if (sheet.rows.length === 0) {
    return { candidates: [], problems: [{ row: 2, column: '_file', code: 'no_rows', reason: REASONS.noRows() }] };
  }
  const order = new Map<string, number>();
  sheet.columns.forEach((key, i) => key !== null && !order.has(key) && order.set(key, i));
  const cellProblems = new Map<number, SheetProblem[]>();
  for (const p of sheet.problems) cellProblems.set(p.row, [...(cellProblems.get(p.row) ?? []), p]);
  const questions = new Map(form.questions.map((q) => [q.code, q]));

  const problems: ImportProblem[] = [];
  const candidates: Candidate[] = [];
  const firstRowOf = new Map<string, number>();
  let checked = 0;
  for (const { row, values } of sheet.rows) {
    // Checking runs in microtasks only: a turn of the event loop every ROWS_PER_TURN rows lets other requests in.
    if (++checked % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const found = new Map<string, { code: ImportProblemCode; reason: string }[]>();
    const add = (column: string, code: ImportProblemCode, reason: string) =>
      found.set(column, [...(found.get(column) ?? []), { code, reason }]);
    for (const p of cellProblems.get(row) ?? []) add(p.column, p.code, sheetReason(p));

    const plain: Record<string, unknown> = { consent: true };
    const answers: Answers = dict();
    for (const [key, raw] of Object.entries(values)) {
      const value = String(raw);
      const question = questions.get(key);
      if (question) answers[key] = answerOf(question, value);
      else if (key === 'locale') plain.locale = LOCALES[value.toLowerCase()] ?? value;
      else if (key === 'category') plain.category = categoryCode(form.categories, value);
      else plain[key] = value;
    }
    plain.answers = answers;
    const dto = toDto(CreateRegistrationDto, plain);
    // A row the quick check accepts is one class-validator accepts (registration-body.check.spec.ts); the others
    // get class-validator's own reasons.
    const errors = isValidRegistrationBody(dto)
      ? []
      : flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
    for (const error of errors) {
      const key = error.field.split('.')[0];
      // A cell the sheet already found wanting (empty, too long) is not said again in the validator's words.
      if (!found.has(key)) add(key, 'invalid', error.reason);
    }
    if (dto.category && !found.has('category') && !form.categories.some((c) => c.code === dto.category)) {
      add('category', 'not_a_category', 'not a category of this event');
    }
    try {
      form.checkAnswers(answers);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const f of error.fields) {
        const key = f.field.replace(/^answers\./, '');
        add(key, f.reason === 'an answer is required' ? 'required' : 'invalid', f.reason);
      }
    }
    const email = typeof dto.email === 'string' ? dto.email.trim().toLowerCase() : '';
    if (email && !found.has('email')) {
      const first = firstRowOf.get(email);
      if (first !== undefined) add('email', 'duplicate', REASONS.duplicateEmail({ row: String(first) }));
      else if (registered.has(email)) add('email', 'already_registered', REASONS.alreadyRegistered());
      else firstRowOf.set(email, row);
    }
    if (found.size) {
      const sorted = [...found].sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
      for (const [column, list] of sorted) {
        problems.push({ row, column, code: list[0].code, reason: list.map((p) => p.reason).join('; ') });
      }
    } else candidates.push({ row, dto, email });
  }
  return { candidates, problems };
}

export function exampleAnswer(question: RegistrationQuestion): string {
  const options = question.options ?? [];
  switch (question.kind) {
    case 'text':
      return '示例 example';
    case 'single':
      return options[0]?.value ?? '';
    case 'multiple':
      return options
        .slice(0, 2)
        .map((o) => o.value)
        .join(';');
  }
}
