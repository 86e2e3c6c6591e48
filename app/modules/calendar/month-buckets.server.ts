/**
 * China months of stored instants, grouped in SQL without a date function of either database.
 * Instants are stored as UTC ISO text (`nowIso()`); China is UTC+8, so an instant's China month
 * is its UTC month except from 16:00 UTC on a month's last day. The bucket is the UTC month
 * (`YYYY-MM`), or the UTC hour (`YYYY-MM-DDTHH`) from 16:00 on the 28th on, which `monthOfBucket`
 * turns into its China month: a handful of hour buckets per month, the rest grouped by month.
 */
import { sql, type RawBuilder } from 'kysely';
import { chinaDate } from './working-days';

/** The SQL bucket of an instant column (`'n.published_at'`); group by it, then `monthOfBucket`. */
export function chinaMonthBucket(column: string): RawBuilder<string> {
  const c = sql.ref(column);
  return sql<string>`case when substr(${c}, 9, 2) >= '28' and substr(${c}, 12, 2) >= '16' then substr(${c}, 1, 13) else substr(${c}, 1, 7) end`;
}

/** A bucket's China month ('YYYY-MM'). */
export function monthOfBucket(bucket: string): string {
  return bucket.length === 7 ? bucket : chinaDate(`${bucket}:00:00Z`).slice(0, 7);
}
