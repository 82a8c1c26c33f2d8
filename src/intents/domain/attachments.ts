import { sniffFileType, type FileType } from '../../common/file-types.js';

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

/** The follow-up attachment types among the shared file types, with the Content-Type each is kept as. */
const ATTACHMENT_TYPES: Partial<Record<FileType, AttachmentType>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  docx: DOCX,
};

/**
 * The type of a file by its first bytes (never by its name or what the browser said; `sniffFileType` of
 * src/common/file-types.ts): PDF, PNG, JPEG, WebP or a .docx. Anything else (an .exe renamed .pdf, an .xlsx, an old
 * .doc) is undefined.
 */
export function sniffAttachment(data: Buffer): AttachmentType | undefined {
  const type = sniffFileType(data);
  return type ? ATTACHMENT_TYPES[type] : undefined;
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
