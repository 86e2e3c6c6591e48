/**
 * Authorization cases of 金融顾问 (issue 18, decision 037b): a bank officer sees and
 * logs contacts only for the firms paired with them, an organizer pairs only within
 * its region. Merged into AUTHORIZATION_TABLE (see the how-to at the top of
 * ../authorization-table.ts); the enterprise's own advisor is on its home (tested in
 * tests/integration/advisors.test.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { ORGANIZERS, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

const now = () => new Date().toISOString();

/**
 * The demo enterprise paired with the demo bank's officer (the demo data has it;
 * written here when it does not), and otherEnterprise paired with an officer of
 * otherBank none of the actors is.
 */
export async function createAdvisorFixtures(
  db: Kysely<Database>,
  base: { orgs: Fixtures['orgs']; users: Fixtures['users'] },
  passwordHash: string,
): Promise<void> {
  const { orgs, users } = base;
  const pairing = async (id: string, enterprise: string, bank: string, officer: string) => {
    const current = await db
      .selectFrom('advisor_pairings')
      .select(['officer_user_id'])
      .where('enterprise_org_id', '=', enterprise)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (current?.officer_user_id === officer) return;
    if (current)
      await db
        .updateTable('advisor_pairings')
        .set({ ended_at: now(), end_reason: 'repaired' })
        .where('enterprise_org_id', '=', enterprise)
        .execute();
    const region = (await db.selectFrom('organizations').select('region_code').where('id', '=', enterprise).executeTakeFirstOrThrow())
      .region_code;
    await db
      .insertInto('advisor_pairings')
      .values({
        id,
        region_code: region,
        enterprise_org_id: enterprise,
        bank_org_id: bank,
        officer_user_id: officer,
        started_on: '2026-01-01',
        started_at: now(),
        paired_by: users.organizer.id,
        ended_at: null,
        ended_on: null,
        ended_by: null,
        end_reason: null,
      })
      .execute();
  };
  const officer = 'authzadvofficer1';
  await db
    .insertInto('users')
    .values({
      id: officer,
      email: `${officer}@authz.finmatch.test`,
      name: '权限测试顾问',
      phone: '13800000007',
      password_hash: passwordHash,
      role: 'bank',
      organization_id: orgs.otherBank,
      region_code: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  await pairing('authzadvpair0001', orgs.enterprise, orgs.bank, users.bank.id);
  await pairing('authzadvpair0002', orgs.otherEnterprise, orgs.otherBank, officer);
}

const contact = { channel: 'visit', contactOn: '2026-12-01', summary: '权限测试走访' };

export const ADVISOR_CASES: Record<string, Case[]> = {
  'bank.advisor._index': [{ get: onlyActors(['bank'], 200) }],
  'bank.advisor.$enterpriseId': [
    {
      label: 'a firm paired with the officer',
      params: (fx) => ({ enterpriseId: fx.orgs.enterprise }),
      get: onlyActors(['bank'], 200),
      post: { expect: onlyActors(['bank'], 400) },
    },
    {
      label: 'a firm paired with another bank’s officer',
      params: (fx) => ({ enterpriseId: fx.orgs.otherEnterprise }),
      get: onlyActors(['bank'], 404),
      post: { body: () => contact, expect: onlyActors(['bank'], 404) },
    },
  ],
  'organizer.advisors': [
    {
      label: 'pairing outside the region (410102 for the organizer; the demo bank does not serve it for otherOrganizer)',
      get: onlyActors(ORGANIZERS, 200),
      post: {
        body: (fx) => ({ intent: 'pair', enterpriseId: fx.orgs.otherRegionEnterprise, officerId: fx.users.bank.id }),
        expect: onlyActors(ORGANIZERS, 400),
      },
    },
    {
      label: 'ending another region’s pairing',
      post: { body: () => ({ intent: 'end', pairingId: 'authzadvpair0001' }), expect: onlyActors(ORGANIZERS, 404, { organizer: 'skip' }) },
    },
  ],
};
