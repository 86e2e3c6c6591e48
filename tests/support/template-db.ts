/**
 * A migrated and demo-seeded template database for the test servers.
 *
 * The template is made by the real server (it migrates and seeds an empty database
 * on start, as `npm start` does), so a copy is exactly what that server would have
 * made. It is keyed by the migrations, the seed code and the China date (the demo
 * data is dated relative to today), so a changed migration or seed, or a run past
 * midnight in China, makes a new one. Several test processes may ask at once:
 * SQLite templates are published by an atomic rename, PostgreSQL ones under an
 * advisory lock.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type StartServer = (opts: { databaseUrl: string; env?: Record<string, string> }) => Promise<{ stop: () => Promise<void> }>;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** The migrations and seed code (names, sizes, times) and today's China date. */
export function templateKey(now = new Date()): string {
  const hash = createHash('sha256');
  for (const file of [
    ...filesUnder(path.join(ROOT, 'db/migrations')),
    ...filesUnder(path.join(ROOT, 'db/seed')),
    path.join(ROOT, 'db/seed.ts'),
  ]) {
    const st = fs.statSync(file);
    hash.update(`${path.relative(ROOT, file)}:${st.size}:${st.mtimeMs}\n`);
  }
  hash.update(chinaDay(now));
  return hash.digest('hex').slice(0, 16);
}

function chinaDay(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function sqliteFile(url: string): string {
  return url.replace(/^file:/, '');
}

const sqliteTemplates = new Map<string, Promise<string>>();

async function sqliteTemplate(start: StartServer): Promise<string> {
  const key = templateKey();
  const dir = path.join(os.tmpdir(), `finmatch-template-${key}`);
  const file = path.join(dir, 'finmatch.db');
  if (fs.existsSync(file)) return file;
  let made = sqliteTemplates.get(key);
  if (!made) {
    made = (async () => {
      const building = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-template-build-'));
      const server = await start({ databaseUrl: `file:${path.join(building, 'finmatch.db')}` });
      // the server's close checkpoints the WAL into the main file
      await server.stop();
      for (const leftover of ['finmatch.db-wal', 'finmatch.db-shm']) fs.rmSync(path.join(building, leftover), { force: true });
      try {
        fs.renameSync(building, dir);
      } catch {
        // another process published the same template first
        fs.rmSync(building, { recursive: true, force: true });
      }
      return file;
    })();
    made.catch(() => sqliteTemplates.delete(key));
    sqliteTemplates.set(key, made);
  }
  return made;
}

export async function cloneSqliteTemplate(url: string, start: StartServer): Promise<void> {
  const template = await sqliteTemplate(start);
  fs.copyFileSync(template, sqliteFile(url));
}

const postgresTemplates = new Map<string, Promise<string>>();

async function postgresTemplate(adminUrl: string, start: StartServer): Promise<string> {
  // The China day leads the name, so a run drops only earlier days' templates: two
  // checkouts of the project (different file times, so different keys) testing on one
  // server the same day must not drop each other's template mid-run.
  const day = chinaDay().replaceAll('-', '');
  const name = `fm_tpl_${day}_${templateKey()}`;
  let made = postgresTemplates.get(name);
  if (!made) {
    made = (async () => {
      const pg = (await import('pg')).default;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
        const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) {
          const building = `${name}_build`;
          await admin.query(`drop database if exists ${building} with (force)`);
          await admin.query(`create database ${building}`);
          const url = new URL(adminUrl);
          url.pathname = `/${building}`;
          const server = await start({ databaseUrl: url.toString() });
          await server.stop();
          await admin.query(`alter database ${building} rename to ${name}`);
          // earlier days' templates are not used again (nor those named before the day led)
          const old = await admin.query<{ datname: string }>(
            `select datname from pg_database where datname like 'fm\\_tpl\\_%' and datname not like $1`,
            [`fm\\_tpl\\_${day}\\_%`],
          );
          for (const { datname } of old.rows) await admin.query(`drop database if exists ${datname}`).catch(() => {});
        }
      } finally {
        await admin.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
        await admin.end();
      }
      return name;
    })();
    made.catch(() => postgresTemplates.delete(name));
    postgresTemplates.set(name, made);
  }
  return made;
}

export async function clonePostgresTemplate(adminUrl: string, name: string, start: StartServer): Promise<void> {
  const template = await postgresTemplate(adminUrl, start);
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
}
