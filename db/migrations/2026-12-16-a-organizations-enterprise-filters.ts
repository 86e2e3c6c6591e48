// Frozen in time: takes Kysely<any> and never imports app code.
//
// The needs directory's enterprise filters (industry, size) read the matching enterprises as
// an `organization_id in (select id from organizations where kind = 'enterprise' and …)`
// list. Without an index SQLite scanned every organization row for it (~7 ms on the benchmark
// data, once for the count and once for the page); these indexes give the list from a range
// of (kind, industry) or (kind, size) entries, the id included (decision 046a).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('organizations_kind_industry').on('organizations').columns(['kind', 'industry', 'id']).execute();
  await db.schema.createIndex('organizations_kind_size').on('organizations').columns(['kind', 'size', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('organizations_kind_size').execute();
  await db.schema.dropIndex('organizations_kind_industry').execute();
}
