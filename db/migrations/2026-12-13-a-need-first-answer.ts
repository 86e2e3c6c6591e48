// Frozen in time: takes Kysely<any> and never imports app code.
//
// A financing need's first answer, kept on the need (issue 17, decision 041a):
// `financing_needs.first_answer_at` is the earliest `created_at` of the need's financing
// interests that are not withdrawn and of its applications (all of them), null while it
// has none. The dashboard's pickup figures read it from a range of the needs' (region,
// publication) index, which now ends with it, instead of looking up each need's interests
// and applications.
//
// Triggers keep it, so every write path does (the app, imports, raw SQL of the benchmark
// generators): interests on insert, delete and an update of their kind, need, status or
// creation time; applications on insert, delete and an update of their need or creation
// time; a need inserted after answers to it (a re-inserted row) gets its value too. An
// added answer lowers the value (min of the kept one and the new time); any other change
// recomputes it from the need's interests and applications.
//
// The dialect is detected from the executor's adapter (as in 2026-11-25c-search):
// - SQLite: triggers with statement bodies. Writes are serialised, so the recompute always
//   sees every committed answer.
// - PostgreSQL: row triggers calling plpgsql functions. Under READ COMMITTED two
//   transactions can answer the same need at once, and a recompute inside one would not see
//   the other's uncommitted answer; so each change first locks the need's row (`for no key
//   update`: it waits for another transaction that changed the need's answers until that one
//   commits) and then recomputes in a new statement, whose fresh snapshot sees that commit.
//   `for no key update` rather than `for update`: an application's foreign key check holds
//   `for key share` on the need, which `for update` would conflict with (two applications
//   to one need at once could deadlock); `for no key update` conflicts with itself (the
//   serialisation wanted) and not with key share.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// the need's first answer from scratch (SQLite: `min` over the union ignores nulls)
const sqliteFirstAnswer = (need: string) => `(
  select min(t) from (
    select min(ni.created_at) as t from need_interests ni
      where ni.need_kind = 'financing' and ni.need_id = ${need} and ni.status <> 'withdrawn'
    union all
    select min(a.created_at) from applications a where a.need_id = ${need}
  )
)`;
const sqliteRecompute = (need: string, when = '1') =>
  `update financing_needs set first_answer_at = ${sqliteFirstAnswer(need)} where id = ${need} and ${when};`;
const sqliteLower = (need: string, at: string) =>
  `update financing_needs set first_answer_at = ${at} where id = ${need} and (first_answer_at is null or first_answer_at > ${at});`;

const SQLITE_TRIGGERS = [
  `create trigger need_interests_first_answer_ai after insert on need_interests
     when new.need_kind = 'financing' and new.status <> 'withdrawn'
   begin ${sqliteLower('new.need_id', 'new.created_at')} end`,
  `create trigger need_interests_first_answer_au after update of need_kind, need_id, status, created_at on need_interests
     when (old.need_kind = 'financing' or new.need_kind = 'financing')
      and (old.need_kind is not new.need_kind or old.need_id is not new.need_id or old.created_at is not new.created_at
           or (old.status = 'withdrawn') is not (new.status = 'withdrawn'))
   begin
     ${sqliteRecompute('new.need_id', `new.need_kind = 'financing'`)}
     ${sqliteRecompute('old.need_id', `old.need_kind = 'financing' and (new.need_kind <> 'financing' or new.need_id <> old.need_id)`)}
   end`,
  `create trigger need_interests_first_answer_ad after delete on need_interests
     when old.need_kind = 'financing' and old.status <> 'withdrawn'
   begin ${sqliteRecompute('old.need_id')} end`,
  `create trigger applications_first_answer_ai after insert on applications
   begin ${sqliteLower('new.need_id', 'new.created_at')} end`,
  `create trigger applications_first_answer_au after update of need_id, created_at on applications
     when old.need_id is not new.need_id or old.created_at is not new.created_at
   begin
     ${sqliteRecompute('new.need_id')}
     ${sqliteRecompute('old.need_id', 'new.need_id <> old.need_id')}
   end`,
  `create trigger applications_first_answer_ad after delete on applications
   begin ${sqliteRecompute('old.need_id')} end`,
  `create trigger financing_needs_first_answer_ai after insert on financing_needs
     when exists (select 1 from need_interests where need_kind = 'financing' and need_id = new.id)
       or exists (select 1 from applications where need_id = new.id)
   begin ${sqliteRecompute('new.id')} end`,
];
const SQLITE_TRIGGER_NAMES = SQLITE_TRIGGERS.map((t) => /create trigger (\w+)/.exec(t)![1]);

const PG_SETUP = [
  // lock the need, then lower its value to `added` (an answer added) or, with `added` null,
  // recompute it; two statements, so the second one's snapshot is taken after the lock
  `create function financing_need_first_answer(need text, added text) returns void language plpgsql as $$
   begin
     perform 1 from financing_needs where id = need for no key update;
     if added is not null then
       update financing_needs set first_answer_at = added
         where id = need and (first_answer_at is null or first_answer_at > added);
     else
       update financing_needs n set first_answer_at = x.t
         from (select least(
           (select min(ni.created_at) from need_interests ni
              where ni.need_kind = 'financing' and ni.need_id = need and ni.status <> 'withdrawn'),
           (select min(a.created_at) from applications a where a.need_id = need)) as t) x
         where n.id = need and n.first_answer_at is distinct from x.t;
     end if;
   end $$`,
  `create function need_interests_first_answer() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       if new.need_kind = 'financing' and new.status <> 'withdrawn' then
         perform financing_need_first_answer(new.need_id, new.created_at);
       end if;
     elsif tg_op = 'DELETE' then
       if old.need_kind = 'financing' and old.status <> 'withdrawn' then
         perform financing_need_first_answer(old.need_id, null);
       end if;
     elsif (old.need_kind = 'financing' or new.need_kind = 'financing')
       and (old.need_kind is distinct from new.need_kind or old.need_id is distinct from new.need_id
            or old.created_at is distinct from new.created_at
            or (old.status = 'withdrawn') is distinct from (new.status = 'withdrawn')) then
       if old.need_kind = 'financing' and (new.need_kind <> 'financing' or new.need_id <> old.need_id) then
         perform financing_need_first_answer(old.need_id, null);
       end if;
       if new.need_kind = 'financing' then
         perform financing_need_first_answer(new.need_id, null);
       end if;
     end if;
     return null;
   end $$`,
  `create function applications_first_answer() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       perform financing_need_first_answer(new.need_id, new.created_at);
     elsif tg_op = 'DELETE' then
       perform financing_need_first_answer(old.need_id, null);
     elsif old.need_id is distinct from new.need_id or old.created_at is distinct from new.created_at then
       if new.need_id <> old.need_id then
         perform financing_need_first_answer(old.need_id, null);
       end if;
       perform financing_need_first_answer(new.need_id, null);
     end if;
     return null;
   end $$`,
  // a need inserted after answers to it: its value from them (before the row is written)
  `create function financing_needs_first_answer() returns trigger language plpgsql as $$
   begin
     new.first_answer_at := least(
       (select min(ni.created_at) from need_interests ni
          where ni.need_kind = 'financing' and ni.need_id = new.id and ni.status <> 'withdrawn'),
       (select min(a.created_at) from applications a where a.need_id = new.id));
     return new;
   end $$`,
  `create trigger need_interests_first_answer after insert or delete or update of need_kind, need_id, status, created_at
     on need_interests for each row execute function need_interests_first_answer()`,
  `create trigger applications_first_answer after insert or delete or update of need_id, created_at
     on applications for each row execute function applications_first_answer()`,
  `create trigger financing_needs_first_answer before insert on financing_needs
     for each row execute function financing_needs_first_answer()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('financing_needs').addColumn('first_answer_at', 'text').execute();
  // the dashboard's reads of the needs by region and publication (counts, first answers,
  // enterprises) from one covering index: the former one with the first answer at the end
  await db.schema
    .createIndex('financing_needs_region_published_answer')
    .on('financing_needs')
    .columns(['region_code', 'published_at', 'id', 'organization_id', 'first_answer_at'])
    .execute();
  await db.schema.dropIndex('financing_needs_region_published_org').execute();
  // the needs with an answer, from scratch
  const answered = sql`select need_id from need_interests where need_kind = 'financing' and status <> 'withdrawn'
    union select need_id from applications`;
  if (isPostgres(db)) {
    await sql`update financing_needs n set first_answer_at = least(
        (select min(ni.created_at) from need_interests ni
           where ni.need_kind = 'financing' and ni.need_id = n.id and ni.status <> 'withdrawn'),
        (select min(a.created_at) from applications a where a.need_id = n.id))
      where n.id in (${answered})`.execute(db);
    for (const s of PG_SETUP) await sql.raw(s).execute(db);
  } else {
    await sql`update financing_needs set first_answer_at = ${sql.raw(sqliteFirstAnswer('financing_needs.id'))}
      where id in (${answered})`.execute(db);
    for (const s of SQLITE_TRIGGERS) await sql.raw(s).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists financing_needs_first_answer on financing_needs`.execute(db);
    await sql`drop trigger if exists applications_first_answer on applications`.execute(db);
    await sql`drop trigger if exists need_interests_first_answer on need_interests`.execute(db);
    await sql`drop function if exists financing_needs_first_answer()`.execute(db);
    await sql`drop function if exists applications_first_answer()`.execute(db);
    await sql`drop function if exists need_interests_first_answer()`.execute(db);
    await sql`drop function if exists financing_need_first_answer(text, text)`.execute(db);
  } else {
    for (const name of SQLITE_TRIGGER_NAMES) await sql.raw(`drop trigger if exists ${name}`).execute(db);
  }
  await db.schema
    .createIndex('financing_needs_region_published_org')
    .on('financing_needs')
    .columns(['region_code', 'published_at', 'id', 'organization_id'])
    .execute();
  await db.schema.dropIndex('financing_needs_region_published_answer').execute();
  await db.schema.alterTable('financing_needs').dropColumn('first_answer_at').execute();
}
