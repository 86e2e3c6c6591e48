/**
 * Exports of the agreement list, filtered exactly as on screen (same query as
 * list.server): XLSX (exceljs) and CSV (UTF-8 with BOM so that Excel opens
 * Chinese text correctly, CRLF line ends).
 *
 * Amounts: the CSV carries exact decimal 万元 strings; the XLSX carries numbers in
 * 万元 (the exact decimal string read as a number, as if typed into Excel) so
 * that organizers can sum and chart them. Totals are summed in integer 元 first.
 * Text cells that a spreadsheet would read as a formula are prefixed with "'".
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import ExcelJS from '~/utils/exceljs.server';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator, type Translate } from '~/i18n/translate';
import { regionName } from '~/modules/regions/regions.server';
import { getDb, type DB } from '~/utils/db.server';
import { toCsv } from '~/utils/csv';
import { fileResponse } from '~/utils/download';
import { wanText } from '~/utils/money';
import { requireAgreementActor } from './access.server';
import { lateRule } from './late.server';
import { allAgreements, agreementTotals, scopeOf, type AgreementListRow, type AgreementScope, type ListOptions } from './list.server';
import { agreementFiltersFromUrl, type AgreementFilters } from './schema';

type Cell = string | number | null;

interface Column {
  key: string;
  header: string;
  money?: boolean;
  width: number;
  value: (r: AgreementListRow) => Cell;
}

function columns(t: Translate): Column[] {
  return [
    { key: 'documentNo', header: t('agreements.field.documentNo'), width: 18, value: (r) => r.documentNo ?? '' },
    { key: 'status', header: t('agreements.field.status'), width: 10, value: (r) => t(`agreements.status.${r.status}`) },
    { key: 'bank', header: t('agreements.field.bank'), width: 28, value: (r) => r.bankName },
    { key: 'enterprise', header: t('agreements.field.enterprise'), width: 32, value: (r) => r.enterpriseName },
    { key: 'region', header: t('agreements.field.region'), width: 12, value: (r) => regionName(r.regionCode) },
    { key: 'event', header: t('agreements.field.event'), width: 28, value: (r) => r.eventTitle ?? '' },
    { key: 'amount', header: t('agreements.export.amountWan'), money: true, width: 14, value: (r) => r.amount },
    { key: 'term', header: t('agreements.export.termMonths'), width: 10, value: (r) => r.termMonths },
    { key: 'signedOn', header: t('agreements.field.signedOn'), width: 12, value: (r) => r.signedOn },
    { key: 'approvedAmount', header: t('agreements.export.approvedWan'), money: true, width: 14, value: (r) => r.approvedAmount },
    { key: 'approvedOn', header: t('agreements.field.approvedOn'), width: 12, value: (r) => r.approvedOn ?? '' },
    { key: 'disbursedAmount', header: t('agreements.export.disbursedWan'), money: true, width: 14, value: (r) => r.disbursedAmount },
    { key: 'lastDisbursedOn', header: t('agreements.field.lastDisbursedOn'), width: 12, value: (r) => r.lastDisbursedOn ?? '' },
    { key: 'bankSignatory', header: t('agreements.field.bankSignatory'), width: 12, value: (r) => r.bankSignatory },
    { key: 'enterpriseSignatory', header: t('agreements.field.enterpriseSignatory'), width: 12, value: (r) => r.enterpriseSignatory },
    { key: 'reason', header: t('agreements.field.statusReason'), width: 24, value: (r) => r.statusReason ?? '' },
    { key: 'id', header: t('agreements.export.id'), width: 18, value: (r) => r.id },
  ];
}

export interface ExportInput {
  scope: AgreementScope;
  filters: AgreementFilters;
  opts?: ListOptions;
  t: Translate;
}

/** The rows of the export: what the list shows for these filters. */
export function exportRows(db: DB, input: ExportInput): Promise<AgreementListRow[]> {
  return allAgreements(db, input.scope, input.filters, input.opts ?? {});
}

/** CSV text with a byte-order mark; amounts as exact 万元 decimals. */
export async function agreementsCsv(db: DB, input: ExportInput): Promise<string> {
  const cols = columns(input.t);
  const rows = await exportRows(db, input);
  return toCsv([
    cols.map((c) => c.header),
    ...rows.map((r) =>
      cols.map((c) => {
        const v = c.value(r);
        return c.money && typeof v === 'number' ? wanText(v) : v;
      }),
    ),
  ]);
}

/** An XLSX workbook: sheet 1 the rows, sheet 2 the totals of the same filtered list. */
export async function agreementsXlsx(db: DB, input: ExportInput): Promise<Buffer> {
  const { t } = input;
  const cols = columns(t);
  const [rows, totals] = await Promise.all([exportRows(db, input), agreementTotals(db, input.scope, input.filters, input.opts ?? {})]);
  const wb = new ExcelJS.Workbook();
  wb.creator = t('app.name');
  wb.created = new Date();
  const sheet = wb.addWorksheet(t('agreements.export.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = cols.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.money ? { numFmt: '#,##0.00' } : {} }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values: Record<string, Cell> = {};
    for (const c of cols) {
      const v = c.value(r);
      values[c.key] = c.money && typeof v === 'number' ? Number(wanText(v)) : v;
    }
    sheet.addRow(values);
  }
  const sum = wb.addWorksheet(t('agreements.export.totalsSheet'));
  sum.columns = [
    { header: t('agreements.export.metric'), key: 'metric', width: 28 },
    { header: t('agreements.export.value'), key: 'value', width: 18 },
  ];
  sum.getRow(1).font = { bold: true };
  const wanRow = (label: string, yuan: number) => sum.addRow({ metric: label, value: Number(wanText(yuan)) });
  sum.addRow({ metric: t('agreements.totals.count'), value: totals.count });
  sum.addRow({ metric: t('agreements.totals.confirmedCount'), value: totals.confirmedCount });
  sum.addRow({ metric: t('agreements.totals.banks'), value: totals.bankCount });
  sum.addRow({ metric: t('agreements.totals.enterprises'), value: totals.enterpriseCount });
  wanRow(`${t('agreements.totals.signed')}（${t('agreements.unit.wan')}）`, totals.signedAmount);
  wanRow(`${t('agreements.totals.approved')}（${t('agreements.unit.wan')}）`, totals.approvedAmount);
  wanRow(`${t('agreements.totals.disbursed')}（${t('agreements.unit.wan')}）`, totals.disbursedAmount);
  sum.addRow({ metric: t('agreements.totals.terminatedCount'), value: totals.terminatedCount });
  wanRow(`${t('agreements.totals.terminated')}（${t('agreements.unit.wan')}）`, totals.terminatedAmount);
  sum.addRow({ metric: t('agreements.totals.proposedCount'), value: totals.proposedCount });
  wanRow(`${t('agreements.totals.proposed')}（${t('agreements.unit.wan')}）`, totals.proposedAmount);
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}

/**
 * The agreement list as a file (`csv` or `xlsx`), filtered as on screen: the one
 * loader behind /agreements.csv and /agreements.xlsx.
 */
export async function agreementsDownload({ request, context }: LoaderFunctionArgs, format: 'csv' | 'xlsx'): Promise<Response> {
  const actor = await requireAgreementActor({ request, context });
  const db = await getDb();
  const { filters } = agreementFiltersFromUrl(new URL(request.url));
  const rule = await lateRule(db, actor.kind === 'organizer' ? actor.regionCode : null);
  const t = makeTranslator(localeFromRequest(request));
  const input: ExportInput = { scope: scopeOf(actor), filters, opts: actor.kind === 'organizer' ? { lateCutoff: rule.cutoff } : {}, t };
  const body = format === 'csv' ? await agreementsCsv(db, input) : await agreementsXlsx(db, input);
  // "合作意向书-2026-11-26.xlsx", ASCII fallback "agreements-2026-11-26.xlsx"
  return fileResponse(body, format, `${t('agreements.export.fileName')}-${rule.today}`, `agreements-${rule.today}`);
}
