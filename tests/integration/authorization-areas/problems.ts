/**
 * Authorization cases of the 问题诉求台账 (issue 18): an enterprise sees its own
 * items, a bank only those assigned to it, an organizer its region's. Merged into
 * AUTHORIZATION_TABLE (see the how-to at the top of ../authorization-table.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { ENTERPRISES, ORGANIZERS, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

export interface ProblemFixtures {
  /** the demo enterprise's item, assigned to the demo bank */
  own: string;
  /** another enterprise of 410400, assigned to another bank */
  otherTenant: string;
  /** an item of 410102 (otherOrganizer's region), not assigned */
  otherRegion: string;
}

export async function createProblemFixtures(
  db: Kysely<Database>,
  base: { orgs: Fixtures['orgs']; users: Fixtures['users'] },
): Promise<ProblemFixtures> {
  const now = new Date().toISOString();
  let n = 0;
  const problem = async (region: string, enterprise: string, handler: string | null, by: string) => {
    const id = `authzprob${String(++n).padStart(7, '0')}`;
    await db
      .insertInto('problems')
      .values({
        id,
        region_code: region,
        enterprise_org_id: enterprise,
        category: 'financing',
        description: `权限测试问题${n}`,
        recorded_by: by,
        status: handler ? 'assigned' : 'open',
        handler_org_id: handler,
        due_working_days: handler ? 5 : null,
        clock_started_on: handler ? '2099-12-01' : null,
        due_on: handler ? '2099-12-31' : null,
        reply: null,
        replied_at: null,
        rating: null,
        closed_at: null,
        escalated_at: null,
        created_at: now,
        updated_at: now,
        ledger_year: 2099,
        seq_no: n,
        ledger_code: `权限-问题-2099-${String(n).padStart(4, '0')}`,
        contact_due_on: handler ? '2099-12-02' : null,
        reply_due_on: handler ? '2099-12-04' : null,
        contacted_at: null,
        escalated_stage: null,
      })
      .execute();
    return id;
  };
  const { orgs, users } = base;
  const entRegion = (await db.selectFrom('organizations').select('region_code').where('id', '=', orgs.enterprise).executeTakeFirstOrThrow())
    .region_code;
  return {
    own: await problem(entRegion, orgs.enterprise, orgs.bank, users.enterprise.id),
    otherTenant: await problem('410400', orgs.otherEnterprise, orgs.otherBank, users.organizer.id),
    otherRegion: await problem('410102', orgs.otherRegionEnterprise, null, users.otherOrganizer.id),
  };
}

const problemId = (pick: keyof ProblemFixtures) => (fx: Fixtures) => ({ problemId: fx.problems[pick] });

export const PROBLEM_CASES: Record<string, Case[]> = {
  'enterprise.problems._index': [{ get: onlyActors(ENTERPRISES, 200), post: { expect: onlyActors(ENTERPRISES, 400) } }],
  'enterprise.problems.$problemId': [
    {
      label: 'the enterprise’s own item',
      params: problemId('own'),
      get: onlyActors(ENTERPRISES, 200, { pendingEnterprise: 404 }),
      post: { expect: onlyActors(ENTERPRISES, 400) },
    },
    {
      label: 'another enterprise’s item',
      params: problemId('otherTenant'),
      get: onlyActors(ENTERPRISES, 404),
      post: { body: () => ({ intent: 'rate', rating: 'satisfied' }), expect: onlyActors(ENTERPRISES, 404) },
    },
  ],
  'bank.problems._index': [{ get: onlyActors(['bank'], 200) }],
  'bank.problems.$problemId': [
    {
      label: 'an item assigned to the bank',
      params: problemId('own'),
      get: onlyActors(['bank'], 200),
      post: { expect: onlyActors(['bank'], 400) },
    },
    {
      label: 'an item assigned to another bank',
      params: problemId('otherTenant'),
      get: onlyActors(['bank'], 404),
      post: { body: () => ({ intent: 'contact' }), expect: onlyActors(['bank'], 404) },
    },
  ],
  'organizer.problems._index': [{ get: onlyActors(ORGANIZERS, 200), post: { expect: onlyActors(ORGANIZERS, 400) } }],
  'organizer.problems.$problemId': [
    {
      label: 'an item of 410400',
      params: problemId('otherTenant'),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400) },
    },
    {
      label: 'an item of 410102',
      params: problemId('otherRegion'),
      get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
      // a handler outside the region: refused (400) for its organizer, 404 for another region's
      post: {
        body: () => ({ intent: 'assign', handlerId: 'nosuchhandler000' }),
        expect: onlyActors(ORGANIZERS, 400, { organizer: 404 }),
      },
    },
    { label: 'no such item', params: () => ({ problemId: 'nosuchproblem000' }), get: onlyActors(ORGANIZERS, 404) },
  ],
};
