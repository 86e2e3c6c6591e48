// Frozen in time: takes Kysely<any> and never imports app code.
// Bulk import: a validated upload is kept between the dry run and the commit
// (docs/decisions/020-bulk-import.md), and stays as the import's record.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .addColumn('summary', 'text')
    .execute();
  await db.schema.createIndex('import_uploads_user').on('import_uploads').columns(['user_id', 'committed_at']).execute();
  await db.schema.createIndex('import_uploads_expires').on('import_uploads').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_uploads').execute();
}
