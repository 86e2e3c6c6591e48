// Frozen in time: takes Kysely<any> and never imports app code.
//
// The dashboard's reads of answered financing needs (服务企业, the pickup's in-time check,
// the answers by bank: decisions 041a, 043a) take the needs of a region that have a first
// answer. The (region, publication, id, enterprise, first answer) index holds every need of
// the region: for a city of the benchmark data 2,935 published needs were read to find the
// 19 answered ones, four times per dashboard. A partial index of the answered needs only
// (SQLite and PostgreSQL use it when the query says `first_answer_at is not null`, as these
// do) reads those alone; decision 043b.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('financing_needs_answered_region')
    .on('financing_needs')
    .columns(['region_code', 'published_at', 'id', 'organization_id', 'first_answer_at'])
    .where(sql.ref('first_answer_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('financing_needs_answered_region').execute();
}
