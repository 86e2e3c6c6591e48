/**
 * The monthly ranking as an Excel workbook (exceljs): sheets 银行排名 and 县区排名,
 * one header row, one row per bank / district, and a total row. Every figure is
 * a number cell: amounts in 万元 (converted from 元 through the exact decimal
 * string of ~/utils/money, never by float division), counts and ranks as
 * integers, rank changes as signed integers shown ↑n / ↓n, rates as fractions
 * shown as percentages. Empty rates (nothing to measure) are empty cells.
 *
 * Decision 030a: only units with a signing in the month have a rank; a shared
 * rank is noted 并列, a unit ranked now but not last month 新上榜 (its change cell
 * says so instead of a number), units with nothing in the month come last with
 * no rank and the note 本月无签约. A sheet 口径说明 carries the definitions.
 */
import ExcelJS, { type Workbook } from '~/utils/exceljs.server';
import type { Locale } from '~/i18n/locale';
import { makeTranslator, type Translate } from '~/i18n/translate';
import { addFollowThroughSheet } from '~/modules/followup/outcomes-report';
import type { FollowThroughOutcomes } from '~/modules/followup/outcomes.server';
import { toWan } from '~/utils/money';
import { RANKING_NOTES } from './ranking-notes';
import type { MonthlyRanking, RankingFigures, RankingRow } from './ranking.server';

const WAN_FORMAT = '#,##0.00';
const RATE_FORMAT = '0.0%';
const POINTS_FORMAT = '+0.0;-0.0;0.0';
const RANK_CHANGE_FORMAT = '"↑"0;"↓"0;"—"';

/** 元 → 万元 as a number, exact to the 元 (4 decimals). */
export function wanNumber(yuan: number): number {
  return Number(toWan(yuan).replace(/,/g, ''));
}

const rate = (bp: number | null) => (bp === null ? null : bp / 10_000);
const points = (bp: number | null) => (bp === null ? null : bp / 100);

interface Col {
  header: string;
  width: number;
  numFmt?: string;
  value: (r: RankingFigures & Partial<RankingRow>) => string | number | null;
  /** in the total row: the column's value, or blank */
  total?: boolean;
}

function note(t: Translate, r: RankingRow): string | null {
  if (r.rank === null) return t('ranking.idle.title');
  const parts = [r.tied ? t('ranking.tied').trim() : '', r.change.kind === 'new' ? t('ranking.change.new') : ''].filter(Boolean);
  return parts.length ? parts.join('，') : null;
}

function columns(t: Translate, nameHeader: string, name: (r: RankingRow) => string): Col[] {
  return [
    { header: t('ranking.col.rank'), width: 7, value: (r) => r.rank ?? null },
    { header: nameHeader, width: 32, value: (r) => (r.key ? name(r as RankingRow) : t('ranking.total')) },
    { header: t('ranking.col.signedWan'), width: 16, numFmt: WAN_FORMAT, value: (r) => wanNumber(r.signed), total: true },
    { header: t('ranking.col.count'), width: 10, value: (r) => r.signedCount, total: true },
    { header: t('ranking.col.prevSignedWan'), width: 16, numFmt: WAN_FORMAT, value: (r) => wanNumber(r.prevSigned), total: true },
    { header: t('ranking.col.signedChangeWan'), width: 14, numFmt: WAN_FORMAT, value: (r) => wanNumber(r.signedChange), total: true },
    { header: t('ranking.col.prevRank'), width: 10, value: (r) => r.prevRank ?? null },
    {
      header: t('ranking.col.rankChange'),
      width: 10,
      numFmt: RANK_CHANGE_FORMAT,
      value: (r) =>
        !r.change ? null : r.change.kind === 'moved' ? r.change.places : r.change.kind === 'new' ? t('ranking.change.new') : null,
    },
    { header: t('ranking.col.note'), width: 14, value: (r) => (r.change ? note(t, r as RankingRow) : null) },
    {
      header: t('ranking.col.cumulativeSignedWan'),
      width: 20,
      numFmt: WAN_FORMAT,
      value: (r) => wanNumber(r.cumulativeSigned),
      total: true,
    },
    {
      header: t('ranking.col.cumulativeDisbursedWan'),
      width: 20,
      numFmt: WAN_FORMAT,
      value: (r) => wanNumber(r.cumulativeDisbursed),
      total: true,
    },
    { header: t('ranking.col.fulfilment'), width: 10, numFmt: RATE_FORMAT, value: (r) => rate(r.fulfilmentBp), total: true },
    {
      header: t('ranking.col.fulfilmentChange'),
      width: 16,
      numFmt: POINTS_FORMAT,
      value: (r) => points(r.fulfilmentChangeBp),
      total: true,
    },
    { header: t('ranking.col.timely'), width: 12, value: (r) => r.timely, total: true },
    { header: t('ranking.col.due'), width: 12, value: (r) => r.due, total: true },
    { header: t('ranking.col.timeliness'), width: 12, numFmt: RATE_FORMAT, value: (r) => rate(r.timelinessBp), total: true },
    {
      header: t('ranking.col.timelinessChange'),
      width: 16,
      numFmt: POINTS_FORMAT,
      value: (r) => points(r.timelinessChangeBp),
      total: true,
    },
    { header: t('ranking.col.rated'), width: 10, value: (r) => r.rated, total: true },
    { header: t('ranking.col.satisfied'), width: 10, value: (r) => r.satisfied, total: true },
    { header: t('ranking.col.satisfaction'), width: 10, numFmt: RATE_FORMAT, value: (r) => rate(r.satisfactionBp), total: true },
    {
      header: t('ranking.col.satisfactionChange'),
      width: 16,
      numFmt: POINTS_FORMAT,
      value: (r) => points(r.satisfactionChangeBp),
      total: true,
    },
  ];
}

function addSheet(wb: Workbook, title: string, cols: Col[], rows: RankingRow[], totals: RankingFigures) {
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(cols.map((c) => c.value(r)));
  const total = ws.addRow(cols.map((c, i) => (i === 1 ? c.value(totals) : c.total ? c.value(totals) : null)));
  total.font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
}

/** The workbook as XLSX bytes. */
export async function rankingWorkbook(ranking: MonthlyRanking, locale: Locale, followThrough?: FollowThroughOutcomes): Promise<Buffer> {
  const t = makeTranslator(locale);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Finmatch';
  wb.created = new Date(ranking.generatedAt);
  addSheet(
    wb,
    t('ranking.sheet.banks'),
    columns(t, t('ranking.col.bank'), (r) => r.name),
    ranking.banks,
    ranking.totals,
  );
  if (ranking.showDistricts) {
    addSheet(
      wb,
      t('ranking.sheet.districts'),
      columns(t, t('ranking.col.district'), (r) => (r.cityLevel ? t('ranking.cityLevel', { name: r.name }) : r.name)),
      ranking.districts,
      ranking.totals,
    );
  }
  const notes = wb.addWorksheet(t('ranking.sheet.notes'));
  notes.columns = [{ header: t('ranking.notes.title'), width: 120 }];
  notes.getRow(1).font = { bold: true };
  if (ranking.asOf) notes.addRow([t('ranking.asOf', { date: ranking.asOf })]);
  if (!ranking.showDistricts) notes.addRow([t('ranking.districts.single')]);
  for (const k of RANKING_NOTES) notes.addRow([t(k)]);
  notes.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  // 跟进成效 (decision 037d): its own sheet and definitions
  if (followThrough) addFollowThroughSheet(wb, t, followThrough);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
