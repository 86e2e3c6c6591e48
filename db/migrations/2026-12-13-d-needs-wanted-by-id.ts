// Frozen in time: takes Kysely<any> and never imports app code.
//
// The needs directories sorted by 需求截止 read `order by wanted_by asc nulls last, id`
// (the id breaks ties, and the keyset cursor needs it). The (status, wanted_by) index
// gave PostgreSQL the first key only, so every page sorted all published needs (20–28 ms
// on the benchmark data). With the id at its end, PostgreSQL reads the index in that order
// (its ascending btree keeps NULLs last) and stops after a page. It replaces the former
// index (same leading columns).
import type { Kysely } from 'kysely';

const TABLES = ['financing_needs', 'hiring_needs'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) {
    await db.schema.createIndex(`${t}_status_wanted_id`).on(t).columns(['status', 'wanted_by', 'id']).execute();
    await db.schema.dropIndex(`${t}_status_wanted`).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) {
    await db.schema.createIndex(`${t}_status_wanted`).on(t).columns(['status', 'wanted_by']).execute();
    await db.schema.dropIndex(`${t}_status_wanted_id`).execute();
  }
}
