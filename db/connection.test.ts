/**
 * The PostgreSQL pool survives a connection the server ends while it is idle (a
 * restart, a failover, pg_terminate_backend): node-postgres reports it on the pool,
 * and without a listener that report would end the whole process. Runs with
 * TEST_PG_URL (a server where the test user may create databases); skipped otherwise.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabaseUrl } from '../tests/support/server';
import { createDatabase, type DatabaseHandle } from './connection';

const pgUrl = process.env.TEST_PG_URL;

describe.skipIf(!pgUrl)('PostgreSQL pool', () => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl('poolerror');
    drop = fresh.drop;
    handle = await createDatabase(fresh.url);
  });
  afterAll(async () => {
    await handle?.db.destroy();
    await drop();
  });

  it('keeps serving after the server ends an idle connection, with a warning', async () => {
    const { sql } = await import('kysely');
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0].pid;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    // the idle client learns of it asynchronously
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('PostgreSQL connection lost while idle')), {
      timeout: 5_000,
    });
    warn.mockRestore();
    const after = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
    expect(after.rows[0].one).toBe(1);
  });
});
