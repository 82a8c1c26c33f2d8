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
import type { LabelledFigure } from './domain/key-figures.js';
import type { PressSummary } from './domain/press-summary.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A4 in twentieths of a point, with 2.5 cm margins. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1418;

/**
 * The press summary as a Word document for the press office: the title, the paragraphs exactly as the printable
 * page states them, the headline figures as a table, and when the figures were taken. Chinese text in 宋体 (SimSun),
 * the body font of press releases, with Latin text in Times New Roman.
 */
export function summaryDocx(
  summary: PressSummary,
  extra: { figuresHeading: string; figures: LabelledFigure[]; asOf: string },
): Promise<Buffer> {
  const cell = (text: string, align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new TableCell({
      width: { size: 50, type: WidthType.PERCENTAGE },
      children: [new Paragraph({ alignment: align, children: [new TextRun(text)] })],
    });
  const document = new Document({
    title: summary.title,
    styles: {
      default: {
        document: {
          run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun' }, size: 24 },
          paragraph: { spacing: { line: 360, after: 120 } },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, text: summary.title }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: summary.subtitle, bold: true })],
          }),
          ...summary.paragraphs.map(
            (text) => new Paragraph({ indent: { firstLine: 480 }, children: [new TextRun(text)] }),
          ),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: extra.figuresHeading }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            borders: {
              top: { style: BorderStyle.SINGLE, size: 4, color: '999999' },
              bottom: { style: BorderStyle.SINGLE, size: 4, color: '999999' },
              left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
              right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
              insideHorizontal: { style: BorderStyle.SINGLE, size: 2, color: 'CCCCCC' },
              insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
            },
            rows: extra.figures.map(
              (f) =>
                new TableRow({
                  children: [cell(f.label, AlignmentType.LEFT), cell(String(f.value), AlignmentType.RIGHT)],
                }),
            ),
          }),
          new Paragraph({
            spacing: { before: 240 },
            children: [new TextRun({ text: extra.asOf, italics: true, size: 20, color: '555555' })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
