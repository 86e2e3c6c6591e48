/**
 * Queries whose SQL never changes, only their values, built and compiled by Kysely once per
 * database handle (decision 047b). Kysely builds an immutable tree and compiles it on every
 * call — about 50 µs a statement, more than SQLite takes to answer a small one, and the
 * enterprise home runs twenty.
 *
 * The builder is called once, with placeholders for the arguments it reads: it must use each
 * argument as a value (a comparison, a `sql` parameter), never branch on it, concatenate it or
 * put it in raw SQL. A placeholder that does not come out as a parameter of its own makes the
 * first call throw, so a builder that breaks the rule fails its tests instead of running the
 * wrong SQL.
 */
import { sql, type CompiledQuery, type Compilable, type SelectQueryBuilder } from 'kysely';
import type { Database } from '#db/schema';
import type { DB } from '~/utils/db.server';

type Args = Record<string, string>;

interface Template {
  compiled: CompiledQuery;
  /** per parameter: the argument it takes (a string key) or the constant it keeps */
  slots: ({ arg: string } | { value: unknown })[];
}

const PLACEHOLDER = /^\u0000precompiled:(.+)\u0000$/;

function compileTemplate<A extends Args>(build: (db: DB, args: A) => Compilable<unknown>, db: DB, label: string): Template {
  const read = new Set<string>();
  const placeholders = new Proxy({} as A, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      read.add(key);
      return `\u0000precompiled:${key}\u0000`;
    },
  });
  const compiled = build(db, placeholders).compile();
  const used = new Set<string>();
  const slots = compiled.parameters.map((p) => {
    const m = typeof p === 'string' ? PLACEHOLDER.exec(p) : null;
    if (m) {
      used.add(m[1]!);
      return { arg: m[1]! };
    }
    if (typeof p === 'string' && p.includes('\u0000precompiled:')) throw new Error(`${label}: an argument is part of a larger value`);
    return { value: p };
  });
  if (compiled.sql.includes('\u0000precompiled:')) throw new Error(`${label}: an argument is in the SQL text, not a parameter`);
  for (const key of read) if (!used.has(key)) throw new Error(`${label}: the argument ${key} is not a parameter of the query`);
  return { compiled, slots };
}

/**
 * `precompiled(label, (db, args) => db.selectFrom(…).where('x', '=', args.x)…)` gives
 * `(db, args) => rows`: the same rows as building and running the query each time.
 */
export function precompiled<A extends Args, R>(
  label: string,
  build: (db: DB, args: A) => Compilable<R>,
): (db: DB, args: A) => Promise<R[]> {
  const templates = new WeakMap<DB, Template>();
  return async (db, args) => {
    let t = templates.get(db);
    if (!t) {
      t = compileTemplate(build, db, label);
      templates.set(db, t);
    }
    const parameters = t.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const result = await db.executeQuery<R>({ ...(t.compiled as CompiledQuery<R>), parameters });
    return result.rows;
  };
}

/**
 * `precompiledCount(label, (db, args) => db.selectFrom(…).where(…))` gives `(db, args) => n`:
 * the rows of the builder's query counted (`count(*)`), as a number on both databases.
 */
export function precompiledCount<A extends Args>(
  label: string,
  build: (db: DB, args: A) => SelectQueryBuilder<Database, any, any>,
): (db: DB, args: A) => Promise<number> {
  const counted = precompiled(label, (db, args: A) => build(db, args).select(sql<string | number>`count(*)`.as('n')));
  return async (db, args) => {
    const [row] = await counted(db, args);
    return Number((row as { n?: unknown } | undefined)?.n ?? 0);
  };
}
