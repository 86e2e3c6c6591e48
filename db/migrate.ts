/** Applies db/migrations with Kysely's Migrator (its lock makes concurrent starts safe). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, SqliteAdapter, sql, type Kysely, type MigrationResultSet } from 'kysely';

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Kysely's Migrator over db/migrations (also for tests that go down to a migration and up again). */
export function migratorOf(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
    // migrations are named by date and issue (2026-12-05-13-…): one for an earlier
    // issue may land after a later issue's, and must still run on a database that
    // already has the later one
    allowUnorderedMigrations: true,
  });
}

/**
 * PostgreSQL serialises concurrent migrators with Kysely's advisory lock. Kysely
 * takes no lock on SQLite, so two processes starting together would both run the
 * same migration: there the whole run happens inside BEGIN IMMEDIATE (the write
 * lock, waited for by busy_timeout), and a loser that still gets SQLITE_BUSY retries
 * and then finds the migrations applied.
 */
export async function migrateToLatest(db: Kysely<any>, attempts = 20): Promise<string[]> {
  const migrator = migratorOf(db);
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await runLocked(db, () => migrator.migrateToLatest());
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    const busy = /SQLITE_BUSY|database is locked/i.test(
      String((error as { code?: string }).code ?? '') + String((error as Error).message ?? ''),
    );
    if (!busy || attempt >= attempts) throw error instanceof Error ? error : new Error(String(error));
    await new Promise((r) => setTimeout(r, 100 * attempt));
  }
}

async function runLocked(db: Kysely<any>, run: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return run();
  try {
    await sql`begin immediate`.execute(db);
  } catch (error) {
    return { error };
  }
  const result = await run();
  await sql.raw(result.error ? 'rollback' : 'commit').execute(db);
  return result;
}
