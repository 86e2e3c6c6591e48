/**
 * Demo 问题诉求台账 (issue 18): items of 平顶山市's enterprises in every state —
 * waiting for 交办, in hand with the demo bank, replied and waiting for the demo
 * enterprise's rating, escalated (督办) after a missed deadline, closed in time,
 * closed late, and one reopened before it was closed. Written through the module
 * with moved clocks, so the ledger, the deadlines and the figures are the module's own.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import {
  assignProblem,
  contactProblem,
  escalateOverdueProblems,
  rateProblem,
  recordProblem,
  replyToProblem,
} from '../../app/modules/followup/problems.server';
import { DEMO_GOV_CITY_ID, DEMO_ORGANIZER_ID, demoId } from './organizations';

const DAY_MS = 86_400_000;
const DEMO_BANK = demoId('demobank', 1);
const DEMO_BANK_USER = demoId('demousr', 3);
const DEMO_ENTERPRISE = demoId('demoent', 1);
const DEMO_ENTERPRISE_USER = demoId('demousr', 4);

export async function seedProblems(db: Kysely<Database>, now = new Date()): Promise<void> {
  const organizer = { userId: DEMO_ORGANIZER_ID, regionCode: '410400' };
  const ago = (d: number, hour = 10) => new Date(now.getTime() - d * DAY_MS + (hour - 10) * 3600_000);
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
  const other = (
    await db
      .selectFrom('bank_regions')
      .select('organization_id')
      .where('region_code', '=', '410400')
      .where('organization_id', '!=', DEMO_BANK)
      .orderBy('organization_id')
      .executeTakeFirst()
  )?.organization_id;
  if (ents.length < 5 || !other) return;
  const otherUser =
    (await db.selectFrom('users').select('id').where('organization_id', '=', other).orderBy('id').executeTakeFirst())?.id ?? DEMO_BANK_USER;
  const entUser = async (orgId: string) =>
    orgId === DEMO_ENTERPRISE
      ? DEMO_ENTERPRISE_USER
      : ((await db.selectFrom('users').select('id').where('organization_id', '=', orgId).orderBy('id').executeTakeFirst())?.id ??
        DEMO_ORGANIZER_ID);
  const record = async (ent: string, category: string, description: string, at: Date, byOrganizer = false) =>
    recordProblem(
      db,
      byOrganizer ? { kind: 'organizer', ...organizer } : { kind: 'enterprise', userId: await entUser(ent), orgId: ent },
      { category, description, enterpriseId: ent },
      at,
    );
  const handler = (orgId: string) => ({ userId: orgId === DEMO_BANK ? DEMO_BANK_USER : otherUser, orgId });

  // closed in time, 满意 (the demo enterprise and the demo bank)
  const a = await record(DEMO_ENTERPRISE, 'financing', '新增纺纱生产线，设备购置资金缺口约 500 万元，希望办理中长期贷款', ago(30));
  await assignProblem(db, organizer, a, { handlerId: DEMO_BANK }, ago(29));
  await contactProblem(db, handler(DEMO_BANK), a, ago(29, 15));
  await replyToProblem(db, handler(DEMO_BANK), a, '已上门调查，按设备更新贷款办理 500 万元，利率 3.2%，已提交审批', ago(27));
  await rateProblem(db, { userId: DEMO_ENTERPRISE_USER, orgId: DEMO_ENTERPRISE }, a, { rating: 'satisfied', reopen: false }, ago(26));

  // reopened once (不满意), then closed 基本满意
  const b = await record(ents[0], 'financing', '续贷到期，原担保方退出，担心资金链断裂', ago(28));
  await assignProblem(db, organizer, b, { handlerId: other }, ago(27));
  await replyToProblem(db, handler(other), b, '建议寻找新的担保方后再申请', ago(25));
  await rateProblem(db, { userId: await entUser(ents[0]), orgId: ents[0] }, b, { rating: 'dissatisfied', reopen: true }, ago(24));
  await replyToProblem(db, handler(other), b, '已对接市融资担保公司提供政府性融资担保，办理无还本续贷 300 万元', ago(22));
  await rateProblem(db, { userId: await entUser(ents[0]), orgId: ents[0] }, b, { rating: 'basically', reopen: false }, ago(21));

  // closed late (after the close deadline), 满意 — handled by the city's 金融管理局 (the demo organizer's department)
  const c = await record(ents[1], 'policy', '不清楚首贷贴息政策的申报条件和材料', ago(40), true);
  await assignProblem(db, organizer, c, { handlerId: DEMO_GOV_CITY_ID }, ago(39));
  await replyToProblem(
    db,
    { userId: DEMO_ORGANIZER_ID, orgId: DEMO_GOV_CITY_ID },
    c,
    '已电话讲解申报条件，材料清单已发至企业邮箱',
    ago(28),
  );
  await rateProblem(db, { userId: await entUser(ents[1]), orgId: ents[1] }, c, { rating: 'satisfied', reopen: false }, ago(27));

  // replied, waiting for the demo enterprise's rating
  const d = await record(DEMO_ENTERPRISE, 'hiring', '扩产后需招聘挡车工 30 名，本地招工困难', ago(6));
  await assignProblem(db, organizer, d, { handlerId: DEMO_GOV_CITY_ID }, ago(5));
  await replyToProblem(
    db,
    { userId: DEMO_ORGANIZER_ID, orgId: DEMO_GOV_CITY_ID },
    d,
    '已将岗位推送至市人力资源市场，下周专场招聘会预留展位',
    ago(2),
  );

  // in hand with the demo bank (on its home)
  const e = await record(ents[2], 'financing', '应收账款账期长，希望办理应收账款质押融资', ago(1));
  await assignProblem(db, organizer, e, { handlerId: DEMO_BANK }, ago(1, 11));

  // overdue: never contacted, escalated (督办) by the sweep
  const f = await record(ents[3], 'other', '厂区道路施工影响货车进出，希望协调', ago(15), true);
  await assignProblem(db, organizer, f, { handlerId: other }, ago(14));
  await escalateOverdueProblems(db, now);

  // waiting for 交办
  await record(ents[4], 'financing', '科技型企业，希望了解知识产权质押贷款', ago(0, 9));
  await record(DEMO_ENTERPRISE, 'policy', '希望了解稳岗返还政策的申领时间', ago(0, 8));
}
