import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { RunSheetModel } from './run-sheet-model.js';

const FONT = { ascii: 'Arial', eastAsia: 'SimSun', hAnsi: 'Arial' };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

const para = (text: string, options: { bold?: boolean; size?: number; spacingAfter?: number } = {}) =>
  new Paragraph({
    spacing: { after: options.spacingAfter ?? 80 },
    children: [new TextRun({ text, bold: options.bold, size: options.size, font: FONT })],
  });

/** A cell holding one paragraph per line. */
const cell = (lines: string[], options: { bold?: boolean; width?: number } = {}) =>
  new TableCell({
    borders: BORDERS,
    width: options.width ? { size: options.width, type: WidthType.PERCENTAGE } : undefined,
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
    children: (lines.length ? lines : ['']).map((line) =>
      para(line, { bold: options.bold, size: 20, spacingAfter: 0 }),
    ),
  });

const WIDTHS = [6, 11, 27, 17, 17, 12, 10];

/**
 * The run sheet as a Word document (A4, the organisers' working format): the order with times, who walks on
 * stage and where they sit, then the emcee's lines, from the same model as the printed page.
 */
export async function runSheetDocx(model: RunSheetModel): Promise<Buffer> {
  const c = model.columns;
  const order = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: [c.number, c.time, c.agreement, c.left, c.right, c.witnesses, c.notes].map((h, i) =>
          cell([h], { bold: true, width: WIDTHS[i] }),
        ),
      }),
      ...model.rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: [
              cell([String(row.number)], { width: WIDTHS[0] }),
              cell([row.time], { width: WIDTHS[1] }),
              cell([row.title, row.kind], { width: WIDTHS[2] }),
              cell(row.left, { width: WIDTHS[3] }),
              cell(row.right, { width: WIDTHS[4] }),
              cell(row.witnesses, { width: WIDTHS[5] }),
              cell(row.notes, { width: WIDTHS[6] }),
            ],
          }),
      ),
    ],
  });

  const stage = model.stage.flatMap((item) => {
    const seats = Math.max(item.left.length, item.right.length);
    return [
      new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun({ text: item.heading, font: FONT })] }),
      para(`${item.onStageLabel}${item.onStage.join('、')}`),
      para(item.seatsLabel, { bold: true }),
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: Array.from(
          { length: seats },
          (_, i) =>
            new TableRow({
              cantSplit: true,
              children: [item.left[i], item.right[i]].map((seat) =>
                cell(seat ? [`${seat.seat}  ${seat.organisation}`, seat.person] : [''], { width: 50 }),
              ),
            }),
        ),
      }),
    ];
  });

  const lines = model.lines.flatMap((line) => [
    new Paragraph({
      spacing: { before: 160, after: 60 },
      children: [new TextRun({ text: `${line.label}（${line.time}）`, bold: true, font: FONT })],
    }),
    para(line.text, { size: 24 }),
    ...(line.after ? [para(line.after, { size: 24 })] : []),
  ]);

  const doc = new Document({
    creator: 'Duijie',
    title: model.title,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 900, bottom: 900, left: 900, right: 900 },
          },
        },
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: model.title, bold: true, font: FONT })],
          }),
          ...model.meta.map((m) => para(`${m.label}：${m.value}`)),
          ...(model.overrun ? [para(model.overrun, { bold: true })] : []),
          order,
          new Paragraph({
            heading: HeadingLevel.HEADING_2,
            pageBreakBefore: true,
            children: [new TextRun({ text: model.stageHeading, font: FONT })],
          }),
          ...stage,
          new Paragraph({
            heading: HeadingLevel.HEADING_2,
            pageBreakBefore: true,
            children: [new TextRun({ text: model.emceeHeading, font: FONT })],
          }),
          ...lines,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
