/**
 * Prepared statements on PostgreSQL (decision 048a): which texts get a name, and (with
 * TEST_PG_URL) that a named statement is prepared on the server once and answers each run with
 * its own values, transactions included.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PREPARED, maxPreparedFromEnv, preparingPool, statementNamer } from './pg-prepared';

describe('statementNamer', () => {
  it('names a statement from its second run on, the same name every time after', () => {
    const namer = statementNamer(10);
    const text = 'select id from organizations where id = $1';
    expect(namer.nameFor(text)).toBeUndefined();
    const name = namer.nameFor(text);
    expect(name).toMatch(/^fm_[0-9a-f]{20}$/);
    expect(namer.nameFor(text)).toBe(name);
    expect(namer.nameFor('select 2')).toBeUndefined();
    expect(namer.nameFor('select 2')).not.toBe(name);
    expect(namer.named).toBe(2);
  });

  it('never names transaction control, settings or DDL', () => {
    const namer = statementNamer(10);
    for (const text of ['begin', 'commit', 'rollback', 'set local statement_timeout = 1000', 'create table t (id int)', 'savepoint a'])
      for (let i = 0; i < 3; i++) expect(namer.nameFor(text)).toBeUndefined();
    for (const text of [
      '  SELECT 1',
      'insert into t values ($1)',
      'update t set a = $1',
      'delete from t',
      'with x as (select 1) select * from x',
    ]) {
      namer.nameFor(text);
      expect(namer.nameFor(text)).toBeDefined();
    }
  });

  it('names at most its limit of texts; the others run unnamed, the named keep their names', () => {
    const namer = statementNamer(2);
    const named = ['select 1', 'select 2'].map((t) => {
      namer.nameFor(t); // the first sighting: unnamed
      return namer.nameFor(t);
    });
    expect(named.every(Boolean)).toBe(true);
    namer.nameFor('select 3');
    expect(namer.nameFor('select 3')).toBeUndefined();
    expect(namer.nameFor('select 1')).toBe(named[0]);
    expect(namer.named).toBe(2);
  });

  it('reads its limit from PG_PREPARED_STATEMENTS (0 turns it off)', () => {
    expect(maxPreparedFromEnv(undefined)).toBe(DEFAULT_MAX_PREPARED);
    expect(maxPreparedFromEnv('')).toBe(DEFAULT_MAX_PREPARED);
    expect(maxPreparedFromEnv('0')).toBe(0);
    expect(maxPreparedFromEnv('120')).toBe(120);
    expect(maxPreparedFromEnv('many')).toBe(DEFAULT_MAX_PREPARED);
    expect(maxPreparedFromEnv('-1')).toBe(DEFAULT_MAX_PREPARED);
  });
});

describe.skipIf(!process.env.TEST_PG_URL)('prepared statements on PostgreSQL', () => {
  let db: Kysely<{ t: { id: number; label: string } }>;
  let end: () => Promise<void>;
  beforeAll(async () => {
    const pg = (await import('pg')).default;
    const name = `fm_prepared_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(process.env.TEST_PG_URL!);
    url.pathname = `/${name}`;
    // one connection, so the session's prepared statements are the ones the test looks at
    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
    db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(pool, statementNamer(50)) }) });
    end = async () => {
      await db.destroy();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
    await sql`create table t (id int primary key, label text not null)`.execute(db);
    await db
      .insertInto('t')
      .values([1, 2, 3].map((id) => ({ id, label: `l${id}` })))
      .execute();
  });
  afterAll(async () => {
    await end?.();
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);
  const labelOf = (id: number) => db.selectFrom('t').select('label').where('id', '=', id).executeTakeFirst();

  it('prepares a statement on its second run and answers every run with its own values', async () => {
    expect(await labelOf(1)).toEqual({ label: 'l1' });
    expect((await prepared()).some((s) => s.includes('from "t"'))).toBe(false);
    expect(await labelOf(2)).toEqual({ label: 'l2' });
    expect((await prepared()).filter((s) => s.includes('from "t"'))).toHaveLength(1);
    // the generic plan PostgreSQL may choose after five runs answers like the custom ones
    for (const id of [3, 1, 2, 3, 4, 1, 2]) expect(await labelOf(id)).toEqual(id <= 3 ? { label: `l${id}` } : undefined);
    expect((await prepared()).filter((s) => s.includes('from "t"'))).toHaveLength(1);
  });

  it('runs prepared writes inside a transaction and rolls them back with it', async () => {
    const rename = (id: number, label: string) => db.updateTable('t').set({ label }).where('id', '=', id).execute();
    await rename(1, 'l1');
    await rename(1, 'l1');
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('t').set({ label: 'changed' }).where('id', '=', 1).execute();
        expect((await trx.selectFrom('t').select('label').where('id', '=', 1).executeTakeFirst())?.label).toBe('changed');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await labelOf(1)).toEqual({ label: 'l1' });
    expect((await prepared()).some((s) => s.startsWith('update "t"'))).toBe(true);
    expect((await prepared()).some((s) => /^(begin|commit|rollback)/i.test(s))).toBe(false);
  });
});
