import { columnHeader, columnLetter, matchHeader, normaliseHeader, type SheetColumn } from './columns.js';
import { parseCsv, restoreFormula } from './csv.js';
import { spreadsheetError } from './spreadsheet.errors.js';
import { checkZip } from './zip-guard.js';
import { dict } from '../common/dict.js';

export type SheetFormat = 'xlsx' | 'csv';

/** Stable codes of a cell's or a header's problem. */
export type SheetProblemCode =
  | 'unknown_column'
  | 'duplicate_column'
  | 'missing_column'
  | 'no_header'
  | 'required'
  | 'too_long'
  | 'invalid'
  | 'duplicate';

/**
 * One problem: the sheet row (the header is row 1), the column (its key; the header text for an unknown column,
 * the letter for a value under no header), a code, and an English message. `params` fill the message in other
 * languages (`letters` of a column given twice, `header` of a missing one, `firstRow` of a duplicate, `max`).
 */
export interface SheetProblem {
  row: number;
  column: string;
  code: SheetProblemCode;
  message?: string;
  params?: Record<string, string>;
}

/** One data row: the non-empty cells by column key, as text or as `parse` made them. */
export interface SheetRow {
  row: number;
  values: Record<string, unknown>;
}

export interface ReadSheetOptions {
  /** The format; otherwise the file's content decides (a zip is .xlsx), then the filename. */
  format?: SheetFormat;
  filename?: string;
  columns: readonly SheetColumn[];
  maxRows: number;
  maxColumns: number;
  /** What an .xlsx may unpack to, in total; each part at most this too. */
  maxUnpackedBytes: number;
  /** The number of parts of an .xlsx (a workbook has about 10 plus 1 per sheet); 1,000 when not given. */
  maxEntries?: number;
  /** Sheets to pass over when choosing the sheet to read (e.g. an instructions sheet); the first other is read. */
  skipSheets?: RegExp;
  /** Headers that match no column: a problem (the default) or left out. */
  unknownColumns?: 'problem' | 'ignore';
}

export interface SheetResult {
  rows: SheetRow[];
  problems: SheetProblem[];
  /** Each header cell's column key, or null where none matched (or the header is empty). */
  columns: (string | null)[];
}

const isZip = (d: Buffer) => d.length >= 4 && d.readUInt32LE(0) === 0x04034b50;
const isOle = (d: Buffer) => d.length >= 8 && d.readUInt32BE(0) === 0xd0cf11e0 && d.readUInt32BE(4) === 0xa1b11ae1;

function formatOf(data: Buffer, options: ReadSheetOptions): SheetFormat {
  if (isZip(data)) return 'xlsx';
  if (isOle(data)) {
    throw spreadsheetError('not_a_spreadsheet', 'an old Excel 97–2003 (.xls) file: save it as .xlsx');
  }
  const named = options.format ?? (/\.xlsx$/i.test(options.filename ?? '') ? 'xlsx' : 'csv');
  if (named === 'xlsx') throw spreadsheetError('not_a_spreadsheet', 'not a readable .xlsx file');
  return 'csv';
}

async function table(data: Buffer, options: ReadSheetOptions): Promise<{ row: number; cells: string[] }[]> {
  if (formatOf(data, options) === 'csv') return parseCsv(data).map((cells, i) => ({ row: i + 1, cells }));
  // Before exceljs inflates anything: what the archive declares, then what it really inflates to.
  await checkZip(data, {
    maxUnpackedBytes: options.maxUnpackedBytes,
    maxEntries: options.maxEntries ?? 1000,
    maxRows: options.maxRows,
    maxColumns: options.maxColumns,
  });
  const { readXlsx } = await import('./xlsx.js');
  return (await readXlsx(data, { skip: options.skipSheets })).rows;
}

function mapHeader(header: string[], options: ReadSheetOptions) {
  const problems: SheetProblem[] = [];
  const seen = new Map<string, number>();
  const columns = header.map((raw, index): SheetColumn | null => {
    const text = raw.trim();
    if (!text) return null;
    const column = matchHeader(text, options.columns);
    if (!column) {
      if (options.unknownColumns !== 'ignore') {
        problems.push({ row: 1, column: text, code: 'unknown_column', message: 'unknown column' });
      }
      return null;
    }
    if (!column.ignore) {
      const first = seen.get(column.key);
      if (first !== undefined) {
        const letters = { a: columnLetter(first), b: columnLetter(index) };
        problems.push({
          row: 1,
          column: column.key,
          code: 'duplicate_column',
          message: `column given twice (${letters.a} and ${letters.b})`,
          params: letters,
        });
      } else seen.set(column.key, index);
    }
    return column;
  });
  for (const column of options.columns) {
    if (column.required && !column.ignore && !seen.has(column.key)) {
      const header = columnHeader(column);
      problems.push({
        row: 1,
        column: column.key,
        code: 'missing_column',
        message: `missing column (${header})`,
        params: { header },
      });
    }
  }
  return { columns, problems };
}

/**
 * Reads an .xlsx or a CSV file into rows of values by column key, with every problem of the header and of each
 * cell listed by row and column. File-level failures (not a spreadsheet, a zip bomb, too many rows or columns,
 * not UTF-8, a malformed CSV) throw a `SpreadsheetError` instead. Empty rows are left out; cells are trimmed, and
 * a cell that an export kept from running as a formula ("'=…") gets its apostrophe back off.
 */
export async function readSheet(data: Buffer, options: ReadSheetOptions): Promise<SheetResult> {
  if (data.length === 0) throw spreadsheetError('empty', 'the file is empty');
  const records = await table(data, options);
  const headerRecord = records[0]?.row === 1 ? records.shift()! : { row: 1, cells: [] };
  const header = headerRecord.cells;
  const width = Math.max(header.length, ...records.map((r) => r.cells.length));
  if (width > options.maxColumns) {
    throw spreadsheetError('too_many_columns', `at most ${options.maxColumns} columns`, {
      limit: options.maxColumns,
      actual: width,
    });
  }
  const filled = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (filled.length > options.maxRows) {
    throw spreadsheetError('too_many_rows', `at most ${options.maxRows} rows`, {
      limit: options.maxRows,
      actual: filled.length,
      row: filled[options.maxRows].row,
    });
  }
  const mapped = mapHeader(header, options);
  const problems = mapped.problems;
  const rows: SheetRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of filled) {
    const values: Record<string, unknown> = dict();
    const cellProblems: SheetProblem[] = [];
    cells.forEach((raw, index) => {
      const text = restoreFormula(raw.trim());
      const column = mapped.columns[index];
      if (!column) {
        if (text && !header[index]?.trim()) {
          cellProblems.push({
            row,
            column: columnLetter(index),
            code: 'no_header',
            message: 'a value in a column without a header',
          });
        }
        return;
      }
      if (!text || column.ignore) return;
      if (column.maxLength !== undefined && [...text].length > column.maxLength) {
        cellProblems.push({
          row,
          column: column.key,
          code: 'too_long',
          message: `at most ${column.maxLength} characters`,
          params: { max: String(column.maxLength) },
        });
        return;
      }
      if (column.unique) {
        const key = normaliseHeader(text);
        const first = firstRowOf.get(`${column.key}\u0000${key}`);
        if (first !== undefined) {
          cellProblems.push({
            row,
            column: column.key,
            code: 'duplicate',
            message: `the same value as row ${first}`,
            params: { firstRow: String(first) },
          });
          return;
        }
        firstRowOf.set(`${column.key}\u0000${key}`, row);
      }
      try {
        values[column.key] = column.parse ? column.parse(text) : text;
      } catch (error) {
        cellProblems.push({
          row,
          column: column.key,
          code: 'invalid',
          message: error instanceof Error ? error.message : 'invalid value',
        });
      }
    });
    for (const column of options.columns) {
      const present = mapped.columns.includes(column);
      if (column.required && present && !(column.key in values) && !cellProblems.some((p) => p.column === column.key)) {
        cellProblems.push({ row, column: column.key, code: 'required', message: 'a value is required' });
      }
    }
    problems.push(...cellProblems);
    rows.push({ row, values });
  }
  return { rows, problems, columns: mapped.columns.map((c) => c?.key ?? null) };
}
