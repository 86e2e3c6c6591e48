/**
 * Demo lead signatories (主签约单位, issue 16, decision 036d): the held session
 * `demoevt000000003` names 农发行 and 中行 first and 舞钢市龙山纺织 as the lead
 * enterprise, as far as they signed there, so its news line on the session page,
 * the projector screen and the roster PDF reads like the real release.
 * Runs after the agreements seed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

const CLOSED_EVENT = 'demoevt000000003';
const LEADS = { bank: ['demobank00000002', 'demobank00000001'], enterprise: ['demoent000000001'] } as const;

export async function seedStage(db: Kysely<Database>): Promise<void> {
  const signed = await db
    .selectFrom('agreements')
    .select(['bank_org_id', 'enterprise_org_id'])
    .where('event_id', '=', CLOSED_EVENT)
    .where('confirmed_at', 'is not', null)
    .execute();
  const banks = new Set(signed.map((s) => s.bank_org_id));
  const enterprises = new Set(signed.map((s) => s.enterprise_org_id));
  const now = new Date().toISOString();
  const rows = [
    ...LEADS.bank.filter((id) => banks.has(id)).map((id, i) => ({ side: 'bank' as const, id, position: i + 1 })),
    ...LEADS.enterprise.filter((id) => enterprises.has(id)).map((id, i) => ({ side: 'enterprise' as const, id, position: i + 1 })),
  ];
  if (rows.length === 0) return;
  await db
    .insertInto('event_lead_signatories')
    .values(rows.map((r) => ({ event_id: CLOSED_EVENT, organization_id: r.id, side: r.side, position: r.position, created_at: now })))
    .execute();
}
