/**
 * Two processes on one SQLite file (the server's workers, two servers): a transaction
 * that reads and then writes must not fail because the other connection committed
 * between its read and its write. A deferred BEGIN would end it with
 * SQLITE_BUSY_SNAPSHOT, which no busy_timeout can cure; BEGIN IMMEDIATE takes the
 * write lock at the start, so the other writer waits instead (decision 041d).
 */
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../tests/support/temp-db';

let t: TempDatabase;
let other: BetterSqlite3.Database;

beforeAll(async () => {
  t = await createTempDatabase();
  other = new BetterSqlite3(t.location);
  // no waiting: the other connection's write either goes through at once or reports the lock
  other.pragma('busy_timeout = 0');
});
afterAll(async () => {
  other?.close();
  await t?.cleanup();
});

const now = () => new Date().toISOString();

describe('SQLite transactions beside another connection', () => {
  it('a transaction that reads, then writes after another connection tried to commit, commits', async () => {
    let otherWrite: 'committed' | 'busy' | null = null;
    await t.db.transaction().execute(async (trx) => {
      await trx.selectFrom('settings').select('key').execute();
      try {
        other.prepare('insert into settings (key, value, updated_at) values (?, ?, ?)').run('test.other', '1', now());
        otherWrite = 'committed';
      } catch (e) {
        expect((e as { code?: string }).code).toBe('SQLITE_BUSY');
        otherWrite = 'busy';
      }
      await trx.insertInto('settings').values({ key: 'test.mine', value: '1', updated_at: now(), updated_by: null }).execute();
    });
    // the transaction held the write lock from its start: the other connection had to wait
    expect(otherWrite).toBe('busy');
    const keys = (await t.db.selectFrom('settings').select('key').where('key', 'like', 'test.%').execute()).map((r) => r.key);
    expect(keys).toEqual(['test.mine']);
  });
});
