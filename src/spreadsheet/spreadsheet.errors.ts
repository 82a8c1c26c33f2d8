import { defineErrors } from '../common/domain-error.js';

/**
 * Why a whole file cannot be read. Every code is a 400: the file is the client's input. `details` carries the limit
 * and what was found (`limit`, `actual`), or the record of a malformed CSV (`row`), and an English `message`.
 */
export const SpreadsheetError = defineErrors('SpreadsheetError', {
  empty: 'invalid',
  too_large: 'invalid',
  not_a_spreadsheet: 'invalid',
  not_utf8: 'invalid',
  malformed_csv: 'invalid',
  no_sheet: 'invalid',
  too_many_rows: 'invalid',
  too_many_columns: 'invalid',
  too_large_unpacked: 'invalid',
  too_many_entries: 'invalid',
});

export type SpreadsheetErrorCode = (typeof SpreadsheetError.codes)[number];
export type SpreadsheetError = InstanceType<typeof SpreadsheetError>;

export function spreadsheetError(
  code: SpreadsheetErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): SpreadsheetError {
  return new SpreadsheetError(code, { ...details, message });
}
