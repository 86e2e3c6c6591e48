/**
 * Totals of confirmed letters of intent by policy tool, kept with the report rollups
 * (table `report_policy_rollups`, decision 039a): per (bank, district, signing month,
 * policy mask) — bank '' for all banks — the count and the signed, approved (授信) and
 * disbursed amounts. `policyTotals` reads at most districts × months × masks rows for a
 * region instead of summing its agreements.
 *
 * Same counting rule as the rollups (rollups.server.ts): only confirmed agreements, under
 * their signing month and district; a terminated one keeps counting. The hook runs from
 * `applyAgreementChange` in the agreement write's transaction; `rebuildPolicyRollups`
 * from `rebuildRollups`.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ReportPolicyRollupsTable } from '#db/schema';
import type { AgreementRow } from './rollups.server';

type Executor = Transaction<Database> | Kysely<Database>;

/** The columns of an agreement this rollup reads (a whole row will do; no `policy_mask`: the column's default, 0). */
export type PolicySource = Pick<
  AgreementRow,
  'confirmed_at' | 'bank_org_id' | 'region_code' | 'signed_month' | 'amount' | 'approved_amount' | 'disbursed_amount'
> & { policy_mask?: number | null };

export const POLICY_KEY_COLUMNS = ['bank_org_id', 'region_code', 'signed_month', 'policy_mask'] as const;
export const POLICY_MEASURE_COLUMNS = ['signed_count', 'signed_amount', 'approved_amount', 'disbursed_amount'] as const;
export type PolicyRollupRow = ReportPolicyRollupsTable;

const keyOf = (r: PolicyRollupRow) => POLICY_KEY_COLUMNS.map((c) => r[c]).join('\u0001');

/**
 * The changes that take `before`'s contribution out and put `after`'s in, merged per key,
 * zero changes dropped, in key order (two writers lock the rows in the same order).
 */
export function policyDeltas(before: PolicySource | null, after: PolicySource | null): PolicyRollupRow[] {
  const deltas = new Map<string, PolicyRollupRow>();
  for (const [row, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!row || row.confirmed_at == null) continue;
    for (const bank of [row.bank_org_id, '']) {
      const key = {
        bank_org_id: bank,
        region_code: row.region_code,
        signed_month: row.signed_month,
        policy_mask: Number(row.policy_mask ?? 0),
      };
      const id = keyOf({ ...key, signed_count: 0, signed_amount: 0, approved_amount: 0, disbursed_amount: 0 });
      let d = deltas.get(id);
      if (!d) deltas.set(id, (d = { ...key, signed_count: 0, signed_amount: 0, approved_amount: 0, disbursed_amount: 0 }));
      d.signed_count += sign;
      d.signed_amount += sign * Number(row.amount);
      d.approved_amount += sign * Number(row.approved_amount ?? 0);
      d.disbursed_amount += sign * Number(row.disbursed_amount ?? 0);
    }
  }
  return [...deltas.entries()]
    .filter(([, d]) => POLICY_MEASURE_COLUMNS.some((c) => d[c] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}

/** The hook of every agreement write (through `applyAgreementChange`), inside its transaction. */
export async function applyPolicyChange(trx: Executor, before: PolicySource | null, after: PolicySource | null): Promise<void> {
  for (const d of policyDeltas(before, after)) {
    await trx
      .insertInto('report_policy_rollups')
      .values(d)
      .onConflict((oc) =>
        oc.columns([...POLICY_KEY_COLUMNS]).doUpdateSet({
          signed_count: sql`report_policy_rollups.signed_count + excluded.signed_count`,
          signed_amount: sql`report_policy_rollups.signed_amount + excluded.signed_amount`,
          approved_amount: sql`report_policy_rollups.approved_amount + excluded.approved_amount`,
          disbursed_amount: sql`report_policy_rollups.disbursed_amount + excluded.disbursed_amount`,
        }),
      )
      .execute();
    if (d.signed_count < 0) {
      // the last agreement of this key went away: drop the empty row
      let del = trx.deleteFrom('report_policy_rollups').where('signed_count', '=', 0);
      for (const c of POLICY_KEY_COLUMNS) del = del.where(c, '=', d[c]);
      await del.execute();
    }
  }
}

const MEASURES = 'count(*), sum(amount), coalesce(sum(approved_amount), 0), sum(disbursed_amount)';
const COLUMNS = [...POLICY_KEY_COLUMNS, ...POLICY_MEASURE_COLUMNS].join(', ');

/** Recomputes every row from the agreements (inside `rebuildRollups`' transaction; same rows as the hook's). */
export async function rebuildPolicyRollups(trx: Executor): Promise<void> {
  await trx.deleteFrom('report_policy_rollups').execute();
  await sql
    .raw(
      `insert into report_policy_rollups (${COLUMNS}) select bank_org_id, region_code, signed_month, policy_mask, ${MEASURES} ` +
        'from agreements where confirmed_at is not null group by bank_org_id, region_code, signed_month, policy_mask',
    )
    .execute(trx);
  await sql
    .raw(
      `insert into report_policy_rollups (${COLUMNS}) select '', region_code, signed_month, policy_mask, ${MEASURES} ` +
        'from agreements where confirmed_at is not null group by region_code, signed_month, policy_mask',
    )
    .execute(trx);
}
