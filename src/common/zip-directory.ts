/**
 * A ZIP archive's central directory, read without inflating anything: the entries with their declared sizes. One
 * reader for every place that looks inside an archive (the spreadsheet kit's zip-bomb guard, telling a .docx from an
 * .xlsx by its parts). ZIP64 archives (over 4 GB or 65,535 entries, never an upload of a size we accept) are refused.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** The bytes are no ZIP archive this reader accepts; the message says why, in a few words. */
export class ZipDirectoryError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is the last 22 bytes, unless a comment of up to 65,535 bytes follows it.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i -= 1) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipDirectoryError('no central directory');
  const count = data.readUInt16LE(eocd + 10);
  const size = data.readUInt32LE(eocd + 12);
  const offset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipDirectoryError('ZIP64');
  if (offset + size > eocd) throw new ZipDirectoryError('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > eocd || data.readUInt32LE(at) !== CENTRAL) throw new ZipDirectoryError('damaged central directory');
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
