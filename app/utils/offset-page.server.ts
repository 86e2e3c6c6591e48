/**
 * Offset pagination for the short lists that page by number (a bank's interests,
 * the outbox): one page of rows and the number of rows in all, read side by side
 * from the same filtered query. The long directories page by keyset instead
 * (`~/utils/keyset.server`).
 */
import { sql, type SelectQueryBuilder } from 'kysely';

/**
 * `filtered` is the query with its joins and filters and no columns yet; `rowsOf`
 * adds the page's columns and order. The total counts every row of `filtered`.
 */
export async function offsetPage<DB, TB extends keyof DB, O, Row>(
  filtered: SelectQueryBuilder<DB, TB, O>,
  rowsOf: (q: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, Row>,
  page: { page: number; pageSize: number },
): Promise<{ rows: Row[]; total: number }> {
  const [rows, count] = await Promise.all([
    rowsOf(filtered)
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    filtered.select(sql<string | number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as Row[], total: Number((count as { n: string | number }).n) };
}
