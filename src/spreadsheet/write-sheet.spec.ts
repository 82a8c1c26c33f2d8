import ExcelJS from 'exceljs';
import { writeSheet } from './write-sheet.js';

const COLUMNS = [
  { key: 'name', label: { zh: '姓名', en: 'name' } },
  { key: 'phone', label: { zh: '电话', en: 'phone' } },
  { key: 'note', label: { zh: 'note', en: 'note' } },
];
const ROWS = [
  { name: '王敏', phone: '+86 138 0000 0000', note: '=HYPERLINK("http://evil.example")' },
  { name: '李"雷"', phone: null, note: '第一行\n第二行' },
];

describe('writeSheet', () => {
  it('writes CSV with a BOM and CRLF, neutralising formulas but not phone numbers', async () => {
    const file = await writeSheet({ format: 'csv', sheetName: 'x', columns: COLUMNS, rows: ROWS });
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.body.toString('utf8')).toBe(
      '\uFEFF姓名 name,电话 phone,note\r\n' +
        '王敏,+86 138 0000 0000,"\'=HYPERLINK(""http://evil.example"")"\r\n' +
        '"李""雷""",,"第一行\n第二行"\r\n',
    );
  });

  it('writes .xlsx with the header, text cells as given, and an instructions sheet', async () => {
    const file = await writeSheet({
      format: 'xlsx',
      sheetName: '名单 List',
      columns: COLUMNS,
      rows: ROWS,
      exampleRows: 1,
      instructions: {
        name: '说明 Instructions',
        widths: [20, 40],
        wrap: [2],
        lines: [
          { cells: ['如何导入 / How to import'], style: 'title' },
          { cells: ['姓名 name', '必填 required'], style: 'header' },
        ],
      },
    });
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['名单 List', '说明 Instructions']);
    const [sheet, help] = workbook.worksheets;
    const text = (ws: ExcelJS.Worksheet) =>
      ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.slice(1).map((v) => v ?? '')] : []));
    expect(text(sheet)).toEqual([
      ['姓名 name', '电话 phone', 'note'],
      // In .xlsx a string cell is never a formula: the value is kept exactly.
      ['王敏', '+86 138 0000 0000', '=HYPERLINK("http://evil.example")'],
      ['李"雷"', '', '第一行\n第二行'],
    ]);
    expect(sheet.getRow(2).font).toMatchObject({ italic: true });
    expect(sheet.getColumn(2).numFmt).toBe('@');
    expect(text(help)).toEqual([['如何导入 / How to import'], ['姓名 name', '必填 required']]);
    expect(help.getRow(1).font).toMatchObject({ bold: true, size: 14 });
  });
});
