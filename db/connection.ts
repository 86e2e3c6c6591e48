/**
 * The one place that turns `DATABASE_URL` into a Kysely instance.
 * `file:path` (or a bare path) → embedded SQLite; `postgres://…` → PostgreSQL.
 * Modules never know which one they talk to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
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

/** Pragmas for a web app; see docs/decisions/004-sqlite-durability.md. */
export function applySqlitePragmas(conn: import('better-sqlite3').Database): void {
  conn.pragma('journal_mode = WAL');
  conn.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`);
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  conn.pragma('cache_size = -32000');
  conn.pragma('temp_store = MEMORY');
  // Gather planner statistics where missing (SQLite's advice for long-lived connections).
  conn.pragma('optimize = 0x10002');
}

export async function createDatabase(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Promise<DatabaseHandle> {
  if (databaseKind(url) === 'postgres') {
    const pg = (await import('pg')).default;
    // BIGINT (money in 元) comes back as a JS number: exact below 2^53 元.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX || 10) });
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      kind: 'postgres',
      location: url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@'),
    };
  }
  const BetterSqlite3 = (await import('better-sqlite3')).default;
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = new BetterSqlite3(file);
  applySqlitePragmas(conn);
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) }),
    kind: 'sqlite',
    location: file,
  };
}
