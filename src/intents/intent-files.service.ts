import { Inject, Injectable } from '@nestjs/common';
import { User } from '../accounts/user.entity.js';
import { Database } from '../database/database.service.js';
import { DomainError } from '../common/domain-error.js';
import { Event } from '../events/event.entity.js';
import { MatchCategory } from '../matchmaking/match-category.entity.js';
import type { FileDownload, FileFormat, UploadedFile } from '../registration/registration-import.service.js';
import { readSheet } from '../spreadsheet/read-sheet.js';
import { SpreadsheetError } from '../spreadsheet/spreadsheet.errors.js';
import { exportColumns, fileProblem, writeTemplate } from '../spreadsheet/import-fields.js';
import { writeSheet } from '../spreadsheet/write-sheet.js';
import type { ListIntentsQueryDto } from './dto/intents.dto.js';
import {
  DROP_REASON_NAMES,
  INTENT_FIELDS,
  intentColumns,
  intentDrafts,
  KIND_NAMES,
  MAX_INTENT_COLUMNS,
  MAX_INTENT_ROWS,
  MAX_INTENT_UNPACKED_BYTES,
  STAGE_NAMES,
  type IntentDraft,
  type IntentImportProblem,
} from './import/intent-rows.js';
import { IntentsError } from './intents.errors.js';
import { IntentsService, type Actor } from './intents.service.js';

const SHEET_NAME = '合作意向 Intents';

/**
 * Intents in and out as .xlsx (or .csv) with the spreadsheet kit: an import checks every row first and writes
 * nothing unless all are good (`intent_import_invalid` with `details.rows`: row, column, code, reason), then creates
 * them in one transaction; the template explains the columns; an export writes the filtered list.
 */
@Injectable()
export class IntentFiles {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IntentsService) private readonly intents: IntentsService,
  ) {}

  async check(file: UploadedFile): Promise<IntentDraft[]> {
    const invalid = (rows: IntentImportProblem[]) => new IntentsError('intent_import_invalid', { rows });
    if (file.truncated)
      throw invalid([{ row: 1, column: '_file', code: 'too_large', reason: 'the file is larger than 5 MB' }]);
    try {
      const sheet = await readSheet(file.data, {
        filename: file.filename,
        columns: intentColumns(),
        maxRows: MAX_INTENT_ROWS,
        maxColumns: MAX_INTENT_COLUMNS,
        maxUnpackedBytes: MAX_INTENT_UNPACKED_BYTES,
        skipSheets: /说明|instructions/i,
      });
      const em = this.db.manager;
      const [categories, events, organisers] = await Promise.all([
        em.find(MatchCategory, { select: { code: true, name: true, nameEn: true } }),
        em.find(Event, { select: { id: true, slug: true } }),
        em.find(User, { where: { role: 'organiser' }, select: { id: true, email: true } }),
      ]);
      const { drafts, problems } = await intentDrafts(sheet, { categories, events, organisers });
      if (problems.length) throw invalid(problems);
      return drafts;
    } catch (error) {
      if (error instanceof SpreadsheetError) throw invalid([fileProblem(error)]);
      throw error;
    }
  }

  /** Imports a file, all or nothing; answers the new intents' ids in the file's order. */
  async importFile(file: UploadedFile, actor: Actor): Promise<{ imported: number; ids: number[] }> {
    const drafts = await this.check(file);
    const ids = await this.db.transaction(async (em) => {
      const out: number[] = [];
      for (const draft of drafts) {
        try {
          const intent = await this.intents.createIn(
            em,
            {
              ...draft.dto,
              stage: draft.stage,
              landedPlace: draft.landedPlace,
              landedOn: draft.landedOn,
              droppedReason: draft.droppedReason,
              note: '导入 Imported',
              source: { kind: 'import', id: null },
            },
            actor,
          );
          out.push(intent.id);
        } catch (error) {
          // What only the database knows (an owner's contact, …): the row and its field, nothing written.
          if (error instanceof DomainError && error.kind === 'invalid')
            throw new IntentsError('intent_import_invalid', {
              rows: error.fields.map((f) => ({
                row: draft.row,
                column: columnOf(f.field),
                code: 'invalid',
                reason: f.reason,
              })),
            });
          throw error;
        }
      }
      return out;
    });
    return { imported: ids.length, ids };
  }

  async template(format: FileFormat): Promise<FileDownload> {
    const categories = await this.db.manager.find(MatchCategory, { order: { position: 'ASC' } });
    const file = await writeTemplate({
      format,
      sheetName: SHEET_NAME,
      fields: INTENT_FIELDS,
      title: '合作意向导入说明 / Importing cooperation intents',
      rowsNote: {
        zh: '第 1 行是表头，请保留；第 2 行是示例，导入前请删除。每行新增一项意向。',
        en: 'Row 1 is the header: keep it. Row 2 is an example: delete it. Each row adds a new intent.',
      },
      widths: [28, 14, 44, 44],
      categories,
    });
    return { filename: `intents-template.${file.extension}`, ...file };
  }

  async export(query: ListIntentsQueryDto, format: FileFormat): Promise<FileDownload> {
    const views = await this.intents.all(query, 20_000);
    const categories = await this.db.manager.find(MatchCategory);
    const rows = views.map(({ intent, event, parties, owner }) => ({
      id: intent.id,
      title: intent.title,
      kind: KIND_NAMES[intent.kind],
      parties: parties.map((p) => p.organisation.name).join('；'),
      contacts: parties
        .map((p) => (p.person ? [p.person.name, p.person.email, p.person.phone].filter(Boolean).join(' ') : ''))
        .join('；'),
      event: event?.slug ?? '',
      category: categories.find((c) => c.code === intent.category)?.name ?? intent.category ?? '',
      city: intent.city,
      valueWan: intent.valueWan,
      owner: owner ? (owner.kind === 'user' ? owner.email : owner.name) : '',
      ownerContact: owner?.contact
        ? [owner.contact.name, owner.contact.email, owner.contact.phone].filter(Boolean).join(' ')
        : '',
      nextFollowUpOn: intent.nextFollowUpOn,
      stage: STAGE_NAMES[intent.stage],
      landedPlace: intent.landedPlace,
      landedOn: intent.landedOn,
      droppedReason: intent.droppedReason ? DROP_REASON_NAMES[intent.droppedReason] : '',
      subjectText: intent.subjectText,
    }));
    const file = await writeSheet({
      format,
      sheetName: SHEET_NAME,
      columns: exportColumns(INTENT_FIELDS),
      rows,
      filter: true,
    });
    return { filename: `intents.${file.extension}`, ...file };
  }
}

/** A service field (parties.1.contactEmail, owner.contactName, eventId) as the sheet's column. */
function columnOf(field: string): string {
  if (/^parties\.\d+\.contact/.test(field)) return 'contacts';
  if (field.startsWith('parties')) return 'parties';
  if (/^owner\.contact/.test(field)) return 'ownerContact';
  if (field.startsWith('owner')) return 'owner';
  if (field === 'eventId') return 'event';
  return field;
}
