// Frozen in time: takes Kysely<any> and never imports app code.
//
// The formal monthly 通报 (decision 030c): per-region settings of the issuing
// office (发文机关, 文号 pattern, 主送, 抄送, signature, red header), and the
// issued bulletins, numbered per region and year (平金融〔2026〕12号).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulletin_settings')
    .addColumn('region_code', 'text', (c) => c.primaryKey())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('number_pattern', 'text', (c) => c.notNull())
    .addColumn('main_to', 'text', (c) => c.notNull())
    .addColumn('cc', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('red_header', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('bulletins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('document_no', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bulletins_region_month').unique().on('bulletins').columns(['region_code', 'month']).execute();
  await db.schema.createIndex('bulletins_region_year_number').unique().on('bulletins').columns(['region_code', 'year', 'number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulletins').execute();
  await db.schema.dropTable('bulletin_settings').execute();
}
