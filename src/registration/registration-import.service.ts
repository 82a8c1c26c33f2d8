import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { utcToLocalInput } from '../common/time.js';
import { Database } from '../database/database.service.js';
import { isUploadedFile, type UploadedFile } from '../web/request-body.js';
import { readSheet } from '../spreadsheet/read-sheet.js';
import { SpreadsheetError } from '../spreadsheet/spreadsheet.errors.js';
import { writeSheet, type InstructionLine, type WriteSheetOptions } from '../spreadsheet/write-sheet.js';
import type { ListRegistrationsQueryDto } from './dto/registration.dto.js';
import {
  draftsFrom,
  EXPORT_ONLY_COLUMNS,
  exampleAnswer,
  FIELD_COLUMNS,
  fileProblem,
  headerOf,
  importColumns,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  MAX_IMPORT_UNPACKED_BYTES,
  REASONS,
  type Candidate,
  type ImportProblem,
} from './import/registration-rows.js';
import { Registration, type Answers, type RegistrationStatus } from './registration.entity.js';
import { RegistrationError } from './registration.errors.js';
import { checkAnswers, RegistrationsService, type RegistrationForm } from './registrations.service.js';

export { isUploadedFile, type UploadedFile };

/** How many parts an upload form may have: the file, the CSRF token and a few fields. */
export const UPLOAD_LIMITS = { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 50, fieldSize: 100_000, parts: 60 };

export {
  explainReason,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  type ImportProblem,
  type ImportReason,
} from './import/registration-rows.js';
import { dict, own } from '../common/dict.js';

/** What the consent of an imported guest records: the organisers registered them and vouch for their consent. */
export const IMPORT_CONSENT = {
  'zh-CN': '由主办方代为登记（邀请名单导入）',
  en: 'Registered on the guest’s behalf by the organisers (invitation list import)',
} as const;

export type FileFormat = 'xlsx' | 'csv';
export const FILE_FORMATS: readonly FileFormat[] = ['xlsx', 'csv'];

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

function importInvalid(rows: ImportProblem[]) {
  return new RegistrationError('import_invalid', { rows });
}

/** The registrations of an upload, or every problem of the file: its rows and cells, or the file as a whole. */
async function candidatesFrom(
  file: UploadedFile,
  form: RegistrationForm,
  registered: Set<string>,
): Promise<Candidate[]> {
  if (file.truncated || file.data.length > MAX_IMPORT_BYTES) {
    throw importInvalid([{ row: 1, column: '_file', code: 'too_large', reason: REASONS.tooLarge() }]);
  }
  try {
    const sheet = await readSheet(file.data, {
      filename: file.filename,
      columns: importColumns(form.questions),
      maxRows: MAX_IMPORT_ROWS,
      maxColumns: MAX_IMPORT_COLUMNS,
      maxUnpackedBytes: MAX_IMPORT_UNPACKED_BYTES,
      skipSheets: /说明|instructions/i,
    });
    const checks = { ...form, checkAnswers: (answers: Answers) => checkAnswers(form.questions, answers) };
    const { candidates, problems } = await draftsFrom(sheet, checks, registered);
    if (problems.length) throw importInvalid(problems);
    return candidates;
  } catch (error) {
    if (error instanceof SpreadsheetError) throw importInvalid([fileProblem(error)]);
    throw error;
  }
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
    // Emails already registered are checked here for a complete report, and again inside the transaction.
    const registered = await this.registeredEmails(this.db.manager, eventId);
    const candidates = await candidatesFrom(file, form, registered);
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
        .map((c): ImportProblem => ({
          row: c.row,
          column: 'email',
          code: 'already_registered',
          reason: REASONS.alreadyRegistered(),
        }));
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
    const columns: WriteSheetOptions['columns'] = [
      ...FIELD_COLUMNS.map((f) => ({ key: f.key, label: { zh: f.zh, en: f.key }, header: headerOf(f) })),
      ...form.questions.map((q) => ({ key: q.code, label: { zh: q.code, en: q.code }, header: q.code })),
    ].map((c) => ({ ...c, width: Math.max(14, c.header.length + 4) }));
    const example: Record<string, string> = dict();
    for (const f of FIELD_COLUMNS) example[f.key] = f.key === 'category' ? (form.categories[0]?.code ?? '') : f.example;
    for (const q of form.questions) example[q.code] = exampleAnswer(q);
    const file = await writeSheet({
      format,
      columns,
      rows: [example],
      sheetName: '报名名单 Registrations',
      // Phone numbers and codes stay text, so that Excel neither drops a leading + nor turns digits into 1.38E+10.
      exampleRows: 1,
      instructions: {
        name: '说明 Instructions',
        widths: [26, 14, 34, 34, 12, 50],
        wrap: [6],
        lines: instructionLines(form),
      },
    });
    return { filename: `registrations-template-${form.event.slug}.${file.extension}`, ...file };
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
        const answer = own(r.answers, q.code);
        return Array.isArray(answer) ? answer.join(';') : (answer ?? '');
      }),
    ]);
    const file = await writeSheet({
      format,
      sheetName: '报名名单 Registrations',
      columns: header.map((text, i) => ({ key: String(i), label: { zh: text, en: text }, header: text })),
      rows: rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [String(i), cell]))),
      filter: true,
    });
    return { filename: `registrations-${form.event.slug}.${file.extension}`, ...file };
  }
}

/** The lines of the template's “说明 Instructions” sheet: the rules, the columns, the categories and the questions. */
function instructionLines(form: RegistrationForm): InstructionLine[] {
  const lines: InstructionLine[] = [];
  const title = (text: string) => lines.push({ cells: [] }, { cells: [text], style: 'heading' });
  lines.push({ cells: ['报名名单导入说明 / How to import a list of registrations'], style: 'title' });
  for (const [zh, en] of [
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
    lines.push({ cells: [zh] }, { cells: [en], style: 'muted' });
  }

  title('列 Columns');
  lines.push({ cells: ['表头 Header', '必填 Required', '说明', 'Description'], style: 'header' });
  for (const f of FIELD_COLUMNS) {
    lines.push({ cells: [headerOf(f), f.required ? '是 yes' : '否 no', f.hint['zh-CN'], f.hint.en] });
  }
  for (const q of form.questions) {
    lines.push({ cells: [q.code, q.required ? '是 yes' : '否 no', q.label, q.labelEn ?? ''] });
  }

  title('参会类别 Categories');
  lines.push({ cells: ['代码 Code', '名额 Seats', '名称', 'Name', '公开 Public', '审核 Approval'], style: 'header' });
  for (const c of form.categories) {
    lines.push({
      cells: [
        c.code,
        c.capacity ?? '不限 unlimited',
        c.name,
        c.nameEn ?? '',
        c.publicForm ? '是 yes' : '仅邀请 invited only',
        c.approval === 'review' ? '审核 review (import: none)' : '自动 automatic',
      ],
    });
  }

  if (form.questions.length) {
    title('问题 Questions');
    lines.push({
      cells: ['代码 Code', '类型 Kind', '问题', 'Question', '必填 Required', '选项 Options'],
      style: 'header',
    });
    const kinds = { text: '文本 text', single: '单选 single', multiple: '多选 multiple (;)' };
    for (const q of form.questions) {
      lines.push({
        cells: [
          q.code,
          kinds[q.kind],
          q.label,
          q.labelEn ?? '',
          q.required ? '是 yes' : '否 no',
          (q.options ?? []).map((o) => `${o.value} = ${o.label}${o.labelEn ? ` / ${o.labelEn}` : ''}`).join('\n'),
        ],
      });
    }
  }
  return lines;
}
