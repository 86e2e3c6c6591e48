// Frozen in time: takes Kysely<any> and never imports app code.
//
// The banks' and organizers' "unanswered / overdue needs" counts (decisions 040e, 041c)
// take the published needs of a region with their publication time and id (for the
// interests' anti-join). The (status, region) index found them and each row was then
// read from the table — about 1,500 table pages for a city of the benchmark data, 5 ms
// of PostgreSQL per count. With publication and id at the end of the same index the
// counts read the index alone. It replaces the former one (same leading columns, so every
// query that used it still can).
import type { Kysely } from 'kysely';

const TABLES = ['financing_needs', 'hiring_needs'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) {
    await db.schema.createIndex(`${t}_status_region_published`).on(t).columns(['status', 'region_code', 'published_at', 'id']).execute();
    await db.schema.dropIndex(`${t}_status_region`).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) {
    await db.schema.createIndex(`${t}_status_region`).on(t).columns(['status', 'region_code']).execute();
    await db.schema.dropIndex(`${t}_status_region_published`).execute();
  }
}
