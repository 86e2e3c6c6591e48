/**
 * Directory totals kept per state of the data (issue 19, decision 031d).
 *
 * The pager of /needs and /products shows how many rows match the filters; with
 * the benchmark data set that count reads tens of thousands of index entries on
 * every page, the largest query of a directory page. The same filters are asked
 * for again and again between writes, so the total is kept under its exact
 * query (SQL text and parameters) and the data version of the page cache
 * (`dataVersion`: it changes with every committed write from any process, read
 * before the count, so a write landing meanwhile leaves the kept total under a
 * version no later request has). A total is therefore always the one the query
 * would return now; the only cost of a write is one count.
 */
import type { Compilable, Kysely } from 'kysely';
import type { Database } from '#db/schema';
import { dataVersion } from '~/modules/cache/page-cache-probe.server';
import { isPostgres } from '~/modules/search/text-search.server';
import type { DB } from './db.server';

/** How many distinct count queries are kept (first in, first out). */
const MAX_ENTRIES = 2_000;

/** per database handle (tests open several in one process) */
const keptByDb = new WeakMap<object, Map<string, { version: string; total: number }>>();

/**
 * The total of a `select count(*) as n` query, from the last answer while the
 * data is unchanged. Inside a transaction (which may see its own writes) the
 * query always runs.
 */
export async function countPerDataVersion(db: DB, query: Compilable<{ n: number | string | bigint }>): Promise<number> {
  const compiled = query.compile();
  if (db.isTransaction) {
    const { rows } = await db.executeQuery(compiled);
    return Number(rows[0]?.n ?? 0);
  }
  let kept = keptByDb.get(db);
  if (!kept) {
    kept = new Map();
    keptByDb.set(db, kept);
  }
  const key = `${compiled.sql}\u0000${JSON.stringify(compiled.parameters, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`;
  const version = await dataVersion({ kind: isPostgres(db) ? 'postgres' : 'sqlite', db: db as Kysely<Database> });
  const entry = kept.get(key);
  if (entry && entry.version === version) return entry.total;
  const { rows } = await db.executeQuery(compiled);
  const total = Number(rows[0]?.n ?? 0);
  kept.delete(key);
  if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value as string);
  kept.set(key, { version, total });
  return total;
}

/** per database handle: other answers kept under a caller's key (see `keptPerDataVersion`) */
const answersByDb = new WeakMap<object, Map<string, { version: string; value: Promise<unknown> }>>();

/**
 * Any answer that is a function of the data alone (e.g. a filter form's choices),
 * kept under `key` while the data version is unchanged, like the totals above: the
 * version is read first, so a write landing meanwhile leaves the kept answer under a
 * version no later request has. Inside a transaction it is always computed.
 */
export async function keptPerDataVersion<T>(db: DB, key: string, compute: () => Promise<T>): Promise<T> {
  if (db.isTransaction) return compute();
  let kept = answersByDb.get(db);
  if (!kept) {
    kept = new Map();
    answersByDb.set(db, kept);
  }
  const version = await dataVersion({ kind: isPostgres(db) ? 'postgres' : 'sqlite', db: db as Kysely<Database> });
  const entry = kept.get(key);
  if (entry && entry.version === version) return entry.value as Promise<T>;
  const value = compute();
  kept.delete(key);
  if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value as string);
  kept.set(key, { version, value });
  // a failed computation is not kept
  value.catch(() => {
    if (kept.get(key)?.value === value) kept.delete(key);
  });
  return value;
}
