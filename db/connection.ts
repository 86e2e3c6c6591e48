/**
 * The one place that turns `DATABASE_URL` into a Kysely instance.
 * `file:path` (or a bare path) → embedded SQLite; `postgres://…` → PostgreSQL.
 * Modules never know which one they talk to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteAdapter, sql } from 'kysely';
import { maxPreparedFromEnv, preparingPool, statementNamer } from './pg-prepared';
import { SplitSqliteDialect } from './sqlite-split';
import { SqliteWriterThread } from './sqlite-writer-thread';
import type { Database } from './schema';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** file path for SQLite, redacted URL for PostgreSQL */
  location: string;
}

export const DEFAULT_DATABASE_URL = 'file:data/finmatch.db';

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

export function sqlitePath(url: string): string {
  const p = url.replace(/^file:(\/\/)?/, '');
  return p === ':memory:' ? p : path.resolve(p);
}

/** The pragmas of a writing connection (the request thread's writer, the writer thread's). */
function writerPragmas(): string[] {
  return [
    'journal_mode = WAL',
    `synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`,
    'foreign_keys = ON',
    'busy_timeout = 5000',
    'cache_size = -32000',
    'temp_store = MEMORY',
  ];
}

/** Pragmas for a web app; see docs/decisions/004-sqlite-durability.md. */
export function applySqlitePragmas(conn: import('better-sqlite3').Database): void {
  for (const p of writerPragmas()) conn.pragma(p);
  // Gather planner statistics where missing (SQLite's advice for long-lived connections);
  // refreshStatistics keeps them fresh afterwards (decision 022).
  conn.pragma('optimize = 0x10002');
}

/* ------------------------------------------------------------------ planner statistics */

/** How often a long-lived SQLite handle checks its planner statistics (decision 022). */
export const STATISTICS_UPKEEP_MS = 60 * 60 * 1000;

/**
 * Keeps the query planner's statistics fresh (docs/decisions/022-planner-statistics.md).
 * Called after bulk writes (an import's commit, `rebuildRollups`) and, on SQLite,
 * every STATISTICS_UPKEEP_MS by the handle itself:
 * - SQLite: `PRAGMA optimize = 0x10002` — every table (0x10000) whose statistics are
 *   missing or whose row count changed about tenfold since they were gathered gets a
 *   full `ANALYZE` (no 0x10 bit: sampled statistics misled the planner as much as
 *   none did); otherwise a no-op of a few milliseconds.
 * - PostgreSQL: `ANALYZE` of the tables a bulk write touched (all tables when none are
 *   named). Autovacuum's auto-analyze does the periodic part there.
 * Not inside a transaction: the caller runs it after its commit.
 */
export async function refreshStatistics(db: Kysely<any>, tables: readonly string[] = []): Promise<void> {
  if (db.isTransaction) throw new Error('refreshStatistics: run it after the transaction');
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`pragma optimize = 0x10002`.execute(db);
    return;
  }
  if (tables.length) await sql`analyze ${sql.join([...new Set(tables)].map((t) => sql.table(t)))}`.execute(db);
  else await sql`analyze`.execute(db);
}

/** The periodic check of a long-lived SQLite handle; stops when the handle is closed. */
function scheduleStatisticsUpkeep(db: Kysely<Database>, conn: import('better-sqlite3').Database): void {
  const timer = setInterval(() => {
    if (!conn.open) {
      clearInterval(timer);
      return;
    }
    // through Kysely, so it waits for a transaction in progress on the connection
    refreshStatistics(db).catch(() => {
      if (!conn.open) clearInterval(timer);
    });
  }, STATISTICS_UPKEEP_MS);
  timer.unref();
}

export async function createDatabase(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Promise<DatabaseHandle> {
  if (databaseKind(url) === 'postgres') {
    const pg = (await import('pg')).default;
    // BIGINT (money in 元) comes back as a JS number: exact below 2^53 元.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX || 10) });
    // An idle connection the server ends (a restart, a failover, an administrator's
    // pg_terminate_backend) is reported on the pool; without a listener node-postgres
    // throws it and the whole process exits. The pool drops that client and opens a
    // new one for the next query, so a warning is all it needs.
    pool.on('error', (error) => console.warn(`[db] PostgreSQL connection lost while idle: ${error.message}`));
    // repeated statements prepared once per connection: planning was most of PostgreSQL's work (decision 048a)
    const maxPrepared = maxPreparedFromEnv();
    return {
      db: new Kysely<Database>({
        dialect: new PostgresDialect({ pool: maxPrepared > 0 ? preparingPool(pool, statementNamer(maxPrepared)) : pool }),
      }),
      kind: 'postgres',
      location: url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@'),
    };
  }
  const BetterSqlite3 = (await import('better-sqlite3')).default;
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = new BetterSqlite3(file);
  applySqlitePragmas(conn);
  // a second connection serves plain reads while a transaction holds the first (db/sqlite-split.ts)
  let reader: import('better-sqlite3').Database | null = null;
  if (file !== ':memory:') {
    reader = new BetterSqlite3(file);
    reader.pragma('busy_timeout = 5000');
    reader.pragma('cache_size = -16000');
    reader.pragma('query_only = ON');
  }
  // long writes (an import's commit) run on a connection of their own thread (db/sqlite-writer-thread.ts)
  const writerThread = file !== ':memory:' ? new SqliteWriterThread(file, writerPragmas()) : null;
  const db = new Kysely<Database>({ dialect: new SplitSqliteDialect(conn, reader, writerThread) });
  scheduleStatisticsUpkeep(db, conn);
  return { db, kind: 'sqlite', location: file };
}
