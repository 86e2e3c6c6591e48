/**
 * The monthly 通报 as a Word document (docx), so the office can edit it before
 * sending (decision 030c): the same 版头, 文号, title, 主送, body, 落款 and 抄送 as
 * the PDF, page numbers “— 1 —” in the footer, and the ranking tables as the annex.
 * Fonts are named the way offices have them (方正小标宋简体 for the title,
 * 仿宋_GB2312 for the body, 黑体 for headings); Word substitutes where missing.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Locale } from '~/i18n/locale';
import { makeTranslator, type Translate } from '~/i18n/translate';
import { followThroughTable } from '~/modules/followup/outcomes-report';
import { OUTCOME_NOTES } from '~/modules/followup/outcomes';
import { toWan } from '~/utils/money';
import { chineseDate } from './bulletin-schema';
import { bulletinBody, monthDisplay } from './bulletin-text';
import { changeText, rankText } from './rank';
import { formatPercentBp } from './ranking-month';
import { RANKING_NOTES } from './ranking-notes';
import { documentNoText, idleText, type BulletinOptions } from './ranking-pdf';
import type { MonthlyRanking, RankingRow } from './ranking.server';

const BODY_FONT = '仿宋_GB2312';
const TITLE_FONT = '方正小标宋简体';
const HEADING_FONT = '黑体';
/** half-points: 三号 16 pt, 二号 22 pt, 四号 14 pt */
const SIZE = { body: 32, title: 44, small: 28, table: 21, red: 60 };
const MM = 56.7; // twips per mm

const run = (text: string, o: { font?: string; size?: number; bold?: boolean; color?: string } = {}) =>
  new TextRun({ text, font: o.font ?? BODY_FONT, size: o.size ?? SIZE.body, bold: o.bold, color: o.color });

function para(
  text: string,
  o: {
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    indent?: boolean;
    font?: string;
    size?: number;
    bold?: boolean;
    color?: string;
    before?: number;
  } = {},
) {
  return new Paragraph({
    alignment: o.align,
    indent: o.indent ? { firstLine: 640 } : undefined,
    spacing: { line: 560, before: o.before ?? 0 },
    children: [run(text, o)],
  });
}

function table(t: Translate, rows: RankingRow[], nameHeader: string, name: (r: RankingRow) => string): Table {
  const header = [
    t('ranking.col.rank'),
    nameHeader,
    t('ranking.col.signedWan'),
    t('ranking.col.count'),
    t('ranking.col.signedChangeWan'),
    t('ranking.col.rankChange'),
    t('ranking.col.fulfilment'),
    t('ranking.col.satisfaction'),
  ];
  const cell = (text: string, bold = false) =>
    new TableCell({
      children: [new Paragraph({ children: [run(text, { size: SIZE.table, bold, font: bold ? HEADING_FONT : BODY_FONT })] })],
    });
  const body = rows
    .filter((r) => r.rank !== null)
    .map(
      (r) =>
        new TableRow({
          children: [
            cell(rankText(r, t('ranking.tied'))),
            cell(name(r)),
            cell(toWan(r.signed)),
            cell(String(r.signedCount)),
            cell(r.signedChange === 0 ? '0' : `${r.signedChange > 0 ? '+' : '-'}${toWan(Math.abs(r.signedChange))}`),
            cell(changeText(r.change, { same: t('ranking.change.same'), new: t('ranking.change.new') })),
            cell(formatPercentBp(r.fulfilmentBp)),
            cell(`${formatPercentBp(r.satisfactionBp)} (${r.satisfied}/${r.rated})`),
          ],
        }),
    );
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...body],
  });
}

/** 跟进成效 as an annex table (decision 037d): the same cells as the PDF's. */
function followThroughAnnex(t: Translate, f: NonNullable<BulletinOptions['followThrough']>, n: number, month: string) {
  const { header, rows } = followThroughTable(t, f, (code, label) =>
    code === f.regionCode ? t('ranking.cityLevel', { name: label }) : label,
  );
  const cell = (text: string, bold = false) =>
    new TableCell({
      children: [new Paragraph({ children: [run(text, { size: SIZE.table, bold, font: bold ? HEADING_FONT : BODY_FONT })] })],
    });
  return [
    para(t('bulletin.annex.title', { n }), { font: HEADING_FONT, before: 280 }),
    para(`${t('followThrough.annex.title')}（${month}）`, { align: AlignmentType.CENTER, font: TITLE_FONT }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
        ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
      ],
    }),
  ];
}

export async function renderBulletinDocx(ranking: MonthlyRanking, locale: Locale, options: BulletinOptions): Promise<Buffer> {
  const t = makeTranslator(locale);
  const month = monthDisplay(t, ranking.month);
  const { settings, issued } = options;
  const docNo = documentNoText(options);
  const district = (r: RankingRow) => (r.cityLevel ? t('ranking.cityLevel', { name: r.name }) : r.name);
  const head: Paragraph[] = settings.redHeader
    ? [
        para(t('bulletin.redHeader', { issuer: settings.issuer }), {
          align: AlignmentType.CENTER,
          font: TITLE_FONT,
          size: SIZE.red,
          color: 'D0021B',
          bold: true,
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 240, after: 480 },
          border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'D0021B', space: 8 } },
          children: [run(docNo)],
        }),
      ]
    : [para(docNo, { align: AlignmentType.RIGHT })];
  const children = [
    ...head,
    para(t('ranking.pdf.title', { region: ranking.regionName }), {
      align: AlignmentType.CENTER,
      font: TITLE_FONT,
      size: SIZE.title,
      before: 240,
    }),
    para(t('ranking.pdf.subtitle', { month }), { align: AlignmentType.CENTER }),
    para(settings.mainTo),
    ...bulletinBody(t, locale, ranking, options.extra).map((p) => para(p, { indent: true })),
    para(t(ranking.showDistricts ? 'bulletin.annex.both' : 'bulletin.annex.banks'), { indent: true, before: 280 }),
    ...settings.signature.split('\n').map((line, i) => para(line, { align: AlignmentType.RIGHT, before: i === 0 ? 560 : 0 })),
    para(chineseDate(issued?.issuedOn ?? options.today), { align: AlignmentType.RIGHT }),
    ...(settings.cc
      ? [
          new Paragraph({
            spacing: { before: 560 },
            border: {
              top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
              bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
            },
            children: [run(t('bulletin.cc', { cc: settings.cc }), { size: SIZE.small })],
          }),
        ]
      : []),
    new Paragraph({ children: [new PageBreak()] }),
    para(t('bulletin.annex.title', { n: 1 }), { font: HEADING_FONT }),
    para(`${t('ranking.banks')}（${month}）`, { align: AlignmentType.CENTER, font: TITLE_FONT }),
    table(t, ranking.banks, t('ranking.col.bank'), (r) => r.name),
    para(
      idleText(t, ranking.banks, (r) => r.name),
      { size: SIZE.small },
    ),
    ...(ranking.showDistricts
      ? [
          para(t('bulletin.annex.title', { n: 2 }), { font: HEADING_FONT, before: 280 }),
          para(`${t('ranking.districts')}（${month}）`, { align: AlignmentType.CENTER, font: TITLE_FONT }),
          table(t, ranking.districts, t('ranking.col.district'), district),
          para(idleText(t, ranking.districts, district), { size: SIZE.small }),
        ]
      : []),
    ...(options.followThrough ? followThroughAnnex(t, options.followThrough, ranking.showDistricts ? 3 : 2, month) : []),
    para(t('ranking.notes.title'), { font: HEADING_FONT, before: 280 }),
    ...(ranking.asOf ? [para(t('ranking.asOf', { date: ranking.asOf }), { size: SIZE.small })] : []),
    ...RANKING_NOTES.map((k) => para(t(k), { size: SIZE.small })),
    ...(options.followThrough
      ? [t('followThrough.asOf', { date: options.followThrough.asOf }), ...OUTCOME_NOTES.map((k) => t(k))].map((line) =>
          para(line, { size: SIZE.small }),
        )
      : []),
  ];
  const doc = new Document({
    creator: settings.issuer,
    title: `${t('ranking.pdf.title', { region: ranking.regionName })} ${month}`,
    sections: [
      {
        properties: { page: { margin: { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: SIZE.small })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
