// Frozen in time: takes Kysely<any> and never imports app code.
//
// Sessions as they are really run (issue 16):
// - a human-readable session number per region and year (舞钢-2026-003): the region and
//   year the number was given in and its sequence; existing sessions are numbered in the
//   order they were created;
// - a session recorded after it took place (补录: status held, nobody invited);
// - desk mode: 'fixed' (each bank keeps one desk for the whole session) or 'free';
//   existing sessions keep the free tables they were scheduled with;
// - per participant: the bank's desk (0-based) and the lead-signatory order (主签约单位, 1…).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('number_region', 'text').execute();
  await db.schema.alterTable('events').addColumn('number_year', 'text').execute();
  await db.schema.alterTable('events').addColumn('number_seq', 'integer').execute();
  await db.schema
    .alterTable('events')
    .addColumn('recorded_past', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('events')
    .addColumn('desk_mode', 'text', (c) => c.notNull().defaultTo('free'))
    .execute();
  await db.schema.alterTable('event_participants').addColumn('desk_no', 'integer').execute();
  await db.schema.alterTable('event_participants').addColumn('lead_order', 'integer').execute();

  const rows = await db
    .selectFrom('events')
    .select(['id', 'region_code', 'event_date', 'created_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const seq = new Map<string, number>();
  for (const r of rows as { id: string; region_code: string; event_date: string }[]) {
    const year = r.event_date.slice(0, 4);
    const key = `${r.region_code}:${year}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    await db.updateTable('events').set({ number_region: r.region_code, number_year: year, number_seq: n }).where('id', '=', r.id).execute();
  }
  await db.schema.createIndex('events_number').on('events').columns(['number_region', 'number_year', 'number_seq']).unique().execute();
  await db.schema
    .createIndex('event_participants_desk')
    .on('event_participants')
    .columns(['event_id', 'desk_no'])
    .unique()
    .where(sql.ref('desk_no'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('event_participants_desk').execute();
  await db.schema.dropIndex('events_number').execute();
  await db.schema.alterTable('event_participants').dropColumn('lead_order').execute();
  await db.schema.alterTable('event_participants').dropColumn('desk_no').execute();
  await db.schema.alterTable('events').dropColumn('desk_mode').execute();
  await db.schema.alterTable('events').dropColumn('recorded_past').execute();
  await db.schema.alterTable('events').dropColumn('number_seq').execute();
  await db.schema.alterTable('events').dropColumn('number_year').execute();
  await db.schema.alterTable('events').dropColumn('number_region').execute();
}
