// Frozen in time: takes Kysely<any> and never imports app code.
//
// Every page of the dashboard counts the published financing needs of its region by China
// month (the response rates' pairs, the pickup's needs): `group by region, <month bucket>`,
// the bucket being the UTC month or, from 16:00 UTC on the 28th, the UTC hour (the grouping
// expression of month-buckets.server.ts, repeated here as migrations never import app code).
// Over the (region, publication, …) index each row's bucket was computed and sorted in a
// temporary tree: ~1 µs a need, 2.5 ms for a city of the benchmark data, 25 ms for its
// province. An index on (region, bucket, publication) gives the rows already grouped and the
// bucket already computed — the query's expression must be the index's, text for text —
// and covers the period's conditions on publication; decision 044b.
import { sql, type Kysely } from 'kysely';

const BUCKET = sql`(case when substr(published_at, 9, 2) >= '28' and substr(published_at, 12, 2) >= '16' then substr(published_at, 1, 13) else substr(published_at, 1, 7) end)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index financing_needs_region_month on financing_needs (region_code, ${BUCKET}, published_at) where published_at is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('financing_needs_region_month').execute();
}
