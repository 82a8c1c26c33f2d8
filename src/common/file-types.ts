/**
 * What an uploaded file really is, told by its first bytes (its "magic"), never by its name or the type the client
 * declared: a renamed .exe stays an .exe. One place for every upload that keeps files (library attachments, roadshow
 * slides, follow-up attachments): `requireFileType` answers the type or throws a 400 naming the field and the reason;
 * `attachmentHeaders` gives the headers to serve a kept file with (its real Content-Type, the name in RFC 6266 /
 * RFC 5987 form, nosniff). Pure: no I/O.
 */
import { defineErrors } from './domain-error.js';
import { readZipDirectory, ZipDirectoryError } from './zip-directory.js';

export const FILE_TYPES = ['pdf', 'png', 'jpeg', 'webp', 'docx', 'xlsx'] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** The Content-Type each type is served with, its usual extension, and the names people know it by. */
export const FILE_TYPE_INFO: Record<FileType, { contentType: string; extension: string; label: string }> = {
  pdf: { contentType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  png: { contentType: 'image/png', extension: 'png', label: 'PNG' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', label: 'JPEG' },
  webp: { contentType: 'image/webp', extension: 'webp', label: 'WebP' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    label: 'Word (.docx)',
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    label: 'Excel (.xlsx)',
  },
};

/** Extensions a file of each type may carry (the first is the one given when a name has none of them). */
const EXTENSIONS: Record<FileType, readonly string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jpe'],
  webp: ['webp'],
  docx: ['docx'],
  xlsx: ['xlsx'],
};

export const FileTypeError = defineErrors('FileTypeError', {
  file_missing: 'invalid',
  file_type_not_allowed: 'invalid',
  file_too_large: 'invalid',
});

const startsWith = (buffer: Uint8Array, bytes: readonly number[], at = 0) =>
  buffer.length >= at + bytes.length && bytes.every((b, i) => buffer[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];

/** The names of the entries of a ZIP archive, from its central directory; null when the bytes are no readable ZIP. */
export function zipEntryNames(buffer: Uint8Array): string[] | null {
  try {
    return readZipDirectory(buffer).map((entry) => entry.name);
  } catch (error) {
    if (error instanceof ZipDirectoryError) return null;
    throw error;
  }
}

/** An Office Open XML package: a ZIP with [Content_Types].xml and the main part of Word or Excel. */
function officeType(buffer: Uint8Array): 'docx' | 'xlsx' | null {
  const names = zipEntryNames(buffer);
  if (!names?.includes('[Content_Types].xml')) return null;
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  return null;
}

/** The type of a file from its bytes, or null when it is none of FILE_TYPES (or too short to tell). */
export function sniffFileType(buffer: Uint8Array): FileType | null {
  if (startsWith(buffer, PDF)) return 'pdf';
  if (startsWith(buffer, PNG)) return 'png';
  if (startsWith(buffer, JPEG)) return 'jpeg';
  if (startsWith(buffer, RIFF) && startsWith(buffer, WEBP, 8)) return 'webp';
  if (startsWith(buffer, ZIP_LOCAL)) return officeType(buffer);
  return null;
}

/** A size as people read it: `820 KB`, `2.5 MB`. */
export const formatFileSize = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

export interface RequireFileOptions {
  /** The form or multipart field the file came in (named in the error). Default `file`. */
  field?: string;
  /** The upload was cut short at the transport's limit (multipart `truncated`): too large, whatever its length. */
  truncated?: boolean;
}

/**
 * The file's type when it is one of `allowed` and at most `maxBytes` long; otherwise a FileTypeError (400) whose
 * field problem names the field and says what is accepted, e.g. `file: must be PDF, PNG, JPEG or WebP (this file
 * is none of them)`.
 */
export function requireFileType<T extends FileType>(
  buffer: Uint8Array | null | undefined,
  allowed: readonly T[],
  maxBytes: number,
  options: RequireFileOptions = {},
): T {
  const field = options.field ?? 'file';
  const kinds = allowed.map((t) => FILE_TYPE_INFO[t].label);
  const accepted = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}` : kinds[0];
  if (!buffer || buffer.length === 0) {
    throw new FileTypeError('file_missing', { field }, [{ field, reason: `a file is required (${accepted})` }]);
  }
  if (options.truncated || buffer.length > maxBytes) {
    throw new FileTypeError('file_too_large', { field, maxBytes }, [
      { field, reason: `must be at most ${formatFileSize(maxBytes)}` },
    ]);
  }
  const type = sniffFileType(buffer);
  if (!type || !(allowed as readonly FileType[]).includes(type)) {
    const what = type ? `this file is ${FILE_TYPE_INFO[type].label}` : 'this file is none of them';
    throw new FileTypeError('file_type_not_allowed', { field, detected: type }, [
      { field, reason: `must be ${accepted} (${what})` },
    ]);
  }
  return type as T;
}

/**
 * A file name fit to keep and to send back: the last path part, without control characters or characters that are
 * unsafe in names (\ / : * ? " < > |), NFC, at most `maxLength` characters, and with the extension of the type the
 * bytes say (照片.jpg that is really a PNG becomes 照片.png; a name without one gets it).
 */
export function safeFileName(name: string | undefined, type: FileType, maxLength = 120): string {
  const extensions = EXTENSIONS[type];
  const base = (name ?? '')
    .normalize('NFC')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f:*?"<>|]/g, '')
    .trim();
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  let stem = (dot > 0 ? base.slice(0, dot) : base).trim().replace(/^\.+/, '');
  const keep = extensions.includes(ext) ? ext : extensions[0];
  stem = [...stem].slice(0, Math.max(1, maxLength - keep.length - 1)).join('') || 'file';
  return `${stem}.${keep}`;
}

/** RFC 5987 `ext-value` characters: everything else is percent-encoded (UTF-8). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition header (RFC 6266) with the name twice: `filename="…"` in plain ASCII for old clients (other
 * characters become `_`), and `filename*=UTF-8''…` (RFC 5987) with the real name, which current browsers use:
 * `inline; filename="___.pdf"; filename*=UTF-8''%E7%A3%81%E6%B5%81%E5%8F%98.pdf`.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${rfc5987(filename)}`;
}

/**
 * The headers to serve a kept file with: the Content-Type of its sniffed type, its name, and `nosniff` so that no
 * browser second-guesses the type. Images and PDFs open in the browser (`inline`); Office files download.
 */
export function fileResponseHeaders(type: FileType, filename: string, size?: number): Record<string, string> {
  const disposition = type === 'docx' || type === 'xlsx' ? 'attachment' : 'inline';
  return {
    'content-type': FILE_TYPE_INFO[type].contentType,
    'content-disposition': contentDisposition(disposition, filename),
    'x-content-type-options': 'nosniff',
    ...(size !== undefined ? { 'content-length': String(size) } : {}),
  };
}
