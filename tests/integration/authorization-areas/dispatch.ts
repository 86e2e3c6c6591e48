/**
 * Authorization cases of 派单 (issue 18, decision 036f): a bank sees and answers
 * only the needs dispatched to it, an organizer the dispatches of its region.
 * Merged into AUTHORIZATION_TABLE (see the how-to at the top of ../authorization-table.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { ORGANIZERS, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

export interface DispatchFixtures {
  /** the enterprise's own financing need dispatched to the demo bank */
  toBank: string;
  /** the same need dispatched to another bank */
  toOtherBank: string;
}

export async function createDispatchFixtures(
  db: Kysely<Database>,
  base: { orgs: Fixtures['orgs']; needs: Fixtures['needs'] },
): Promise<DispatchFixtures> {
  const now = new Date().toISOString();
  const row = (id: string, bank: string) => ({
    id,
    need_kind: 'financing' as const,
    need_id: base.needs.financing.own,
    region_code: '410400',
    enterprise_org_id: base.orgs.enterprise,
    bank_org_id: bank,
    score: 70,
    rank: 1,
    dispatched_on: '2026-12-01',
    due_on: '2099-12-31',
    dispatched_at: now,
    answer: null,
    answered_at: null,
    decline_reason: null,
    escalated_at: null,
  });
  await db
    .insertInto('need_dispatches')
    .values([row('authzdispatch001', base.orgs.bank), row('authzdispatch002', base.orgs.otherBank)])
    .execute();
  return { toBank: 'authzdispatch001', toOtherBank: 'authzdispatch002' };
}

export const DISPATCH_CASES: Record<string, Case[]> = {
  'bank.dispatches': [
    {
      label: 'its own dispatch, without a reason',
      get: onlyActors(['bank'], 200),
      post: { body: (fx) => ({ id: fx.dispatches.toBank, reason: '' }), expect: onlyActors(['bank'], 400) },
    },
    {
      label: "another bank's dispatch",
      post: { body: (fx) => ({ id: fx.dispatches.toOtherBank, reason: 'no_product' }), expect: onlyActors(['bank'], 404) },
    },
  ],
  'organizer.dispatches': [{ get: onlyActors(ORGANIZERS, 200) }],
};
