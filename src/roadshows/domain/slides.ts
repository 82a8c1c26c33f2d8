import { sniffFileType } from '../../common/file-types.js';

/** Slides uploads: a PDF by its first bytes (never by the name or the declared type), and not too large. */

/** The largest slides file kept: the multipart limit of every upload (MAX_IMPORT_BYTES), 5 MB. */
export const MAX_SLIDES_BYTES = 5 * 1024 * 1024;

/** Whether the bytes start like a PDF (`%PDF-`), by the shared sniffer. */
export const isPdf = (data: Uint8Array): boolean => sniffFileType(data) === 'pdf';

/** The problem with an upload, in words, or undefined when it is a PDF of an allowed size. */
export function slidesProblem(file: { data: Uint8Array; truncated?: boolean }): string | undefined {
  if (file.truncated || file.data.length > MAX_SLIDES_BYTES) return 'the slides must be at most 5 MB';
  if (file.data.length === 0) return 'the file is empty';
  if (!isPdf(file.data)) return 'the slides must be a PDF file';
  return undefined;
}

/** A download name for the slides: the project's name, safe in a header, ending in .pdf. */
export function slidesFilename(projectName: string): string {
  const base =
    projectName
      .replace(/[\\/:*?"<>|\r\n]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'slides';
  return `${base}.pdf`;
}
