import type { Insertable, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/schema';
import { createDatabase } from '#db/connection';
import { migrateToLatest } from '#db/migrate';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase } from '../../../tests/support/temp-db';
import { guaranteeMask, industryMask } from '~/modules/catalog/codes';
import {
  DEFAULT_LPR_1Y_BP,
  loadLpr1yBp,
  loadNeedForMatch,
  loadPublishedNeeds,
  loadPublishedProducts,
  topNeedsForProduct,
  topProductsForNeed,
} from './queries.server';
import { rankNeedsForProduct, rankProductsForNeed } from './index';

const NOW = '2026-11-25T08:00:00.000Z';
const ctx = { lpr1yBp: 300, today: '2026-11-25' };
/**
 * A fresh migrated database: a temporary SQLite file, or with TEST_PG_URL a new
 * PostgreSQL database (the same queries must run on both).
 */
async function freshDatabase(label: string): Promise<{ db: Kysely<Database>; cleanup: () => Promise<void> }> {
  if (!process.env.TEST_PG_URL) return createTempDatabase();
  const { register } = await import('tsx/esm/api');
  register();
  const { url, drop } = await freshDatabaseUrl(label);
  const handle = await createDatabase(url);
  await migrateToLatest(handle.db);
  return {
    db: handle.db,
    cleanup: async () => {
      await handle.db.destroy();
      await drop();
    },
  };
}

let temp: { cleanup: () => Promise<void> };
let db: Kysely<Database>;

function org(id: string, kind: 'enterprise' | 'bank', region: string, extra: Partial<Database['organizations']> = {}) {
  return {
    id,
    kind,
    name: id,
    status: 'verified' as const,
    status_reason: null,
    status_changed_by: null,
    status_changed_at: null,
    credit_code: null,
    region_code: region,
    industry: kind === 'enterprise' ? 'C' : null,
    size: kind === 'enterprise' ? 'small' : null,
    founded_year: kind === 'enterprise' ? 2015 : null,
    registered_capital: null,
    employees: null,
    annual_revenue: null,
    bank_type: null,
    branch_level: null,
    contact_name: '联系人',
    contact_phone: '13800000000',
    contact_email: null,
    description: null,
    created_at: NOW,
    updated_at: NOW,
    ...extra,
  };
}

function product(id: string, bank: string, extra: Partial<Insertable<Database['loan_products']>> = {}) {
  return {
    id,
    organization_id: bank,
    name: id,
    category: 'credit',
    amount_min: 1_000_000,
    amount_max: 10_000_000,
    term_min_months: 6,
    term_max_months: 36,
    rate_type: 'fixed' as const,
    rate_min_bp: 345,
    rate_max_bp: 450,
    guarantee_mask: guaranteeMask(['credit']),
    industry_mask: 0,
    size_mask: 0,
    min_years: 0,
    employment_linked: 0,
    min_new_hires: 0,
    materials: null,
    description: null,
    status: 'published' as const,
    search_text: '',
    published_at: NOW,
    retired_at: null,
    created_at: NOW,
    updated_at: NOW,
    ...extra,
  };
}

function need(id: string, orgId: string, region: string, extra: Partial<Insertable<Database['financing_needs']>> = {}) {
  return {
    id,
    organization_id: orgId,
    title: id,
    amount: 5_000_000,
    term_months: 12,
    purpose: 'working_capital',
    guarantee_mask: guaranteeMask(['mortgage']),
    max_rate_bp: 450,
    wanted_by: null,
    description: null,
    attachments: '[]',
    status: 'published' as const,
    region_code: region,
    search_text: '',
    published_at: NOW,
    closed_at: null,
    status_reason: null,
    created_at: NOW,
    updated_at: NOW,
    ...extra,
  };
}

function hiring(id: string, orgId: string, headcount: number, status: 'published' | 'draft') {
  return {
    id,
    organization_id: orgId,
    title: id,
    description: null,
    training_support: 0,
    total_headcount: headcount,
    wanted_by: null,
    status,
    region_code: '410481',
    search_text: '',
    published_at: NOW,
    closed_at: null,
    status_reason: null,
    created_at: NOW,
    updated_at: NOW,
  };
}

beforeAll(async () => {
  const fresh = await freshDatabase('matching');
  temp = fresh;
  db = fresh.db;
  await db
    .insertInto('organizations')
    .values([
      org('ent-wugang', 'enterprise', '410481'),
      org('ent-zhengzhou', 'enterprise', '410102', { industry: 'F' }),
      org('bank-a', 'bank', '410400'),
      org('bank-b', 'bank', '410000'),
    ])
    .execute();
  await db
    .insertInto('loan_products')
    .values([
      product('p-city', 'bank-a'), // 平顶山市: covers 舞钢市
      product('p-county', 'bank-a', { category: 'tax' }), // 舞钢市 itself, best fit
      product('p-zz', 'bank-b'), // 郑州市 only
      product('p-draft', 'bank-a', { status: 'draft' }),
      product('p-small', 'bank-b', { amount_max: 2_000_000 }), // amount out of range
      product('p-lpr', 'bank-b', { rate_type: 'lpr', rate_min_bp: 160, rate_max_bp: 200 }), // 4.60% > 4.50% ceiling
      product('p-jobs', 'bank-b', { category: 'job_stable', employment_linked: 1, min_new_hires: 20 }),
      product('p-mfg', 'bank-b', { industry_mask: industryMask(['C']), guarantee_mask: guaranteeMask(['mortgage']) }),
    ])
    .execute();
  await db
    .insertInto('product_regions')
    .values([
      { product_id: 'p-city', region_code: '410400' },
      { product_id: 'p-county', region_code: '410481' },
      { product_id: 'p-zz', region_code: '410100' },
      { product_id: 'p-draft', region_code: '410400' },
      { product_id: 'p-small', region_code: '410000' },
      { product_id: 'p-lpr', region_code: '410000' },
      { product_id: 'p-jobs', region_code: '410000' },
      { product_id: 'p-mfg', region_code: '410000' },
      { product_id: 'p-mfg', region_code: '410100' },
    ])
    .execute();
  await db
    .insertInto('financing_needs')
    .values([
      need('n-wugang', 'ent-wugang', '410481'),
      need('n-zz', 'ent-zhengzhou', '410102', { guarantee_mask: guaranteeMask(['mortgage']) }),
      need('n-draft', 'ent-wugang', '410481', { status: 'draft' }),
      need('n-big', 'ent-wugang', '410481', { amount: 50_000_000 }),
    ])
    .execute();
  await db
    .insertInto('hiring_needs')
    .values([
      hiring('h1', 'ent-wugang', 15, 'published'),
      hiring('h2', 'ent-wugang', 8, 'published'),
      hiring('h3', 'ent-wugang', 100, 'draft'),
    ])
    .execute();
});

afterAll(async () => {
  await temp?.cleanup();
});

describe('matching queries on a real database', () => {
  it('reads the LPR from settings, 300 bp when absent', async () => {
    expect(await loadLpr1yBp(db)).toBe(DEFAULT_LPR_1Y_BP);
    await db.insertInto('settings').values({ key: 'lpr_1y_bp', value: '310', updated_at: NOW, updated_by: null }).execute();
    expect(await loadLpr1yBp(db)).toBe(310);
    await db.deleteFrom('settings').where('key', '=', 'lpr_1y_bp').execute();
  });

  it('loads a need with its enterprise and the headcount of published hiring needs', async () => {
    const n = await loadNeedForMatch(db, 'n-wugang');
    expect(n).toEqual({
      id: 'n-wugang',
      amount: 5_000_000,
      termMonths: 12,
      guaranteeMask: guaranteeMask(['mortgage']),
      maxRateBp: 450,
      purpose: 'working_capital',
      enterprise: { id: 'ent-wugang', regionCode: '410481', industry: 'C', size: 'small', foundedYear: 2015 },
      plannedHires: 23,
    });
    expect((await loadNeedForMatch(db, 'n-zz'))?.plannedHires).toBe(0);
    expect(await loadNeedForMatch(db, 'missing')).toBeUndefined();
  });

  it('loads published products with all their regions, filtered in SQL', async () => {
    const all = await loadPublishedProducts(db);
    expect(all.map((p) => p.id)).toEqual(['p-city', 'p-county', 'p-jobs', 'p-lpr', 'p-mfg', 'p-small', 'p-zz']);
    expect(all.find((p) => p.id === 'p-mfg')?.regions).toEqual(['410000', '410100']);
    expect(all.find((p) => p.id === 'p-jobs')).toMatchObject({ employmentLinked: true, minNewHires: 20, bankId: 'bank-b' });
    const forWugang = await loadPublishedProducts(db, { amount: 5_000_000, termMonths: 12, regionCode: '410481' });
    expect(forWugang.map((p) => p.id)).toEqual(['p-city', 'p-county', 'p-jobs', 'p-lpr', 'p-mfg']);
    // the region filter keeps every region of a product, not only the covering one
    expect(forWugang.find((p) => p.id === 'p-mfg')?.regions).toEqual(['410000', '410100']);
    expect((await loadPublishedProducts(db, { bankId: 'bank-a' })).map((p) => p.id)).toEqual(['p-city', 'p-county']);
    expect(await loadPublishedProducts(db, { ids: [] })).toEqual([]);
  });

  it('topProductsForNeed: prefilter in SQL, rank in code, explain each match', async () => {
    const res = await topProductsForNeed(db, 'n-wugang', { limit: 20, ctx });
    expect(res?.matches.map((m) => m.productId)).toEqual(['p-county', 'p-city', 'p-mfg', 'p-jobs']);
    expect(res?.matches.every((m) => m.eligible && m.criteria.length === 15)).toBe(true);
    expect(res?.matches[0].score).toBeGreaterThan(res!.matches[1].score);
    const limited = await topProductsForNeed(db, 'n-wugang', { limit: 1, ctx });
    expect(limited?.matches.map((m) => m.productId)).toEqual(['p-county']);
    // the LPR from settings applies when no context is given
    await db.insertInto('settings').values({ key: 'lpr_1y_bp', value: '280', updated_at: NOW, updated_by: null }).execute();
    const cheaper = await topProductsForNeed(db, 'n-wugang');
    expect(cheaper?.matches.map((m) => m.productId)).toContain('p-lpr'); // 2.80% + 1.60% = 4.40% ≤ 4.50%
    await db.deleteFrom('settings').where('key', '=', 'lpr_1y_bp').execute();
    const why = await topProductsForNeed(db, 'n-wugang', { limit: 20, includeExcluded: true, ctx });
    const lpr = why?.matches.find((m) => m.productId === 'p-lpr');
    expect(lpr).toMatchObject({ eligible: false, missed: ['rate'] });
    expect(await topProductsForNeed(db, 'missing')).toBeUndefined();
  });

  it('topNeedsForProduct: published needs in the product’s regions and ranges', async () => {
    const res = await topNeedsForProduct(db, 'p-mfg', { limit: 10, ctx });
    // n-zz is in 郑州 but its enterprise is in wholesale (F); n-big is above the range; n-draft is a draft
    expect(res?.matches.map((m) => m.needId)).toEqual(['n-wugang']);
    const city = await topNeedsForProduct(db, 'p-city', { ctx });
    expect(city?.matches.map((m) => m.needId)).toEqual(['n-wugang']);
    const needs = await loadPublishedNeeds(db, { regions: ['410000'] });
    expect(needs.map((n) => n.id).sort()).toEqual(['n-big', 'n-wugang', 'n-zz']);
    expect(await topNeedsForProduct(db, 'missing')).toBeUndefined();
  });
});

describe('SQL prefilter on a generated catalogue', () => {
  let gen: { db: Kysely<Database>; cleanup: () => Promise<void> };
  beforeAll(async () => {
    const { generateCatalog } = await import('../../../scripts/bench/generate-catalog');
    gen = await freshDatabase('matchinggen');
    await generateCatalog(gen.db, { enterprises: 300, banks: 30, products: 400, needs: 400, hiringNeeds: 150 }, 99);
  });
  afterAll(async () => {
    await gen?.cleanup();
  });

  it('never drops an eligible product: same top list as ranking every published product', async () => {
    const all = await loadPublishedProducts(gen.db);
    const ids = (
      await gen.db.selectFrom('financing_needs').select('id').where('status', '=', 'published').orderBy('id').limit(150).execute()
    ).map((r) => r.id);
    let withMatches = 0;
    for (const id of ids) {
      const viaSql = await topProductsForNeed(gen.db, id, { limit: 1000, ctx });
      const need = (await loadNeedForMatch(gen.db, id))!;
      const expected = rankProductsForNeed(need, all, ctx, { limit: 1000 });
      expect(viaSql?.matches.map((m) => [m.productId, m.score])).toEqual(expected.map((m) => [m.productId, m.score]));
      if (expected.length) withMatches++;
    }
    expect(withMatches).toBeGreaterThan(20);
  });

  it('topNeedsForProduct gives the same list as ranking every published need', async () => {
    const needs = await loadPublishedNeeds(gen.db);
    const products = (await loadPublishedProducts(gen.db)).slice(0, 60);
    for (const p of products) {
      const viaSql = await topNeedsForProduct(gen.db, p.id, { limit: 1000, ctx });
      const expected = rankNeedsForProduct(p, needs, ctx, { limit: 1000 });
      expect(viaSql?.matches.map((m) => [m.needId, m.score])).toEqual(expected.map((m) => [m.needId, m.score]));
    }
  });
});
