// Frozen in time: takes Kysely<any> and never imports app code.
//
// Documents an organization hands in for verification (营业执照 and other
// material, issue 14). The bytes live outside the database, in the file storage
// (a local directory by default) under `storage_key`; the row says whose it is,
// what it is (the type found in its content, not its name) and who may see it
// (the owner organization, the organizers of its region, administrators).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    /** 'licence' (营业执照) | 'other' */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    /** the media type found in the content (image/png, image/jpeg, image/webp, application/pdf) */
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_organization').on('documents').columns(['organization_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('documents').execute();
}
