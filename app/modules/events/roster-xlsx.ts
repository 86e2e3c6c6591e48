/**
 * The roster as an Excel workbook (exceljs): one sheet per section —
 * representatives, enterprise needs, schedule by table, schedule by participant,
 * sign-in sheet. Numbers are numbers (amounts in 万元 with a number format,
 * headcounts, table numbers), dates are dates, every sheet has set widths and a
 * frozen header row with a filter.
 */
import ExcelJS, { type Workbook, type Worksheet } from '~/utils/exceljs.server';
import { chinaWallClock } from '~/modules/calendar/working-days';
import type { Translate } from '~/i18n/translate';
import { meetingsByOrganization, yuanToWanNumber, type OrganizerRoster } from './roster.server';

type CellValue = string | number | Date | null;

interface ColumnSpec {
  /** i18n key of the header */
  header: string;
  width: number;
  numFmt?: string;
}

export const WAN_FORMAT = '#,##0.00';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';

/** "YYYY-MM-DD" → a Date whose UTC fields are that day (spreadsheets have no time zones). */
export function excelDate(ymd: string | null): Date | null {
  if (!ymd || !/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return null;
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** An ISO timestamp → a Date whose UTC fields are the China Standard Time wall clock. */
export function excelDateTime(iso: string | null): Date | null {
  if (!iso) return null;
  return Number.isNaN(Date.parse(iso)) ? null : chinaWallClock(iso);
}

/** Excel forbids []:*?/\ in sheet names and allows 31 characters. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

function addSheet(
  wb: Workbook,
  name: string,
  t: Translate,
  columns: ColumnSpec[],
  rows: CellValue[][],
  opts: { rowHeight?: number; borders?: boolean } = {},
): Worksheet {
  const ws = wb.addWorksheet(sheetName(name), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = columns.map((c, i) => ({ key: `c${i}`, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const header = ws.addRow(columns.map((c) => t(c.header)));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } };
  });
  for (const r of rows) {
    const row = ws.addRow(r);
    if (opts.rowHeight) row.height = opts.rowHeight;
  }
  if (rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  if (opts.borders) {
    const thin = { style: 'thin' as const, color: { argb: 'FF94A3B8' } };
    ws.eachRow((row) => {
      for (let c = 1; c <= columns.length; c++) row.getCell(c).border = { top: thin, left: thin, bottom: thin, right: thin };
    });
  }
  // the header row repeats on every printed page
  ws.pageSetup.printTitlesRow = '1:1';
  return ws;
}

/** The workbook's five sheets, in order, by i18n key of their names. */
export const XLSX_SHEETS = [
  'roster.sheet.representatives',
  'roster.sheet.needs',
  'roster.sheet.byTable',
  'roster.sheet.byParticipant',
  'roster.sheet.signIn',
] as const;

export function buildRosterWorkbook(roster: OrganizerRoster, t: Translate): Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Finmatch';
  wb.title = roster.event.title;
  wb.created = new Date(roster.generatedAt);

  // 1. representatives
  const reps: CellValue[][] = [];
  let n = 0;
  for (const org of roster.organizations) {
    for (const r of org.representatives)
      reps.push([++n, t(`roster.group.${org.role}`), org.name, r.name, r.title, r.phone, excelDateTime(r.checkedInAt)]);
  }
  addSheet(
    wb,
    t(XLSX_SHEETS[0]),
    t,
    [
      { header: 'roster.col.no', width: 7 },
      { header: 'roster.col.group', width: 12 },
      { header: 'roster.col.organization', width: 36 },
      { header: 'roster.col.name', width: 12 },
      { header: 'roster.col.title', width: 16 },
      { header: 'roster.col.phone', width: 15 },
      { header: 'roster.col.checkedInAt', width: 18, numFmt: DATETIME_FORMAT },
    ],
    reps,
  );

  // 2. open needs of the enterprises
  const needs: CellValue[][] = [];
  for (const org of roster.organizations) {
    for (const f of org.financingNeeds)
      needs.push([
        org.name,
        t('roster.needKind.financing'),
        f.title,
        yuanToWanNumber(f.amount),
        f.termMonths,
        null,
        null,
        excelDate(f.publishedOn),
      ]);
    for (const h of org.hiringNeeds)
      needs.push([org.name, t('roster.needKind.hiring'), h.title, null, null, h.headcount, h.positions, excelDate(h.publishedOn)]);
  }
  addSheet(
    wb,
    t(XLSX_SHEETS[1]),
    t,
    [
      { header: 'roster.col.organization', width: 36 },
      { header: 'roster.col.needKind', width: 10 },
      { header: 'roster.col.needTitle', width: 36 },
      { header: 'roster.col.amountWan', width: 14, numFmt: WAN_FORMAT },
      { header: 'roster.col.termMonths', width: 10, numFmt: '0' },
      { header: 'roster.col.headcount', width: 10, numFmt: '0' },
      { header: 'roster.col.positions', width: 30 },
      { header: 'roster.col.publishedOn', width: 12, numFmt: DATE_FORMAT },
    ],
    needs,
  );

  // 3. schedule by table
  const byTable = [...roster.meetings]
    .sort((a, b) => a.tableNo - b.tableNo || a.slot - b.slot)
    .map((m): CellValue[] => [m.tableNo, m.time, m.enterprise.name, m.bank.name]);
  addSheet(
    wb,
    t(XLSX_SHEETS[2]),
    t,
    [
      { header: 'roster.col.table', width: 8, numFmt: '0' },
      { header: 'roster.col.time', width: 14 },
      { header: 'roster.col.enterprise', width: 36 },
      { header: 'roster.col.bank', width: 36 },
    ],
    byTable,
  );

  // 4. schedule by participant
  const perOrg = meetingsByOrganization(roster.meetings);
  const byParticipant: CellValue[][] = [];
  for (const org of roster.organizations) {
    for (const m of perOrg.get(org.id) ?? [])
      byParticipant.push([org.name, t(`roster.group.${org.role}`), m.time, m.tableNo, m.counterpart]);
  }
  addSheet(
    wb,
    t(XLSX_SHEETS[3]),
    t,
    [
      { header: 'roster.col.organization', width: 36 },
      { header: 'roster.col.group', width: 12 },
      { header: 'roster.col.time', width: 14 },
      { header: 'roster.col.table', width: 8, numFmt: '0' },
      { header: 'roster.col.counterpart', width: 36 },
    ],
    byParticipant,
  );

  // 5. sign-in sheet, printable: borders, tall rows, an empty signature column
  const signIn: CellValue[][] = [];
  n = 0;
  for (const org of roster.organizations) {
    for (const r of org.representatives) signIn.push([++n, org.name, r.name, r.title, r.phone, null]);
  }
  addSheet(
    wb,
    t(XLSX_SHEETS[4]),
    t,
    [
      { header: 'roster.col.no', width: 7 },
      { header: 'roster.col.organization', width: 34 },
      { header: 'roster.col.name', width: 12 },
      { header: 'roster.col.title', width: 14 },
      { header: 'roster.col.phone', width: 15 },
      { header: 'roster.col.signature', width: 22 },
    ],
    signIn,
    { rowHeight: 28, borders: true },
  );
  return wb;
}

/** The workbook as .xlsx bytes. */
export async function renderRosterXlsx(roster: OrganizerRoster, t: Translate): Promise<Uint8Array> {
  const buf = await buildRosterWorkbook(roster, t).xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
