/**
 * Authorization cases of the 推荐清单 (issue 18): a bank sees only lists pushed to
 * it, an organizer the lists of its region. Merged into AUTHORIZATION_TABLE (see the
 * how-to at the top of ../authorization-table.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { ORGANIZERS, onlyActors } from '../authorization-helpers';
import type { Case, Fixtures } from '../authorization-table';

export interface ListFixtures {
  /** 410400, with the demo enterprise, pushed to the demo bank */
  pushed: string;
  /** 410400, pushed to another bank only */
  notPushed: string;
  /** 410100 (otherOrganizer's region) */
  otherRegion: string;
}

export async function createListFixtures(
  db: Kysely<Database>,
  base: { orgs: Fixtures['orgs']; users: Fixtures['users'] },
): Promise<ListFixtures> {
  const now = new Date().toISOString();
  let n = 0;
  const list = async (region: string, firm: string, bank: string, by: string) => {
    const id = `authzlist${String(++n).padStart(7, '0')}`;
    await db
      .insertInto('recommended_lists')
      .values({
        id,
        region_code: region,
        title: `权限测试清单${n}`,
        note: '',
        due_working_days: 10,
        pushed_at: now,
        due_on: '2099-12-31',
        created_by: by,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db.insertInto('recommended_list_firms').values({ list_id: id, enterprise_org_id: firm, added_at: now }).execute();
    await db.insertInto('recommended_list_banks').values({ list_id: id, bank_org_id: bank, pushed_at: now }).execute();
    return id;
  };
  const { orgs, users } = base;
  return {
    pushed: await list('410400', orgs.enterprise, orgs.bank, users.organizer.id),
    notPushed: await list('410400', orgs.otherEnterprise, orgs.otherBank, users.organizer.id),
    otherRegion: await list('410100', orgs.otherRegionEnterprise, orgs.otherBank, users.otherOrganizer.id),
  };
}

const listId = (pick: keyof ListFixtures) => (fx: Fixtures) => ({ listId: fx.lists[pick] });

export const FOLLOWUP_CASES: Record<string, Case[]> = {
  'organizer.lists._index': [{ get: onlyActors(ORGANIZERS, 200), post: { expect: onlyActors(ORGANIZERS, 400) } }],
  'organizer.lists.$listId': [
    {
      label: 'a list of 410400',
      params: listId('pushed'),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400) },
    },
    {
      label: 'a list of 410100',
      params: listId('otherRegion'),
      get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
      post: {
        body: () => ({ intent: 'removeFirm', enterpriseId: 'nosuchfirm000000' }),
        expect: onlyActors(ORGANIZERS, 302, { organizer: 404 }),
      },
    },
    { label: 'no such list', params: () => ({ listId: 'nosuchlist000000' }), get: onlyActors(ORGANIZERS, 404) },
  ],
  'bank.lists._index': [{ get: onlyActors(['bank'], 200) }],
  'bank.lists.$listId': [
    {
      label: 'a list pushed to the bank',
      params: listId('pushed'),
      get: onlyActors(['bank'], 200),
      post: { expect: onlyActors(['bank'], 400) },
    },
    {
      label: 'a list pushed to another bank',
      params: listId('notPushed'),
      get: onlyActors(['bank'], 404),
      post: {
        body: (fx) => ({ outcome: 'visited', enterpriseId: fx.orgs.otherEnterprise, visitedOn: '2026-01-05', officer: '某人' }),
        expect: onlyActors(['bank'], 404),
      },
    },
  ],
};
