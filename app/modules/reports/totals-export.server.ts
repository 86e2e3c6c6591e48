/**
 * The dashboard's figures as XLSX (numeric cells) and CSV (UTF-8 with BOM), with
 * the same filters and the same numbers as the page: amounts in 万元 converted
 * exactly from integer 元 with the shared rounding rule (~/utils/money: half up at
 * the 4th decimal, i.e. exact to the 元), rates in percent with one decimal as
 * the page shows them (formatPercentBp).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import ExcelJS from '~/utils/exceljs.server';
import { localeFromRequest, type Locale } from '~/i18n/locale';
import { makeTranslator, type Translate } from '~/i18n/translate';
import { chinaDate, chinaDateTime } from '~/modules/calendar/working-days';
import { POLICY_TOOLS } from '~/modules/catalog/codes';
import { BOM, csvField } from '~/utils/csv';
import { getDb } from '~/utils/db.server';
import { wanText } from '~/utils/money';
import { contentDisposition, downloadResponse, FILE_TYPES, safeFileStem } from '~/utils/download';
import { dashboardFilters, loadDashboard, requireDashboardViewer, type DashboardData, type FigureRow } from './dashboard.server';
import type { ComparedFigure } from './headline.server';
import { formatPercentBp, formatPointsBp } from './ranking-month';
import { isAmountMetric } from './targets';
import { periodLabel } from './targets.server';
import { DIMENSIONS, type Dimension, type Totals } from './totals.server';

export type Cell = { text: string } | { wanOf: number } | { int: number } | { pctBp: number | null };

export interface ExportTable {
  /** sheet name / CSV section title */
  name: string;
  header: string[];
  rows: Cell[][];
}

/** The percent as shown (one decimal), as a fraction for a percent-formatted cell: 8527 bp → "85.3%" → 853 / 1000. */
function pctFraction(bp: number): number {
  const tenths = Number(formatPercentBp(bp).replace('%', '').replace('.', ''));
  return tenths / 1000;
}

export function periodText(t: Translate, filters: DashboardData['filters']): string {
  if (filters.from && filters.to) return t('dashboard.period.range', { from: filters.from, to: filters.to });
  if (filters.from) return t('dashboard.period.from', { from: filters.from });
  if (filters.to) return t('dashboard.period.to', { to: filters.to });
  return t('dashboard.period.all');
}

const figureCells = (r: Totals & { fulfilmentBp: number | null }): Cell[] => [
  { int: r.signedCount },
  { wanOf: r.signedAmount },
  { wanOf: r.approvedAmount },
  { wanOf: r.disbursedAmount },
  { pctBp: r.fulfilmentBp },
  { int: r.terminatedCount },
];

/** The tables of an export: a summary, then one per breakdown (with a total line). */
export function exportTables(data: DashboardData, locale: Locale, now = new Date()): ExportTable[] {
  const t = makeTranslator(locale);
  const wan = t('dashboard.unit.wanParen');
  const tot = data.totals;
  const summary: ExportTable = {
    name: t('dashboard.export.sheet.summary'),
    header: [t('dashboard.export.item'), t('dashboard.export.value')],
    rows: [
      [{ text: t('dashboard.export.scope') }, { text: data.scopeName }],
      [{ text: t('dashboard.export.period') }, { text: periodText(t, data.filters) }],
      [{ text: t('dashboard.export.district') }, { text: data.filterLabels.district ?? t('dashboard.filter.any') }],
      [{ text: t('dashboard.export.event') }, { text: data.filterLabels.event ?? t('dashboard.filter.any') }],
      [{ text: t('dashboard.col.signedCount') }, { int: tot.signedCount }],
      [{ text: t('dashboard.col.signedAmount') + wan }, { wanOf: tot.signedAmount }],
      [{ text: t('dashboard.col.approvedAmount') + wan }, { wanOf: tot.approvedAmount }],
      [{ text: t('dashboard.col.disbursedAmount') + wan }, { wanOf: tot.disbursedAmount }],
      [{ text: t('dashboard.col.fulfilment') }, { pctBp: tot.fulfilmentBp }],
      [{ text: t('dashboard.col.terminated') }, { int: tot.terminatedCount }],
      [{ text: t('dashboard.col.terminated') + wan }, { wanOf: tot.terminatedAmount }],
      [{ text: t('dashboard.stat.response') }, { pctBp: data.response.rateBp }],
      [{ text: t('dashboard.col.responsePairs') }, { text: `${data.response.answered}/${data.response.eligible}` }],
      [{ text: t('dashboard.stat.served') }, { int: data.enterprises.served }],
      [{ text: t('dashboard.stat.signedEnterprises') }, { int: data.enterprises.signed }],
      [{ text: t('dashboard.export.generatedAt') }, { text: chinaDateTime(now.toISOString()) }],
      [{ text: t('dashboard.export.unitNote') }, { text: '' }],
      [{ text: t('dashboard.def.counting') }, { text: '' }],
      [{ text: t('dashboard.def.fulfilment') }, { text: '' }],
      [{ text: t('dashboard.def.response') }, { text: '' }],
      [{ text: t('dashboard.def.enterprises') }, { text: '' }],
    ],
  };
  const tables = [summary, comparisonTable(data, t)];
  for (const by of DIMENSIONS) {
    const rows: FigureRow[] = data.breakdowns[by];
    if (by === 'bank' && data.viewer === 'bank') continue;
    const withResponse = by === 'bank';
    const header = [
      t(`dashboard.col.${by}`),
      t('dashboard.col.signedCount'),
      t('dashboard.col.signedAmount') + wan,
      t('dashboard.col.approvedAmount') + wan,
      t('dashboard.col.disbursedAmount') + wan,
      t('dashboard.col.fulfilment'),
      t('dashboard.col.terminated'),
      ...(withResponse ? [t('dashboard.col.response'), t('dashboard.col.responsePairs')] : []),
    ];
    const body: Cell[][] = rows.map((r) => [
      { text: r.label },
      ...figureCells(r),
      ...(withResponse
        ? [{ pctBp: r.response?.rateBp ?? null }, { text: `${r.response?.answered ?? 0}/${r.response?.eligible ?? 0}` }]
        : []),
    ]);
    body.push([
      { text: t('dashboard.col.total') },
      ...figureCells(tot),
      ...(withResponse ? [{ pctBp: data.response.rateBp }, { text: `${data.response.answered}/${data.response.eligible}` }] : []),
    ]);
    tables.push({ name: t(`dashboard.section.${by satisfies Dimension}`), header, rows: body });
  }
  // totals by policy tool (issue 18): an agreement using two tools counts under both
  tables.push({
    name: t('dashboard.policy.title'),
    header: [
      t('dashboard.policy.tool'),
      t('dashboard.col.signedCount'),
      t('dashboard.col.signedAmount') + wan,
      t('dashboard.col.approvedAmount') + wan,
      t('dashboard.col.disbursedAmount') + wan,
    ],
    rows: [
      ...data.policies.rows.map((r): Cell[] => [
        { text: r.key ? POLICY_TOOLS[r.key][locale === 'en' ? 1 : 0] : t('dashboard.policy.none') },
        { int: r.count },
        { wanOf: r.signedAmount },
        { wanOf: r.approvedAmount },
        { wanOf: r.disbursedAmount },
      ]),
      [{ text: t('dashboard.policy.tagged') }, { int: data.policies.tagged.count }, { wanOf: data.policies.tagged.signedAmount }],
      [{ text: t('dashboard.policy.note') }],
    ],
  });
  if (data.targets.rows.length) {
    // targets (decision 030d): amounts in 万元 like every amount here; enterprises as a count
    tables.push({
      name: t('targets.export.sheet'),
      header: [
        t('targets.col.unit'),
        t('targets.col.period'),
        t('targets.col.metric'),
        `${t('targets.col.target')}${wan}/${t('targets.enterprises', { n: '' })}`,
        `${t('targets.col.actual')}${wan}/${t('targets.enterprises', { n: '' })}`,
        t('targets.col.completion'),
        t('targets.col.timeShare'),
        t('targets.col.status'),
      ],
      rows: [
        ...data.targets.rows.map((r): Cell[] => [
          { text: r.unitName },
          { text: periodLabel(t, r.period) },
          { text: t(`targets.metric.${r.metric}`) },
          isAmountMetric(r.metric) ? { wanOf: r.target } : { int: r.target },
          isAmountMetric(r.metric) ? { wanOf: r.actual } : { int: r.actual },
          { pctBp: r.completionBp },
          { pctBp: r.timeShareBp },
          { text: t(r.behind ? 'targets.status.behind' : r.timeShareBp === 0 ? 'targets.status.notStarted' : 'targets.status.ok') },
        ]),
        [{ text: t('targets.dashboard.note', { date: data.targets.asOf }) }],
        [{ text: t('targets.def') }],
      ],
    });
  }
  return tables;
}

/** 环比 / 同比 of the headline figures (decision 036h): the compared month, the month before, the same month a year earlier. */
function comparisonTable(data: DashboardData, t: Translate): ExportTable {
  const c = data.comparison;
  const wan = t('dashboard.unit.wanParen');
  const lines: { figure: ComparedFigure; label: string; kind: 'amount' | 'rate' | 'count' }[] = [
    { figure: 'signedAmount', label: t('dashboard.col.signedAmount') + wan, kind: 'amount' },
    { figure: 'approvedAmount', label: t('dashboard.col.approvedAmount') + wan, kind: 'amount' },
    { figure: 'disbursedAmount', label: t('dashboard.col.disbursedAmount') + wan, kind: 'amount' },
    { figure: 'fulfilmentBp', label: t('dashboard.col.fulfilment'), kind: 'rate' },
    { figure: 'responseBp', label: t('dashboard.stat.response'), kind: 'rate' },
    { figure: 'terminatedAmount', label: t('dashboard.col.terminated') + wan, kind: 'amount' },
    { figure: 'served', label: t('dashboard.stat.served'), kind: 'count' },
    { figure: 'signed', label: t('dashboard.stat.signedEnterprises'), kind: 'count' },
  ];
  const value = (kind: string, v: number | null): Cell =>
    kind === 'amount' ? { wanOf: v ?? 0 } : kind === 'count' ? { int: v ?? 0 } : { pctBp: v };
  const change = (kind: string, bp: number | null): Cell =>
    kind === 'rate' ? { text: bp == null ? '' : t('dashboard.compare.points', { n: formatPointsBp(bp) }) } : { pctBp: bp };
  return {
    name: t('dashboard.export.sheet.compare'),
    header: [t('dashboard.export.item'), c.month, c.previousMonth, t('dashboard.export.mom'), c.lastYearMonth, t('dashboard.export.yoy')],
    rows: [
      ...lines.map((l): Cell[] => [
        { text: l.label },
        value(l.kind, c.current[l.figure]),
        value(l.kind, c.previous[l.figure]),
        change(l.kind, c.change[l.figure].mom),
        value(l.kind, c.lastYear[l.figure]),
        change(l.kind, c.change[l.figure].yoy),
      ]),
      [{ text: t('dashboard.def.compare') }],
    ],
  };
}

/* ---------- XLSX ---------- */

export async function dashboardXlsx(data: DashboardData, locale: Locale, now = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Finmatch';
  wb.created = now;
  for (const table of exportTables(data, locale, now)) {
    const ws = wb.addWorksheet(table.name.slice(0, 31));
    ws.addRow(table.header).font = { bold: true };
    for (const cells of table.rows) {
      const row = ws.addRow(
        cells.map((c) => {
          if ('text' in c) return c.text;
          if ('int' in c) return c.int;
          if ('wanOf' in c) return Number(wanText(c.wanOf));
          return c.pctBp == null ? null : pctFraction(c.pctBp);
        }),
      );
      cells.forEach((c, i) => {
        if ('pctBp' in c) row.getCell(i + 1).numFmt = '0.0%';
        // amounts: numbers in 万元 shown with two decimals, as in every workbook (decision 030b)
        if ('wanOf' in c) row.getCell(i + 1).numFmt = '#,##0.00';
      });
    }
    ws.columns.forEach((col, i) => {
      col.width = i === 0 ? 28 : 16;
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/* ---------- CSV ---------- */

function cellText(c: Cell): string {
  if ('text' in c) return csvField(c.text);
  if ('int' in c) return String(c.int);
  if ('wanOf' in c) return wanText(c.wanOf);
  return formatPercentBp(c.pctBp).replace('—', '');
}

/** UTF-8 with BOM (Excel opens it as UTF-8); sections separated by an empty line. */
export function dashboardCsv(data: DashboardData, locale: Locale, now = new Date()): string {
  const lines: string[] = [];
  for (const [i, table] of exportTables(data, locale, now).entries()) {
    if (i > 0) lines.push('');
    lines.push(csvField(table.name));
    lines.push(table.header.map(csvField).join(','));
    for (const cells of table.rows) lines.push(cells.map(cellText).join(','));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** The file name of an export ("数据看板-平顶山市-2026-11-26.xlsx", China date) and its ASCII fallback. */
function exportFileNames(title: string, ext: 'xlsx' | 'csv', now: Date): [name: string, ascii: string] {
  const date = chinaDate(now);
  return [`${safeFileStem(title, 'dashboard')}-${date}.${ext}`, `dashboard-${date}.${ext}`];
}

/** `attachment` with an ASCII fallback and the real name UTF-8 percent-encoded (RFC 6266 / 5987). */
export function attachmentHeader(title: string, ext: 'xlsx' | 'csv', now = new Date()): string {
  return contentDisposition(...exportFileNames(title, ext, now));
}

/**
 * The dashboard's figures as a file (`csv` or `xlsx`), filtered as on screen: the
 * one loader behind /dashboard.csv and /dashboard.xlsx. Bad filters are a 400,
 * an event the viewer has no part in a 404 (AppError, answered by the route wrapper).
 */
export async function dashboardDownload({ request, context }: LoaderFunctionArgs, format: 'csv' | 'xlsx'): Promise<Response> {
  const viewer = await requireDashboardViewer({ request, context });
  const locale = localeFromRequest(request);
  const data = await loadDashboard(await getDb(), viewer, dashboardFilters(new URL(request.url).searchParams), locale);
  const body = format === 'csv' ? dashboardCsv(data, locale) : await dashboardXlsx(data, locale);
  return downloadResponse(body, FILE_TYPES[format], ...exportFileNames(exportTitle(data, locale), format, new Date()));
}

/** The title an export's file is named after: “数据看板-平顶山市”. */
export function exportTitle(data: DashboardData, locale: Locale): string {
  return `${makeTranslator(locale)('dashboard.export.filename')}-${data.scopeName}`;
}
