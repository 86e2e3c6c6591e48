// Frozen in time: takes Kysely<any> and never imports app code.
//
// The dashboard's 服务企业 count (issue 17, decision 040a) takes the enterprises of the
// needs published in a period within a region that a bank answered. The (region,
// publication, id) index found those needs, and each one's row was then read for its
// enterprise; with `organization_id` at the end of the same index the query reads the
// index alone. The index replaces the former one (same leading columns, so every query
// that used it still can).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('financing_needs_region_published_org')
    .on('financing_needs')
    .columns(['region_code', 'published_at', 'id', 'organization_id'])
    .execute();
  await db.schema.dropIndex('financing_needs_region_published').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('financing_needs_region_published')
    .on('financing_needs')
    .columns(['region_code', 'published_at', 'id'])
    .execute();
  await db.schema.dropIndex('financing_needs_region_published_org').execute();
}
