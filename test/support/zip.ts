import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { readCentralDirectory } from '../../src/spreadsheet/zip-guard.js';

/** One entry of a zip archive, deflated; `declaredSize` overrides the uncompressed size the archive states. */
export interface ZipPart {
  name: string;
  deflated: Buffer;
  size: number;
  crc: number;
  declaredSize?: number;
}

export function part(name: string, text: string | Buffer): ZipPart {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

/**
 * A part of `size` bytes: `head`, then `unit` repeated. Deflated without ever holding the whole: a 1 MB block of
 * units is deflated once with a full flush (byte-aligned, no back-references across it), so the stream is that
 * block's bytes repeated, then a final empty block.
 */
export function repeatedPart(name: string, head: string, unit: string, size: number): ZipPart {
  const headBytes = Buffer.from(head, 'utf8');
  const unitBytes = Buffer.from(unit, 'utf8');
  const block = Buffer.alloc(unitBytes.length * Math.floor((1 << 20) / unitBytes.length));
  for (let i = 0; i < block.length; i += unitBytes.length) unitBytes.copy(block, i);
  const flushed = (data: Buffer) => deflateRawSync(data, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const blockDeflated = flushed(block);
  const out: Buffer[] = [flushed(headBytes)];
  let crc = crc32(headBytes);
  let written = headBytes.length;
  while (written + block.length <= size) {
    out.push(blockDeflated);
    crc = crc32(block, crc);
    written += block.length;
  }
  const rest = block.subarray(0, size - written);
  out.push(flushed(rest), deflateRawSync(Buffer.alloc(0)));
  crc = crc32(rest, crc);
  written += rest.length;
  return { name, deflated: Buffer.concat(out), size: written, crc };
}

/** A zip archive of the parts (method 8, no data descriptors): local headers, data, central directory. */
export function zipArchive(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const size = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';

/**
 * An .xlsx-shaped zip bomb: the usual parts, and a shared-strings part of `unpackedBytes`: one string of "A"s,
 * which deflates about 1,000 to 1. With `lie`, the archive declares the shared strings to be 1 KB.
 */
export async function xlsxBomb(unpackedBytes: number, options: { lie?: boolean } = {}): Promise<Buffer> {
  const strings = repeatedPart(
    'xl/sharedStrings.xml',
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
    'A',
    unpackedBytes,
  );
  if (options.lie) strings.declaredSize = 1024;
  return zipArchive([
    part('[Content_Types].xml', CONTENT_TYPES),
    part(
      'xl/workbook.xml',
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="名单" sheetId="1"/></sheets></workbook>',
    ),
    part(
      'xl/worksheets/sheet1.xml',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
    ),
    strings,
  ]);
}

/** The unpacked bytes of one entry of a zip archive (a .docx or .xlsx a test downloaded), or undefined. */
export function unzipEntry(archive: Buffer, name: string): Buffer | undefined {
  const entry = readCentralDirectory(archive).find((e) => e.name === name);
  if (!entry) return undefined;
  const at = entry.localHeaderOffset;
  const start = at + 30 + archive.readUInt16LE(at + 26) + archive.readUInt16LE(at + 28);
  const data = archive.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? Buffer.from(data) : inflateRawSync(data);
}

/** The text of a .docx, one string per paragraph (w:p), its runs' text (w:t) joined; XML entities decoded. */
export function docxParagraphs(docx: Buffer): string[] {
  const xml = unzipEntry(docx, 'word/document.xml')?.toString('utf8');
  if (xml === undefined) throw new Error('not a .docx: no word/document.xml');
  const decode = (text: string) =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1])).join(''))
    .filter((text) => text.length > 0);
}
