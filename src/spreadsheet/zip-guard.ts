import { createInflateRaw } from 'node:zlib';
import { readZipDirectory, ZipDirectoryError, type ZipEntry } from '../common/zip-directory.js';
import { spreadsheetError } from './spreadsheet.errors.js';

export type { ZipEntry };

/** Bounds for what an archive may unpack to. */
export interface ZipLimits {
  /** The sum of all entries' uncompressed sizes. */
  maxUnpackedBytes: number;
  /** Any single entry's uncompressed size; `maxUnpackedBytes` when not given. */
  maxEntryBytes?: number;
  maxEntries: number;
  /**
   * The rows a sheet may hold (and `maxColumns` its columns): a worksheet part with far more `<row>` (or cell)
   * elements than that is refused while it is inflated, before exceljs builds it in memory on the main thread.
   * Rows that are empty or only formatted are elements too, so the allowance is generous (see `sheetAllowance`).
   */
  maxRows?: number;
  maxColumns?: number;
}

/** How many row and cell elements a worksheet part may hold for a sheet of `maxRows` × `maxColumns`. */
export function sheetAllowance(maxRows: number, maxColumns: number): { rows: number; cells: number } {
  const rows = 2 * (maxRows + 1) + 1000;
  return { rows, cells: rows * maxColumns + 10_000 };
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const ROW_TAG = /<(?:\w+:)?row[\s>/]/g;
const CELL_TAG = /<(?:\w+:)?c[\s>/]/g;

const LOCAL = 0x04034b50;

const notZip = (why: string) => spreadsheetError('not_a_spreadsheet', `not a readable .xlsx file (${why})`);

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The archive's central directory (src/common/zip-directory.ts), or a `not_a_spreadsheet` error saying why not. */
export function readCentralDirectory(data: Buffer): ZipEntry[] {
  try {
    return readZipDirectory(data);
  } catch (error) {
    if (error instanceof ZipDirectoryError) throw notZip(error.message);
    throw error;
  }
}

function tooLarge(actual: number, limit: number, entry?: string) {
  return spreadsheetError(
    'too_large_unpacked',
    entry
      ? `the file unpacks to more than ${mb(limit)} (${entry} alone: ${mb(actual)})`
      : `the file unpacks to more than ${mb(limit)} (${mb(actual)})`,
    { limit, actual },
  );
}

/**
 * Refuses an archive that declares more than the limits allow (a "zip bomb"), in microseconds and without
 * inflating: the entry count, each entry's and the total uncompressed size from the central directory.
 */
export function checkDeclaredSizes(entries: readonly ZipEntry[], limits: ZipLimits): void {
  if (entries.length > limits.maxEntries) {
    throw spreadsheetError('too_many_entries', `the file holds more than ${limits.maxEntries} parts`, {
      limit: limits.maxEntries,
      actual: entries.length,
    });
  }
  const maxEntry = limits.maxEntryBytes ?? limits.maxUnpackedBytes;
  let total = 0;
  for (const entry of entries) {
    if (entry.method !== 0 && entry.method !== 8) throw notZip(`compression method ${entry.method}`);
    if (entry.uncompressedSize > maxEntry) throw tooLarge(entry.uncompressedSize, maxEntry, entry.name);
    total += entry.uncompressedSize;
  }
  if (total > limits.maxUnpackedBytes) throw tooLarge(total, limits.maxUnpackedBytes);
}

/**
 * Inflates every entry as a stream, counting bytes and keeping none, so that an archive that lies about its sizes
 * is stopped as soon as an entry inflates past what it declared (memory stays at one chunk).
 */
export async function checkInflatedSizes(
  data: Buffer,
  entries: readonly ZipEntry[],
  limits: Pick<ZipLimits, 'maxRows' | 'maxColumns'> = {},
): Promise<void> {
  const allowance =
    limits.maxRows !== undefined ? sheetAllowance(limits.maxRows, limits.maxColumns ?? 1000) : undefined;
  for (const entry of entries) {
    const at = entry.localHeaderOffset;
    if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL) throw notZip('damaged entry');
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > data.length) throw notZip('entry out of bounds');
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize) throw notZip('stored entry of the wrong size');
      continue;
    }
    const sheet = allowance && WORKSHEET.test(entry.name) ? allowance : undefined;
    let rows = 0;
    let cells = 0;
    /** The end of the previous chunk, so that a tag cut in two by a chunk boundary is still counted once. */
    let tail = '';
    const inflated = await new Promise<number>((resolve, reject) => {
      const inflate = createInflateRaw();
      let bytes = 0;
      inflate.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (sheet) {
          const text = tail + chunk.toString('latin1');
          const from = tail.length;
          const count = (re: RegExp) => {
            let n = 0;
            for (const m of text.matchAll(re)) if (m.index + m[0].length > from) n++;
            return n;
          };
          rows += count(ROW_TAG);
          cells += count(CELL_TAG);
          tail = text.slice(-16);
          if (rows > sheet.rows || cells > sheet.cells) {
            inflate.destroy();
            resolve(bytes);
            return;
          }
        }
        if (bytes > entry.uncompressedSize) {
          inflate.destroy();
          resolve(bytes);
        }
      });
      inflate.on('end', () => resolve(bytes));
      inflate.on('error', () => reject(notZip(`damaged data in ${entry.name}`)));
      inflate.end(data.subarray(start, end));
    });
    if (sheet && rows > sheet.rows) {
      throw spreadsheetError('too_many_rows', `at most ${limits.maxRows} rows`, { limit: limits.maxRows! });
    }
    if (sheet && cells > sheet.cells) {
      throw spreadsheetError('too_many_columns', `at most ${limits.maxColumns ?? 1000} columns`, {
        limit: limits.maxColumns ?? 1000,
      });
    }
    if (inflated > entry.uncompressedSize) {
      throw spreadsheetError(
        'too_large_unpacked',
        `the file unpacks to more than it declares (${entry.name}: over ${mb(entry.uncompressedSize)})`,
        { limit: entry.uncompressedSize },
      );
    }
  }
}

/** Both checks: what the archive declares, then what it really inflates to. */
export async function checkZip(data: Buffer, limits: ZipLimits): Promise<void> {
  const entries = readCentralDirectory(data);
  checkDeclaredSizes(entries, limits);
  await checkInflatedSizes(data, entries, limits);
}
