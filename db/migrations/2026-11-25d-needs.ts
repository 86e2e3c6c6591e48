// Frozen in time: takes Kysely<any> and never imports app code.
//
// Sort orders of the needs directory (newest, amount / headcount, wanted-by):
// each one reads an index on (status, <sort column>) instead of sorting every
// published need.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('financing_needs_status_wanted').on('financing_needs').columns(['status', 'wanted_by']).execute();
  await db.schema.createIndex('hiring_needs_status_published').on('hiring_needs').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('hiring_needs_status_wanted').on('hiring_needs').columns(['status', 'wanted_by']).execute();
  await db.schema.createIndex('hiring_needs_status_headcount').on('hiring_needs').columns(['status', 'total_headcount']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'hiring_needs_status_headcount',
    'hiring_needs_status_wanted',
    'hiring_needs_status_published',
    'financing_needs_status_wanted',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
