// Frozen in time: takes Kysely<any> and never imports app code.
// Totals of confirmed letters of intent by policy tool (issue 18's 政策工具 figures),
// kept with the report rollups (issue 17, decision 039a): one row per (bank, district,
// signing month, policy mask) — bank '' for all banks — with the count and the signed,
// approved (授信) and disbursed amounts. Filled here from the agreements (the backfill);
// afterwards the agreement write hook keeps it, and rebuildRollups recomputes it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_policy_rollups')
    .addColumn('bank_org_id', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('signed_month', 'text', (c) => c.notNull())
    .addColumn('policy_mask', 'integer', (c) => c.notNull())
    .addColumn('signed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signed_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('approved_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('disbursed_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('report_policy_rollups_pk', ['bank_org_id', 'region_code', 'signed_month', 'policy_mask'])
    .execute();
  const measures = 'count(*), sum(amount), coalesce(sum(approved_amount), 0), sum(disbursed_amount)';
  const columns = 'bank_org_id, region_code, signed_month, policy_mask, signed_count, signed_amount, approved_amount, disbursed_amount';
  await sql
    .raw(
      `insert into report_policy_rollups (${columns}) select bank_org_id, region_code, signed_month, policy_mask, ${measures} ` +
        'from agreements where confirmed_at is not null group by bank_org_id, region_code, signed_month, policy_mask',
    )
    .execute(db);
  await sql
    .raw(
      `insert into report_policy_rollups (${columns}) select '', region_code, signed_month, policy_mask, ${measures} ` +
        'from agreements where confirmed_at is not null group by region_code, signed_month, policy_mask',
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_policy_rollups').execute();
}
