/**
 * Substring search for Chinese (and any other) text over `search_text` columns.
 * See docs/decisions/011-chinese-text-search.md for the design and measurements.
 *
 * - `buildSearchText(...parts)` makes the stored column: NFKC, lower-case, parts
 *   joined by a space (a query term never contains a space, so no term can match
 *   across two parts).
 * - `textSearchFilter(db, table, q)` turns a user query into a WHERE condition:
 *   every whitespace-separated term must occur as a substring (AND). Works for
 *   2-character words such as 纺织.
 *
 * SQLite: terms of 3+ characters are looked up in the FTS5 trigram index
 * `<table>_fts` (kept in sync by triggers, db/migrations/2026-11-25c-search.ts);
 * when a term is so common that it matches more than FTS_ID_LIMIT rows, or is
 * shorter than 3 characters, it is tested with instr() on the row instead.
 * PostgreSQL: `search_text LIKE '%term%'` with LIKE wildcards escaped, served by
 * the pg_trgm GIN index where the extension is available.
 */
import { PostgresAdapter, sql, type Expression, type SqlBool } from 'kysely';
import type { DB } from '~/utils/db.server';

/** Tables that carry a `search_text` column with an FTS index on SQLite. */
export const SEARCHABLE_TABLES = ['loan_products', 'financing_needs', 'hiring_needs'] as const;
export type SearchableTable = (typeof SEARCHABLE_TABLES)[number];

/** Query limits: hostile input cannot make a query expensive. */
export const MAX_QUERY_LENGTH = 100;
export const MAX_TERMS = 5;
/** Up to this many FTS hits a term becomes an id list; above, a row test is cheaper. */
export const FTS_ID_LIMIT = 500;

/** NFKC (full-width → half-width, compatibility forms), lower-case, whitespace collapsed. */
export function normalizeSearch(input: string | null | undefined): string {
  if (!input) return '';
  // control and invisible format characters (a NUL made the full-text query fail: issue 13, point 8) are word breaks
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{Cc}\p{Cf}]+/gu, ' ')
    .trim();
}

/** The value for a `search_text` column. Empty parts are skipped. */
export function buildSearchText(...parts: (string | null | undefined)[]): string {
  return parts
    .map((p) => normalizeSearch(p))
    .filter(Boolean)
    .join(' ');
}

/** Distinct search terms of a query (normalized; at most MAX_TERMS, the query cut at MAX_QUERY_LENGTH). */
export function searchTerms(q: string | null | undefined): string[] {
  const text = normalizeSearch((q ?? '').slice(0, MAX_QUERY_LENGTH * 2)).slice(0, MAX_QUERY_LENGTH);
  const terms: string[] = [];
  for (const t of text.split(' ')) {
    if (t && !terms.includes(t)) terms.push(t);
    if (terms.length >= MAX_TERMS) break;
  }
  return terms;
}

/** Escapes `\`, `%` and `_` for `LIKE … ESCAPE '\'`. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An FTS5 phrase: the term in double quotes, inner quotes doubled (no operators survive). */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** Number of Unicode characters (the trigram tokenizer counts code points). */
export function charLength(s: string): number {
  return [...s].length;
}

export function isPostgres(db: DB): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * A WHERE condition matching rows of `table` whose search_text contains every
 * term of `q`, or null when `q` has no terms (no filter). Pass `alias` when the
 * query names the table differently (`selectFrom('financing_needs as n')` → 'n').
 *
 *   const cond = await textSearchFilter(db, 'financing_needs', q, 'n');
 *   if (cond) query = query.where(cond);
 */
export async function textSearchFilter(
  db: DB,
  table: SearchableTable,
  q: string | null | undefined,
  alias: string = table,
): Promise<Expression<SqlBool> | null> {
  const terms = searchTerms(q);
  if (terms.length === 0) return null;
  const column = sql.ref(`${alias}.search_text`);
  const postgres = isPostgres(db);
  const conditions: Expression<SqlBool>[] = [];
  for (const term of terms) {
    if (postgres) {
      conditions.push(sql<SqlBool>`${column} like ${`%${escapeLike(term)}%`} escape '\\'`);
      continue;
    }
    if (charLength(term) >= 3) {
      const ids = await ftsIds(db, table, term, FTS_ID_LIMIT + 1);
      if (ids.length === 0) return sql<SqlBool>`1 = 0`;
      if (ids.length <= FTS_ID_LIMIT) {
        conditions.push(sql<SqlBool>`${sql.ref(`${alias}.id`)} in (${sql.join(ids)})`);
        continue;
      }
    }
    conditions.push(sql<SqlBool>`instr(${column}, ${term}) > 0`);
  }
  return conditions.length === 1 ? conditions[0] : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

/** SQLite only: ids of rows whose search_text contains `term` (3+ characters), at most `limit`. */
async function ftsIds(db: DB, table: SearchableTable, term: string, limit: number): Promise<string[]> {
  const fts = sql.table(`${table}_fts`);
  const map = sql.table(`${table}_fts_map`);
  const { rows } = await sql<{
    id: string;
  }>`select m.id as id from ${fts} join ${map} m on m.fts_rowid = ${sql.ref(`${table}_fts.rowid`)} where ${fts} match ${ftsPhrase(term)} limit ${limit}`.execute(
    db,
  );
  return rows.map((r) => r.id);
}
