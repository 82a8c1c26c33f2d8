/**
 * The pieces every import of a list shares (achievements and demands, cooperation intents): a field of the template
 * as data, its "<zh> <key>" header, the columns an import reads and an export writes, a file that cannot be read as
 * a problem of the whole file, names or codes in cells, and the template with its instructions sheet.
 */
import type { SheetColumn } from './columns.js';
import type { SheetFormat } from './read-sheet.js';
import type { SpreadsheetError } from './spreadsheet.errors.js';
import { writeSheet, type InstructionLine, type SheetFile } from './write-sheet.js';

/** One column of an import template, with what its instructions say about it. */
export interface ImportField {
  key: string;
  zh: string;
  required: boolean;
  maxLength?: number;
  aliases: string[];
  example: string;
  hint: { 'zh-CN': string; en: string };
}

/** A problem of a row (or of the whole file: row 1 or the row named, column `_file`). */
export interface ImportRowProblem {
  row: number;
  column: string;
  code: string;
  reason: string;
}

/** "意向名称 title": the header of a field or an export column. */
export const headerOf = (f: { zh: string; key: string }) => `${f.zh} ${f.key}`;

/** The id column an export writes first (an import may skip it or read it). */
export const ID_COLUMN = { key: 'id', zh: '编号', aliases: ['id', '编号'] };

/** The columns an import reads: the id column (`ignore`: present but not read), then the fields. */
export function importColumns(fields: readonly ImportField[], id: { ignore: boolean }): SheetColumn[] {
  return [
    {
      key: ID_COLUMN.key,
      label: { zh: ID_COLUMN.zh, en: 'id' },
      header: headerOf(ID_COLUMN),
      aliases: ID_COLUMN.aliases,
      ...(id.ignore ? { ignore: true } : {}),
    },
    ...fields.map(fieldColumn),
  ];
}

/** The column an import reads for one field of its template. */
export function fieldColumn(f: {
  key: string;
  zh: string;
  aliases: readonly string[];
  required?: boolean;
  maxLength?: number;
}): SheetColumn {
  return {
    key: f.key,
    label: { zh: f.zh, en: f.key },
    header: headerOf(f),
    aliases: f.aliases,
    required: f.required,
    maxLength: f.maxLength,
  };
}

/** The columns an export writes: the id, then the fields, each under its header. */
export const exportColumns = (fields: readonly ImportField[]) =>
  [ID_COLUMN, ...fields].map((f) => ({ key: f.key, label: { zh: f.zh, en: f.key }, header: headerOf(f) }));

/** A file that cannot be read at all, as a problem of the whole file (column `_file`). */
export function fileProblem(error: SpreadsheetError): ImportRowProblem {
  const details = error.details as { row?: number; message?: string };
  return { row: details.row ?? 1, column: '_file', code: error.code, reason: details.message ?? error.code };
}

/** The code a cell names, by the code itself or its Chinese name; the trimmed text when it names none. */
export function codeByName<K extends string>(names: Record<K, string>, raw: string): string {
  const wanted = raw.trim().toLowerCase();
  const found = (Object.entries(names) as [K, string][]).find(([code, zh]) => code === wanted || zh === raw.trim());
  return found ? found[0] : raw.trim();
}

export interface TemplateOptions {
  format: SheetFormat;
  sheetName: string;
  fields: readonly ImportField[];
  /** The instructions' title, e.g. "成果清单导入说明 / Importing achievements". */
  title: string;
  /** What rows 1 and 2 are, in Chinese and English. */
  rowsNote: { zh: string; en: string };
  /** Widths of the instructions' four columns. */
  widths: number[];
  /** The categories a `category` cell may name. */
  categories: readonly { code: string; name: string; nameEn: string | null }[];
}

/** An import template: the header, one example row, and an instructions sheet (fields, then categories). */
export function writeTemplate(options: TemplateOptions): Promise<SheetFile> {
  const { fields, categories } = options;
  const lines: InstructionLine[] = [
    { cells: [options.title], style: 'title' },
    { cells: [options.rowsNote.zh] },
    { cells: [options.rowsNote.en], style: 'muted' },
    { cells: ['先检查全部行：任何一行有误，整个文件都不导入，并按行、列列出每个问题。'] },
    {
      cells: [
        'Every row is checked first: if any row is wrong, nothing is imported and each problem is listed by row and column.',
      ],
      style: 'muted',
    },
    { cells: [] },
    { cells: ['表头 Header', '必填 Required', '说明', 'Description'], style: 'header' },
    ...fields.map((f) => ({ cells: [headerOf(f), f.required ? '是 yes' : '否 no', f.hint['zh-CN'], f.hint.en] })),
    { cells: [] },
    { cells: ['领域 Categories'], style: 'heading' },
    { cells: ['代码 Code', '名称', 'Name'], style: 'header' },
    ...categories.map((c) => ({ cells: [c.code, c.name, c.nameEn ?? ''] })),
  ];
  return writeSheet({
    format: options.format,
    sheetName: options.sheetName,
    columns: fields.map((f) => ({
      key: f.key,
      label: { zh: f.zh, en: f.key },
      header: headerOf(f),
      width: Math.max(14, headerOf(f).length + 4),
    })),
    rows: [Object.fromEntries(fields.map((f) => [f.key, f.example]))],
    exampleRows: 1,
    instructions: { name: '说明 Instructions', widths: options.widths, wrap: [3, 4], lines },
  });
}
