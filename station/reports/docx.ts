import { rename, writeFile } from 'node:fs/promises';
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  TabStopType,
  TextRun,
  type IRunOptions,
} from 'docx';
import type { SpecialReportLayout } from '../../shared/reports/layout';

/**
 * A report as a Word document in the 信息专报 layout: red masthead, 第N期, issuing unit left and 签发人
 * right above a red rule, date, title, numbered sections, reporter/contact line. Page and type follow
 * the usual government document practice (GB/T 9704): A4, margins 37/26/35/28 mm, 3号仿宋 body at a
 * fixed 28 pt line, 黑体 section headings, 小标宋 title.
 */

const FANGSONG = '仿宋_GB2312';
const HEITI = '黑体';
const XIAOBIAOSONG = '方正小标宋简体';
const RED = 'C00000';
/** Half-points: 3号 = 16 pt, 2号 = 22 pt; the masthead is set large. */
const BODY = 32;
const TITLE = 44;
const MASTHEAD = 72;
const TEXT_WIDTH = convertMillimetersToTwip(210 - 28 - 26);
const LINE = { line: 560, lineRule: LineRuleType.EXACT };

const run = (text: string, opts: Omit<IRunOptions, 'text'> = {}) =>
  new TextRun({ text, font: { eastAsia: FANGSONG, ascii: FANGSONG, hAnsi: FANGSONG }, size: BODY, ...opts });

const fontOf = (name: string) => ({ eastAsia: name, ascii: name, hAnsi: name });

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({
    children: [run(text)],
    indent: { firstLine: BODY * 20 },
    spacing: LINE,
    alignment: AlignmentType.JUSTIFIED,
  });
}

export function reportDocument(layout: SpecialReportLayout): Document {
  const children: Paragraph[] = [];
  if (layout.draft) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(`草稿，未签发（第${layout.version}版）`, { color: RED, bold: true })],
      }),
    );
  }
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 120 },
      children: [
        run(layout.masthead, {
          font: fontOf(XIAOBIAOSONG),
          size: MASTHEAD,
          color: RED,
          characterSpacing: 200,
        }),
      ],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: LINE, children: [run(layout.issueLine)] }),
    // Unit left, 签发人 right, on one line with a red rule beneath.
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      spacing: LINE,
      children: [run(layout.unit), run(`\t${layout.signerLine}`)],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { ...LINE, after: 240 },
      children: [run(layout.date)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 240 },
      children: [run(layout.title, { font: fontOf(XIAOBIAOSONG), size: TITLE })],
    }),
  );
  for (const section of layout.sections) {
    children.push(
      new Paragraph({
        indent: { firstLine: BODY * 20 },
        spacing: LINE,
        children: [run(section.heading, { font: fontOf(HEITI) })],
      }),
      ...section.paragraphs.map(bodyParagraph),
    );
  }
  children.push(new Paragraph({ spacing: { ...LINE, before: 480 }, children: [run(layout.footer)] }));
  // The 签发 line (who, when, how verified) and where it went, for upload or fax (issue 19).
  for (const line of [layout.signOffLine, layout.sentToLine]) {
    if (line) children.push(new Paragraph({ spacing: LINE, children: [run(line)] }));
  }

  return new Document({
    title: layout.title,
    creator: layout.unit,
    description: `${layout.masthead} ${layout.issueLine}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        children,
      },
    ],
  });
}

/** The .docx bytes of a laid-out report. */
export function reportDocx(layout: SpecialReportLayout): Promise<Buffer> {
  return Packer.toBuffer(reportDocument(layout));
}

/** Write the .docx next to its final name first, so a crash never leaves half a document under that name. */
export async function writeReportDocx(path: string, layout: SpecialReportLayout): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, await reportDocx(layout));
  await rename(tmp, path);
}
