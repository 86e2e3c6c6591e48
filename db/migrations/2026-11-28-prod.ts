// Frozen in time: takes Kysely<any> and never imports app code.
//
// The needs directory's default order is newest first with the id as tie-breaker
// (`published_at desc, id`). The (status, published_at) indexes gave the first
// term only, so every page sorted all published needs of the filter on the id:
// 35 ms of CPU per /needs page for a bank on 50,000 needs. With the id in the
// index (in the order the query asks for) the page is read straight from the
// index and the scan stops after one page. Measured in docs/benchmarks.md (bench:http).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('financing_needs_status_newest')
    .on('financing_needs')
    .columns(['status', 'published_at desc', 'id'])
    .execute();
  await db.schema.createIndex('hiring_needs_status_newest').on('hiring_needs').columns(['status', 'published_at desc', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('hiring_needs_status_newest').execute();
  await db.schema.dropIndex('financing_needs_status_newest').execute();
}
