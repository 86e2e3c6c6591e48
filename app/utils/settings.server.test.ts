/**
 * Settings are read from the database once per key within a request, and every time
 * outside one; a write in the request is seen by the reads after it, and a read inside
 * a transaction sees the transaction's own write.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../../tests/support/temp-db';
import { inRequestScope } from './request-scope.server';
import { readSetting, readSettings, writeSetting } from './settings.server';

let t: TempDatabase;

beforeAll(async () => {
  t = await createTempDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

/** A change the request does not make itself (another process, another request). */
const changeBehind = (key: string, value: string) =>
  sql`insert into settings (key, value, updated_at) values (${key}, ${value}, '2026-01-01T00:00:00.000Z')
      on conflict (key) do update set value = excluded.value`.execute(t.db);

describe('readSettings', () => {
  it('reads each key once in a request, and again in the next one', async () => {
    await changeBehind('test.a', '1');
    await inRequestScope(async () => {
      expect(await readSetting(t.db, 'test.a')).toBe('1');
      await changeBehind('test.a', '2');
      await changeBehind('test.b', 'x');
      // a as it was first read in this request; b read now
      expect(await readSetting(t.db, 'test.a')).toBe('1');
      expect(Object.fromEntries(await readSettings(t.db, ['test.a', 'test.b', 'test.none']))).toEqual({ 'test.a': '1', 'test.b': 'x' });
    });
    await inRequestScope(async () => {
      expect(await readSetting(t.db, 'test.a')).toBe('2');
    });
    // outside a request nothing is kept
    await changeBehind('test.a', '3');
    expect(await readSetting(t.db, 'test.a')).toBe('3');
    await changeBehind('test.a', '4');
    expect(await readSetting(t.db, 'test.a')).toBe('4');
  });

  it('sees the request’s own write, and a transaction its own', async () => {
    await inRequestScope(async () => {
      expect(await readSetting(t.db, 'test.c')).toBeNull();
      await writeSetting(t.db, 'test.c', 'written', null);
      expect(await readSetting(t.db, 'test.c')).toBe('written');
      await t.db.transaction().execute(async (trx) => {
        await writeSetting(trx, 'test.c', 'in transaction', null);
        expect(await readSetting(trx, 'test.c')).toBe('in transaction');
      });
      expect(await readSetting(t.db, 'test.c')).toBe('in transaction');
    });
  });

  it('answers callers asking at the same time each with their own keys (read together)', async () => {
    await changeBehind('test.e', 'e');
    await changeBehind('test.f', 'f');
    await inRequestScope(async () => {
      const [e, ef, none, again] = await Promise.all([
        readSetting(t.db, 'test.e'),
        readSettings(t.db, ['test.e', 'test.f']),
        readSetting(t.db, 'test.missing'),
        (async () => {
          await new Promise((r) => setImmediate(r));
          return readSetting(t.db, 'test.f');
        })(),
      ]);
      expect([e, Object.fromEntries(ef), none, again]).toEqual(['e', { 'test.e': 'e', 'test.f': 'f' }, null, 'f']);
    });
  });

  it('keeps requests apart when they run at the same time', async () => {
    await changeBehind('test.d', 'before');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const first = inRequestScope(async () => {
      const a = await readSetting(t.db, 'test.d');
      await gate;
      return [a, await readSetting(t.db, 'test.d')];
    });
    await new Promise((r) => setTimeout(r, 20));
    await changeBehind('test.d', 'after');
    const second = await inRequestScope(() => readSetting(t.db, 'test.d'));
    release();
    expect(await first).toEqual(['before', 'before']);
    expect(second).toBe('after');
  });
});
