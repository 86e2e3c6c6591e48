// The interest queries against a real (temporary SQLite) database: what each
// side can read is decided by the query, not by the page.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/schema';
import { createTempDatabase, insertFinancingNeed, type TempDatabase } from '../../../tests/support/temp-db';
import { listNotifications, markAllRead, markRead, unreadCount } from '~/modules/notifications/notifications.server';
import { AppError } from '~/utils/errors';
import {
  expressInterest,
  getEnterpriseProfile,
  listBankInterests,
  listEnterpriseInterests,
  respondToInterest,
  responseCount,
  revealedContact,
  withdrawInterest,
} from './interests.server';
import { regionNeedTracking } from './overdue.server';

let handle: TempDatabase;
let db: Kysely<Database>;
const now = new Date().toISOString();

async function org(id: string, kind: 'enterprise' | 'bank', status: 'verified' | 'pending' = 'verified') {
  await db
    .insertInto('organizations')
    .values({
      id,
      kind,
      name: `${kind}-${id}`,
      status,
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: '410481',
      industry: 'C',
      size: 'small',
      founded_year: 2015,
      registered_capital: 1_000_000,
      employees: 10,
      annual_revenue: 9_000_000,
      bank_type: null,
      branch_level: null,
      contact_name: `联系人${id}`,
      contact_phone: `1390000${id.slice(-4)}`,
      contact_email: null,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('users')
    .values({
      id: `u-${id}`,
      email: `${id}@t.test`,
      name: id,
      phone: '13800000000',
      password_hash: 'x',
      role: kind,
      organization_id: id,
      region_code: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

async function need(id: string, orgId: string, publishedAt = now) {
  await insertFinancingNeed(db, { id, organizationId: orgId, region: '410481', publishedAt, createdAt: publishedAt, title: `需求${id}` });
}

const bank = (id: string, status: 'verified' | 'pending' = 'verified') => ({ bankOrgId: id, bankStatus: status, userId: `u-${id}` });
const ent = (id: string) => ({ enterpriseOrgId: id, userId: `u-${id}` });

async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

beforeAll(async () => {
  handle = await createTempDatabase();
  db = handle.db;
  await org('ent00001', 'enterprise');
  await org('ent00002', 'enterprise');
  await org('bnk00001', 'bank');
  await org('bnk00002', 'bank');
  await org('bnk00003', 'bank', 'pending');
  await need('need0001', 'ent00001');
  await need('need0002', 'ent00001');
  await need('need0003', 'ent00002', '2020-01-06T01:00:00.000Z');
});
afterAll(async () => {
  await handle?.cleanup();
});

describe('interests in the database', () => {
  it('reveals the contact only through the asking bank’s accepted interest', async () => {
    const id = await expressInterest(db, bank('bnk00001'), { kind: 'financing', needId: 'need0001', message: '你好' });
    await expressInterest(db, bank('bnk00002'), { kind: 'financing', needId: 'need0001', message: '你好' });
    expect(await revealedContact(db, 'bnk00001', 'financing', 'need0001')).toBeNull();
    expect((await listBankInterests(db, 'bnk00001', { page: 1 })).rows[0].contact).toBeNull();

    // another enterprise cannot answer it
    expect((await appError(respondToInterest(db, ent('ent00002'), { interestId: id, decision: 'accept' }))).status).toBe(404);
    const r = await respondToInterest(db, ent('ent00001'), { interestId: id, decision: 'accept' });
    expect(r).toEqual({ status: 'accepted', needStatus: 'matched' });
    expect(await revealedContact(db, 'bnk00001', 'financing', 'need0001')).toEqual({
      name: '联系人ent00001',
      phone: '13900000001',
      email: null,
    });
    expect(await revealedContact(db, 'bnk00002', 'financing', 'need0001')).toBeNull();
    expect((await listBankInterests(db, 'bnk00001', { page: 1 })).rows[0].contact?.phone).toBe('13900000001');
    expect((await listBankInterests(db, 'bnk00002', { page: 1 })).rows[0].contact).toBeNull();
    expect((await appError(respondToInterest(db, ent('ent00001'), { interestId: id, decision: 'decline' }))).messageKey).toBe(
      'interests.notPending',
    );
  });

  it('refuses duplicates, unverified banks and closed needs; allows expressing again after withdrawal', async () => {
    expect(
      (
        await appError(
          expressInterest(db, bank('bnk00001'), { kind: 'financing', needId: 'need0002', message: 'a' }).then(() =>
            expressInterest(db, bank('bnk00001'), { kind: 'financing', needId: 'need0002', message: 'b' }),
          ),
        )
      ).messageKey,
    ).toBe('interests.duplicate');
    expect(
      (await appError(expressInterest(db, bank('bnk00003', 'pending'), { kind: 'financing', needId: 'need0002', message: 'a' }))).status,
    ).toBe(403);
    expect(
      (await appError(expressInterest(db, bank('bnk00002'), { kind: 'financing', needId: 'need0001', message: 'late' }))).messageKey,
    ).toBe('interests.duplicate');
    expect((await appError(expressInterest(db, bank('bnk00002'), { kind: 'financing', needId: 'nosuchneed', message: 'x' }))).status).toBe(
      404,
    );
    await db
      .insertInto('loan_products')
      .values({
        id: 'prod0001',
        organization_id: 'bnk00002',
        name: '别家产品',
        category: 'credit',
        amount_min: 1,
        amount_max: 2,
        term_min_months: 1,
        term_max_months: 2,
        rate_type: 'fixed',
        rate_min_bp: 1,
        rate_max_bp: 2,
        guarantee_mask: 1,
        industry_mask: 0,
        size_mask: 0,
        min_years: 0,
        employment_linked: 0,
        min_new_hires: 0,
        materials: null,
        description: null,
        status: 'published',
        search_text: '',
        published_at: now,
        retired_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const e = await appError(
      expressInterest(db, bank('bnk00001'), { kind: 'financing', needId: 'need0003', message: 'x', productId: 'prod0001' }),
    );
    expect([e.status, e.field]).toEqual([400, 'productId']);

    const id = await expressInterest(db, bank('bnk00002'), { kind: 'financing', needId: 'need0002', message: 'x' });
    expect(await responseCount(db, 'financing', 'need0002')).toBe(2);
    await withdrawInterest(db, bank('bnk00002'), id);
    expect(await responseCount(db, 'financing', 'need0002')).toBe(1);
    expect(await expressInterest(db, bank('bnk00002'), { kind: 'financing', needId: 'need0002', message: 'again' })).toBe(id);
    expect(await responseCount(db, 'financing', 'need0002')).toBe(2);
  });

  it('reads finances only when asked for them', async () => {
    expect((await getEnterpriseProfile(db, 'ent00001', false))?.finances).toBeNull();
    expect((await getEnterpriseProfile(db, 'ent00001', true))?.finances).toEqual({
      registeredCapital: 1_000_000,
      annualRevenue: 9_000_000,
      employees: 10,
    });
  });

  it('groups an enterprise’s incoming interests per need, its own only', async () => {
    const mine = await listEnterpriseInterests(db, 'ent00001', { page: 1 });
    expect(mine.groups.map((g) => g.needId).sort()).toEqual(['need0001', 'need0002']);
    expect(mine.total).toBe(2);
    expect((await listEnterpriseInterests(db, 'ent00002', { page: 1 })).groups.map((g) => g.needId)).toEqual([]);
  });

  it('notifies the receiving organization and marks notifications read', async () => {
    const entUser = 'u-ent00001';
    const before = await unreadCount(db, entUser);
    expect(before).toBeGreaterThan(0);
    const list = await listNotifications(db, entUser, 1);
    expect(list.rows[0].kind).toMatch(/^interest\./);
    expect(list.rows.map((r) => r.createdAt)).toEqual([...list.rows.map((r) => r.createdAt)].sort().reverse());
    expect(await markRead(db, 'u-ent00002', list.rows[0].id)).toBe(false);
    expect(await markRead(db, entUser, list.rows[0].id)).toBe(true);
    expect(await unreadCount(db, entUser)).toBe(before - 1);
    await markAllRead(db, entUser);
    expect(await unreadCount(db, entUser)).toBe(0);
    expect((await listNotifications(db, 'u-bnk00001', 1)).rows.map((r) => r.kind)).toContain('interest.accepted');
  });

  it('tracks overdue needs of a region', async () => {
    const t = await regionNeedTracking(db, '410400', { filter: 'overdue', page: 1, today: '2020-01-10' });
    // need0003 was published Monday 2020-01-06 (CST); due Thursday 01-09; overdue on Friday 01-10
    expect(t.rows.map((r) => r.id)).toEqual(['need0003']);
    expect(t.rows[0]).toMatchObject({ overdue: true, workingDaysWaiting: 4, responses: 0 });
    expect((await regionNeedTracking(db, '410400', { filter: 'overdue', page: 1, today: '2020-01-09' })).rows).toEqual([]);
    expect((await regionNeedTracking(db, '410100', { filter: 'all', page: 1, today: '2020-01-10' })).rows).toEqual([]);
  });

  it('counts the tracked needs of a region as its lists show them', async () => {
    const all = await regionNeedTracking(db, '410400', { filter: 'all', page: 1, pageSize: 100, today: '2020-01-10' });
    expect(all.rows.length).toBeGreaterThan(1);
    expect(all.counts.all).toBe(all.rows.length);
    expect(all.counts.none).toBe(all.rows.filter((r) => r.status === 'published' && r.responses === 0).length);
    expect(all.counts.overdue).toBe(all.rows.filter((r) => r.overdue).length);
    expect(all.counts.overdue).toBe(1);
    const city = await regionNeedTracking(db, '410100', { filter: 'all', page: 1, today: '2020-01-10' });
    expect(city.counts).toEqual({ none: 0, overdue: 0, waiting: 0, all: 0 });
  });
});
