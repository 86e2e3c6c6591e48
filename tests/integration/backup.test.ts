/**
 * `npm run db:backup` takes an online backup while the server runs and writes;
 * `npm run db:restore` brings it back; the restored copy holds every row.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/connection';
import { DEMO, HttpClient } from '../support/http-client';
import { freshDatabaseUrl, ROOT, startServer, type TestServer } from '../support/server';

const run = promisify(execFile);
let server: TestServer;

beforeAll(async () => {
  // No job runner in this server: a timed job (the overdue-needs notices, say) that
  // fires between the quiet backup and the comparison would write rows the backup
  // cannot hold. The writes during the backup come from the logins below.
  server = await startServer({ env: { JOBS_WORKER: 'off' } });
});
afterAll(async () => {
  await server?.stop();
});

async function tableNames(db: Kysely<any>, kind: string): Promise<string[]> {
  const rows =
    kind === 'postgres'
      ? await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db)
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL%'`.execute(db);
  return rows.rows.map((r) => r.name).sort();
}

/** Every row of every table, as sorted JSON lines: equal snapshots mean equal data. */
async function snapshot(db: Kysely<any>, kind: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await tableNames(db, kind)) {
    const rows = await db.selectFrom(t).selectAll().execute();
    out[t] = rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
  }
  return out;
}

function npm(args: string[], env: Record<string, string>) {
  return run('npm', ['run', '-s', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
}

describe('backup and restore', () => {
  it('backs up online during writes and restores every row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-backup-'));
    const kind = server.databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite';
    const file = path.join(dir, kind === 'postgres' ? 'b.dump' : 'b.db');

    // Writes in flight while the backup runs: each login creates a session row.
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing && n < 40) {
        await new HttpClient(server.url).login(DEMO.bank, DEMO.password);
        n++;
      }
      return n;
    })();
    await new Promise((r) => setTimeout(r, 300));
    const { stdout } = await npm(['db:backup', '--', file], { DATABASE_URL: server.databaseUrl });
    expect(stdout).toContain('backup written');
    writing = false;
    expect(await writer).toBeGreaterThan(0);

    // Quiet now: a second backup must equal the live database row for row.
    const file2 = file.replace(/(\.\w+)$/, '-quiet$1');
    await npm(['db:backup', '--', file2], { DATABASE_URL: server.databaseUrl });
    const target = await freshDatabaseUrl('restore');
    try {
      await npm(['db:restore', '--', file2], { DATABASE_URL: target.url });
      const live = await server.database();
      const restored = await createDatabase(target.url);
      try {
        const a = await snapshot(live.db, kind);
        const b = await snapshot(restored.db, kind);
        expect(Object.keys(b)).toEqual(Object.keys(a));
        expect(a.users.length).toBeGreaterThanOrEqual(4);
        expect(a.auth_sessions.length).toBeGreaterThan(0);
        for (const t of Object.keys(a)) expect(b[t], t).toEqual(a[t]);
        if (kind === 'sqlite') {
          const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(restored.db);
          expect(check.rows[0].integrity_check).toBe('ok');
        }
      } finally {
        await restored.db.destroy();
      }
      // The backup taken during writes is itself consistent and restorable.
      const target2 = await freshDatabaseUrl('restore2');
      try {
        await npm(['db:restore', '--', file], { DATABASE_URL: target2.url });
        const h = await createDatabase(target2.url);
        const users = await h.db.selectFrom('users').select('id').execute();
        expect(users.length).toBeGreaterThanOrEqual(4);
        await h.db.destroy();
      } finally {
        await target2.drop();
      }
    } finally {
      await target.drop();
    }
  }, 120_000);
});
