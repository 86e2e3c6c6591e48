/**
 * Targets of an organizer region (decision 030d): set per period (year or
 * quarter), per unit (the region, one of its districts, or a bank in it) and per
 * figure (signed amount, disbursed amount, enterprises served); their progress
 * read from the same figures as the dashboard.
 *
 * Actual figures, for the signing months of the period up to the date counted:
 * - signed / disbursed: the rollups (totals.server.ts), as on the dashboard — the
 *   disbursed amount is what the agreements signed in those months have drawn so far;
 * - enterprises served: distinct enterprises with a confirmed agreement signed in
 *   those months (a bank's: with that bank).
 * A bank's figures are those within the organizer's region.
 */
import type { Selectable } from 'kysely';
import type { ReportTargetsTable } from '#db/schema';
import type { Locale } from '~/i18n/locale';
import { makeTranslator, type Translate } from '~/i18n/translate';
import { regionCovers, regionName, regionsWithin } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { formatTotal } from '~/utils/money';
import { formatPercentBp } from './ranking-month';
import { isAmountMetric, monthsSoFar, parsePeriod, periodsContaining, progress, type Progress, type TargetMetric } from './targets';
import type { TargetInput } from './targets-schema';
import { monthlyAmounts, type MonthlyAmounts } from './totals.server';
import { enterpriseCells, unionCount, type EnterpriseCell } from './enterprise-sets.server';

export interface TargetRow {
  id: string;
  unitKind: 'region' | 'bank';
  unitId: string;
  unitName: string;
  period: string;
  metric: TargetMetric;
  /** 元 or a count */
  value: number;
}

export type TargetProgressRow = TargetRow & Progress;

const METRIC_ORDER: Record<TargetMetric, number> = { signed: 0, disbursed: 1, enterprises: 2 };

/** A stored target under the name its unit is shown by. */
function targetRow(r: Selectable<ReportTargetsTable>, unitName: string): TargetRow {
  return { id: r.id, unitKind: r.unit_kind, unitId: r.unit_id, unitName, period: r.period, metric: r.metric, value: Number(r.value) };
}

/** Targets in period order, then metric order. */
function byPeriodAndMetric(a: TargetRow, b: TargetRow): number {
  return (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric];
}

/** The units a region's targets may name: the region, its districts, the banks serving it. */
export async function targetUnits(db: DB, regionCode: string): Promise<{ value: string; label: string; group: string }[]> {
  const regions = regionsWithin(regionCode)
    .filter((r) => r.code === regionCode || r.level >= 2)
    .map((r) => ({ value: `region:${r.code}`, label: r.code === regionCode ? regionName(r.code) : r.name, group: 'region' }));
  const banks = await bankUnits(db, regionCode);
  return [...regions, ...banks.map((b) => ({ value: `bank:${b.id}`, label: b.name, group: 'bank' }))];
}

/** Verified banks serving the region or a part of it. */
async function bankUnits(db: DB, regionCode: string): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('bank_regions as br')
    .innerJoin('organizations as o', 'o.id', 'br.organization_id')
    .select(['o.id', 'o.name', 'br.region_code'])
    .where('o.kind', '=', 'bank')
    .where('o.status', '=', 'verified')
    .execute();
  const seen = new Map<string, string>();
  for (const r of rows) {
    if (regionCovers(r.region_code, regionCode) || regionCovers(regionCode, r.region_code)) seen.set(r.id, r.name);
  }
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** May `unit` ('region:410481' / 'bank:…') carry a target of this region? */
export async function unitAllowed(db: DB, regionCode: string, unit: { kind: 'region' | 'bank'; id: string }): Promise<boolean> {
  if (unit.kind === 'region') return regionsWithin(regionCode).some((r) => r.code === unit.id);
  return (await bankUnits(db, regionCode)).some((b) => b.id === unit.id);
}

export async function listTargets(db: DB, regionCode: string): Promise<TargetRow[]> {
  const rows = await db.selectFrom('report_targets').selectAll().where('region_code', '=', regionCode).execute();
  const bankIds = rows.filter((r) => r.unit_kind === 'bank').map((r) => r.unit_id);
  const names = new Map<string, string>();
  if (bankIds.length) {
    for (const o of await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', bankIds).execute())
      names.set(o.id, o.name);
  }
  return rows
    .map((r) => targetRow(r, r.unit_kind === 'region' ? regionName(r.unit_id) : (names.get(r.unit_id) ?? r.unit_id)))
    .sort(
      (a, b) =>
        byPeriodAndMetric(a, b) ||
        (a.unitKind === b.unitKind ? 0 : a.unitKind === 'region' ? -1 : 1) ||
        (a.unitKind === 'region' ? (a.unitId < b.unitId ? -1 : 1) : a.unitName < b.unitName ? -1 : 1),
    );
}

/** Sets (or replaces) the target of a unit, period and figure. */
export async function saveTarget(db: DB, regionCode: string, userId: string | null, v: TargetInput): Promise<void> {
  const row = { value: v.value, updated_by: userId, updated_at: nowIso() };
  await db
    .insertInto('report_targets')
    .values({
      id: newId(),
      region_code: regionCode,
      unit_kind: v.unit.kind,
      unit_id: v.unit.id,
      period: v.period,
      metric: v.metric,
      ...row,
    })
    .onConflict((oc) => oc.columns(['region_code', 'unit_kind', 'unit_id', 'period', 'metric']).doUpdateSet(row))
    .execute();
}

/** Removes one of the region's targets (another region's id removes nothing). */
export async function deleteTarget(db: DB, regionCode: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('report_targets').where('region_code', '=', regionCode).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

type Months = { from: string; to: string };

/**
 * What the targets of one area read, in one go: the amounts per (bank or all banks,
 * district, month) and the enterprise cells, over all the months any of its targets
 * counts. An area is the organizer region of the targets (its units: the region, its
 * districts, its banks), so the units and periods of a region share these reads.
 */
interface AreaReads {
  region: string;
  from: string;
  to: string;
  regionAmounts: boolean;
  regionCells: boolean;
  amountBanks: Set<string>;
  cellBanks: Set<string>;
}

type Measured = { regionCode: string; t: TargetRow; period: NonNullable<ReturnType<typeof parsePeriod>>; months: Months | null };

/** The area a target's figure is read within: its organizer region (a region unit outside it: the unit itself). */
function areaOf(m: Measured): string {
  return m.t.unitKind === 'region' && !regionCovers(m.regionCode, m.t.unitId) ? m.t.unitId : m.regionCode;
}

/** Rows by bank ('' for all banks). */
function byBank<T extends { bankId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    let list = out.get(r.bankId);
    if (!list) out.set(r.bankId, (list = []));
    list.push(r);
  }
  return out;
}

async function readAreas(db: DB, measured: Measured[]) {
  const areas = new Map<string, AreaReads>();
  for (const m of measured) {
    if (!m.months) continue;
    const key = areaOf(m);
    let a = areas.get(key);
    if (!a) {
      a = {
        region: key,
        from: m.months.from,
        to: m.months.to,
        regionAmounts: false,
        regionCells: false,
        amountBanks: new Set(),
        cellBanks: new Set(),
      };
      areas.set(key, a);
    }
    if (m.months.from < a.from) a.from = m.months.from;
    if (m.months.to > a.to) a.to = m.months.to;
    const cells = m.t.metric === 'enterprises';
    if (m.t.unitKind === 'region') {
      if (cells) a.regionCells = true;
      else a.regionAmounts = true;
    } else (cells ? a.cellBanks : a.amountBanks).add(m.t.unitId);
  }
  const read = await Promise.all(
    [...areas.values()].map(async (a) => {
      const span = { region: a.region, from: a.from, to: a.to };
      const [regionAmounts, bankAmounts, regionCells, bankCells] = await Promise.all([
        a.regionAmounts ? monthlyAmounts(db, span) : [],
        a.amountBanks.size ? monthlyAmounts(db, { ...span, bankIds: [...a.amountBanks].sort() }) : [],
        a.regionCells ? enterpriseCells(db, span) : [],
        a.cellBanks.size ? enterpriseCells(db, { ...span, bankIds: [...a.cellBanks].sort() }) : [],
      ]);
      return [a.region, { amounts: byBank([...regionAmounts, ...bankAmounts]), cells: byBank([...regionCells, ...bankCells]) }] as const;
    }),
  );
  return new Map(read);
}

/**
 * The figure a target is measured against, for the signing months `from`–`to`, from its
 * area's reads: the rows of the unit (a region: the all-bank rows of its districts; a bank:
 * its rows within the organizer region) in those months — the same rows `getTotals` and
 * `signedEnterprises` read for the unit's scope.
 */
function actualOf(
  reads: { readonly amounts: ReadonlyMap<string, MonthlyAmounts[]>; readonly cells: ReadonlyMap<string, EnterpriseCell[]> },
  t: TargetRow,
  months: Months,
): number {
  const bank = t.unitKind === 'region' ? '' : t.unitId;
  const inScope = (r: { region: string; month: string }) =>
    r.month >= months.from && r.month <= months.to && (t.unitKind === 'bank' || regionCovers(t.unitId, r.region));
  if (t.metric === 'enterprises') return unionCount((reads.cells.get(bank) ?? []).filter(inScope));
  let sum = 0;
  for (const r of reads.amounts.get(bank) ?? []) if (inScope(r)) sum += t.metric === 'signed' ? r.signedAmount : r.disbursedAmount;
  return sum;
}

/**
 * The progress on `asOf` (China-local YYYY-MM-DD) of the region's targets whose
 * period contains that date (its year and its quarter), or of every target when
 * `all` is set. One query when the region has no target.
 */
export async function targetProgress(db: DB, regionCode: string, asOf: string, opts: { all?: boolean } = {}): Promise<TargetProgressRow[]> {
  const periods = periodsContaining(asOf);
  const targets = (await listTargets(db, regionCode)).filter((t) => opts.all || periods.includes(t.period));
  return progressOf(
    db,
    targets.map((t) => ({ ...t, regionCode })),
    asOf,
  );
}

/**
 * A bank's own targets (decision 036h), set by any organizer region for it, whose
 * period contains `asOf`; each measured within the region that set it. The unit
 * shown is that region.
 */
export async function bankTargetProgress(db: DB, bankId: string, asOf: string): Promise<TargetProgressRow[]> {
  const periods = periodsContaining(asOf);
  const rows = await db
    .selectFrom('report_targets')
    .selectAll()
    .where('unit_kind', '=', 'bank')
    .where('unit_id', '=', bankId)
    .where('period', 'in', periods)
    .execute();
  const targets = rows
    .map((r) => ({ ...targetRow(r, regionName(r.region_code)), regionCode: r.region_code }))
    .sort((a, b) => byPeriodAndMetric(a, b) || (a.regionCode < b.regionCode ? -1 : 1));
  return progressOf(db, targets, asOf);
}

async function progressOf(db: DB, targets: (TargetRow & { regionCode: string })[], asOf: string): Promise<TargetProgressRow[]> {
  const measured: Measured[] = targets.map(({ regionCode, ...t }) => {
    const period = parsePeriod(t.period)!;
    return { regionCode, t, period, months: monthsSoFar(period, asOf) };
  });
  // one read of amounts and one of enterprise cells per area (and kind of unit) for all its targets
  const areas = await readAreas(db, measured);
  // targets of one unit and period share their figures
  const cache = new Map<string, number>();
  return measured.map((m) => {
    const { t, months } = m;
    const key = `${m.regionCode}:${t.unitKind}:${t.unitId}:${months?.from}:${months?.to}:${t.metric}`;
    let actual = cache.get(key);
    if (actual === undefined) cache.set(key, (actual = months ? actualOf(areas.get(areaOf(m))!, t, months) : 0));
    return { ...t, ...progress(m.period, t.value, actual, asOf) };
  });
}

/* ---------- text ---------- */

export function periodLabel(t: Translate, period: string): string {
  const p = parsePeriod(period);
  if (!p) return period;
  return p.quarter ? t('targets.period.quarter', { year: p.year, q: p.quarter }) : t('targets.period.year', { year: p.year });
}

export function targetValueText(metric: TargetMetric, value: number, locale: Locale | string): string {
  return isAmountMetric(metric) ? formatTotal(value, locale) : makeTranslator(locale as Locale)('targets.enterprises', { n: value });
}

/**
 * The 通报's paragraph on targets (decision 030d): each target with its 完成率 and
 * the 时序进度, then the units behind. Empty when the region has no target.
 */
export function targetParagraphs(t: Translate, locale: Locale, rows: TargetProgressRow[], asOf: string): string[] {
  if (!rows.length) return [];
  const items = rows.map((r) =>
    t('targets.body.item', {
      unit: r.unitName,
      period: periodLabel(t, r.period),
      metric: t(`targets.metric.${r.metric}`),
      target: targetValueText(r.metric, r.target, locale),
      actual: targetValueText(r.metric, r.actual, locale),
      completion: formatPercentBp(r.completionBp),
      time: formatPercentBp(r.timeShareBp),
    }),
  );
  const behind = rows.filter((r) => r.behind);
  const tail = behind.length
    ? t('targets.body.behind', {
        list: behind
          .map((r) => `${r.unitName}（${periodLabel(t, r.period)}${t(`targets.metric.${r.metric}`)}${formatPercentBp(r.completionBp)}）`)
          .join('、'),
      })
    : t('targets.body.noneBehind');
  return [`${t('targets.body.lead', { date: asOf })}${items.join('；')}。${tail}`];
}
