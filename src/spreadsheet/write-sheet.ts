import { columnHeader, type SheetColumn } from './columns.js';
import { toCsv } from './csv.js';
import type { SheetFormat } from './read-sheet.js';
import type { InstructionsSheet } from './xlsx.js';

export type { InstructionLine, InstructionsSheet } from './xlsx.js';

export interface WriteSheetOptions {
  /** The header of each column is its `header` (or "<zh> <en>"); cells are read from each row by `key`. */
  columns: readonly Pick<SheetColumn, 'key' | 'label' | 'header' | 'width'>[];
  rows: readonly Record<string, string | number | null | undefined>[];
  format: SheetFormat;
  sheetName: string;
  /** .xlsx only: a second sheet that explains the first (an import template's instructions). */
  instructions?: InstructionsSheet;
  /** .xlsx only: the first N rows are examples (grey italics), and every cell is text, as a template needs. */
  exampleRows?: number;
  /** .xlsx only: an auto-filter on the header. */
  filter?: boolean;
}

export interface SheetFile {
  contentType: string;
  extension: SheetFormat;
  body: Buffer;
}

export const CONTENT_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Writes rows as .xlsx (exceljs: a frozen bold header, column widths, an optional instructions sheet) or as CSV
 * (UTF-8 with a BOM so that Excel reads Chinese, CRLF, formula-shaped cells neutralised with an apostrophe).
 */
export async function writeSheet(options: WriteSheetOptions): Promise<SheetFile> {
  const header = options.columns.map((c) => columnHeader(c as SheetColumn));
  const rows = options.rows.map((row) => options.columns.map((c) => String(row[c.key] ?? '')));
  if (options.format === 'csv') {
    return { contentType: CONTENT_TYPES.csv, extension: 'csv', body: Buffer.from(toCsv([header, ...rows]), 'utf8') };
  }
  const { writeXlsx } = await import('./xlsx.js');
  const widths = options.columns.map((c, i) => c.width ?? Math.min(40, Math.max(10, header[i].length + 2)));
  const body = await writeXlsx(
    {
      name: options.sheetName,
      header,
      rows,
      widths,
      exampleRows: options.exampleRows,
      textCells: options.exampleRows !== undefined,
      filter: options.filter,
    },
    options.instructions,
  );
  return { contentType: CONTENT_TYPES.xlsx, extension: 'xlsx', body };
}
