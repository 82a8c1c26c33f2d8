import type ExcelJS from 'exceljs';
import { spreadsheetError } from './spreadsheet.errors.js';

/** exceljs is large: it is loaded on the first .xlsx, so that CSV work and pure specs never pay for it. */
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** The cells of one sheet as text, row by row (1-based row numbers; empty rows are left out). */
export interface SheetTable {
  rows: { row: number; cells: string[] }[];
  width: number;
}

/**
 * Reads the first sheet whose name `skip` does not match (or the first sheet). The archive must have passed the
 * zip guard: exceljs inflates everything in memory.
 */
export async function readXlsx(data: Buffer, options: { skip?: RegExp } = {}): Promise<SheetTable> {
  const workbook = new (await excel()).Workbook();
  try {
    // exceljs declares its own global `Buffer` (an ArrayBuffer); it reads Node's Buffer as it is.
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw spreadsheetError('not_a_spreadsheet', 'not a readable .xlsx file');
  }
  const { skip } = options;
  const sheet = workbook.worksheets.find((ws) => !skip || !skip.test(ws.name)) ?? workbook.worksheets[0];
  if (!sheet) throw spreadsheetError('no_sheet', 'the workbook has no sheet');
  const width = sheet.columnCount;
  const rows: SheetTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c += 1) cells.push(row.getCell(c).text ?? '');
    rows.push({ row: rowNumber, cells });
  });
  return { rows, width };
}

/** A line of an instructions sheet; `style` sets its font. */
export interface InstructionLine {
  cells: (string | number)[];
  style?: 'title' | 'heading' | 'header' | 'muted';
}

export interface InstructionsSheet {
  name: string;
  lines: InstructionLine[];
  /** Column widths in characters. */
  widths?: number[];
  /** 1-based columns whose text wraps. */
  wrap?: number[];
}

export interface XlsxSheet {
  name: string;
  header: string[];
  rows: string[][];
  widths: number[];
  /** The first N data rows are examples: set in grey italics. */
  exampleRows?: number;
  /** Cells are text (Excel keeps a leading + and long digit runs), as in an import template. */
  textCells?: boolean;
  /** An auto-filter on the header row. */
  filter?: boolean;
}

const FONTS: Record<NonNullable<InstructionLine['style']>, Partial<ExcelJS.Font>> = {
  title: { bold: true, size: 14 },
  heading: { bold: true, size: 12 },
  header: { bold: true },
  muted: { color: { argb: 'FF4F4A46' } },
};

export async function writeXlsx(data: XlsxSheet, instructions?: InstructionsSheet): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'Duijie';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(data.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(data.header).font = { bold: true };
  data.rows.forEach((cells, i) => {
    const row = sheet.addRow(cells);
    if (i < (data.exampleRows ?? 0)) row.font = { italic: true, color: { argb: 'FF6A645F' } };
  });
  data.widths.forEach((width, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = width;
    if (data.textCells) column.numFmt = '@';
  });
  if (data.filter && data.rows.length) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: data.header.length } };
  }
  if (instructions) {
    const help = workbook.addWorksheet(instructions.name);
    help.columns = (instructions.widths ?? []).map((width) => ({ width }));
    for (const line of instructions.lines) {
      const row = help.addRow(line.cells);
      if (line.style) row.font = FONTS[line.style];
    }
    help.getColumn(1).alignment = { vertical: 'top' };
    for (const c of instructions.wrap ?? []) help.getColumn(c).alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
