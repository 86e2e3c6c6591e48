// Frozen in time: takes Kysely<any> and never imports app code.
//
// What the last import wrote into a row (docs/decisions/031b-import-review.md):
// one entry per imported organization, loan product or agreement, holding the
// values of the columns an import manages as they stood after that import. A
// later dry run compares them with the stored row to find the columns changed
// on the platform since, and leaves such rows alone unless the clerk ticks them.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_marks')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_marks_pk', ['subject', 'entity_id'])
    .execute();
  // a dry run warns about a new enterprise named like a verified one (issue 13)
  await db.schema.createIndex('organizations_kind_name').on('organizations').columns(['kind', 'name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('organizations_kind_name').execute();
  await db.schema.dropTable('import_marks').execute();
}
