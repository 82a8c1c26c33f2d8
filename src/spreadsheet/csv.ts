import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetError } from './spreadsheet.errors.js';

/**
 * Decodes and parses CSV: UTF-8 with or without a byte order mark (GBK and other legacy encodings are refused with
 * `not_utf8`, since guessing them goes wrong silently), comma-separated, records ended by CRLF, LF or CR, quoted
 * fields with commas, line breaks and doubled quotes. A quote inside an unquoted field is taken literally.
 */
export function parseCsv(data: Buffer | string): string[][] {
  let text: string;
  if (typeof data === 'string') text = data;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      throw spreadsheetError(
        'not_utf8',
        'not UTF-8 text: save the CSV file as “CSV UTF-8” (GBK is not supported), or upload .xlsx',
      );
    }
  }
  try {
    const records: string[][] = parse(text, {
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: false,
    });
    return records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = Number((error as CsvError & { records?: number }).records ?? 0) + 1;
    const message = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is not closed' : 'not a readable CSV file';
    throw spreadsheetError('malformed_csv', message, { row });
  }
}

const SAFE_NUMBER = /^[+-]?[\d\s().-]+$/;

/**
 * Cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection): those starting with
 * = @ tab or CR, and those starting with + or - unless they are a plain number or phone number ("+86 138 0000 0000").
 */
export function neutraliseFormula(value: string): string {
  if (/^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !SAFE_NUMBER.test(value))) return `'${value}`;
  return value;
}

/** The reverse on import: "'=SUM(A1)" as the export wrote it reads back as "=SUM(A1)". */
export function restoreFormula(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** CSV for spreadsheets: UTF-8 with a BOM (so that Excel reads Chinese correctly), CRLF, quoted where needed. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const body = stringify(
    rows.map((r) => r.map(neutraliseFormula)),
    { record_delimiter: '\r\n', quoted_match: /[\r\n]/ },
  );
  return '\uFEFF' + body;
}
