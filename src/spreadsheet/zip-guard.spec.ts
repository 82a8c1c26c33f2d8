import { part, repeatedPart, xlsxBomb, zipArchive } from '../../test/support/zip.js';
import { SpreadsheetError } from './spreadsheet.errors.js';
import { checkZip, readCentralDirectory } from './zip-guard.js';

const MB = 1024 * 1024;
const LIMITS = { maxUnpackedBytes: 40 * MB, maxEntries: 100 };

async function refusal(data: Buffer, limits = LIMITS): Promise<unknown> {
  try {
    await checkZip(data, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(SpreadsheetError);
    return { code: (error as SpreadsheetError).code, details: (error as SpreadsheetError).details };
  }
  return 'accepted';
}

describe('zip guard', () => {
  const sheetLimits = { ...LIMITS, maxRows: 2000, maxColumns: 30 };
  const sheetOf = (unit: string, bytes: number) =>
    zipArchive([repeatedPart('xl/worksheets/sheet1.xml', '<worksheet><sheetData>', unit, bytes)]);

  it('refuses a sheet of far more rows than the import takes while inflating it, before exceljs parses it', async () => {
    // 20 MB of rows: under the unpacked limit, but 740,000 rows for an import of at most 2,000.
    expect(await refusal(sheetOf('<row><c><v>1</v></c></row>', 20 * MB), sheetLimits)).toEqual({
      code: 'too_many_rows',
      details: { limit: 2000, message: 'at most 2000 rows' },
    });
  });

  it('refuses one row of a million cells the same way, naming the columns', async () => {
    const data = zipArchive([
      repeatedPart('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1">', '<c t="n"><v>1</v></c>', 20 * MB),
    ]);
    expect(await refusal(data, sheetLimits)).toEqual({
      code: 'too_many_columns',
      details: { limit: 30, message: 'at most 30 columns' },
    });
  });

  it('takes a sheet within the allowance, and counts row tags split across inflated chunks once', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}"><c><v>${i}</v></c></row>`).join('');
    const ok = zipArchive([part('xl/worksheets/sheet1.xml', `<worksheet><sheetData>${rows}</sheetData></worksheet>`)]);
    expect(await refusal(ok, sheetLimits)).toBe('accepted');
    // Other parts (shared strings) are not counted as rows.
    expect(await refusal(zipArchive([part('xl/sharedStrings.xml', '<row>'.repeat(100_000))]), sheetLimits)).toBe(
      'accepted',
    );
  });

  it('refuses a 0.4 MB .xlsx whose shared strings unpack to 400 MB, from the central directory alone', async () => {
    const bomb = await xlsxBomb(400 * MB);
    expect(bomb.length).toBeLessThan(MB);
    expect(await refusal(bomb)).toEqual({
      code: 'too_large_unpacked',
      details: {
        limit: 40 * MB,
        actual: 400 * MB,
        message: 'the file unpacks to more than 40 MB (xl/sharedStrings.xml alone: 400 MB)',
      },
    });
  });

  it('refuses many parts that are small alone but large together', async () => {
    const parts = Array.from({ length: 5 }, (_, i) => part(`xl/p${i}.xml`, 'x'.repeat(10 * MB)));
    expect(await refusal(zipArchive(parts))).toEqual({
      code: 'too_large_unpacked',
      details: { limit: 40 * MB, actual: 50 * MB, message: 'the file unpacks to more than 40 MB (50 MB)' },
    });
  });

  it('refuses an archive that lies about its sizes as soon as an entry inflates past what it declares', async () => {
    const liar = await xlsxBomb(60 * MB, { lie: true });
    expect(readCentralDirectory(liar).find((e) => e.name === 'xl/sharedStrings.xml')?.uncompressedSize).toBe(1024);
    expect(await refusal(liar)).toEqual({
      code: 'too_large_unpacked',
      details: {
        limit: 1024,
        message: 'the file unpacks to more than it declares (xl/sharedStrings.xml: over 0 MB)',
      },
    });
  });

  it('refuses too many parts', async () => {
    const parts = Array.from({ length: 101 }, (_, i) => part(`p${i}`, 'x'));
    expect(await refusal(zipArchive(parts))).toMatchObject({
      code: 'too_many_entries',
      details: { limit: 100, actual: 101 },
    });
  });

  it.each([
    ['no central directory', Buffer.from('PK\u0003\u0004 and then nothing of a zip')],
    ['a cut-off archive', zipArchive([part('a.xml', 'x'.repeat(1000))]).subarray(0, 40)],
  ])('refuses %s as not a spreadsheet', async (_name, data) => {
    expect(await refusal(data)).toMatchObject({ code: 'not_a_spreadsheet' });
  });

  it('accepts an archive within the limits, whose parts inflate to what they declare', async () => {
    const data = zipArchive([part('a.xml', '<a/>'), part('b.xml', 'y'.repeat(MB))]);
    expect(readCentralDirectory(data).map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.xml', 4],
      ['b.xml', MB],
    ]);
    expect(await refusal(data)).toBe('accepted');
  });
});
