// Frozen in time: takes Kysely<any> and never imports app code.
// Indexes for the monthly ranking (app/modules/reports/ranking.server.ts); the
// agreements ones are partial (only confirmed agreements count) and covering, so
// the ranking reads index pages in order instead of a million scattered rows:
// - agreements_rank_disbursed / agreement_tranches_rank, _disbursed: the agreements with a
//   tranche after a month end, and those tranches (the disbursed amount "as of a
//   month end" is today's amount minus them);
// - agreements_rank_month: one month's agreements by enterprise (the news line);
// - need_interests_created: the responses made in a month;
// - *_needs_rank_published: the needs published in a window;
// - need_interests_first: a need's first response.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // both orders: SQLite looks the tranches up per agreement (nested loop), PostgreSQL
  // hashes the tranches after the month end (hash join)
  await db.schema
    .createIndex('agreement_tranches_rank')
    .on('agreement_tranches')
    .columns(['agreement_id', 'disbursed_on', 'amount'])
    .execute();
  await db.schema
    .createIndex('agreement_tranches_disbursed')
    .on('agreement_tranches')
    .columns(['disbursed_on', 'agreement_id', 'amount'])
    .execute();
  await db.schema
    .createIndex('agreements_rank_disbursed')
    .on('agreements')
    .columns(['last_disbursed_on', 'id', 'region_code', 'bank_org_id', 'signed_month', 'confirmed_at'])
    .where(sql.ref('confirmed_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('agreements_rank_month')
    .on('agreements')
    .columns(['signed_month', 'enterprise_org_id', 'region_code', 'amount', 'confirmed_at'])
    .where(sql.ref('confirmed_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('need_interests_created')
    .on('need_interests')
    .columns(['created_at', 'need_kind', 'status', 'need_id', 'bank_org_id'])
    .execute();
  for (const table of ['financing_needs', 'hiring_needs']) {
    await db.schema
      .createIndex(`${table}_rank_published`)
      .on(table)
      .columns(['published_at', 'region_code', 'status', 'closed_at', 'id'])
      .execute();
  }
  await db.schema
    .createIndex('need_interests_first')
    .on('need_interests')
    .columns(['need_kind', 'need_id', 'status', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'need_interests_first',
    'hiring_needs_rank_published',
    'financing_needs_rank_published',
    'need_interests_created',
    'agreements_rank_month',
    'agreements_rank_disbursed',
    'agreement_tranches_disbursed',
    'agreement_tranches_rank',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
