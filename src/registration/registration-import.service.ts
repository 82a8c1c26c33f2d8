import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { performance } from 'node:perf_hooks';
import { In, type EntityManager } from 'typeorm';
import { utcToLocalInput } from '../common/time.js';
import { Badge } from '../badges/badge.entity.js';
import {
  ChunkedJobs,
  forgetPublished,
  newChunkedJob,
  publishedImports,
  sweepAbandoned,
  writeInChunks,
  type ChunkedJob,
  type Sweeper,
} from '../database/chunked-import.js';
import { Database } from '../database/database.service.js';
import { RunOnce } from '../database/run-once.service.js';
import { SqlRunner } from '../database/sql-runner.js';
import { OutboxMessage } from '../mail/outbox-message.entity.js';
import { holdEmailsIn } from '../mail/outbox.service.js';
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
import { SeatLedger } from './seat-ledger.js';

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

/** Rows an import writes per transaction: the SQLite writer is never held for long, other requests get their turn. */
export const REGISTRATION_IMPORT_CHUNK = 50;
/** A chunk stops taking rows once it has held the writer this long (a row takes a few ms; a loaded machine, more). */
export const REGISTRATION_IMPORT_CHUNK_MS = 50;
/** Rows released per transaction once an import is published (their held emails let go, their mark cleared). */
export const REGISTRATION_IMPORT_RELEASE = 200;
/** An import whose newest written row is older than this has been abandoned (its process died or stopped). */
export const ABANDONED_REGISTRATION_IMPORT_MINUTES = 10;
/**
 * The status test of the statements that hold and release emails by registration. On SQLite it is kept off the
 * (status, nextAttemptAt) index (`+status`), which the planner would otherwise pick for the equality and then scan
 * every pending message of the outbox, once per chunk, instead of looking the chunk's registrations up.
 */
const pendingOn = (isSqlite: boolean) => (isSqlite ? '+status' : 'status');
/** Emails of an import's rows wait under this lease (no worker claims them) until the import's last transaction. */
const HELD_UNTIL = new Date('9999-01-01T00:00:00Z');

export interface RegistrationImportJob extends ChunkedJob {
  eventId: number;
  result: ImportResult | null;
}

export function registrationImportJson(job: RegistrationImportJob) {
  return {
    id: job.id,
    eventId: job.eventId,
    state: job.state,
    total: job.total,
    written: job.written,
    longestHoldMs: Math.round(job.longestHoldMs * 10) / 10,
    longestHoldStep: job.longestHoldStep,
    error: job.error,
    imported: job.result?.imported ?? 0,
    confirmed: job.result?.confirmed ?? 0,
    waitlisted: job.result?.waitlisted ?? 0,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

interface StagedRow {
  id: number;
  email: string;
  status: RegistrationStatus;
  categoryId: number;
}

/** Thrown inside a chunk when someone registered one of the file's emails meanwhile: the import is refused. */
class EmailsTaken extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super('already registered');
  }
}

/**
 * Delegation lists in and registrations out: imports (.xlsx or .csv) that are checked row by row first and then
 * written in chunks, all or nothing; the import template; and exports of an event's registrations.
 *
 * An import writes REGISTRATION_IMPORT_CHUNK rows per transaction (`writeInChunks`, the mechanism library imports
 * use), each row by the registration rules (seats, waiting list, badge, email), marked with the import's id and its
 * emails held; the last transaction releases the emails and clears the mark for every row at once. A refused row or
 * a fault on the way removes the rows written so far (with their held emails and badges, their seats given back); a
 * crash leaves marked rows that the next start (or the hourly sweep) removes. Nobody is emailed for a half import.
 */
@Injectable()
export class RegistrationImportService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('RegistrationImport');
  private readonly jobs = new ChunkedJobs<RegistrationImportJob>();
  private readonly sweep: Sweeper;
  private readonly run: SqlRunner;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RegistrationsService) private readonly registrations: RegistrationsService,
    @Inject(SeatLedger) private readonly seats: SeatLedger,
    @Inject(RunOnce) runOnce: RunOnce,
    @Inject(SchedulerRegistry) scheduler: SchedulerRegistry,
  ) {
    this.run = SqlRunner.of(db.dataSource);
    this.sweep = sweepAbandoned(
      { db, runOnce, scheduler, logger: this.logger },
      {
        name: 'registration-import-sweep',
        minutes: ABANDONED_REGISTRATION_IMPORT_MINUTES,
        remove: (before) => this.sweepRows(before),
      },
    );
  }

  onModuleInit(): Promise<void> {
    return this.sweep.atStart();
  }

  onApplicationBootstrap(): void {
    this.sweep.hourly();
  }

  /**
   * Sweeps the rows of abandoned imports (a crash or a stop in the middle); answers how many. Only imports whose
   * newest row is older than ABANDONED_REGISTRATION_IMPORT_MINUTES count. An import that crashed before its publish
   * is removed; one that crashed while its rows were being released is released to the end.
   */
  removeAbandoned(): Promise<number> {
    return this.sweep.now();
  }

  private async sweepRows(before: string): Promise<number> {
    const rows: (StagedRow & { eventId: number; importId: string })[] = await this.db.manager.query(
      `SELECT id, email, status, "categoryId", "eventId", "importId" FROM registrations WHERE "importId" IN (
         SELECT "importId" FROM registrations WHERE "importId" IS NOT NULL GROUP BY "importId"
         HAVING MAX("createdAt") < ${before})`,
    );
    const published = await publishedImports(this.db.manager, [...new Set(rows.map((r) => r.importId))]);
    const released = rows.filter((r) => published.has(r.importId));
    for (let i = 0; i < released.length; i += REGISTRATION_IMPORT_RELEASE) {
      await this.db.transaction((em) => this.release(em, released.slice(i, i + REGISTRATION_IMPORT_RELEASE)));
    }
    for (const importId of published) await this.db.transaction((em) => forgetPublished(em, importId));
    const removed = rows.filter((r) => !published.has(r.importId));
    for (let i = 0; i < removed.length; i += REGISTRATION_IMPORT_CHUNK) {
      const chunk = removed.slice(i, i + REGISTRATION_IMPORT_CHUNK);
      for (const eventId of new Set(chunk.map((r) => Number(r.eventId)))) {
        const mine = chunk.filter((r) => Number(r.eventId) === eventId);
        await this.db.transaction((em) => this.discard(em, eventId, mine));
      }
    }
    if (released.length) this.logger.log(`released ${released.length} registrations of published imports`);
    if (removed.length) this.logger.log(`removed ${removed.length} registrations of abandoned imports`);
    return rows.length;
  }

  /**
   * Checks a file and starts writing it: every row is validated first (the API's rules, duplicates in the file,
   * emails already registered); any problem rejects the whole file with `import_invalid` and `details.rows`, nothing
   * written. Otherwise each row becomes a registration (source `import`: any category, no review, seats and waiting
   * list as usual) with its email through the outbox, all or nothing; the job's `finished` settles at the end.
   */
  async start(eventId: number, file: UploadedFile): Promise<RegistrationImportJob> {
    const form = await this.registrations.form(eventId, { includeInviteOnly: true });
    // Emails already registered are checked here for a complete report, and again chunk by chunk.
    const registered = await this.registeredEmails(this.db.manager, eventId);
    const candidates = await candidatesFrom(file, form, registered);
    const job: RegistrationImportJob = { ...newChunkedJob(candidates.length), eventId, result: null };
    this.jobs.remember(job);
    job.finished = this.write(job, candidates);
    return job;
  }

  job(eventId: number, id: string): RegistrationImportJob {
    const job = this.jobs.get(id);
    if (!job || job.eventId !== eventId) throw new RegistrationError('import_job_not_found', { id });
    return job;
  }

  /** Imports a file and waits for the end: the result, or `import_invalid` naming every refused row. */
  async importFile(eventId: number, file: UploadedFile): Promise<ImportResult> {
    const job = await this.start(eventId, file);
    await job.finished;
    return this.outcome(job);
  }

  /** The result of a finished job, or its failure as an error (`import_invalid` when a row was refused). */
  outcome(job: RegistrationImportJob): ImportResult {
    if (job.state === 'done' && job.result) return job.result;
    if (job.cause instanceof EmailsTaken) throw importInvalid(job.cause.problems);
    if (job.cause instanceof Error) throw job.cause;
    throw new Error(job.error ?? 'import failed');
  }

  private async write(job: RegistrationImportJob, candidates: Candidate[]): Promise<void> {
    const { eventId } = job;
    const staged = await writeInChunks<Candidate, StagedRow>(
      this.db,
      job,
      candidates,
      {
        chunkSize: REGISTRATION_IMPORT_CHUNK,
        chunkBudgetMs: REGISTRATION_IMPORT_CHUNK_MS,
        stage: async (em, chunk, deadline) => {
          await this.refuseTaken(em, eventId, chunk);
          // Written held (no worker claims them until the import's rows are released), not updated after.
          holdEmailsIn(em, HELD_UNTIL);
          const created: Registration[] = [];
          try {
            for (const candidate of chunk) {
              created.push(await this.registrations.createIn(em, eventId, candidate.dto, 'import', { sameForm: true }));
              if (performance.now() > deadline) break;
            }
          } catch (error) {
            // Someone registered with one of these emails meanwhile (PostgreSQL): name the row.
            if (Database.isUniqueViolation(error)) await this.refuseTaken(em, eventId, chunk);
            throw error;
          }
          await this.mark(em, job.id, created);
          return created.map((r) => ({ id: r.id, email: r.email, status: r.status, categoryId: r.categoryId }));
        },
        // The publish is the record that the import happened (nothing per row); the rows are released after it.
        publish: async () => {},
        release: { size: REGISTRATION_IMPORT_RELEASE, run: (em, rows) => this.release(em, rows) },
        discard: (em, rows) => this.discard(em, eventId, rows),
      },
      this.logger,
    );
    if (job.state === 'done') {
      job.result = {
        imported: staged.length,
        confirmed: staged.filter((r) => r.status === 'confirmed').length,
        waitlisted: staged.filter((r) => r.status === 'waitlisted').length,
        registrations: staged.map((r) => ({ id: r.id, email: r.email, status: r.status })),
      };
    }
  }

  /** Refuses the chunk when one of its emails is registered already (someone registered meanwhile). */
  private async refuseTaken(em: EntityManager, eventId: number, chunk: Candidate[]): Promise<void> {
    const marks = chunk.map((_, i) => `$${i + 2}`).join(', ');
    const rows = await this.run.select(em, Registration, `WHERE "eventId" = $1 AND email IN (${marks})`, [
      eventId,
      ...chunk.map((c) => c.email),
    ]);
    if (!rows.length) return;
    const registered = new Set(rows.map((r) => r.email));
    throw new EmailsTaken(
      chunk
        .filter((c) => registered.has(c.email))
        .map((c) => ({ row: c.row, column: 'email', code: 'already_registered', reason: REASONS.alreadyRegistered() })),
    );
  }

  /**
   * Marks a chunk's rows with the import (one statement, the consent in each row's language with it) and makes sure
   * their emails are held: written held already, so this finds none to update (an email written another way, say
   * by a change of the registration path, would be caught here rather than sent for a half import).
   */
  private async mark(em: EntityManager, importId: string, created: Registration[]): Promise<void> {
    const ids = created.map((r) => r.id);
    const sql = this.run.dialect;
    const marks = (from: number) => ids.map((_, i) => `$${i + from}`).join(', ');
    await this.run.exec(
      em,
      `UPDATE registrations SET "importId" = $1, "consentText" = CASE WHEN locale = 'en' THEN $2 ELSE $3 END
       WHERE id IN (${marks(4)})`,
      [importId, IMPORT_CONSENT.en, IMPORT_CONSENT['zh-CN'], ...ids],
    );
    const held = sql.time(HELD_UNTIL);
    const pending = pendingOn(sql.isSqlite);
    await this.run.exec(
      em,
      `UPDATE outbox_messages SET "leaseUntil" = $1, "nextAttemptAt" = $2
       WHERE ${pending} = 'pending' AND ("leaseUntil" IS NULL OR "leaseUntil" <> $3) AND "registrationId" IN (${marks(4)})`,
      [held, held, held, ...ids],
    );
  }

  /**
   * Releases rows of a published import: their held emails become due (only those still held: repeating it after a
   * crash never touches a message a worker has claimed since) and their mark is cleared.
   */
  private async release(em: EntityManager, rows: { id: number }[]): Promise<void> {
    if (!rows.length) return;
    const ids = rows.map((r) => Number(r.id));
    const sql = this.run.dialect;
    const marks = ids.map((_, i) => `$${i + 3}`).join(', ');
    const pending = pendingOn(sql.isSqlite);
    await this.run.exec(
      em,
      `UPDATE outbox_messages SET "leaseUntil" = NULL, "nextAttemptAt" = $1
       WHERE ${pending} = 'pending' AND "leaseUntil" = $2 AND "registrationId" IN (${marks})`,
      [sql.time(new Date()), sql.time(HELD_UNTIL), ...ids],
    );
    await em.update(Registration, { id: In(ids) }, { importId: null });
  }

  /** Removes rows an import wrote (never yet emailed): their held emails, badges and the rows; gives seats back. */
  private async discard(em: EntityManager, eventId: number, rows: StagedRow[]): Promise<void> {
    if (!rows.length) return;
    const ids = rows.map((r) => Number(r.id));
    await em.delete(OutboxMessage, { registrationId: In(ids), status: 'pending' });
    await em.delete(Badge, { registrationId: In(ids) });
    await em.delete(Registration, { id: In(ids) });
    for (const row of rows) {
      if (row.status === 'confirmed') await this.seats.release(em, eventId, Number(row.categoryId));
    }
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
    ['每行一位参会者；最多 10000 行，文件不超过 5 MB。', 'One person per row; at most 10,000 rows and 5 MB per file.'],
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
