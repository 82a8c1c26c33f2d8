import { createInflateRaw } from 'node:zlib';
import { spreadsheetError } from './spreadsheet.errors.js';

/** Bounds for what an archive may unpack to. */
export interface ZipLimits {
  /** The sum of all entries' uncompressed sizes. */
  maxUnpackedBytes: number;
  /** Any single entry's uncompressed size; `maxUnpackedBytes` when not given. */
  maxEntryBytes?: number;
  maxEntries: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const notZip = (why: string) => spreadsheetError('not_a_spreadsheet', `not a readable .xlsx file (${why})`);

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Reads a zip archive's central directory, without inflating anything: the entries with their declared sizes.
 * ZIP64 archives (over 4 GB or 65,535 entries, never a spreadsheet of a size we accept) are refused.
 */
export function readCentralDirectory(data: Buffer): ZipEntry[] {
  // The end-of-central-directory record is the last 22 bytes, unless a comment of up to 65,535 bytes follows it.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i -= 1) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notZip('no central directory');
  const count = data.readUInt16LE(eocd + 10);
  const size = data.readUInt32LE(eocd + 12);
  const offset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw notZip('ZIP64');
  if (offset + size > eocd) throw notZip('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > eocd || data.readUInt32LE(at) !== CENTRAL) throw notZip('damaged central directory');
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    entries.push({
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
      method: data.readUInt16LE(at + 10),
      compressedSize: data.readUInt32LE(at + 20),
      uncompressedSize: data.readUInt32LE(at + 24),
      localHeaderOffset: data.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
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
export async function checkInflatedSizes(data: Buffer, entries: readonly ZipEntry[]): Promise<void> {
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
    const inflated = await new Promise<number>((resolve, reject) => {
      const inflate = createInflateRaw();
      let bytes = 0;
      inflate.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > entry.uncompressedSize) {
          inflate.destroy();
          resolve(bytes);
        }
      });
      inflate.on('end', () => resolve(bytes));
      inflate.on('error', () => reject(notZip(`damaged data in ${entry.name}`)));
      inflate.end(data.subarray(start, end));
    });
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
  await checkInflatedSizes(data, entries);
}
