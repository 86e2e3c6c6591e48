/**
 * Demo policy tools (issue 18): the demo products carry the policy tools their
 * category usually uses (信用贷 and 税务贷 → 信用贷 + 首贷, 担保贷 → 政府性融资担保 +
 * 政府风险补偿, 无还本续贷 → 无还本续贷, 科技贷 → 政府风险补偿 + 贴息, 稳岗贷 and 创业担保
 * 贷款 → 贴息), and the letters of intent signed for a product take its tools, so the
 * dashboard's totals by tool are filled (and their rollup recomputed, decision 039a).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { policyMask, type PolicyTool } from '../../app/modules/catalog/codes';
import { rebuildPolicyRollups } from '../../app/modules/reports/policy-rollups.server';

const BY_CATEGORY: Record<string, PolicyTool[]> = {
  credit: ['credit', 'first_loan'],
  tax: ['credit', 'first_loan'],
  guarantee: ['gov_guarantee', 'risk_compensation'],
  renewal: ['renewal'],
  tech: ['risk_compensation', 'interest_subsidy'],
  job_stable: ['interest_subsidy'],
  startup_guarantee: ['interest_subsidy', 'gov_guarantee'],
};

export async function seedPolicyTools(db: Kysely<Database>): Promise<void> {
  for (const [category, tools] of Object.entries(BY_CATEGORY))
    await db
      .updateTable('loan_products')
      .set({ policy_mask: policyMask(tools) })
      .where('category', '=', category)
      .execute();
  await db
    .updateTable('agreements')
    .set({ policy_mask: sql<number>`(select p.policy_mask from loan_products p where p.id = agreements.product_id)` })
    .where('product_id', 'is not', null)
    .execute();
  // a bulk change of the agreements' tools, past the write hook: the totals by tool anew
  await db.transaction().execute((trx) => rebuildPolicyRollups(trx));
}
