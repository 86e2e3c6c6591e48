/**
 * Directory totals kept per data version: the same count query between writes is
 * answered from the kept total, and any committed write (here: an insert, then a
 * delete through another connection's view of the same file) makes the next
 * answer the true count again.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, type TempDatabase } from '../../tests/support/temp-db';
import { countPerDataVersion, keptPerDataVersion } from './count-cache.server';

let t: TempDatabase;

beforeAll(async () => {
  t = await createTempDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const countOrgs = () =>
  t.db
    .selectFrom('organizations')
    .where('kind', '=', 'enterprise')
    .select((eb) => eb.fn.countAll<number>().as('n'));

describe('countPerDataVersion', () => {
  it('gives the true count after every write, and the kept one between writes', async () => {
    const before = Number((await countOrgs().executeTakeFirstOrThrow()).n);
    expect(await countPerDataVersion(t.db, countOrgs())).toBe(before);
    const id = await insertOrg(t.db, { kind: 'enterprise', region: '410402' });
    expect(await countPerDataVersion(t.db, countOrgs())).toBe(before + 1);
    // unchanged data: the same answer (from the kept total)
    expect(await countPerDataVersion(t.db, countOrgs())).toBe(before + 1);
    await sql`delete from organizations where id = ${id}`.execute(t.db);
    expect(await countPerDataVersion(t.db, countOrgs())).toBe(before);
  });

  it('keeps totals per query: other parameters are another count', async () => {
    const banks = t.db
      .selectFrom('organizations')
      .where('kind', '=', 'bank')
      .select((eb) => eb.fn.countAll<number>().as('n'));
    const expected = Number((await banks.executeTakeFirstOrThrow()).n);
    await countPerDataVersion(t.db, countOrgs());
    expect(await countPerDataVersion(t.db, banks)).toBe(expected);
  });

  it('counts inside a transaction every time (it may see its own writes)', async () => {
    const before = await countPerDataVersion(t.db, countOrgs());
    await t.db
      .transaction()
      .execute(async (trx) => {
        await insertOrg(trx, { kind: 'enterprise', region: '410402' });
        const inside = trx
          .selectFrom('organizations')
          .where('kind', '=', 'enterprise')
          .select((eb) => eb.fn.countAll<number>().as('n'));
        expect(await countPerDataVersion(trx, inside)).toBe(before + 1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await countPerDataVersion(t.db, countOrgs())).toBe(before);
  });
});

describe('keptPerDataVersion', () => {
  it('computes again after a write and keeps the answer between writes; a failure is not kept', async () => {
    let runs = 0;
    const names = () =>
      keptPerDataVersion(t.db, 'test.enterprises', async () => {
        runs++;
        return Number((await countOrgs().executeTakeFirstOrThrow()).n);
      });
    const first = await names();
    expect(await names()).toBe(first);
    expect(runs).toBe(1);
    const id = await insertOrg(t.db, { kind: 'enterprise', region: '410402' });
    expect(await names()).toBe(first + 1);
    expect(runs).toBe(2);
    await sql`delete from organizations where id = ${id}`.execute(t.db);
    expect(await names()).toBe(first);
    await expect(keptPerDataVersion(t.db, 'test.fails', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await keptPerDataVersion(t.db, 'test.fails', async () => 7)).toBe(7);
  });
});
