import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, type TempDatabase } from '../../../tests/support/temp-db';
import { textSearchFilter } from '~/modules/search/text-search.server';
import {
  createProduct,
  getOwnProduct,
  publishProduct,
  refreshBankProductsSearchText,
  retireProduct,
  updateProduct,
  type ActingBank,
} from './products.server';
import type { ProductFormInput } from './schema';

let h: TempDatabase;
let bank: ActingBank;
let other: ActingBank;

const input = (over: Partial<ProductFormInput> = {}): ProductFormInput => ({
  name: '科技成长贷',
  category: 'tech',
  amountMin: 500_000,
  amountMax: 10_000_000,
  termMin: 6,
  termMax: 36,
  rateType: 'lpr',
  rateMin: 20,
  rateMax: 150,
  guarantees: ['credit', 'ip_pledge'],
  policies: [],
  industries: ['C', 'I'],
  sizes: [],
  minYears: 1,
  regions: ['410400', '410400', '410481'],
  minNewHires: undefined,
  materials: undefined,
  description: '支持纺织企业技术改造',
  ...over,
});

beforeAll(async () => {
  h = await createTempDatabase();
  bank = { id: await insertOrg(h.db, { kind: 'bank', name: '甲银行' }), name: '甲银行', status: 'verified', region_code: '410400' };
  other = { id: await insertOrg(h.db, { kind: 'bank', name: '乙银行' }), name: '乙银行', status: 'verified', region_code: '410400' };
});
afterAll(async () => {
  await h?.cleanup();
});

describe('products module', () => {
  it('stores masks, regions once each, the employment link and the search text', async () => {
    const r = await createProduct(h.db, bank, input({ category: 'job_stable', minNewHires: 8 }));
    const p = (await getOwnProduct(h.db, bank.id, r.id))!;
    expect(p).toMatchObject({
      status: 'draft',
      version: 1,
      employment_linked: 1,
      min_new_hires: 8,
      guarantee_mask: 0b10001,
      industry_mask: 0b100000100,
    });
    expect(p.regions).toEqual(['410400', '410481']);
    expect(await getOwnProduct(h.db, other.id, r.id)).toBeUndefined();
  });

  it('keeps the version: stale edits and transitions change nothing', async () => {
    const r = await createProduct(h.db, bank, input());
    expect(await updateProduct(h.db, bank, r.id, 1, input({ name: '改名一' }))).toMatchObject({ version: 2 });
    await expect(updateProduct(h.db, bank, r.id, 1, input({ name: '改名二' }))).rejects.toMatchObject({
      status: 409,
      messageKey: 'products.stale',
    });
    await expect(updateProduct(h.db, other, r.id, 2, input({ name: '他行' }))).rejects.toMatchObject({
      status: 404,
      messageKey: 'error.notFound',
    });
    await expect(publishProduct(h.db, { ...bank, status: 'pending' }, r.id, 2)).rejects.toMatchObject({
      status: 403,
      messageKey: 'org.notVerified',
    });
    await expect(publishProduct(h.db, bank, r.id, 1)).rejects.toMatchObject({ status: 409, messageKey: 'products.stale' });
    expect(await publishProduct(h.db, bank, r.id, 2)).toMatchObject({ version: 3 });
    await expect(publishProduct(h.db, bank, r.id, 3)).rejects.toMatchObject({ status: 409, messageKey: 'products.alreadyPublished' });
    expect(await retireProduct(h.db, bank, r.id, 3)).toMatchObject({ version: 4 });
    await expect(updateProduct(h.db, bank, r.id, 4, input())).rejects.toMatchObject({ status: 409, messageKey: 'products.retiredLocked' });
    await expect(publishProduct(h.db, bank, r.id, 4)).rejects.toMatchObject({ status: 409, messageKey: 'products.retiredLocked' });
    await expect(retireProduct(h.db, bank, r.id, 4)).rejects.toMatchObject({ status: 409, messageKey: 'products.alreadyRetired' });
    expect(await getOwnProduct(h.db, bank.id, r.id)).toMatchObject({ name: '改名一', status: 'retired', version: 4 });
  });

  it('refreshes the search text after the bank is renamed', async () => {
    const r = await createProduct(h.db, other, input({ name: '改名测试贷' }));
    await h.db.updateTable('organizations').set({ name: '丙农商银行' }).where('id', '=', other.id).execute();
    await refreshBankProductsSearchText(h.db, other.id);
    const cond = await textSearchFilter(h.db, 'loan_products', '丙农商');
    const rows = await h.db.selectFrom('loan_products').select('id').where(cond!).execute();
    expect(rows.map((x) => x.id)).toEqual([r.id]);
  });
});
