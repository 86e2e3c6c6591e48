/**
 * Demo 推荐清单 (issue 18): the demo organizer (平顶山市) has pushed a list of the
 * city's manufacturers to the demo bank and two others; the banks have answered
 * for part of it (visits, credit, a refusal with its reason), one answer came
 * after the deadline; a second list is still a draft. Written through the module,
 * so the figures on the pages are the module's own.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { chinaDate } from '../../app/modules/calendar/working-days';
import { addFirmsByFilter, answerForFirm, createList, pushList } from '../../app/modules/followup/lists.server';
import { DEMO_ORGANIZER_ID, demoId } from './organizations';

const DAY_MS = 86_400_000;
const DEMO_BANK = demoId('demobank', 1);
const DEMO_BANK_USER = demoId('demousr', 3);

export async function seedLists(db: Kysely<Database>, now = new Date()): Promise<void> {
  const organizer = { userId: DEMO_ORGANIZER_ID, regionCode: '410400' };
  const daysAgo = (d: number) => new Date(now.getTime() - d * DAY_MS);

  const listId = await createList(
    db,
    organizer,
    { title: '平顶山市制造业小微企业首贷推荐清单', note: '名录库制造业小微企业，请各行逐户走访并反馈授信情况', dueDays: 10 },
    daysAgo(20).toISOString(),
  );
  await addFirmsByFilter(db, organizer, listId, { industry: 'C' }, daysAgo(20).toISOString());
  const firms = (
    await db
      .selectFrom('recommended_list_firms')
      .select('enterprise_org_id')
      .where('list_id', '=', listId)
      .orderBy('enterprise_org_id')
      .execute()
  ).map((r) => r.enterprise_org_id);
  if (firms.length === 0) return;
  const others = (
    await db
      .selectFrom('bank_regions')
      .select('organization_id')
      .where('region_code', '=', '410400')
      .where('organization_id', '!=', DEMO_BANK)
      .orderBy('organization_id')
      .limit(2)
      .execute()
  ).map((r) => r.organization_id);
  await pushList(db, organizer, listId, [DEMO_BANK, ...others], daysAgo(18));

  const bankUser = async (orgId: string) =>
    orgId === DEMO_BANK
      ? DEMO_BANK_USER
      : (await db.selectFrom('users').select('id').where('organization_id', '=', orgId).orderBy('id').executeTakeFirst())?.id;
  // the demo bank has answered for about half of the firms, one of them late; the rest wait on its home page
  const demo = { userId: DEMO_BANK_USER, orgId: DEMO_BANK };
  const half = Math.ceil(firms.length / 2);
  for (const [i, firm] of firms.slice(0, half).entries()) {
    const at = daysAgo(i === 0 ? 1 : 12 - Math.min(i, 8));
    if (i % 3 === 0) await answerForFirm(db, demo, listId, firm, { outcome: 'granted', amount: (200 + i * 50) * 10_000 }, at);
    else if (i % 3 === 1)
      await answerForFirm(db, demo, listId, firm, { outcome: 'visited', visitedOn: chinaDate(at), officer: '刘志强' }, at);
    else
      await answerForFirm(
        db,
        demo,
        listId,
        firm,
        { outcome: 'declined', reasonCode: 'no_need', reasonText: '企业现金流充裕，暂无融资需求' },
        at,
      );
  }
  for (const [k, bank] of others.entries()) {
    const userId = await bankUser(bank);
    if (!userId) continue;
    for (const [i, firm] of firms.entries()) {
      if ((i + k) % 2 === 1) continue;
      const at = daysAgo(10 - Math.min(i, 6));
      if (i % 4 === 0)
        await answerForFirm(db, { userId, orgId: bank }, listId, firm, { outcome: 'granted', amount: (100 + i * 30) * 10_000 }, at);
      else if (i % 4 === 2)
        await answerForFirm(
          db,
          { userId, orgId: bank },
          listId,
          firm,
          { outcome: 'declined', reasonCode: 'no_guarantee', reasonText: null },
          at,
        );
      else
        await answerForFirm(
          db,
          { userId, orgId: bank },
          listId,
          firm,
          { outcome: 'visited', visitedOn: chinaDate(at), officer: '客户经理' },
          at,
        );
    }
  }

  // a draft: the organizer is still compiling it
  const draft = await createList(db, organizer, { title: '稳岗扩岗企业推荐清单（用工计划）', dueDays: 5 }, daysAgo(2).toISOString());
  await addFirmsByFilter(db, organizer, draft, { hiring: true }, daysAgo(2).toISOString());
}
