/**
 * A column as an expression no index serves: `(column || '')`, the same text on SQLite and
 * PostgreSQL (which has no unary `+` for text). A condition or an order on it keeps the
 * planner off that column's indexes where its choice by them was the slower plan — reading
 * the needs in publication order instead of a region's range, or every need of the listed
 * enterprises instead of the page's walk (decision 046a).
 */
import { sql, type RawBuilder } from 'kysely';

export function unindexed(column: string): RawBuilder<string> {
  return sql<string>`(${sql.ref(column)} || '')`;
}
