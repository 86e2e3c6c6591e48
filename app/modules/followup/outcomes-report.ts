/**
 * 跟进成效 in the 通报 (PDF, DOCX) and the ranking workbook (decision 037d): the
 * body's paragraph, the annex table (districts, then banks and departments, each
 * rate with numerator/denominator) and the workbook sheet with the counts as
 * numbers. One source for the three formats, so they say the same.
 */
import type { Workbook } from '~/utils/exceljs.server';
import type { Translate } from '~/i18n/translate';
import { formatPercentBp, ratioBp } from '~/modules/reports/ranking-month';
import { OUTCOME_NOTES, type OutcomeCounts } from './outcomes';
import type { FollowThroughOutcomes } from './outcomes.server';

const ratio = (num: number, den: number) => `${formatPercentBp(ratioBp(num, den))} (${num}/${den})`;

/** The body paragraph: the region's headline figures with their numerators and denominators. */
export function followThroughParagraph(t: Translate, f: FollowThroughOutcomes, month: string): string {
  const c = f.total;
  return t('followThrough.bulletin.paragraph', {
    month,
    visit: formatPercentBp(ratioBp(c.visited, c.firms)),
    visited: c.visited,
    firms: c.firms,
    credit: formatPercentBp(ratioBp(c.granted, c.firms)),
    granted: c.granted,
    lists: formatPercentBp(ratioBp(f.lists.visited, f.lists.firms)),
    listVisited: f.lists.visited,
    listFirms: f.lists.firms,
    pickup: formatPercentBp(ratioBp(c.inTime, c.needs)),
    inTime: c.inTime,
    needs: c.needs,
    closed: formatPercentBp(ratioBp(c.closedInTime, c.due)),
    closedInTime: c.closedInTime,
    due: c.due,
    satisfaction: formatPercentBp(ratioBp(c.satisfied, c.rated)),
    satisfied: c.satisfied,
    rated: c.rated,
  });
}

interface Line {
  kind: 'district' | 'bank' | 'total';
  name: string;
  c: OutcomeCounts;
}

function lines(t: Translate, f: FollowThroughOutcomes, districtName: (code: string, label: string) => string): Line[] {
  const out: Line[] = f.byDistrict.map((r) => ({ kind: 'district', name: districtName(r.key, r.label), c: r }));
  out.push({ kind: 'total', name: t('followThrough.total'), c: f.total });
  for (const r of f.byBank) out.push({ kind: 'bank', name: r.label, c: r });
  if (f.departments.due || f.departments.rated) out.push({ kind: 'bank', name: t('followThrough.departments'), c: f.departments });
  if (f.byBank.length) out.push({ kind: 'total', name: t('followThrough.banksTotal'), c: f.banksTotal });
  return out;
}

/**
 * The annex table as text cells: unit, 走访率, 授信覆盖率, pickup (districts: needs in
 * time; banks: dispatches answered in time), 按期办结率, 满意率 — each "r% (a/b)".
 */
export function followThroughTable(
  t: Translate,
  f: FollowThroughOutcomes,
  districtName: (code: string, label: string) => string = (_c, l) => l,
): { header: string[]; rows: string[][] } {
  return {
    header: [
      t('followThrough.col.unit'),
      t('followThrough.col.visit'),
      t('followThrough.col.credit'),
      `${t('followThrough.col.pickup')}／${t('followThrough.col.dispatch')}`,
      t('followThrough.col.inTime'),
      t('followThrough.col.satisfaction'),
    ],
    rows: lines(t, f, districtName).map((l) => [
      l.kind === 'bank' || l.kind === 'district' ? `${t(`followThrough.kind.${l.kind}`)}：${l.name}` : l.name,
      ratio(l.c.visited, l.c.firms),
      ratio(l.c.granted, l.c.firms),
      ratio(l.c.inTime, l.c.needs),
      ratio(l.c.closedInTime, l.c.due),
      ratio(l.c.satisfied, l.c.rated),
    ]),
  };
}

/** The workbook sheet 跟进成效: one row per district, then per bank; counts as integers, rates as fractions (0.0%). */
export function addFollowThroughSheet(
  wb: Workbook,
  t: Translate,
  f: FollowThroughOutcomes,
  districtName: (code: string, label: string) => string = (_c, l) => l,
): void {
  const ws = wb.addWorksheet(t('followThrough.sheet'), { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  const figures = [
    ['visit', 'visited', 'firms'],
    ['credit', 'granted', 'firms'],
    ['pickup', 'inTime', 'needs'],
    ['inTime', 'closedInTime', 'due'],
    ['satisfaction', 'satisfied', 'rated'],
  ] as const;
  ws.columns = [
    { header: t('followThrough.col.unitKind'), width: 8 },
    { header: t('followThrough.col.unit'), width: 32 },
    ...figures.flatMap(([what]) => {
      const label = t(`followThrough.col.${what}`);
      return [
        { header: t('followThrough.col.num', { what: label }), width: 14 },
        { header: t('followThrough.col.den', { what: label }), width: 14 },
        { header: label, width: 12, style: { numFmt: '0.0%' } },
      ];
    }),
  ];
  ws.getRow(1).font = { bold: true };
  for (const l of lines(t, f, districtName)) {
    const row = ws.addRow([
      l.kind === 'total' ? '' : t(`followThrough.kind.${l.kind}`),
      l.name,
      ...figures.flatMap(([, num, den]) => {
        const bp = ratioBp(l.c[num], l.c[den]);
        return [l.c[num], l.c[den], bp === null ? null : bp / 10_000];
      }),
    ]);
    if (l.kind === 'total') row.font = { bold: true };
  }
  const notes = wb.addWorksheet(t('followThrough.notes.title'));
  notes.columns = [{ header: t('followThrough.notes.title'), width: 120 }];
  notes.getRow(1).font = { bold: true };
  notes.addRow([t('followThrough.asOf', { date: f.asOf })]);
  for (const k of OUTCOME_NOTES) notes.addRow([t(k)]);
  notes.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
}
