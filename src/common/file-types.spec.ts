import ExcelJS from 'exceljs';
import { aPdf, aPng, anExe } from '../../test/support/files.js';
import { part, zipArchive } from '../../test/support/zip.js';
import { DomainError, statusOf } from './domain-error.js';
import {
  contentDisposition,
  fileResponseHeaders,
  requireFileType,
  safeFileName,
  sniffFileType,
  zipEntryNames,
} from './file-types.js';

const bytes = (...values: number[]) => Buffer.from(values);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00);
const WEBP = Buffer.concat([Buffer.from('RIFF'), bytes(0x24, 0, 0, 0), Buffer.from('WEBPVP8 ')]);
const officeZip = (main: string) =>
  zipArchive([part('[Content_Types].xml', '<Types/>'), part('_rels/.rels', '<Relationships/>'), part(main, '<x/>')]);

async function realXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('清单').addRow(['成果名称', '磁流变减震器']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The error `work` throws, as a DomainError (fails the test when nothing or something else is thrown). */
function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('sniffFileType', () => {
  it.each([
    ['a PDF', aPdf(), 'pdf'],
    ['a PNG', aPng(), 'png'],
    ['a JPEG', JPEG, 'jpeg'],
    ['a WebP', WEBP, 'webp'],
    ['a Word document', officeZip('word/document.xml'), 'docx'],
    ['an Excel workbook', officeZip('xl/workbook.xml'), 'xlsx'],
    ['a Windows executable', anExe(), null],
    ['a plain zip', zipArchive([part('readme.txt', 'hello')]), null],
    ['an OOXML zip of neither kind', officeZip('ppt/presentation.xml'), null],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>'), null],
    ['SVG (script-capable, never served as an image)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    [
      'a RIFF that is not WebP (WAV)',
      Buffer.concat([Buffer.from('RIFF'), bytes(0, 0, 0, 0), Buffer.from('WAVE')]),
      null,
    ],
    ['a PDF marker later in the file', Buffer.concat([anExe(256), Buffer.from('%PDF-1.7')]), null],
    ['a truncated PNG signature', aPng().subarray(0, 5), null],
    ['nothing', Buffer.alloc(0), null],
  ])('tells %s', (_what, data, expected) => {
    expect(sniffFileType(data)).toBe(expected);
  });

  it('tells a real .xlsx written by exceljs', async () => {
    expect(sniffFileType(await realXlsx())).toBe('xlsx');
  });

  it('reads the entry names of a zip from its central directory, and nothing from a damaged one', () => {
    expect(zipEntryNames(officeZip('word/document.xml'))).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'word/document.xml',
    ]);
    const zip = officeZip('word/document.xml');
    expect(zipEntryNames(zip.subarray(0, zip.length - 30))).toBeNull();
    expect(zipEntryNames(Buffer.from('PK\x03\x04'))).toBeNull();
  });
});

describe('requireFileType', () => {
  const IMAGES_AND_PDF = ['pdf', 'png', 'jpeg', 'webp'] as const;

  it('answers the type of an allowed file within the size', () => {
    expect(requireFileType(aPdf(), IMAGES_AND_PDF, 1024 * 1024)).toBe('pdf');
    expect(requireFileType(aPng(), IMAGES_AND_PDF, 1024 * 1024)).toBe('png');
  });

  it('refuses an .exe with a 400 naming the field and what is accepted', () => {
    const error = refusal(() => requireFileType(anExe(), IMAGES_AND_PDF, 1024 * 1024, { field: 'attachment' }));
    expect([error.code, statusOf(error.kind)]).toEqual(['file_type_not_allowed', 400]);
    expect(error.fields).toEqual([
      { field: 'attachment', reason: 'must be PDF, PNG, JPEG or WebP (this file is none of them)' },
    ]);
  });

  it('refuses a known type that is not allowed here, saying what it is', () => {
    const error = refusal(() => requireFileType(officeZip('xl/workbook.xml'), ['pdf'], 1024));
    expect(error.fields).toEqual([{ field: 'file', reason: 'must be PDF (this file is Excel (.xlsx))' }]);
  });

  it('refuses a file over the size, or one the upload cut short, before looking at its type', () => {
    const big = Buffer.concat([aPdf(), Buffer.alloc(2048)]);
    const over = refusal(() => requireFileType(big, IMAGES_AND_PDF, 2048));
    expect([over.code, statusOf(over.kind), over.fields]).toEqual([
      'file_too_large',
      400,
      [{ field: 'file', reason: 'must be at most 2 KB' }],
    ]);
    const cut = refusal(() => requireFileType(aPdf(), IMAGES_AND_PDF, 5 * 1024 * 1024, { truncated: true }));
    expect(cut.fields).toEqual([{ field: 'file', reason: 'must be at most 5 MB' }]);
  });

  it('refuses no file at all', () => {
    expect(refusal(() => requireFileType(undefined, ['pdf'], 10)).code).toBe('file_missing');
    expect(refusal(() => requireFileType(Buffer.alloc(0), ['pdf'], 10)).fields[0].field).toBe('file');
  });
});

describe('safeFileName', () => {
  it.each([
    ['磁流变减震器.pdf', 'pdf', '磁流变减震器.pdf'],
    ['C:\\Users\\李工\\样机照片.JPEG', 'jpeg', '样机照片.jpeg'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['照片.jpg', 'png', '照片.png'],
    ['report.pdf.exe', 'pdf', 'report.pdf.pdf'],
    ['a"b<c>|?*.png', 'png', 'abc.png'],
    ['', 'webp', 'file.webp'],
    [undefined, 'pdf', 'file.pdf'],
    ['.pdf', 'pdf', 'pdf.pdf'],
  ] as const)('keeps %j of a %s file as %j', (name, type, expected) => {
    expect(safeFileName(name, type)).toBe(expected);
  });

  it('shortens a long name and keeps the extension', () => {
    const name = safeFileName(`${'成果'.repeat(100)}.pdf`, 'pdf', 20);
    expect(name).toBe(`${'成果'.repeat(8)}.pdf`);
  });
});

describe('contentDisposition', () => {
  it('gives a Chinese name in RFC 5987 form with an ASCII fallback', () => {
    expect(contentDisposition('inline', '磁流变减震器.pdf')).toBe(
      `inline; filename="______.pdf"; filename*=UTF-8''%E7%A3%81%E6%B5%81%E5%8F%98%E5%87%8F%E9%9C%87%E5%99%A8.pdf`,
    );
  });

  it('percent-encodes what RFC 5987 does not allow bare and keeps quotes out of the fallback', () => {
    expect(contentDisposition('attachment', `it's (v2) "final" 100%.pdf`)).toBe(
      `attachment; filename="it's (v2) _final_ 100_.pdf"; filename*=UTF-8''it%27s%20%28v2%29%20%22final%22%20100%25.pdf`,
    );
  });
});

describe('fileResponseHeaders', () => {
  it('serves images and PDFs inline with their real type and nosniff, Office files as downloads', () => {
    expect(fileResponseHeaders('png', '样机.png', 120)).toEqual({
      'content-type': 'image/png',
      'content-disposition': `inline; filename="__.png"; filename*=UTF-8''%E6%A0%B7%E6%9C%BA.png`,
      'x-content-type-options': 'nosniff',
      'content-length': '120',
    });
    expect(fileResponseHeaders('xlsx', 'list.xlsx')['content-disposition']).toMatch(/^attachment; /);
  });
});
