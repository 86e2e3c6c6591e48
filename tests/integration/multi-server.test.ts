/**
 * Scale-out: two app processes on different ports share one database (a SQLite
 * file; with TEST_PG_URL, one PostgreSQL database), the way several processes run
 * behind a reverse proxy. Both start at the same moment on a fresh database:
 * the migrations run exactly once and neither process logs an error. Sessions
 * live in the database, so either process serves any signed-in user: a login
 * on A works on B, a write through A is read through B, a logout on B ends the
 * session on A.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { ROOT, freshDatabaseUrl, startServer, type TestServer } from '../support/server';

const MIGRATIONS = fs
  .readdirSync(path.join(ROOT, 'db/migrations'))
  .filter((f) => /\.(ts|js)$/.test(f) && !/\.test\./.test(f))
  .map((f) => f.replace(/\.(ts|js)$/, ''))
  .sort();

let a: TestServer;
let b: TestServer;
let dropDatabase: () => Promise<void> = async () => {};

/** JSON log lines of a server (pino writes one object per line; other lines are kept as text). */
function logLines(server: TestServer): { level?: number | string; msg?: string; [k: string]: unknown }[] {
  return server
    .logs()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return JSON.parse(line) as { level?: number | string; msg?: string };
      } catch {
        return { level: 'text', msg: line };
      }
    });
}

const isError = (l: { level?: number | string }) =>
  l.level === 'error' || l.level === 'text' || (typeof l.level === 'number' && l.level >= 50);

beforeAll(async () => {
  const fresh = await freshDatabaseUrl('multi');
  dropDatabase = fresh.drop;
  // the same moment: neither waits for the other's /healthz
  // LOG_SYNC: each log line is written when logged, not in the 250 ms batches the servers
  // use otherwise (the last test reads the logs right after the other tests' requests)
  const env = { LOG_LEVEL: 'info', LOG_SYNC: '1' };
  [a, b] = await Promise.all([startServer({ databaseUrl: fresh.url, env }), startServer({ databaseUrl: fresh.url, env })]);
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await dropDatabase();
});

describe('two app servers on one database', () => {
  it('run on different ports against the same database, both healthy', async () => {
    expect(a.port).not.toBe(b.port);
    expect(a.databaseUrl).toBe(b.databaseUrl);
    for (const s of [a, b]) {
      const res = await fetch(`${s.url}/healthz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; database: { ok: boolean; kind: string } };
      expect(body.status).toBe('ok');
      expect(body.database.kind).toBe(process.env.TEST_PG_URL ? 'postgres' : 'sqlite');
    }
  });

  it('applied every migration exactly once, and neither process logged an error', async () => {
    const { db } = await a.database();
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(rows.rows.map((r) => r.name)).toEqual(MIGRATIONS);

    // exactly one of the two processes applied them, all of them, in one go
    const applied = [a, b].flatMap((s) =>
      logLines(s)
        .filter((l) => l.msg === 'migrations applied')
        .map((l) => l.applied as string[]),
    );
    expect(applied).toEqual([MIGRATIONS]);
    // the demo data was seeded once too (the loser of the race finds it there)
    const seeded = [a, b].flatMap((s) => logLines(s).filter((l) => l.msg === 'demo data seeded'));
    const startup = [a, b]
      .map((s) =>
        logLines(s)
          .filter((l) => l.msg !== 'request')
          .map((l) => JSON.stringify(l).slice(0, 300))
          .join('\n'),
      )
      .join('\n---\n');
    expect(seeded, `start-up logs of both processes:\n${startup}`).toHaveLength(1);
    const demoUsers = await db.selectFrom('users').select('email').where('email', '=', DEMO.organizer).execute();
    expect(demoUsers).toHaveLength(1);

    for (const s of [a, b]) expect(logLines(s).filter(isError), `errors in the log of :${s.port}`).toEqual([]);
    for (const s of [a, b]) expect(logLines(s).some((l) => l.msg?.startsWith('Finmatch listening'))).toBe(true);
  });

  it('serves a user signed in on A from B with the same cookie', async () => {
    const onA = new HttpClient(a.url);
    await onA.login(DEMO.enterprise, DEMO.password);
    const onB = new HttpClient(b.url);
    onB.cookies = new Map(onA.cookies);

    const page = await onB.get('/account/password');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('李红梅');
    // and a stranger without the cookie is sent to the login page by B
    expect((await new HttpClient(b.url).get('/account/password')).status).toBe(302);
  });

  it('shows a write made through A when read through B', async () => {
    const onA = new HttpClient(a.url);
    await onA.login(DEMO.enterprise, DEMO.password);
    const title = `多实例写入测试 ${Date.now()}`;
    const created = await onA.post('/enterprise/needs/financing/new', {
      title,
      amount: '250',
      term_months: '12',
      purpose: 'working_capital',
      guarantees: ['credit'],
      max_rate: '',
      wanted_by: '',
      description: '',
      attachments: '',
      intent: 'draft',
    });
    expect(created.status).toBe(302);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/enterprise\/needs\/financing\/[a-z0-9]+$/);

    const onB = new HttpClient(b.url);
    onB.cookies = new Map(onA.cookies);
    const read = await onB.get(location);
    expect(read.status).toBe(200);
    expect(await read.text()).toContain(title);
    const list = await (await onB.get('/enterprise/needs')).text();
    expect(list).toContain(title);
  });

  it('ends the session on A when the user logs out on B', async () => {
    const onA = new HttpClient(a.url);
    await onA.login(DEMO.bank, DEMO.password);
    expect((await onA.get('/account/password')).status).toBe(200);
    const onB = new HttpClient(b.url);
    onB.cookies = new Map(onA.cookies);

    const out = await onB.post('/logout', {});
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('/login');

    // A still holds the old cookie, and no longer accepts it
    const after = await onA.get('/account/password');
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('keeps both processes free of errors through all of the above', async () => {
    // both really served requests (the proof that B answered, not A); the lines come
    // through the processes' stdout pipes, so wait for them to be read
    for (const s of [a, b]) {
      await vi.waitFor(() => expect(logLines(s).filter((l) => l.msg === 'request').length).toBeGreaterThan(0), {
        timeout: 10_000,
      });
    }
    for (const s of [a, b]) expect(logLines(s).filter(isError), `errors in the log of :${s.port}`).toEqual([]);
  });
});
