import type { MultipartFile } from '@fastify/multipart';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import ExcelJS from 'exceljs';
import { In, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { utcToLocalInput } from '../common/time.js';
import { flattenValidationErrors } from '../common/validation.js';
import { Database } from '../database/database.service.js';
import type { AttendeeCategory } from './attendee-category.entity.js';
import { CreateRegistrationDto, type ListRegistrationsQueryDto } from './dto/registration.dto.js';
import type { RegistrationQuestion } from './registration-question.entity.js';
import { Registration, type Answers, type RegistrationStatus } from './registration.entity.js';
import { RegistrationError } from './registration.errors.js';
import { checkAnswers, RegistrationsService, type RegistrationForm } from './registrations.service.js';

export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** What the consent of an imported guest records: the organisers registered them and vouch for their consent. */
export const IMPORT_CONSENT = {
  'zh-CN': '由主办方代为登记（邀请名单导入）',
  en: 'Registered on the guest’s behalf by the organisers (invitation list import)',
} as const;

export type FileFormat = 'xlsx' | 'csv';
export const FILE_FORMATS: readonly FileFormat[] = ['xlsx', 'csv'];

/** One problem of an import: the spreadsheet row (the header is row 1), the column, and why. */
export interface ImportProblem {
  row: number;
  column: string;
  reason: string;
}

/** An uploaded file as the multipart hook leaves it on the body (see `MULTIPART_OPTIONS`). */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
  /** More than MAX_IMPORT_BYTES were sent: the data is cut short. */
  truncated: boolean;
}

export interface ImportResult {
  imported: number;
  confirmed: number;
  waitlisted: number;
  registrations: { id: number; email: string; status: RegistrationStatus }[];
}

export interface FileDownload {
  filename: string;
  contentType: string;
  body: Buffer;
}

/**
 * How uploads arrive (registered once in app.factory.ts): multipart fields become strings on the body, so the CSRF
 * guard reads `_csrf` as from any form, and the file becomes an `UploadedFile`. Files over the limit are cut short
 * and flagged rather than failing the request, so the import page can say so.
 */
export const MULTIPART_OPTIONS = {
  attachFieldsToBody: 'keyValues' as const,
  throwFileSizeLimit: false,
  limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 50, fieldSize: 100_000, parts: 60 },
  async onFile(part: MultipartFile): Promise<void> {
    const data = await part.toBuffer();
    const file: UploadedFile = {
      filename: part.filename,
      mimetype: part.mimetype,
      data,
      truncated: part.file.truncated,
    };
    part.value = file;
  },
};

export function isUploadedFile(value: unknown): value is UploadedFile {
  return !!value && typeof value === 'object' && Buffer.isBuffer((value as UploadedFile).data);
}

// ---- reasons

/** The import's own reasons: English in the API, and a message key each so that pages can say them in Chinese. */
const REASONS = {
  unknownColumn: () => 'unknown column: neither a field nor a question code',
  columnTwice: (p: { a: string; b: string }) => `column given twice (${p.a} and ${p.b})`,
  missingColumn: (p: { header: string }) => `missing column (${p.header})`,
  textAfterQuote: () => 'text after a closing quote',
  unclosedQuote: () => 'a quoted field is not closed',
  tooLarge: () => 'the file is larger than 5 MB',
  empty: () => 'the file is empty',
  notUtf8: () => 'not UTF-8 text: save the CSV file as “CSV UTF-8” (GBK is not supported), or upload .xlsx',
  notXlsx: () => 'not a readable .xlsx file',
  noSheet: () => 'the workbook has no sheet',
  noRows: () => 'no rows to import',
  tooManyRows: (p: { n: string }) => `at most ${p.n} rows`,
  noHeader: () => 'a value in a column without a header',
  required: () => 'a value is required',
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

type FieldKey = 'name' | 'email' | 'phone' | 'organisation' | 'title' | 'category' | 'locale';

interface FieldColumn {
  key: FieldKey;
  zh: string;
  required: boolean;
  aliases: string[];
  example: string;
  hint: { 'zh-CN': string; en: string };
}

const FIELD_COLUMNS: FieldColumn[] = [
  {
    key: 'name',
    zh: '姓名',
    required: true,
    aliases: ['name', '姓名', '名字'],
    example: '王敏',
    hint: { 'zh-CN': '最多 100 字', en: 'at most 100 characters' },
  },
  {
    key: 'email',
    zh: '邮箱',
    required: true,
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
    aliases: ['organisation', 'organization', 'company', '单位', '机构', '单位名称', '工作单位'],
    example: '重庆武瓴智行科技有限公司',
    hint: { 'zh-CN': '同名机构自动复用', en: 'an organisation of the same name is reused' },
  },
  {
    key: 'title',
    zh: '职务',
    required: false,
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
const EXPORT_ONLY_COLUMNS = [
  { key: 'id', zh: '编号', aliases: ['id', '编号'] },
  { key: 'categoryName', zh: '类别名称', aliases: ['categoryname', '类别名称'] },
  { key: 'status', zh: '状态', aliases: ['status', '状态'] },
  { key: 'source', zh: '来源', aliases: ['source', '来源'] },
  { key: 'createdAt', zh: '报名时间', aliases: ['createdat', '报名时间'] },
  { key: 'confirmedAt', zh: '确认时间', aliases: ['confirmedat', '确认时间'] },
  { key: 'decisionReason', zh: '审核说明', aliases: ['decisionreason', '审核说明'] },
] as const;

type Column =
  | { kind: 'field'; key: FieldKey }
  | { kind: 'question'; question: RegistrationQuestion }
  | { kind: 'ignored'; key: string };

const headerOf = (c: { zh: string; key: string }) => `${c.zh} ${c.key}`;

/** "姓名 name*", "Email", "电子邮箱（email）" → its words in lower case. */
function headerTokens(header: string): string[] {
  return header
    .toLowerCase()
    .split(/[\s/()（）*:：,，、|]+/)
    .filter(Boolean);
}

function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    out = String.fromCharCode(65 + m) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The canonical name of a column in problem reports: the field key or the question code. */
function columnName(column: Column): string {
  switch (column.kind) {
    case 'field':
      return column.key;
    case 'question':
      return column.question.code;
    case 'ignored':
      return column.key;
  }
}

function mapHeader(
  header: string[],
  questions: RegistrationQuestion[],
): { columns: (Column | null)[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const columns = header.map((raw, index): Column | null => {
    const text = raw.trim();
    if (!text) return null;
    const exact = text.replace(/\*/g, '').trim().toLowerCase();
    const tokens = headerTokens(text);
    const matches = (aliases: readonly string[]) => aliases.some((a) => tokens.includes(a));
    const exactQuestion = questions.find((q) => q.code.toLowerCase() === exact);
    const field = FIELD_COLUMNS.find((f) => matches(f.aliases));
    const ignored = EXPORT_ONLY_COLUMNS.find((c) => matches(c.aliases));
    const question = questions.find((q) => tokens.includes(q.code.toLowerCase()));
    // A header that is exactly a question code is that question; otherwise the fixed fields come first.
    const column: Column | null = exactQuestion
      ? { kind: 'question', question: exactQuestion }
      : field
        ? { kind: 'field', key: field.key }
        : ignored
          ? { kind: 'ignored', key: ignored.key }
          : question
            ? { kind: 'question', question }
            : null;
    if (!column) {
      problems.push({ row: 1, column: text, reason: REASONS.unknownColumn() });
      return null;
    }
    const name = columnName(column);
    if (column.kind !== 'ignored') {
      if (seen.has(name)) {
        problems.push({
          row: 1,
          column: name,
          reason: REASONS.columnTwice({ a: columnLetter(seen.get(name)!), b: columnLetter(index) }),
        });
      } else seen.set(name, index);
    }
    return column;
  });
  for (const field of FIELD_COLUMNS) {
    if (field.required && !seen.has(field.key)) {
      problems.push({ row: 1, column: field.key, reason: REASONS.missingColumn({ header: headerOf(field) }) });
    }
  }
  return { columns, problems };
}

// ---- CSV

/**
 * Parses CSV text (RFC 4180): comma-separated fields, records ended by CRLF (LF and CR alone are accepted too),
 * fields in double quotes may hold commas, line breaks and doubled quotes. A leading UTF-8 BOM is dropped.
 * A quote inside an unquoted field is taken literally; text after a closing quote is an error.
 */
export function parseCsv(
  input: string,
): { ok: true; records: string[][] } | { ok: false; record: number; reason: string } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          return { ok: false, record: records.length + 1, reason: REASONS.textAfterQuote() };
        }
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && !fieldStarted && field === '') {
      quoted = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (c === ',') {
      endField();
      i += 1;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    fieldStarted = true;
    i += 1;
  }
  if (quoted) return { ok: false, record: records.length + 1, reason: REASONS.unclosedQuote() };
  // The last record needs no line break after it; a line break at the very end adds no empty record.
  if (fieldStarted || field !== '' || record.length > 0) endRecord();
  return { ok: true, records };
}

/** Cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection); phone numbers stay. */
function neutralise(value: string): string {
  if (/^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-]?[\d\s().-]+$/.test(value))) return `'${value}`;
  return value;
}

/** CSV for spreadsheets: UTF-8 with a BOM (so that Excel reads Chinese correctly), CRLF, quoted where needed. */
export function toCsv(rows: string[][]): string {
  const cell = (raw: string) => {
    const value = neutralise(raw);
    return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

// ---- reading files

interface Table {
  header: string[];
  rows: { row: number; cells: string[] }[];
}

function fileProblem(reason: string): DomainError {
  return importInvalid([{ row: 1, column: '_file', reason }]);
}

function importInvalid(rows: ImportProblem[]): DomainError {
  return new RegistrationError('import_invalid', { rows });
}

function isXlsx(data: Buffer): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}

async function readTable(file: UploadedFile): Promise<Table> {
  if (file.truncated || file.data.length > MAX_IMPORT_BYTES) throw fileProblem(REASONS.tooLarge());
  if (file.data.length === 0) throw fileProblem(REASONS.empty());
  return isXlsx(file.data) ? readXlsx(file.data) : readCsvFile(file.data);
}

function readCsvFile(data: Buffer): Table {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw fileProblem(REASONS.notUtf8());
  }
  const parsed = parseCsv(text);
  if (!parsed.ok) throw importInvalid([{ row: parsed.record, column: '_file', reason: parsed.reason }]);
  const [header = [], ...rest] = parsed.records;
  return { header, rows: rest.map((cells, index) => ({ row: index + 2, cells })) };
}

async function readXlsx(data: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own global `Buffer` (an ArrayBuffer); it reads Node's Buffer as it is.
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw fileProblem(REASONS.notXlsx());
  }
  const sheet = workbook.worksheets.find((ws) => !/说明|instructions/i.test(ws.name)) ?? workbook.worksheets[0];
  if (!sheet) throw fileProblem(REASONS.noSheet());
  const table: Table = { header: [], rows: [] };
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c += 1) cells.push(row.getCell(c).text ?? '');
    if (rowNumber === 1) table.header = cells;
    else table.rows.push({ row: rowNumber, cells });
  });
  return table;
}

// ---- rows to registrations

interface Candidate {
  row: number;
  dto: CreateRegistrationDto;
  email: string;
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

/** A value a spreadsheet was kept from running as a formula ("'=…") gets its apostrophe back off. */
function cleanCell(value: string): string {
  const trimmed = value.trim();
  return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

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

function categoryCode(categories: AttendeeCategory[], raw: string): string {
  const wanted = raw.trim().toLowerCase();
  const category = categories.find(
    (c) => c.code.toLowerCase() === wanted || c.name.toLowerCase() === wanted || c.nameEn?.toLowerCase() === wanted,
  );
  return category ? category.code : raw.trim();
}

/** Validates every row with the API's rules; answers the registrations to create, or every problem. */
async function candidatesFrom(
  table: Table,
  form: RegistrationForm,
  registered: Set<string>,
): Promise<{ candidates: Candidate[]; problems: ImportProblem[] }> {
  const { columns, problems } = mapHeader(table.header, form.questions);
  if (problems.length) return { candidates: [], problems };
  const order = new Map<string, number>();
  columns.forEach((c, i) => c && order.set(columnName(c), i));
  const rows = table.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) return { candidates: [], problems: [{ row: 2, column: '_file', reason: REASONS.noRows() }] };
  if (rows.length > MAX_IMPORT_ROWS) {
    return {
      candidates: [],
      problems: [
        {
          row: rows[MAX_IMPORT_ROWS].row,
          column: '_file',
          reason: REASONS.tooManyRows({ n: String(MAX_IMPORT_ROWS) }),
        },
      ],
    };
  }
  const candidates: Candidate[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of rows) {
    const rowProblems = new Map<string, string[]>();
    const add = (column: string, reason: string) =>
      rowProblems.set(column, [...(rowProblems.get(column) ?? []), reason]);
    const plain: Record<string, unknown> = { consent: true };
    const answers: Answers = {};
    cells.forEach((raw, index) => {
      const value = cleanCell(raw);
      const column = columns[index];
      if (!column) {
        if (value && !table.header[index]?.trim()) add(columnLetter(index), REASONS.noHeader());
        return;
      }
      if (!value) return;
      switch (column.kind) {
        case 'field':
          if (column.key === 'locale') plain.locale = LOCALES[value.toLowerCase()] ?? value;
          else if (column.key === 'category') plain.category = categoryCode(form.categories, value);
          else plain[column.key] = value;
          break;
        case 'question':
          answers[column.question.code] = answerOf(column.question, value);
          break;
        case 'ignored':
          break;
      }
    });
    plain.answers = answers;
    const dto = plainToInstance(CreateRegistrationDto, plain);
    const errors = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
    for (const error of errors) {
      const key = error.field.split('.')[0];
      if (plain[key] === undefined && FIELD_COLUMNS.some((f) => f.key === key && f.required)) {
        if (!rowProblems.has(key)) add(key, REASONS.required());
      } else add(key, error.reason);
    }
    // The API may leave the category out when the form offers one; an import row always names it.
    if (plain.category === undefined && !rowProblems.has('category')) add('category', REASONS.required());
    if (dto.category && !rowProblems.has('category') && !form.categories.some((c) => c.code === dto.category)) {
      add('category', 'not a category of this event');
    }
    try {
      checkAnswers(form.questions, answers);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const f of error.fields) add(f.field.replace(/^answers\./, ''), f.reason);
    }
    const email = typeof dto.email === 'string' ? dto.email.trim().toLowerCase() : '';
    if (email && !rowProblems.has('email')) {
      const first = firstRowOf.get(email);
      if (first !== undefined) add('email', REASONS.duplicateEmail({ row: String(first) }));
      else if (registered.has(email)) add('email', REASONS.alreadyRegistered());
      else firstRowOf.set(email, row);
    }
    if (rowProblems.size) {
      const sorted = [...rowProblems].sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
      for (const [column, reasons] of sorted) problems.push({ row, column, reason: reasons.join('; ') });
    } else candidates.push({ row, dto, email });
  }
  return { candidates, problems };
}

/**
 * Delegation lists in and registrations out: imports (.xlsx or .csv) that are checked row by row first and then
 * created in one transaction, all or nothing; the import template; and exports of an event's registrations.
 */
@Injectable()
export class RegistrationImportService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RegistrationsService) private readonly registrations: RegistrationsService,
  ) {}

  /**
   * Imports a file: every row is validated first (the API's rules, duplicates in the file, emails already
   * registered); any problem rejects the whole file with `import_invalid` and `details.rows`. Otherwise each row
   * becomes a registration (source `import`: any category, no review, seats and waiting list as usual) in one
   * transaction, with its email through the outbox.
   */
  async importFile(eventId: number, file: UploadedFile): Promise<ImportResult> {
    const form = await this.registrations.form(eventId, { includeInviteOnly: true });
    const table = await readTable(file);
    // Emails already registered are checked here for a complete report, and again inside the transaction.
    const registered = await this.registeredEmails(this.db.manager, eventId);
    const { candidates, problems } = await candidatesFrom(table, form, registered);
    if (problems.length) throw importInvalid(problems);
    try {
      return await this.create(eventId, candidates);
    } catch (error) {
      // Someone registered with one of these emails meanwhile (PostgreSQL): the second pass names the row.
      if (Database.isUniqueViolation(error)) return this.create(eventId, candidates);
      throw error;
    }
  }

  private async create(eventId: number, candidates: Candidate[]): Promise<ImportResult> {
    return this.db.transaction(async (em) => {
      const registered = await this.registeredEmails(em, eventId);
      const taken = candidates
        .filter((c) => registered.has(c.email))
        .map((c) => ({ row: c.row, column: 'email', reason: REASONS.alreadyRegistered() }));
      if (taken.length) throw importInvalid(taken);
      const created: Registration[] = [];
      for (const candidate of candidates) {
        created.push(await this.registrations.createIn(em, eventId, candidate.dto, 'import'));
      }
      for (const locale of ['zh-CN', 'en'] as const) {
        const ids = created.filter((r) => r.locale === locale).map((r) => r.id);
        for (let i = 0; i < ids.length; i += 500) {
          await em.update(Registration, { id: In(ids.slice(i, i + 500)) }, { consentText: IMPORT_CONSENT[locale] });
        }
      }
      return {
        imported: created.length,
        confirmed: created.filter((r) => r.status === 'confirmed').length,
        waitlisted: created.filter((r) => r.status === 'waitlisted').length,
        registrations: created.map((r) => ({ id: r.id, email: r.email, status: r.status })),
      };
    });
  }

  private async registeredEmails(em: EntityManager, eventId: number): Promise<Set<string>> {
    const rows = await em.find(Registration, { where: { eventId }, select: { id: true, email: true } });
    return new Set(rows.map((r) => r.email));
  }

  // ---- the template

  async template(eventId: number, format: FileFormat): Promise<FileDownload> {
    const form = await this.registrations.form(eventId, { includeInviteOnly: true });
    const header = [...FIELD_COLUMNS.map(headerOf), ...form.questions.map((q) => q.code)];
    const example = [
      ...FIELD_COLUMNS.map((f) => (f.key === 'category' ? (form.categories[0]?.code ?? '') : f.example)),
      ...form.questions.map((q) => exampleAnswer(q)),
    ];
    const base = `registrations-template-${form.event.slug}`;
    if (format === 'csv') return csvDownload(`${base}.csv`, [header, example]);

    const workbook = newWorkbook();
    const sheet = workbook.addWorksheet('报名名单 Registrations', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(header).font = { bold: true };
    const exampleRow = sheet.addRow(example);
    exampleRow.font = { italic: true, color: { argb: 'FF6A645F' } };
    sheet.columns.forEach((column, i) => (column.width = Math.max(14, (header[i]?.length ?? 0) + 4)));
    // Phone numbers and codes stay text, so that Excel neither drops a leading + nor turns digits into 1.38E+10.
    sheet.columns.forEach((column) => (column.numFmt = '@'));
    this.instructions(workbook, form);
    return xlsxDownload(`${base}.xlsx`, workbook);
  }

  private instructions(workbook: ExcelJS.Workbook, form: RegistrationForm): void {
    const sheet = workbook.addWorksheet('说明 Instructions');
    sheet.columns = [{ width: 26 }, { width: 14 }, { width: 34 }, { width: 34 }, { width: 12 }, { width: 50 }];
    const title = (text: string) => {
      sheet.addRow([]);
      sheet.addRow([text]).font = { bold: true, size: 12 };
    };
    sheet.addRow(['报名名单导入说明 / How to import a list of registrations']).font = { bold: true, size: 14 };
    for (const line of [
      [
        '第一个工作表第 1 行是表头，请保留；第 2 行是示例，导入前请删除。',
        'Row 1 of the first sheet is the header: keep it. Row 2 is an example: delete it before importing.',
      ],
      ['每行一位参会者；最多 5000 行，文件不超过 5 MB。', 'One person per row; at most 5,000 rows and 5 MB per file.'],
      [
        '先检查全部行：任何一行有误，整个文件都不导入，并按行、列列出每个问题。',
        'Every row is checked first: if any row has a problem, nothing is imported and each problem is listed by row and column.',
      ],
      [
        'CSV 文件必须是 UTF-8 编码（Excel：另存为“CSV UTF-8（逗号分隔）”），不支持 GBK。',
        'CSV files must be UTF-8 (Excel: Save As “CSV UTF-8 (Comma delimited)”); GBK is not accepted.',
      ],
      [
        '多选题的多个选项用分号（; 或 ；）分隔；可填选项代码或选项名称。',
        'Separate several choices with a semicolon (; or ；); option codes or option names both work.',
      ],
      [
        '导入的参会者无需审核，按剩余名额确认或进入候补，并收到通知邮件；个人信息同意由主办方代为确认。',
        'Imported guests skip review, are confirmed or waitlisted by the seats left and get their email; the organisers vouch for their consent.',
      ],
    ]) {
      sheet.addRow([line[0]]);
      sheet.addRow([line[1]]).font = { color: { argb: 'FF4F4A46' } };
    }

    title('列 Columns');
    sheet.addRow(['表头 Header', '必填 Required', '说明', 'Description']).font = { bold: true };
    for (const f of FIELD_COLUMNS)
      sheet.addRow([headerOf(f), f.required ? '是 yes' : '否 no', f.hint['zh-CN'], f.hint.en]);
    for (const q of form.questions) {
      sheet.addRow([q.code, q.required ? '是 yes' : '否 no', q.label, q.labelEn ?? '']);
    }

    title('参会类别 Categories');
    sheet.addRow(['代码 Code', '名额 Seats', '名称', 'Name', '公开 Public', '审核 Approval']).font = { bold: true };
    for (const c of form.categories) {
      sheet.addRow([
        c.code,
        c.capacity ?? '不限 unlimited',
        c.name,
        c.nameEn ?? '',
        c.publicForm ? '是 yes' : '仅邀请 invited only',
        c.approval === 'review' ? '审核 review (import: none)' : '自动 automatic',
      ]);
    }

    if (form.questions.length) {
      title('问题 Questions');
      sheet.addRow(['代码 Code', '类型 Kind', '问题', 'Question', '必填 Required', '选项 Options']).font = {
        bold: true,
      };
      const kinds = { text: '文本 text', single: '单选 single', multiple: '多选 multiple (;)' };
      for (const q of form.questions) {
        sheet.addRow([
          q.code,
          kinds[q.kind],
          q.label,
          q.labelEn ?? '',
          q.required ? '是 yes' : '否 no',
          (q.options ?? []).map((o) => `${o.value} = ${o.label}${o.labelEn ? ` / ${o.labelEn}` : ''}`).join('\n'),
        ]);
      }
    }
    sheet.getColumn(1).alignment = { vertical: 'top' };
    sheet.getColumn(6).alignment = { wrapText: true, vertical: 'top' };
  }

  // ---- exports

  async export(eventId: number, query: ListRegistrationsQueryDto, format: FileFormat): Promise<FileDownload> {
    const form = await this.registrations.form(eventId, { includeInviteOnly: true });
    const list = await this.registrations.list(eventId, query);
    const tz = form.event.timezone;
    const local = (at: Date | null) => (at ? utcToLocalInput(at, tz).replace('T', ' ') : '');
    const header = [
      headerOf(EXPORT_ONLY_COLUMNS[0]),
      ...FIELD_COLUMNS.map(headerOf),
      headerOf(EXPORT_ONLY_COLUMNS[1]),
      headerOf(EXPORT_ONLY_COLUMNS[2]),
      headerOf(EXPORT_ONLY_COLUMNS[3]),
      `${headerOf(EXPORT_ONLY_COLUMNS[4])} (${tz})`,
      `${headerOf(EXPORT_ONLY_COLUMNS[5])} (${tz})`,
      headerOf(EXPORT_ONLY_COLUMNS[6]),
      ...form.questions.map((q) => q.code),
    ];
    const rows = list.map((r) => [
      String(r.id),
      r.name,
      r.email,
      r.phone ?? '',
      r.organisationName,
      r.title ?? '',
      r.category?.code ?? '',
      r.locale,
      r.category?.name ?? '',
      r.status,
      r.source,
      local(r.createdAt),
      local(r.confirmedAt),
      r.decisionReason ?? '',
      ...form.questions.map((q) => {
        const answer = r.answers?.[q.code];
        return Array.isArray(answer) ? answer.join(';') : (answer ?? '');
      }),
    ]);
    const base = `registrations-${form.event.slug}`;
    if (format === 'csv') return csvDownload(`${base}.csv`, [header, ...rows]);
    const workbook = newWorkbook();
    const sheet = workbook.addWorksheet('报名名单 Registrations', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(header).font = { bold: true };
    sheet.addRows(rows);
    sheet.columns.forEach((column, i) => (column.width = Math.min(40, Math.max(10, (header[i]?.length ?? 0) + 2))));
    if (rows.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
    return xlsxDownload(`${base}.xlsx`, workbook);
  }
}

function exampleAnswer(question: RegistrationQuestion): string {
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

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Duijie';
  workbook.created = new Date();
  return workbook;
}

async function xlsxDownload(filename: string, workbook: ExcelJS.Workbook): Promise<FileDownload> {
  return {
    filename,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

function csvDownload(filename: string, rows: string[][]): FileDownload {
  return { filename, contentType: 'text/csv; charset=utf-8', body: Buffer.from(toCsv(rows), 'utf8') };
}
