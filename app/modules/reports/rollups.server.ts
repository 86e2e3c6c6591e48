/**
 * Pre-aggregated totals of letters of intent (table `report_rollups`), so that
 * dashboards and exports never sum a million agreements per request
 * (docs/decisions/018-report-rollups.md).
 *
 * Every write of an agreement calls `applyAgreementChange(trx, before, after)`
 * inside its own transaction, with the row before and after the change (null for
 * a creation / deletion): the row's old contribution is taken out and the new one
 * put in, grain by grain. `rebuildRollups(db)` recomputes everything from the
 * agreements table; both paths give the same rows (tested). The same hook and rebuild
 * keep the sets of enterprises per (bank, district, month) of enterprise-sets.server.ts
 * and the totals by policy tool of policy-rollups.server.ts.
 *
 * Counting rule: only confirmed agreements (`confirmed_at` not null) count. A
 * confirmed agreement that is later terminated keeps counting in every sum and is
 * also counted as terminated. Every figure of an agreement is filed under its
 * signing month (`signed_month`), its district (`region_code`), event, bank,
 * industry and product category.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { refreshStatistics } from '#db/connection';
import type { AgreementsTable, Database, ReportRollupsTable } from '#db/schema';
import { applyEnterpriseChange, rebuildEnterpriseSets, type EnterpriseSetSource } from './enterprise-sets.server';
import { applyPolicyChange, rebuildPolicyRollups, type PolicySource } from './policy-rollups.server';

export type AgreementRow = Selectable<AgreementsTable>;

/** The columns of an agreement the rollups read (a whole row will do). */
export type RollupSource = Pick<
  AgreementRow,
  | 'confirmed_at'
  | 'status'
  | 'event_id'
  | 'bank_org_id'
  | 'region_code'
  | 'signed_month'
  | 'industry'
  | 'product_category'
  | 'amount'
  | 'approved_amount'
  | 'disbursed_amount'
>;

type Executor = Transaction<Database> | Kysely<Database>;

/**
 * Grains: which dimensions a row keeps ('' in the others).
 * - `M` district × month — totals, by month and district (organizers)
 * - `m` district × month × event — by event for a district
 * - `E` city × month × event — by event for a city- or province-wide organizer
 * - `b` city × month × bank — by bank for a city- or province-wide organizer
 * - `d` district × month × bank — by bank for a district
 * - `i` district × month × industry, `c` district × month × product category — for a district
 * - `I` city × month × industry, `C` city × month × product category — wider
 * - `B` bank × district × month × event — a bank's own totals, months, districts, events
 * - `f` every dimension — an event's figures, a bank's industries and categories
 * `B` and `f` are selective: read through the (grain, bank, …) index or the key's
 * (grain, event, …) prefix only. The city grains (`b`, `E`, `I`, `C`) and `M` exist so that
 * a wide scope reads a tenth of the rows the district grains hold: a grouped read costs per
 * row, not per lookup (decision 043a).
 */
export const GRAINS = {
  M: { event: false, bank: false, region: 'district', industry: false, category: false },
  m: { event: true, bank: false, region: 'district', industry: false, category: false },
  E: { event: true, bank: false, region: 'city', industry: false, category: false },
  b: { event: false, bank: true, region: 'city', industry: false, category: false },
  d: { event: false, bank: true, region: 'district', industry: false, category: false },
  i: { event: false, bank: false, region: 'district', industry: true, category: false },
  c: { event: false, bank: false, region: 'district', industry: false, category: true },
  I: { event: false, bank: false, region: 'city', industry: true, category: false },
  C: { event: false, bank: false, region: 'city', industry: false, category: true },
  B: { event: true, bank: true, region: 'district', industry: false, category: false },
  f: { event: true, bank: true, region: 'district', industry: true, category: true },
} as const satisfies Record<string, { event: boolean; bank: boolean; region: 'district' | 'city'; industry: boolean; category: boolean }>;

export type Grain = keyof typeof GRAINS;
export const GRAIN_NAMES = Object.keys(GRAINS) as Grain[];

export const KEY_COLUMNS = ['grain', 'event_id', 'bank_org_id', 'region_code', 'signed_month', 'industry', 'product_category'] as const;
export const MEASURE_COLUMNS = [
  'signed_count',
  'signed_amount',
  'approved_count',
  'approved_amount',
  'disbursed_count',
  'disbursed_amount',
  'terminated_count',
  'terminated_amount',
] as const;

export type RollupKey = Pick<ReportRollupsTable, (typeof KEY_COLUMNS)[number]>;
export type Measures = Pick<ReportRollupsTable, (typeof MEASURE_COLUMNS)[number]>;
export type RollupRow = RollupKey & Measures;

/** The city (prefecture) code of a district code: 410481 → 410400. */
export function cityOf(regionCode: string): string {
  return `${regionCode.slice(0, 4)}00`;
}

/** What one agreement adds to the sums; null when it does not count (not confirmed). */
export function contribution(row: RollupSource | null): Measures | null {
  if (!row || row.confirmed_at == null) return null;
  const amount = Number(row.amount);
  const approved = row.approved_amount == null ? null : Number(row.approved_amount);
  const disbursed = Number(row.disbursed_amount ?? 0);
  const terminated = row.status === 'terminated';
  return {
    signed_count: 1,
    signed_amount: amount,
    approved_count: approved == null ? 0 : 1,
    approved_amount: approved ?? 0,
    disbursed_count: disbursed > 0 ? 1 : 0,
    disbursed_amount: disbursed,
    terminated_count: terminated ? 1 : 0,
    terminated_amount: terminated ? amount : 0,
  };
}

export function rollupKey(row: RollupSource, grain: Grain): RollupKey {
  const g = GRAINS[grain];
  return {
    grain,
    event_id: g.event ? (row.event_id ?? '') : '',
    bank_org_id: g.bank ? row.bank_org_id : '',
    region_code: g.region === 'city' ? cityOf(row.region_code) : row.region_code,
    signed_month: row.signed_month,
    industry: g.industry ? (row.industry ?? '') : '',
    product_category: g.category ? (row.product_category ?? '') : '',
  };
}

const keyString = (k: RollupKey) => KEY_COLUMNS.map((c) => k[c]).join('\u0001');

/**
 * The changes to the rollup rows that take `before`'s contribution out and put
 * `after`'s in, merged per key, zero changes dropped, in a fixed order (so two
 * transactions touching the same rows lock them in the same order).
 */
export function rollupDeltas(before: RollupSource | null, after: RollupSource | null): RollupRow[] {
  const deltas = new Map<string, RollupRow>();
  for (const [row, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    const m = contribution(row);
    if (!row || !m) continue;
    for (const grain of GRAIN_NAMES) {
      const key = rollupKey(row, grain);
      const id = keyString(key);
      let d = deltas.get(id);
      if (!d) {
        d = { ...key, ...zeroMeasures() };
        deltas.set(id, d);
      }
      for (const c of MEASURE_COLUMNS) d[c] += sign * m[c];
    }
  }
  return [...deltas.entries()]
    .filter(([, d]) => MEASURE_COLUMNS.some((c) => d[c] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}

export function zeroMeasures(): Measures {
  return {
    signed_count: 0,
    signed_amount: 0,
    approved_count: 0,
    approved_amount: 0,
    disbursed_count: 0,
    disbursed_amount: 0,
    terminated_count: 0,
    terminated_amount: 0,
  };
}

/**
 * The hook every write of an agreement calls inside its transaction, with the row
 * before and after the change (null for a creation / deletion).
 */
export async function applyAgreementChange(
  trx: Executor,
  before: (RollupSource & EnterpriseSetSource & PolicySource) | null,
  after: (RollupSource & EnterpriseSetSource & PolicySource) | null,
): Promise<void> {
  for (const d of rollupDeltas(before, after)) {
    await trx
      .insertInto('report_rollups')
      .values(d)
      .onConflict((oc) =>
        oc.columns([...KEY_COLUMNS]).doUpdateSet({
          signed_count: sql`report_rollups.signed_count + excluded.signed_count`,
          signed_amount: sql`report_rollups.signed_amount + excluded.signed_amount`,
          approved_count: sql`report_rollups.approved_count + excluded.approved_count`,
          approved_amount: sql`report_rollups.approved_amount + excluded.approved_amount`,
          disbursed_count: sql`report_rollups.disbursed_count + excluded.disbursed_count`,
          disbursed_amount: sql`report_rollups.disbursed_amount + excluded.disbursed_amount`,
          terminated_count: sql`report_rollups.terminated_count + excluded.terminated_count`,
          terminated_amount: sql`report_rollups.terminated_amount + excluded.terminated_amount`,
        }),
      )
      .execute();
    if (d.signed_count < 0) {
      // the last agreement of this key went away: drop the empty row
      let del = trx.deleteFrom('report_rollups').where('signed_count', '=', 0);
      for (const c of KEY_COLUMNS) del = del.where(c, '=', d[c]);
      await del.execute();
    }
  }
  // the totals by policy tool (decision 039a)
  await applyPolicyChange(trx, before, after);
  // the enterprises per (bank, district, month), for distinct counts (decision 038a)
  await applyEnterpriseChange(trx, before, after);
}

/** The SQL expression of each key column of a grain, over `agreements`. */
function keySql(grain: Grain): Record<(typeof KEY_COLUMNS)[number], string> {
  const g = GRAINS[grain];
  return {
    grain: `'${grain}'`,
    event_id: g.event ? "coalesce(event_id, '')" : "''",
    bank_org_id: g.bank ? 'bank_org_id' : "''",
    region_code: g.region === 'city' ? "substr(region_code, 1, 4) || '00'" : 'region_code',
    signed_month: 'signed_month',
    industry: g.industry ? "coalesce(industry, '')" : "''",
    product_category: g.category ? "coalesce(product_category, '')" : "''",
  };
}

const MEASURE_SQL = [
  'count(*)',
  'sum(amount)',
  'sum(case when approved_amount is not null then 1 else 0 end)',
  'coalesce(sum(approved_amount), 0)',
  'sum(case when disbursed_amount > 0 then 1 else 0 end)',
  'sum(disbursed_amount)',
  "sum(case when status = 'terminated' then 1 else 0 end)",
  "sum(case when status = 'terminated' then amount else 0 end)",
].join(', ');

/**
 * Recomputes every rollup row from the agreements table (same result as the incremental
 * path). Outside a caller's transaction it refreshes the planner statistics afterwards
 * (a bulk write; decision 022); inside one, the caller does that after its commit.
 */
export async function rebuildRollups(db: Executor): Promise<void> {
  const run = async (trx: Executor) => {
    await trx.deleteFrom('report_rollups').execute();
    for (const grain of GRAIN_NAMES) {
      const keys = keySql(grain);
      const exprs = KEY_COLUMNS.map((c) => keys[c]);
      // constants ('m', '') are not grouped: PostgreSQL refuses untyped literals there
      const groupBy = exprs.filter((e) => !e.startsWith("'")).join(', ');
      await sql
        .raw(
          `insert into report_rollups (${[...KEY_COLUMNS, ...MEASURE_COLUMNS].join(', ')}) ` +
            `select ${exprs.join(', ')}, ${MEASURE_SQL} from agreements where confirmed_at is not null group by ${groupBy}`,
        )
        .execute(trx);
    }
    await rebuildPolicyRollups(trx);
    await rebuildEnterpriseSets(trx);
  };
  if (db.isTransaction) {
    await run(db);
    return;
  }
  await db.transaction().execute(run);
  // an optimisation only: a busy database must not fail the rebuild (the hourly upkeep retries)
  await refreshStatistics(db, [
    'report_rollups',
    'report_policy_rollups',
    'report_enterprise_sets',
    'report_enterprise_numbers',
    'agreements',
  ]).catch(() => {});
}
