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
import { getTotals } from './totals.server';
import { signedEnterprises } from './enterprise-sets.server';

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

/** Distinct enterprises with a confirmed agreement in the scope and months, from the enterprise sets (decision 038a). */
async function enterprisesServed(db: DB, scope: { region: string; bankId?: string; from: string; to: string }): Promise<number> {
  return (await signedEnterprises(db, scope)).count;
}

type Months = { from: string; to: string } | null;

/**
 * The figure a target is measured against, for the signing months `from`–`to`. `totals`
 * memoises the rollup totals per scope: a unit's signed and disbursed targets for the same
 * months read them once.
 */
async function actualOf(
  db: DB,
  regionCode: string,
  t: TargetRow,
  months: Months,
  totals: Map<string, ReturnType<typeof getTotals>>,
): Promise<number> {
  if (!months) return 0;
  const scope = t.unitKind === 'region' ? { region: t.unitId, ...months } : { region: regionCode, bankId: t.unitId, ...months };
  if (t.metric === 'enterprises') return enterprisesServed(db, scope);
  const key = `${scope.region}:${'bankId' in scope ? scope.bankId : ''}:${months.from}:${months.to}`;
  let read = totals.get(key);
  if (!read) totals.set(key, (read = getTotals(db, scope)));
  const sums = await read;
  return t.metric === 'signed' ? sums.signedAmount : sums.disbursedAmount;
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
  // targets of one unit and period share their figures: one read per (region, unit, months, figure kind)
  const cache = new Map<string, Promise<number>>();
  const totals = new Map<string, ReturnType<typeof getTotals>>();
  return Promise.all(
    targets.map(async ({ regionCode, ...t }) => {
      const period = parsePeriod(t.period)!;
      const months = monthsSoFar(period, asOf);
      const key = `${regionCode}:${t.unitKind}:${t.unitId}:${months?.from}:${months?.to}:${t.metric}`;
      if (!cache.has(key)) cache.set(key, actualOf(db, regionCode, t, months, totals));
      const actual = await cache.get(key)!;
      return { ...t, ...progress(period, t.value, actual, asOf) };
    }),
  );
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
