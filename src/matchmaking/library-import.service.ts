import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { In, type EntityManager } from 'typeorm';
import {
  ChunkedJobs,
  newChunkedJob,
  sweepAbandoned,
  writeInChunks,
  type ChunkedJob,
  type Sweeper,
} from '../database/chunked-import.js';
import { Database } from '../database/database.service.js';
import { RunOnce } from '../database/run-once.service.js';
import { Event } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import type { FileDownload, FileFormat, UploadedFile } from '../registration/registration-import.service.js';
import { readSheet } from '../spreadsheet/read-sheet.js';
import { SpreadsheetError } from '../spreadsheet/spreadsheet.errors.js';
import { exportColumns, fileProblem, writeTemplate } from '../spreadsheet/import-fields.js';
import { writeSheet } from '../spreadsheet/write-sheet.js';
import { Achievement } from './achievement.entity.js';
import { AchievementsService } from './achievements.service.js';
import { Demand } from './demand.entity.js';
import { DemandsService } from './demands.service.js';
import type { CreateAchievementDto, CreateDemandDto } from './dto/library.dto.js';
import { EventListsService, type ListingNames } from './event-lists.service.js';
import {
  LIBRARY_FIELDS,
  libraryColumns,
  libraryDrafts,
  MATURITY_NAMES,
  MAX_LIBRARY_COLUMNS,
  MAX_LIBRARY_ROWS,
  MAX_LIBRARY_UNPACKED_BYTES,
  TRANSFER_MODE_NAMES,
  type LibraryDraft,
  type LibraryImportProblem,
} from './import/library-rows.js';
import type { LibraryKind } from './library-search.js';
import { LibraryVersion } from './library-version.js';
import { MatchCategoriesService } from './match-categories.service.js';
import { MatchmakingError } from './matchmaking.errors.js';

/** Rows written per transaction: the SQLite writer is never held for long, other requests get their turn. */
export const IMPORT_CHUNK = 200;
/** An import whose newest staged item is older than this has been abandoned (its process died or stopped). */
export const ABANDONED_IMPORT_MINUTES = 10;

export interface ImportJob extends ChunkedJob {
  kind: LibraryKind;
  /** The new items' ids once done (in the file's order). */
  ids: number[];
  eventId: number | null;
}

export function importJobJson(job: ImportJob) {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    total: job.total,
    written: job.written,
    imported: job.state === 'done' ? job.ids.length : 0,
    eventId: job.eventId,
    error: job.error,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

const SHEET_NAMES: Record<LibraryKind, string> = { achievement: '成果 Achievements', demand: '需求 Demands' };

/**
 * Achievement and demand lists in and out (.xlsx or .csv). An import checks every row first and writes nothing
 * when any is wrong (`library_import_invalid` with `details.rows`). A good file is written in chunks of
 * IMPORT_CHUNK rows per transaction as staged (invisible) items, then one last transaction makes them all visible
 * and lists them at the event: all or nothing for readers, while the writer is never held for long. A failure on
 * the way removes what was staged. Progress is kept in memory for the console page to poll (by the instance that
 * runs the import: behind a proxy with several instances, the console's polls go to it by sticky sessions).
 */
@Injectable()
export class LibraryImportService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('LibraryImport');
  private readonly jobs = new ChunkedJobs<ImportJob>();
  private readonly sweep: Sweeper;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(AchievementsService) private readonly achievements: AchievementsService,
    @Inject(DemandsService) private readonly demands: DemandsService,
    @Inject(EventListsService) private readonly lists: EventListsService,
    @Inject(MatchCategoriesService) private readonly categories: MatchCategoriesService,
    @Inject(LibraryVersion) private readonly version: LibraryVersion,
    @Inject(RunOnce) runOnce: RunOnce,
    @Inject(SchedulerRegistry) scheduler: SchedulerRegistry,
  ) {
    this.sweep = sweepAbandoned(
      { db, runOnce, scheduler, logger: this.logger },
      { name: 'library-staged-sweep', minutes: ABANDONED_IMPORT_MINUTES, remove: (before) => this.sweepStaged(before) },
    );
  }

  /**
   * Items staged by an import that a crash or a stop interrupted never become visible; they are removed at the next
   * start and every hour (once across instances). Only abandoned imports are removed: with several instances, another
   * one may be writing an import right now, so an import counts as abandoned when its newest staged item is older than
   * ABANDONED_IMPORT_MINUTES (a running import writes a chunk every fraction of a second).
   */
  onModuleInit(): Promise<void> {
    return this.sweep.atStart();
  }

  onApplicationBootstrap(): void {
    this.sweep.hourly();
  }

  /** Removes the staged items of abandoned imports; answers how many. */
  removeAbandoned(): Promise<number> {
    return this.sweep.now();
  }

  private async sweepStaged(before: string): Promise<number> {
    let removed = 0;
    for (const kind of ['achievement', 'demand'] as const) {
      const table = kind === 'achievement' ? 'achievements' : 'demands';
      const rows: { id: number }[] = await this.db.manager.query(
        `SELECT id FROM ${table} WHERE status = 'staged' AND "importId" IN (
           SELECT "importId" FROM ${table} WHERE status = 'staged' GROUP BY "importId" HAVING MAX("createdAt") < ${before})`,
      );
      if (!rows.length) continue;
      const ids = rows.map((r) => Number(r.id));
      await this.db.transaction((em) => this.discard(em, kind, ids));
      removed += ids.length;
    }
    if (removed) this.logger.log(`removed ${removed} staged items of abandoned imports`);
    return removed;
  }

  /** Checks every row of a file; answers the drafts or throws `library_import_invalid` with every problem. */
  async check(kind: LibraryKind, file: UploadedFile): Promise<LibraryDraft[]> {
    const invalid = (rows: LibraryImportProblem[]) => new MatchmakingError('library_import_invalid', { rows });
    if (file.truncated) {
      throw invalid([{ row: 1, column: '_file', code: 'too_large', reason: 'the file is larger than 5 MB' }]);
    }
    try {
      const sheet = await readSheet(file.data, {
        filename: file.filename,
        columns: libraryColumns(kind),
        maxRows: MAX_LIBRARY_ROWS,
        maxColumns: MAX_LIBRARY_COLUMNS,
        maxUnpackedBytes: MAX_LIBRARY_UNPACKED_BYTES,
        skipSheets: /说明|instructions/i,
      });
      const { drafts, problems } = await libraryDrafts(kind, sheet, await this.categories.list());
      if (problems.length) throw invalid(problems);
      return drafts;
    } catch (error) {
      if (error instanceof SpreadsheetError) throw invalid([fileProblem(error)]);
      throw error;
    }
  }

  /** Checks the file, then starts writing it; the job's `finished` settles when it is visible (or failed). */
  async start(kind: LibraryKind, file: UploadedFile, listing?: { eventId: number } & ListingNames): Promise<ImportJob> {
    if (listing && !(await this.db.manager.existsBy(Event, { id: listing.eventId }))) {
      throw new EventsError('event_not_found', { id: listing.eventId });
    }
    const drafts = await this.check(kind, file);
    const job: ImportJob = { ...newChunkedJob(drafts.length), kind, ids: [], eventId: listing?.eventId ?? null };
    this.jobs.remember(job);
    job.finished = this.write(job, drafts, listing);
    return job;
  }

  job(id: string): ImportJob {
    const job = this.jobs.get(id);
    if (!job) throw new MatchmakingError('import_job_not_found', { id });
    return job;
  }

  private async write(job: ImportJob, drafts: LibraryDraft[], listing?: { eventId: number } & ListingNames) {
    const stage = { status: 'staged' as const, importId: job.id };
    const ids = await writeInChunks(
      this.db,
      job,
      drafts,
      {
        chunkSize: IMPORT_CHUNK,
        stage: async (em, chunk) => {
          const out: number[] = [];
          for (const { dto } of chunk) {
            const item =
              job.kind === 'achievement'
                ? await this.achievements.createIn(em, dto as CreateAchievementDto, stage)
                : await this.demands.createIn(em, dto as CreateDemandDto, stage);
            out.push(item.id);
          }
          return out;
        },
        publish: async (em, staged) => {
          const target = job.kind === 'achievement' ? Achievement : Demand;
          await em.update(target, { importId: job.id }, { status: 'active', importId: null });
          if (listing) await this.lists.addIn(em, listing.eventId, job.kind, staged, listing);
        },
        discard: (em, staged) => this.discard(em, job.kind, staged),
      },
      this.logger,
    );
    if (job.state === 'done') {
      this.version.bump();
      job.ids = ids;
    }
  }

  private async discard(em: EntityManager, kind: LibraryKind, ids: number[]): Promise<void> {
    const target = kind === 'achievement' ? Achievement : Demand;
    const search = kind === 'achievement' ? this.achievements.search : this.demands.search;
    await search.remove(em, kind, ids);
    for (let i = 0; i < ids.length; i += 500) {
      await em.delete(target, { id: In(ids.slice(i, i + 500)), status: 'staged' });
    }
  }

  // ---- template and export

  async template(kind: LibraryKind, format: FileFormat): Promise<FileDownload> {
    const fields = LIBRARY_FIELDS[kind];
    const categories = await this.categories.list();
    const file = await writeTemplate({
      format,
      sheetName: SHEET_NAMES[kind],
      fields,
      title:
        kind === 'achievement' ? '成果清单导入说明 / Importing achievements' : '需求清单导入说明 / Importing demands',
      rowsNote: {
        zh: '第 1 行是表头，请保留；第 2 行是示例，导入前请删除。',
        en: 'Row 1 is the header: keep it. Row 2 is an example: delete it before importing.',
      },
      widths: [28, 14, 40, 40],
      categories,
    });
    return { filename: `${kind}s-template.${file.extension}`, ...file };
  }

  async export(kind: LibraryKind, query: { q?: string; category?: string; eventId?: number }, format: FileFormat) {
    const categories = await this.categories.byCode();
    const name = (code: string) => categories.get(code)?.name ?? code;
    const all = { ...query, page: 1, pageSize: MAX_LIBRARY_ROWS };
    const rows: Record<string, string | number | null>[] =
      kind === 'achievement'
        ? (await this.achievements.page(all)).items.map((a) => ({
            id: a.id,
            title: a.title,
            titleEn: a.titleEn,
            summary: a.summary,
            category: name(a.categoryCode),
            maturity: MATURITY_NAMES[a.maturity],
            transferModes: a.transferModes.map((m) => TRANSFER_MODE_NAMES[m]).join(';'),
            owner: a.owner?.name ?? '',
            contactName: a.contact?.name ?? '',
            contactEmail: a.contact?.email ?? '',
            contactPhone: a.contact?.phone ?? '',
            keywords: a.keywords.join(';'),
            patents: a.patents,
            cooperationSought: a.cooperationSought,
          }))
        : (await this.demands.page(all)).items.map((d) => ({
            id: d.id,
            title: d.title,
            titleEn: d.titleEn,
            description: d.description,
            category: name(d.categoryCode),
            publisher: d.publisher?.name ?? '',
            city: d.city,
            budgetMin: d.budgetMin,
            budgetMax: d.budgetMax,
            deadline: d.deadline,
            openCall: d.openCall ? '是' : '否',
            contactName: d.contact?.name ?? '',
            contactEmail: d.contact?.email ?? '',
            contactPhone: d.contact?.phone ?? '',
          }));
    const columns = exportColumns(LIBRARY_FIELDS[kind]);
    const file = await writeSheet({ format, sheetName: SHEET_NAMES[kind], columns, rows, filter: true });
    const suffix = query.eventId ? `-event-${query.eventId}` : '';
    return { filename: `${kind}s${suffix}.${file.extension}`, ...file };
  }
}
