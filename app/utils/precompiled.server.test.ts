/**
 * Precompiled queries (decision 047b): the same rows as the query built each time, for
 * every call's arguments, on SQLite and (with TEST_PG_URL) PostgreSQL; a builder that
 * uses an argument other than as a value fails on its first call.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, createTempPostgresDatabase, insertOrg } from '../../tests/support/temp-db';
import type { DB } from './db.server';
import { precompiled, precompiledCount } from './precompiled.server';

const targets: { name: string; open: () => Promise<{ db: DB; close: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const t = await createTempDatabase();
      return { db: t.db, close: t.cleanup };
    },
  },
];
if (process.env.TEST_PG_URL) targets.push({ name: 'PostgreSQL', open: () => createTempPostgresDatabase('precompiled') });

const orgsOf = (db: DB, a: { kind: string; region: string }) =>
  db
    .selectFrom('organizations')
    .select(['id', 'name', 'region_code'])
    .select(sql<string>`${'constant'}`.as('tag'))
    .where('kind', '=', a.kind as 'bank')
    .where('region_code', '=', a.region)
    .where('status', 'in', ['verified', 'pending'])
    .orderBy('id')
    .limit(50);

describe.each(targets)('precompiled queries on $name', ({ open }) => {
  let db: DB;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
    for (const [kind, region] of [
      ['bank', '410402'],
      ['bank', '410402'],
      ['bank', '410403'],
      ['enterprise', '410402'],
    ] as const)
      await insertOrg(db, { kind, region, status: 'verified' });
  });
  afterAll(async () => {
    await close?.();
  });

  it('answers each call with its own arguments, as the query built each time does', async () => {
    const orgs = precompiled('test.orgsOf', orgsOf);
    for (const args of [
      { kind: 'bank', region: '410402' },
      { kind: 'bank', region: '410403' },
      { kind: 'enterprise', region: '410402' },
      { kind: 'bank', region: '999999' },
      { kind: 'bank', region: '410402' },
    ]) {
      const expected = await orgsOf(db, args).execute();
      expect(await orgs(db, args), JSON.stringify(args)).toEqual(expected);
    }
    expect((await orgs(db, { kind: 'bank', region: '410402' })).length).toBe(2);
    expect((await orgs(db, { kind: 'bank', region: '410402' }))[0]!.tag).toBe('constant');
  });

  it("counts the rows of its query as a number, for each call's arguments", async () => {
    const base = (d: DB, a: { kind: string; region: string }) =>
      d
        .selectFrom('organizations')
        .where('kind', '=', a.kind as 'bank')
        .where('region_code', '=', a.region);
    const counted = precompiledCount('test.countOf', base);
    for (const [args, n] of [
      [{ kind: 'bank', region: '410402' }, 2],
      [{ kind: 'bank', region: '410403' }, 1],
      [{ kind: 'enterprise', region: '410402' }, 1],
      [{ kind: 'bank', region: '999999' }, 0],
    ] as const)
      expect(await counted(db, args), JSON.stringify(args)).toBe(n);
  });

  it('refuses a builder that puts an argument anywhere but in a parameter of its own', async () => {
    const concatenated = precompiled('test.concat', (d, a: { name: string }) =>
      d.selectFrom('organizations').select('id').where('name', 'like', `${a.name}%`),
    );
    await expect(concatenated(db, { name: '测试' })).rejects.toThrow(/part of a larger value/);
    const raw = precompiled('test.raw', (d, a: { column: string }) =>
      d.selectFrom('organizations').select(sql.ref<string>(a.column).as('x')),
    );
    await expect(raw(db, { column: 'id' })).rejects.toThrow(/in the SQL text/);
    const branching = precompiled('test.branch', (d, a: { kind: string }) =>
      a.kind ? d.selectFrom('organizations').select('id') : d.selectFrom('users').select('id'),
    );
    await expect(branching(db, { kind: 'bank' })).rejects.toThrow(/not a parameter/);
  });
});
