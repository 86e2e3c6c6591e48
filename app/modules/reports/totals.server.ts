/**
 * THE place that answers "signed / approved / disbursed totals and counts" — for a
 * event, a region, a bank, a period, and broken down by district, bank, industry,
 * product category, event and month. Read from the rollups (rollups.server.ts),
 * never by summing the agreements table; every sum is an exact integer of 元.
 *
 * A scope's `region` is a region code that covers its sub-regions (410400 covers
 * 410481); `from` / `to` are signing months 'YYYY-MM', both inclusive.
 */
import { sql } from 'kysely';
import { regionPrefix, regionRange } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import type { Grain } from './rollups.server';

export interface Totals {
  signedCount: number;
  /** 元 */
  signedAmount: number;
  approvedCount: number;
  approvedAmount: number;
  disbursedCount: number;
  disbursedAmount: number;
  /** confirmed, later terminated: included in the figures above, shown apart too */
  terminatedCount: number;
  terminatedAmount: number;
}

export interface TotalsScope {
  /** 6-digit region code; covers its sub-regions */
  region?: string;
  bankId?: string;
  eventId?: string;
  /** signing months, inclusive */
  from?: string;
  to?: string;
}

export const DIMENSIONS = ['month', 'district', 'event', 'bank', 'industry', 'category'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One line of a breakdown; `key` null = none (no event, industry or category recorded). */
export type BreakdownRow = Totals & { key: string | null };

const DIMENSION_COLUMN = {
  month: 'signed_month',
  district: 'region_code',
  event: 'event_id',
  bank: 'bank_org_id',
  industry: 'industry',
  category: 'product_category',
} as const satisfies Record<Dimension, string>;

export function emptyTotals(): Totals {
  return {
    signedCount: 0,
    signedAmount: 0,
    approvedCount: 0,
    approvedAmount: 0,
    disbursedCount: 0,
    disbursedAmount: 0,
    terminatedCount: 0,
    terminatedAmount: 0,
  };
}

/** A province or a city (or everywhere): read from the city grains, a tenth of the district grains' rows. */
const isWide = (region: string | undefined) => !region || regionPrefix(region).length <= 4;

/** Which rollup grain answers a scope and a breakdown (see GRAINS in rollups.server.ts). */
export function grainFor(scope: TotalsScope, by: Dimension | 'total'): Grain {
  if (scope.eventId) return 'f';
  if (scope.bankId) return by === 'industry' || by === 'category' ? 'f' : 'B';
  const wide = isWide(scope.region);
  if (by === 'industry') return wide ? 'I' : 'i';
  if (by === 'category') return wide ? 'C' : 'c';
  if (by === 'bank') return wide ? 'b' : 'd';
  if (by === 'event') return wide ? 'E' : 'm';
  return 'M';
}

/** Grains read only through an event's or a bank's prefix (see scoped). */
const SELECTIVE = new Set<Grain>(['B', 'f']);

function scoped(db: DB, scope: TotalsScope, grain: Grain) {
  let q = db.selectFrom('report_rollups').where('grain', '=', grain);
  if (scope.eventId) q = q.where('event_id', '=', scope.eventId);
  if (scope.bankId) q = q.where('bank_org_id', '=', scope.bankId);
  if (scope.region) {
    // a range, not LIKE: codes are 6 digits, and a range uses the index on both databases
    const [low, high] = regionRange(scope.region);
    if (SELECTIVE.has(grain)) {
      // grainFor gives these only with an event or a bank: read through that prefix. Written
      // as an expression, the region cannot tempt SQLite into the (grain, region …) index,
      // which it prefers without fresh planner statistics, and then scans the whole grain.
      q = q.where(sql<boolean>`(region_code || '') between ${low} and ${high}`);
    } else {
      q = q.where('region_code', '>=', low).where('region_code', '<=', high);
    }
  }
  if (scope.from) q = q.where('signed_month', '>=', scope.from);
  if (scope.to) q = q.where('signed_month', '<=', scope.to);
  return q;
}

// PostgreSQL returns sum(bigint) as numeric (a string): every sum goes through Number(),
// exact below 2^53 元.
const SUMS = [
  sql<string | number>`coalesce(sum(signed_count), 0)`.as('signedCount'),
  sql<string | number>`coalesce(sum(signed_amount), 0)`.as('signedAmount'),
  sql<string | number>`coalesce(sum(approved_count), 0)`.as('approvedCount'),
  sql<string | number>`coalesce(sum(approved_amount), 0)`.as('approvedAmount'),
  sql<string | number>`coalesce(sum(disbursed_count), 0)`.as('disbursedCount'),
  sql<string | number>`coalesce(sum(disbursed_amount), 0)`.as('disbursedAmount'),
  sql<string | number>`coalesce(sum(terminated_count), 0)`.as('terminatedCount'),
  sql<string | number>`coalesce(sum(terminated_amount), 0)`.as('terminatedAmount'),
];

function toTotals(r: Record<keyof Totals, string | number> | undefined): Totals {
  if (!r) return emptyTotals();
  return {
    signedCount: Number(r.signedCount),
    signedAmount: Number(r.signedAmount),
    approvedCount: Number(r.approvedCount),
    approvedAmount: Number(r.approvedAmount),
    disbursedCount: Number(r.disbursedCount),
    disbursedAmount: Number(r.disbursedAmount),
    terminatedCount: Number(r.terminatedCount),
    terminatedAmount: Number(r.terminatedAmount),
  };
}

/** The scope's totals and its breakdowns by `dims` (each breakdown adds up to the totals). */
export interface Figures {
  totals: Totals;
  breakdowns: Partial<Record<Dimension, BreakdownRow[]>>;
}

function sortRows(by: Dimension, rows: BreakdownRow[]): BreakdownRow[] {
  if (by === 'month' || by === 'district') return rows.sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
  return rows.sort((a, b) => b.signedAmount - a.signedAmount || ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
}

async function queryTotals(db: DB, scope: TotalsScope): Promise<Totals> {
  return toTotals(await scoped(db, scope, grainFor(scope, 'total')).select(SUMS).executeTakeFirst());
}

async function queryBreakdown(db: DB, scope: TotalsScope, by: Dimension): Promise<BreakdownRow[]> {
  const col = DIMENSION_COLUMN[by];
  const grain = grainFor(scope, by);
  // On the selective grain (an event's or a bank's rows) group by an expression, so that
  // SQLite does not walk a whole index in key order to save a sort instead of using the
  // (grain, event …) / (grain, bank …) prefix; without planner statistics it would.
  const key = SELECTIVE.has(grain) ? sql<string>`${sql.ref(col)} || ''` : sql<string>`${sql.ref(col)}`;
  const rows = await scoped(db, scope, grain)
    .select([key.as('key'), ...SUMS])
    .groupBy(key)
    .execute();
  return sortRows(
    by,
    rows.map((r) => ({ key: r.key === '' ? null : r.key, ...toTotals(r) })).filter((r) => r.signedCount !== 0),
  );
}

/**
 * The totals and the month and district breakdowns from ONE query grouped by district
 * and month (a few hundred to a thousand groups) instead of three passes over the
 * same rollup rows: the sums cost per row read, and these three read the same grain.
 */
async function queryTotalsByMonthAndDistrict(
  db: DB,
  scope: TotalsScope,
  grain: Grain,
): Promise<{ totals: Totals; month: BreakdownRow[]; district: BreakdownRow[] }> {
  const expr = (col: string) => (SELECTIVE.has(grain) ? sql<string>`${sql.ref(col)} || ''` : sql<string>`${sql.ref(col)}`);
  const region = expr('region_code');
  const month = expr('signed_month');
  const rows = await scoped(db, scope, grain)
    .select([region.as('region'), month.as('month'), ...SUMS])
    .groupBy([region, month])
    .execute();
  const totals = emptyTotals();
  const byMonth = new Map<string, Totals>();
  const byDistrict = new Map<string, Totals>();
  const addInto = (map: Map<string, Totals>, key: string, t: Totals) => map.set(key, addTotals(map.get(key) ?? emptyTotals(), t));
  for (const r of rows) {
    const t = toTotals(r);
    for (const k of Object.keys(totals) as (keyof Totals)[]) totals[k] += t[k];
    addInto(byMonth, r.month, t);
    addInto(byDistrict, r.region, t);
  }
  const list = (by: Dimension, map: Map<string, Totals>) =>
    sortRows(
      by,
      [...map].map(([key, t]) => ({ key: key === '' ? null : key, ...t })).filter((r) => r.signedCount !== 0),
    );
  return { totals, month: list('month', byMonth), district: list('district', byDistrict) };
}

/**
 * Totals and breakdowns by `dims`: one grouped query each, on the grain that
 * answers it (an SQL GROUP BY over a few thousand rollup rows beats reading them
 * into JavaScript) — the totals, months and districts share one query when they
 * share a grain. Lines without agreements are left out; months and districts
 * come in code order, the others by signed amount (largest first).
 */
export async function getFigures(db: DB, scope: TotalsScope, dims: readonly Dimension[]): Promise<Figures> {
  const grain = grainFor(scope, 'total');
  const shared =
    dims.includes('month') && dims.includes('district') && grainFor(scope, 'month') === grain && grainFor(scope, 'district') === grain;
  if (!shared) {
    const [totals, ...lists] = await Promise.all([queryTotals(db, scope), ...dims.map((d) => queryBreakdown(db, scope, d))]);
    return { totals, breakdowns: Object.fromEntries(dims.map((d, i) => [d, lists[i]])) };
  }
  const rest = dims.filter((d) => d !== 'month' && d !== 'district');
  const [combined, ...lists] = await Promise.all([
    queryTotalsByMonthAndDistrict(db, scope, grain),
    ...rest.map((d) => queryBreakdown(db, scope, d)),
  ]);
  const breakdowns: Partial<Record<Dimension, BreakdownRow[]>> = { month: combined.month, district: combined.district };
  rest.forEach((d, i) => (breakdowns[d] = lists[i]));
  return { totals: combined.totals, breakdowns: Object.fromEntries(dims.map((d) => [d, breakdowns[d]!])) };
}

/** The figures of a scope and the totals of some single months of it (see figuresAndMonths). */
export interface FiguresAndMonths extends Figures {
  /** each month asked for: the scope's totals of that month alone (any period filter aside) */
  months: Map<string, Totals>;
}

/**
 * `getFigures` and the totals of single months (the dashboard's month compared, the month
 * before and the same month a year earlier: `getTotals` with from = to = the month) in ONE
 * statement: each part is the grouped read `getFigures` / `getTotals` makes, on its grain,
 * joined with UNION ALL, so the figures are the same sums — one round of query building,
 * one statement instead of five to eight. A month within the scope's period is taken from
 * the months × districts part (every rollup row counts a confirmed agreement, so a month
 * without rows has none); only the others are read apart.
 */
export async function figuresAndMonths(
  db: DB,
  scope: TotalsScope,
  dims: readonly Dimension[],
  months: readonly string[],
): Promise<FiguresAndMonths> {
  const grain = grainFor(scope, 'total');
  const expr = (g: Grain, col: string) => (SELECTIVE.has(g) ? sql<string>`${sql.ref(col)} || ''` : sql<string>`${sql.ref(col)}`);
  const none = sql<string>`''`;
  const part = (name: string) => sql.lit(name).$castTo<string>();
  const shared =
    dims.includes('month') && dims.includes('district') && grainFor(scope, 'month') === grain && grainFor(scope, 'district') === grain;
  const parts = [];
  if (shared) {
    const region = expr(grain, 'region_code');
    const month = expr(grain, 'signed_month');
    parts.push(
      scoped(db, scope, grain)
        .select([part('md').as('part'), region.as('k1'), month.as('k2'), ...SUMS])
        .groupBy([region, month]),
    );
  } else {
    parts.push(scoped(db, scope, grain).select([part('total').as('part'), none.as('k1'), none.as('k2'), ...SUMS]));
  }
  for (const d of shared ? dims.filter((d) => d !== 'month' && d !== 'district') : dims) {
    const g = grainFor(scope, d);
    const key = expr(g, DIMENSION_COLUMN[d]);
    parts.push(
      scoped(db, scope, g)
        .select([part(d).as('part'), key.as('k1'), none.as('k2'), ...SUMS])
        .groupBy(key),
    );
  }
  const inPeriod = (m: string) => shared && (!scope.from || m >= scope.from) && (!scope.to || m <= scope.to);
  const apart = [...new Set(months)].filter((m) => !inPeriod(m));
  if (apart.length) {
    const month = expr(grain, 'signed_month');
    parts.push(
      scoped(db, { ...scope, from: undefined, to: undefined }, grain)
        .where('signed_month', 'in', apart)
        .select([part('months').as('part'), month.as('k1'), none.as('k2'), ...SUMS])
        .groupBy(month),
    );
  }
  const [first, ...others] = parts;
  const rows = await others.reduce((q, p) => q.unionAll(p), first).execute();

  let totals = emptyTotals();
  const lists = new Map<string, BreakdownRow[]>();
  const byMonth = new Map<string, Totals>();
  const byDistrict = new Map<string, Totals>();
  const monthTotals = new Map<string, Totals>();
  const addInto = (map: Map<string, Totals>, key: string, t: Totals) => map.set(key, addTotals(map.get(key) ?? emptyTotals(), t));
  for (const r of rows) {
    const t = toTotals(r);
    if (r.part === 'md') {
      totals = addTotals(totals, t);
      addInto(byMonth, r.k2, t);
      addInto(byDistrict, r.k1, t);
    } else if (r.part === 'total') totals = t;
    else if (r.part === 'months') monthTotals.set(r.k1, t);
    else lists.set(r.part, [...(lists.get(r.part) ?? []), { key: r.k1 === '' ? null : r.k1, ...t }]);
  }
  const listOf = (map: Map<string, Totals>) => [...map].map(([key, t]) => ({ key: key === '' ? null : key, ...t }));
  if (shared) {
    lists.set('month', listOf(byMonth));
    lists.set('district', listOf(byDistrict));
  }
  const breakdowns: Partial<Record<Dimension, BreakdownRow[]>> = {};
  for (const d of dims)
    breakdowns[d] = sortRows(
      d,
      (lists.get(d) ?? []).filter((r) => r.signedCount !== 0),
    );
  const out = new Map<string, Totals>();
  for (const m of months) out.set(m, (inPeriod(m) ? byMonth.get(m) : monthTotals.get(m)) ?? emptyTotals());
  return { totals, breakdowns, months: out };
}

/** The totals of a scope. */
export function getTotals(db: DB, scope: TotalsScope): Promise<Totals> {
  return queryTotals(db, scope);
}

/** A region's or some banks' signed and disbursed amounts per district and signing month. */
export interface MonthlyAmounts {
  /** '' for the all-bank rows */
  bankId: string;
  region: string;
  month: string;
  signedAmount: number;
  disbursedAmount: number;
}

/**
 * The signed and disbursed amounts per (district, signing month) within `region` and the
 * months `from`–`to` — of all banks, or per bank of `bankIds` — in one read, for callers
 * that sum many scopes of the same area (the targets of a region's units: decision 030d).
 * The same rollup rows `getTotals` reads for each of those scopes (grain M; per bank d, or b
 * for a province or a city, whose rows name the city instead of the district).
 */
export async function monthlyAmounts(
  db: DB,
  opts: { region: string; bankIds?: readonly string[]; from: string; to: string },
): Promise<MonthlyAmounts[]> {
  const sums = [
    sql<string | number>`coalesce(sum(signed_amount), 0)`.as('signedAmount'),
    sql<string | number>`coalesce(sum(disbursed_amount), 0)`.as('disbursedAmount'),
  ];
  const [lo, hi] = regionRange(opts.region);
  let rows: { bankId: string; region: string; month: string; signedAmount: string | number; disbursedAmount: string | number }[];
  if (opts.bankIds) {
    if (!opts.bankIds.length) return [];
    // grain d (bank × district × month: B summed over the sessions, a tenth of its rows), or for
    // a province or a city b (the same by city, a tenth again: decision 043a; the rows then
    // name the city, which a bank's target does not look at), through the (grain, bank …)
    // prefix; the region as an expression (see scoped)
    const grain = isWide(opts.region) ? 'b' : 'd';
    rows = await db
      .selectFrom('report_rollups')
      .select(['bank_org_id as bankId', 'region_code as region', 'signed_month as month', ...sums])
      .where('grain', '=', grain)
      .where('bank_org_id', 'in', opts.bankIds)
      .where(sql<boolean>`(region_code || '') between ${lo} and ${hi}`)
      .where('signed_month', '>=', opts.from)
      .where('signed_month', '<=', opts.to)
      .groupBy(['bank_org_id', 'region_code', 'signed_month'])
      .execute();
  } else {
    rows = await db
      .selectFrom('report_rollups')
      .select([sql<string>`''`.as('bankId'), 'region_code as region', 'signed_month as month', ...sums])
      .where('grain', '=', 'M')
      .where('region_code', '>=', lo)
      .where('region_code', '<=', hi)
      .where('signed_month', '>=', opts.from)
      .where('signed_month', '<=', opts.to)
      .groupBy(['region_code', 'signed_month'])
      .execute();
  }
  return rows.map((r) => ({
    bankId: r.bankId,
    region: r.region,
    month: r.month,
    signedAmount: Number(r.signedAmount),
    disbursedAmount: Number(r.disbursedAmount),
  }));
}

/** The scope's totals by one dimension (see getFigures for the order). */
export function getBreakdown(db: DB, scope: TotalsScope, by: Dimension): Promise<BreakdownRow[]> {
  return queryBreakdown(db, scope, by);
}

/** An event's totals (all of its confirmed agreements). */
export function eventTotals(db: DB, eventId: string): Promise<Totals> {
  return getTotals(db, { eventId });
}

/** A region's totals (its sub-regions included), optionally for signing months from–to. */
export function regionTotals(db: DB, region: string, period: { from?: string; to?: string } = {}): Promise<Totals> {
  return getTotals(db, { region, ...period });
}

/** A bank's totals, optionally within a region and signing months from–to. */
export function bankTotals(db: DB, bankId: string, opts: { region?: string; from?: string; to?: string } = {}): Promise<Totals> {
  return getTotals(db, { bankId, ...opts });
}

/** Adds totals (exact integers). */
export function addTotals(a: Totals, b: Totals): Totals {
  const out = emptyTotals();
  for (const k of Object.keys(out) as (keyof Totals)[]) out[k] = a[k] + b[k];
  return out;
}
