/**
 * The app's database handle, opened once per process from DATABASE_URL.
 * Migrations are applied by the server start script before requests arrive.
 */
import type { Kysely, Transaction } from 'kysely';
import { createDatabase, type DatabaseHandle } from '#db/connection';
import type { Database } from '#db/schema';

export type DB = Kysely<Database> | Transaction<Database>;

/** Runs `fn` in a transaction, or inside the caller's one when `db` already is a transaction. */
export async function inTransaction<T>(db: DB, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return (db as Kysely<Database>).transaction().execute(fn);
}

declare global {
  // eslint-disable-next-line no-var
  var __finmatchDb: Promise<DatabaseHandle> | undefined;
}

export function getDatabase(): Promise<DatabaseHandle> {
  globalThis.__finmatchDb ??= createDatabase();
  return globalThis.__finmatchDb;
}

export async function getDb(): Promise<Kysely<Database>> {
  return (await getDatabase()).db;
}
