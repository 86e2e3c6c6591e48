// Frozen in time: takes Kysely<any> and never imports app code.
// The dashboard's enterprise counts (decision 036h): distinct enterprises with a
// confirmed agreement in a region's or a bank's signing months. Partial (only
// confirmed agreements count) and covering, so a count reads index pages only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('agreements_enterprises_region')
    .on('agreements')
    .columns(['region_code', 'signed_month', 'enterprise_org_id', 'confirmed_at'])
    .where(sql.ref('confirmed_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('agreements_enterprises_bank')
    .on('agreements')
    .columns(['bank_org_id', 'signed_month', 'region_code', 'enterprise_org_id', 'confirmed_at'])
    .where(sql.ref('confirmed_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('agreements_enterprises_bank').execute();
  await db.schema.dropIndex('agreements_enterprises_region').execute();
}
