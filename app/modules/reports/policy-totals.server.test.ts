/**
 * Policy tools (issue 18) on SQLite (and PostgreSQL with TEST_PG_URL): a letter
 * of intent takes the tools chosen on it, else its product's; the totals by tool
 * count an agreement under each of its tools, only confirmed ones, within the
 * scope; the import reads the tools from their Chinese names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { insertAgreement } from '../agreements/agreements.server';
import { guaranteeMask, policiesOf, policyMask } from '../catalog/codes';
import { policyLookup } from '../imports/products.server';
import { choiceListField } from '../imports/columns';
import { policyTotals } from './policy-totals.server';

let t: TempDatabase;
let drop: () => Promise<void> = async () => {};
const fx = {} as Record<'bank' | 'ent' | 'entOut' | 'organizer' | 'product', string>;
const NOW = '2026-11-20T02:00:00.000Z';

beforeAll(async () => {
  const fresh = await freshDatabaseUrl('policy');
  drop = fresh.drop;
  t = await createTempDatabase(process.env.TEST_PG_URL ? fresh.url : undefined);
  fx.bank = await insertOrg(t.db, { kind: 'bank', region: '410400' });
  fx.ent = await insertOrg(t.db, { kind: 'enterprise', region: '410481' });
  fx.entOut = await insertOrg(t.db, { kind: 'enterprise', region: '410102' });
  fx.organizer = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
  fx.product = 'policyprod000001';
  await t.db
    .insertInto('loan_products')
    .values({
      id: fx.product,
      organization_id: fx.bank,
      name: '续贷通',
      category: 'renewal',
      amount_min: 100_000,
      amount_max: 10_000_000,
      term_min_months: 6,
      term_max_months: 36,
      rate_type: 'fixed',
      rate_min_bp: 345,
      rate_max_bp: 450,
      guarantee_mask: guaranteeMask(['credit']),
      policy_mask: policyMask(['renewal', 'interest_subsidy']),
      industry_mask: 0,
      size_mask: 0,
      min_years: 0,
      employment_linked: 0,
      min_new_hires: 0,
      materials: null,
      description: null,
      status: 'published',
      search_text: '',
      published_at: NOW,
      retired_at: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
});
afterAll(async () => {
  await t.cleanup();
  await drop();
});

const organizer = () => ({ userId: fx.organizer, side: 'organizer' as const, orgId: 'region:410400' });
const bankSide = () => ({ userId: fx.organizer, side: 'bank' as const, orgId: fx.bank });

describe('policy tools', () => {
  it('a letter takes the tools chosen on it, else those of its product', async () => {
    const own = await insertAgreement(t.db, organizer(), {
      bankId: fx.bank,
      enterpriseId: fx.ent,
      amount: 3_000_000,
      signedOn: '2026-11-10',
      policies: ['first_loan', 'credit'],
    });
    const fromProduct = await insertAgreement(t.db, organizer(), {
      bankId: fx.bank,
      enterpriseId: fx.ent,
      productId: fx.product,
      amount: 5_000_000,
      signedOn: '2026-11-12',
    });
    await insertAgreement(t.db, organizer(), { bankId: fx.bank, enterpriseId: fx.ent, amount: 1_000_000, signedOn: '2026-11-13' });
    // outside the scope's region, and a proposal not yet confirmed: neither counts
    await insertAgreement(t.db, organizer(), {
      bankId: fx.bank,
      enterpriseId: fx.entOut,
      amount: 9_000_000,
      signedOn: '2026-11-13',
      policies: ['first_loan'],
    });
    await insertAgreement(t.db, bankSide(), {
      bankId: fx.bank,
      enterpriseId: fx.ent,
      amount: 7_000_000,
      signedOn: '2026-11-14',
      policies: ['first_loan'],
    });
    const masks = await t.db.selectFrom('agreements').select(['id', 'policy_mask']).where('id', 'in', [own.id, fromProduct.id]).execute();
    const byId = new Map(masks.map((m) => [m.id, policiesOf(m.policy_mask)]));
    expect(byId.get(own.id)).toEqual(['first_loan', 'credit']);
    expect(byId.get(fromProduct.id)).toEqual(['interest_subsidy', 'renewal']);
  });

  it('totals by tool count each letter under each of its tools, confirmed letters of the scope only', async () => {
    const p = await policyTotals(t.db, { region: '410400' });
    const row = Object.fromEntries(p.rows.map((r) => [r.key ?? 'none', r]));
    expect(row.first_loan).toMatchObject({ count: 1, signedAmount: 3_000_000 });
    expect(row.credit).toMatchObject({ count: 1, signedAmount: 3_000_000 });
    expect(row.renewal).toMatchObject({ count: 1, signedAmount: 5_000_000 });
    expect(row.interest_subsidy).toMatchObject({ count: 1, signedAmount: 5_000_000 });
    expect(row.gov_guarantee).toMatchObject({ count: 0, signedAmount: 0 });
    expect(row.none).toMatchObject({ count: 1, signedAmount: 1_000_000 });
    expect(p.tagged).toEqual({ count: 2, signedAmount: 8_000_000 });
    // tagged + untagged = every confirmed letter of the scope
    expect(p.tagged.count + row.none.count).toBe(3);
    expect((await policyTotals(t.db, { region: '410100' })).tagged).toEqual({ count: 1, signedAmount: 9_000_000 });
    expect((await policyTotals(t.db, { region: '410400', from: '2026-12', to: '2026-12' })).tagged.count).toBe(0);
  });

  it('imports read the tools from their names, and refuse an unknown one', () => {
    const field = choiceListField(policyLookup);
    const read = field('首贷、财政贴息、政府风险补偿');
    expect(read.ok && [...read.value].sort()).toEqual(['first_loan', 'interest_subsidy', 'risk_compensation']);
    expect(field('')).toEqual({ ok: true, value: [] });
    expect(field('首贷、免息').ok).toBe(false);
  });
});
