// Frozen in time: takes Kysely<any> and never imports app code.
//
// Substring search over the `search_text` columns (docs/decisions/011-chinese-text-search.md).
//
// The dialect is detected from the executor's adapter (a failed probe query would
// abort the migration transaction on PostgreSQL):
// - SQLite: an FTS5 index with the trigram tokenizer per table, `<table>_fts`, whose
//   rowids come from a mapping table `<table>_fts_map (fts_rowid integer primary key,
//   id text unique)`; triggers keep both in sync with the base table. The base
//   tables have text ids, and their implicit rowids are not guaranteed to survive
//   VACUUM, so the FTS index never relies on them.
// - PostgreSQL: a GIN `gin_trgm_ops` index on search_text when the pg_trgm extension
//   exists or can be created (inside a savepoint, so a missing privilege only skips
//   the index: queries use LIKE and stay correct without it).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const TABLES = ['loan_products', 'financing_needs', 'hiring_needs'] as const;

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  // The product directory's default order (newest first, id as tie-breaker) read straight from an index.
  await db.schema.createIndex('loan_products_status_published').on('loan_products').columns(['status', 'published_at', 'id']).execute();

  if (isPostgres(db)) {
    await sql`savepoint finmatch_trgm`.execute(db);
    try {
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`release savepoint finmatch_trgm`.execute(db);
    } catch {
      await sql`rollback to savepoint finmatch_trgm`.execute(db);
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`.execute(db);
    if (rows[0] && rows[0].n > 0) {
      for (const t of TABLES) {
        await sql`create index ${sql.id(`${t}_search_trgm`)} on ${sql.table(t)} using gin (search_text gin_trgm_ops)`.execute(db);
      }
    }
    return;
  }

  for (const t of TABLES) {
    const fts = sql.table(`${t}_fts`);
    const map = sql.table(`${t}_fts_map`);
    const base = sql.table(t);
    await sql`create table ${map} (fts_rowid integer primary key, id text not null unique)`.execute(db);
    await sql`create virtual table ${fts} using fts5(search_text, tokenize = 'trigram')`.execute(db);
    await sql`insert into ${map} (id) select id from ${base}`.execute(db);
    await sql`insert into ${fts} (rowid, search_text) select m.fts_rowid, b.search_text from ${base} b join ${map} m on m.id = b.id`.execute(
      db,
    );
    await sql
      .raw(`
      create trigger ${t}_fts_ai after insert on ${t} begin
        insert into ${t}_fts_map (id) values (new.id);
        insert into ${t}_fts (rowid, search_text) values ((select fts_rowid from ${t}_fts_map where id = new.id), new.search_text);
      end`)
      .execute(db);
    await sql
      .raw(`
      create trigger ${t}_fts_au after update of search_text on ${t} begin
        delete from ${t}_fts where rowid = (select fts_rowid from ${t}_fts_map where id = old.id);
        insert into ${t}_fts (rowid, search_text) values ((select fts_rowid from ${t}_fts_map where id = new.id), new.search_text);
      end`)
      .execute(db);
    await sql
      .raw(`
      create trigger ${t}_fts_ad after delete on ${t} begin
        delete from ${t}_fts where rowid = (select fts_rowid from ${t}_fts_map where id = old.id);
        delete from ${t}_fts_map where id = old.id;
      end`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const t of TABLES) await sql`drop index if exists ${sql.id(`${t}_search_trgm`)}`.execute(db);
  } else {
    for (const t of TABLES) {
      for (const s of ['ai', 'au', 'ad']) await sql.raw(`drop trigger if exists ${t}_fts_${s}`).execute(db);
      await sql.raw(`drop table if exists ${t}_fts`).execute(db);
      await sql.raw(`drop table if exists ${t}_fts_map`).execute(db);
    }
  }
  await db.schema.dropIndex('loan_products_status_published').execute();
}
