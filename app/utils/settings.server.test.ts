/**
 * Settings reads asked for in one turn of the event loop are answered by one
 * statement; a read asked later sees every change made before it was asked; a read
 * inside a transaction sees the transaction's own write.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../../tests/support/temp-db';
import type { DB } from './db.server';
import { readSetting, readSettings, writeSetting } from './settings.server';

let t: TempDatabase;

beforeAll(async () => {
  t = await createTempDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

/** A change made behind the reader's back (another process, another request). */
const changeBehind = (key: string, value: string) =>
  sql`insert into settings (key, value, updated_at) values (${key}, ${value}, '2026-01-01T00:00:00.000Z')
      on conflict (key) do update set value = excluded.value`.execute(t.db);

/** The database handle, counting the statements started through it. */
function counting(db: DB): { db: DB; statements: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'selectFrom') n++;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, statements: () => n };
}

describe('readSettings', () => {
  it('answers the callers of one turn, each with its own keys, from one statement', async () => {
    await changeBehind('test.e', 'e');
    await changeBehind('test.f', 'f');
    const c = counting(t.db);
    const [e, ef, none] = await Promise.all([
      readSetting(c.db, 'test.e'),
      readSettings(c.db, ['test.e', 'test.f']),
      readSetting(c.db, 'test.missing'),
    ]);
    expect([e, Object.fromEntries(ef), none]).toEqual(['e', { 'test.e': 'e', 'test.f': 'f' }, null]);
    expect(c.statements()).toBe(1);
  });

  it('never answers with a value older than the question', async () => {
    await changeBehind('test.a', '1');
    expect(await readSetting(t.db, 'test.a')).toBe('1');
    await changeBehind('test.a', '2');
    expect(await readSetting(t.db, 'test.a')).toBe('2');
    await writeSetting(t.db, 'test.a', '3', null);
    expect(await readSetting(t.db, 'test.a')).toBe('3');
  });

  it('reads inside a transaction see its own write', async () => {
    await t.db.transaction().execute(async (trx) => {
      await writeSetting(trx, 'test.c', 'in transaction', null);
      expect(await readSetting(trx, 'test.c')).toBe('in transaction');
    });
    expect(await readSetting(t.db, 'test.c')).toBe('in transaction');
  });
});
