/**
 * Demo 金融顾问 (issue 18, decision 037b): the demo organizer has paired the demo
 * bank's officer 王建国 with the demo enterprise and three other firms of 平顶山市,
 * and another bank's officer with three more — one of them first served by 王建国
 * and then re-paired (the history shows it). Contacts (走访 / 电话 / 线上) are logged
 * for most firms, so the officer's list, the enterprise's home, /organizer/advisors
 * and the dashboard card show figures. Written through the module with moved clocks.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { logContact, pairAdvisor } from '../../app/modules/advisors/advisors.server';
import { chinaDate } from '../../app/modules/calendar/working-days';
import { DEMO_ORGANIZER_ID, demoId } from './organizations';

const DAY_MS = 86_400_000;
const DEMO_BANK = demoId('demobank', 1);
const DEMO_BANK_USER = demoId('demousr', 3);
const DEMO_ENTERPRISE = demoId('demoent', 1);

export async function seedAdvisors(db: Kysely<Database>, now = new Date()): Promise<void> {
  const organizer = { userId: DEMO_ORGANIZER_ID, regionCode: '410400' };
  const ago = (d: number) => new Date(now.getTime() - d * DAY_MS);
  const ents = (
    await db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'enterprise')
      .where('status', '=', 'verified')
      .where('region_code', 'like', '4104%')
      .where('id', '!=', DEMO_ENTERPRISE)
      .orderBy('id')
      .limit(6)
      .execute()
  ).map((r) => r.id);
  const other = await db
    .selectFrom('bank_regions as r')
    .innerJoin('organizations as b', 'b.id', 'r.organization_id')
    .innerJoin('users as u', 'u.organization_id', 'b.id')
    .select(['b.id as bankId', 'u.id as userId'])
    .where('r.region_code', '=', '410400')
    .where('b.status', '=', 'verified')
    .where('b.id', '!=', DEMO_BANK)
    .where('u.role', '=', 'bank')
    .orderBy('b.id')
    .orderBy('u.id')
    .executeTakeFirst();
  if (ents.length < 6 || !other) return;
  const wang = { userId: DEMO_BANK_USER, orgId: DEMO_BANK };
  const officer2 = { userId: other.userId, orgId: other.bankId };
  const contact = (
    who: { userId: string; orgId: string },
    ent: string,
    daysAgo: number,
    channel: 'visit' | 'phone' | 'online',
    summary: string,
    nextStep?: string,
  ) => logContact(db, who, ent, { channel, contactOn: chinaDate(ago(daysAgo)), summary, nextStep }, ago(daysAgo));

  // 王建国 (the demo bank): the demo enterprise and three more
  for (const ent of [DEMO_ENTERPRISE, ents[0], ents[1], ents[2]])
    await pairAdvisor(db, organizer, { enterpriseId: ent, officerId: wang.userId }, ago(45));
  await contact(wang, DEMO_ENTERPRISE, 40, 'visit', '上门走访，了解纺纱生产线设备更新计划和资金缺口', '准备设备更新贷款申报材料');
  await contact(wang, DEMO_ENTERPRISE, 9, 'phone', '电话沟通审批进度，企业补充了近两年财务报表', '下周到企业签订借款合同');
  await contact(wang, ents[0], 20, 'visit', '走访企业，讲解无还本续贷政策和政府性融资担保');
  await contact(wang, ents[1], 4, 'online', '线上视频会议，介绍科技贷和知识产权质押贷产品', '收集专利证书复印件');
  // ents[2]: paired, not contacted yet

  // the other bank's officer: three firms, one of them taken over from 王建国
  await pairAdvisor(db, organizer, { enterpriseId: ents[3], officerId: wang.userId }, ago(60));
  for (const ent of [ents[3], ents[4], ents[5]])
    await pairAdvisor(db, organizer, { enterpriseId: ent, officerId: officer2.userId }, ago(30));
  await contact(officer2, ents[3], 25, 'visit', '走访企业，了解订单和应收账款情况', '评估应收账款质押融资');
  await contact(officer2, ents[4], 12, 'phone', '电话回访，企业暂无新增融资需求');
}
