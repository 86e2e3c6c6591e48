/**
 * Multi-row INSERTs without Kysely's query tree: for 100,000 rows the tree of
 * value nodes costs more than the database's own work. The SQL text is built once
 * per batch size with the dialect's placeholders (`?` on SQLite, `$n` on
 * PostgreSQL); batches stay under both databases' parameter limits.
 */
import { CompiledQuery, PostgresAdapter, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema';
import { chunks, insertBatchSize } from './columns';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function bulkInsert<T extends keyof Database & string>(trx: Transaction<Database>, table: T, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const pg = trx.getExecutor().adapter instanceof PostgresAdapter;
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  const texts = new Map<number, string>();
  const textFor = (n: number) => {
    let text = texts.get(n);
    if (!text) {
      const tuples: string[] = [];
      let p = 0;
      for (let r = 0; r < n; r++) tuples.push(`(${columns.map(() => (pg ? `$${++p}` : '?')).join(', ')})`);
      text = head + tuples.join(', ');
      texts.set(n, text);
    }
    return text;
  };
  for (const part of chunks(rows, insertBatchSize(columns.length))) {
    const params: unknown[] = [];
    for (const row of part) for (const c of columns) params.push(row[c] ?? null);
    await trx.executeQuery(CompiledQuery.raw(textFor(part.length), params));
  }
}
