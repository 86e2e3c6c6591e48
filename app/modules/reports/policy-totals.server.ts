/**
 * Totals by policy tool (issue 18): the confirmed letters of intent of a scope
 * (the dashboard's: region, bank, session, signing months) that use each tool —
 * count, signed, approved (授信) and disbursed amounts. An agreement that uses two
 * tools counts under both, so the rows do not add up to the dashboard's total; the
 * last row (`key` null) counts the agreements without any tool, and `tagged` the
 * agreements with at least one.
 */
import { type RawBuilder, sql } from 'kysely';
import { POLICY_TOOL_CODES, type PolicyTool, policiesOf } from '~/modules/catalog/codes';
import { inRegion } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import type { TotalsScope } from './totals.server';

export interface PolicyRow {
  /** null: agreements without any policy tool */
  key: PolicyTool | null;
  count: number;
  /** 元 */
  signedAmount: number;
  approvedAmount: number;
  disbursedAmount: number;
}

export interface PolicyTotals {
  rows: PolicyRow[];
  /** agreements with at least one tool, and their signed amount */
  tagged: { count: number; signedAmount: number };
}

type Group = {
  policy_mask: number;
  n: string | number;
  signed: string | number | null;
  approved: string | number | null;
  disbursed: string | number | null;
};

/** The scope's region and months as conditions: agreements and the rollup name them alike. */
function regionAndMonths(scope: TotalsScope): RawBuilder<boolean>[] {
  const out: RawBuilder<boolean>[] = [];
  if (scope.region) out.push(inRegion('region_code', scope.region));
  if (scope.from) out.push(sql<boolean>`signed_month >= ${scope.from}`);
  if (scope.to) out.push(sql<boolean>`signed_month <= ${scope.to}`);
  return out;
}

/**
 * The sums per policy mask of the scope: from the policy rollup (decision 039a) — at most
 * districts × months × masks rows —, or for a session (few agreements, not in the rollup's
 * key) from its agreements.
 */
function groupsOf(db: DB, scope: TotalsScope): Promise<Group[]> {
  if (scope.eventId) {
    let q = db
      .selectFrom('agreements')
      .select([
        'policy_mask',
        (eb) => eb.fn.countAll<string | number>().as('n'),
        (eb) => eb.fn.sum<string | number>('amount').as('signed'),
        (eb) => eb.fn.sum<string | number>(eb.fn.coalesce('approved_amount', eb.lit(0))).as('approved'),
        (eb) => eb.fn.sum<string | number>('disbursed_amount').as('disbursed'),
      ])
      .where('confirmed_at', 'is not', null)
      .where('event_id', '=', scope.eventId)
      .groupBy('policy_mask');
    for (const c of regionAndMonths(scope)) q = q.where(c);
    if (scope.bankId) q = q.where('bank_org_id', '=', scope.bankId);
    return q.execute();
  }
  let q = db
    .selectFrom('report_policy_rollups')
    .select([
      'policy_mask',
      (eb) => eb.fn.sum<string | number>('signed_count').as('n'),
      (eb) => eb.fn.sum<string | number>('signed_amount').as('signed'),
      (eb) => eb.fn.sum<string | number>('approved_amount').as('approved'),
      (eb) => eb.fn.sum<string | number>('disbursed_amount').as('disbursed'),
    ])
    .where('bank_org_id', '=', scope.bankId ?? '')
    .groupBy('policy_mask');
  for (const c of regionAndMonths(scope)) q = q.where(c);
  return q.execute();
}

export async function policyTotals(db: DB, scope: TotalsScope): Promise<PolicyTotals> {
  const groups = await groupsOf(db, scope);
  const row = (key: PolicyTool | null): PolicyRow => ({ key, count: 0, signedAmount: 0, approvedAmount: 0, disbursedAmount: 0 });
  const byTool = new Map<PolicyTool | null, PolicyRow>([...POLICY_TOOL_CODES.map((c) => [c, row(c)] as const), [null, row(null)]]);
  const tagged = { count: 0, signedAmount: 0 };
  for (const g of groups) {
    const tools = policiesOf(Number(g.policy_mask));
    const add = (r: PolicyRow) => {
      r.count += Number(g.n);
      r.signedAmount += Number(g.signed ?? 0);
      r.approvedAmount += Number(g.approved ?? 0);
      r.disbursedAmount += Number(g.disbursed ?? 0);
    };
    if (tools.length === 0) add(byTool.get(null)!);
    else {
      tagged.count += Number(g.n);
      tagged.signedAmount += Number(g.signed ?? 0);
      for (const t of tools) add(byTool.get(t)!);
    }
  }
  return { rows: [...byTool.values()], tagged };
}
