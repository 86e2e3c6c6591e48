/**
 * A column's values as one comma-separated text per group (`group_concat` on SQLite,
 * `string_agg` on PostgreSQL), and that text back as a list: for reads that only count or
 * de-duplicate, where handing over a row per value costs more than finding it (decision 043a).
 * The values must not contain commas (ids, codes, numbers).
 */
import { type Expression, type RawBuilder, sql } from 'kysely';
import { isPostgres } from '~/modules/search/text-search.server';
import type { DB } from '~/utils/db.server';

export function listAgg(db: DB, value: Expression<unknown>): RawBuilder<string | null> {
  return isPostgres(db) ? sql<string | null>`string_agg(${value}::text, ',')` : sql<string | null>`group_concat(${value})`;
}

/** The values of a `listAgg` (none for a group without any). */
export function listItems(list: string | null | undefined): string[] {
  return list ? list.split(',') : [];
}
