/**
 * Demo data a newcomer sees on first start (never in production).
 * Accounts: see DEMO_ACCOUNTS; every one uses DEMO_PASSWORD.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { hashPassword } from '../app/modules/auth/password.server';
import { withCheckChar } from '../app/modules/organizations/credit-code';
import { seedAdvisors } from './seed/advisors';
import { seedAgreements } from './seed/agreements';
import { seedStage } from './seed/stage';
import { seedApplications } from './seed/applications';
import { seedDispatch } from './seed/dispatch';
import { seedPolicyTools } from './seed/policy';
import { seedEvents } from './seed/events';
import { seedInterests } from './seed/interests';
import { seedLists } from './seed/lists';
import { seedMeetings } from './seed/meetings';
import { seedNeeds } from './seed/needs';
import { seedOutcomes } from './seed/outcomes';
import { seedProblems } from './seed/problems';
import { seedOrganizations } from './seed/organizations';
import { seedProducts } from './seed/products';
import { seedTargets } from './seed/targets';

import { DEMO_PASSWORD } from '../app/modules/auth/demo.server';

export const DEMO_CITY = '410400'; // 平顶山市

function id(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;
}

export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  // The foundation's fixed ids claim the seed: when another process starting at the
  // same moment wrote them first, that process seeds the rest. Any later failure is
  // ours and must not pass silently.
  try {
    await seedFoundation(db);
  } catch (error) {
    const seeded = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (seeded) return false;
    throw error;
  }
  await seedAfterFoundation(db);
  return true;
}

export async function seedDemo(db: Kysely<Database>): Promise<void> {
  await seedFoundation(db);
  await seedAfterFoundation(db);
}

async function seedAfterFoundation(db: Kysely<Database>): Promise<void> {
  await seedOrganizations(db);
  await seedProducts(db);
  await seedNeeds(db);
  await seedInterests(db);
  await seedEvents(db);
  await seedMeetings(db);
  await seedAgreements(db);
  await seedStage(db);
  await seedApplications(db);
  await seedLists(db);
  await seedDispatch(db);
  await seedTargets(db);
  await seedOutcomes(db);
  await seedPolicyTools(db);
  await seedProblems(db);
  await seedAdvisors(db);
  // Demo history is not news: the messages its notifications queued stay in the
  // outbox as held (never sent to the demo addresses); their delivery jobs find nothing to do.
  await db.updateTable('outbox_messages').set({ status: 'held', last_error: 'demo data' }).where('status', '=', 'pending').execute();
}

/** The four demo logins (one per role) and their organizations. */
export async function seedFoundation(db: Kysely<Database>): Promise<void> {
  const now = new Date().toISOString();
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const bankId = id('demobank', 1);
    const entId = id('demoent', 1);
    await trx
      .insertInto('organizations')
      .values([
        {
          id: bankId,
          kind: 'bank',
          name: '中国银行平顶山分行',
          status: 'verified',
          status_reason: null,
          status_changed_by: null,
          status_changed_at: now,
          credit_code: null,
          region_code: DEMO_CITY,
          industry: null,
          size: null,
          founded_year: null,
          registered_capital: null,
          employees: null,
          annual_revenue: null,
          bank_type: 'state',
          branch_level: 'city',
          contact_name: '王建国',
          contact_phone: '13837500001',
          contact_email: 'bank@demo.finmatch.cn',
          description: null,
          created_at: now,
          updated_at: now,
        },
        {
          id: entId,
          kind: 'enterprise',
          name: '舞钢市龙山纺织科技有限公司',
          status: 'verified',
          status_reason: null,
          status_changed_by: null,
          status_changed_at: now,
          credit_code: withCheckChar('91410481MA40000017'.slice(0, 17)),
          region_code: '410481',
          industry: 'C',
          size: 'small',
          founded_year: 2012,
          registered_capital: 20_000_000,
          employees: 186,
          annual_revenue: 96_000_000,
          bank_type: null,
          branch_level: null,
          contact_name: '李红梅',
          contact_phone: '13937500002',
          contact_email: 'enterprise@demo.finmatch.cn',
          description: '棉纺及功能性面料生产',
          created_at: now,
          updated_at: now,
        },
      ])
      .execute();
    await trx.insertInto('bank_regions').values({ organization_id: bankId, region_code: DEMO_CITY }).execute();
    await trx
      .insertInto('users')
      .values([
        {
          id: id('demousr', 1),
          email: 'admin@demo.finmatch.cn',
          name: '系统管理员',
          phone: '13800000000',
          password_hash: hash,
          role: 'admin',
          organization_id: null,
          region_code: null,
          created_at: now,
          updated_at: now,
        },
        {
          id: id('demousr', 2),
          email: 'organizer@demo.finmatch.cn',
          name: '张明（市金融办）',
          phone: '13800000001',
          password_hash: hash,
          role: 'organizer',
          organization_id: null,
          region_code: DEMO_CITY,
          created_at: now,
          updated_at: now,
        },
        {
          id: id('demousr', 3),
          email: 'bank@demo.finmatch.cn',
          name: '王建国',
          phone: '13837500001',
          password_hash: hash,
          role: 'bank',
          organization_id: bankId,
          region_code: null,
          created_at: now,
          updated_at: now,
        },
        {
          id: id('demousr', 4),
          email: 'enterprise@demo.finmatch.cn',
          name: '李红梅',
          phone: '13937500002',
          password_hash: hash,
          role: 'enterprise',
          organization_id: entId,
          region_code: null,
          created_at: now,
          updated_at: now,
        },
      ])
      .execute();
  });
}
