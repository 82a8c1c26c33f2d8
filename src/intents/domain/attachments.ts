import { readCentralDirectory } from '../../spreadsheet/zip-guard.js';

/** What a follow-up may carry: contracts and certificates as PDF, scans and photos, Word documents. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export type AttachmentType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/webp' | typeof DOCX;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The extension a stored file is served with, by its type. */
export const EXTENSIONS: Record<AttachmentType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  [DOCX]: 'docx',
};

/**
 * The type of a file by its first bytes (never by its name or what the browser said): PDF (`%PDF-`), PNG, JPEG,
 * WebP, or a .docx — a zip archive whose directory holds `word/document.xml` and `[Content_Types].xml`. Anything
 * else (an .exe renamed .pdf, an .xlsx, an old .doc) is undefined.
 */
export function sniffAttachment(data: Buffer): AttachmentType | undefined {
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (
    data.length >= 12 &&
    data.subarray(0, 4).toString('latin1') === 'RIFF' &&
    data.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) {
    try {
      const names = new Set(readCentralDirectory(data).map((e) => e.name));
      if (names.has('word/document.xml') && names.has('[Content_Types].xml')) return DOCX;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A file name safe to keep and to send back: no path, no control characters, at most 200 characters. */
export function cleanFilename(name: string, type: AttachmentType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 180);
  const extension = EXTENSIONS[type];
  if (!base) return `attachment.${extension}`;
  return new RegExp(`\\.${extension}$`, 'i').test(base) ? base : `${base}.${extension}`;
}
