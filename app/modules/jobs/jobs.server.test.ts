/**
 * The job interface on both engines: SQLite (in-process, jobs table) here, and with
 * TEST_PG_URL also PostgreSQL (pg-boss). Real databases, real runners.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '#db/connection';
import { migrateToLatest } from '#db/migrate';
import type { Database } from '#db/schema';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase } from '../../../tests/support/temp-db';
import {
  backoffSeconds,
  closeJobQueue,
  defineJob,
  enqueue,
  nextCronRun,
  startJobRunner,
  type JobDefinition,
  type JobRunner,
} from './jobs.server';

const until = async (check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('job helpers', () => {
  it('doubles the retry delay after each failure, at most a day', () => {
    expect([1, 2, 3, 4].map((a) => backoffSeconds(30, a))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(30, 40)).toBe(86_400);
  });
  it('reads cron expressions in China time', () => {
    // 08:00 China time is 00:00 UTC
    expect(nextCronRun('0 8 * * *', new Date('2026-12-05T12:00:00Z')).toISOString()).toBe('2026-12-06T00:00:00.000Z');
  });
  it('refuses a bad name or cron expression when defined', () => {
    expect(() => defineJob({ name: 'Bad Name', run: async () => {} })).toThrow();
    expect(() => defineJob({ name: 'ok.name', cron: 'every day', run: async () => {} })).toThrow();
  });
});

function suite(engine: 'sqlite' | 'postgres') {
  let db: Kysely<Database>;
  let url: string;
  let cleanup: () => Promise<void>;
  const runners: JobRunner[] = [];
  const handles: Kysely<Database>[] = [];

  beforeAll(async () => {
    if (engine === 'sqlite') {
      const temp = await createTempDatabase();
      db = temp.db;
      url = temp.url;
      cleanup = temp.cleanup;
    } else {
      const { register } = await import('tsx/esm/api');
      register();
      const fresh = await freshDatabaseUrl('jobs');
      url = fresh.url;
      db = (await createDatabase(url)).db;
      await migrateToLatest(db);
      cleanup = async () => {
        await db.destroy();
        await fresh.drop();
      };
    }
    process.env.DATABASE_URL = url;
    process.env.JOBS_POLL_MS = engine === 'sqlite' ? '100' : '500';
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    for (const h of handles) await h.destroy();
    await closeJobQueue();
    await cleanup?.();
    delete process.env.DATABASE_URL;
    delete process.env.JOBS_POLL_MS;
  });

  /** A runner as another app process would have it: its own connection (SQLite) or pg-boss (PostgreSQL). */
  async function runner(jobs: JobDefinition<any>[], opts: { now?: () => Date } = {}) {
    const handle = (await createDatabase(url)).db;
    handles.push(handle);
    const r = await startJobRunner({ db: handle, jobs, databaseUrl: url, isolated: true, log: () => {}, ...opts });
    runners.push(r);
    return r;
  }

  it('runs a job queued in a committed transaction once, and never one whose transaction rolled back', async () => {
    const seen: string[] = [];
    const job = defineJob<{ n: string }>({ name: `t.commit.${engine}`, run: async (d) => void seen.push(d.n) });
    await db.transaction().execute(async (trx) => {
      await enqueue(trx, job, { n: 'kept' });
    });
    await db
      .transaction()
      .execute(async (trx) => {
        await enqueue(trx, job, { n: 'rolled back' });
        throw new Error('the change failed');
      })
      .catch(() => {});
    await runner([job]);
    await until(() => seen.length >= 1);
    await pause(1500);
    expect(seen).toEqual(['kept']);
  });

  it('retries a failing job with growing delays and gives up after its retries', async () => {
    const attempts: { id: string; attempt: number; at: number }[] = [];
    const flaky = defineJob<{ id: string }>({
      name: `t.flaky.${engine}`,
      retries: 3,
      retryDelaySeconds: 1,
      run: async (d, ctx) => {
        attempts.push({ id: d.id, attempt: ctx.attempt, at: Date.now() });
        if (d.id === 'never' || ctx.attempt < 3) throw new Error('provider answered 500');
      },
    });
    await enqueue(db, flaky, { id: 'third time' });
    await enqueue(db, flaky, { id: 'never' });
    await runner([flaky]);
    await until(() => attempts.filter((a) => a.id === 'never').length >= 4, 30_000);
    await pause(2500);
    const third = attempts.filter((a) => a.id === 'third time');
    expect(third.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // 1 s, then 2 s (backoff)
    expect(third[2].at - third[1].at).toBeGreaterThan(third[1].at - third[0].at);
    expect(attempts.filter((a) => a.id === 'never').map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('keeps queued jobs until a runner starts (a restart loses nothing) and runs each once across two runners', async () => {
    const counts = new Map<number, number>();
    const job = defineJob<{ i: number }>({
      name: `t.many.${engine}`,
      run: async (d) => {
        await pause(5);
        counts.set(d.i, (counts.get(d.i) ?? 0) + 1);
      },
    });
    for (let i = 0; i < 30; i++) await enqueue(db, job, { i });
    await pause(300);
    expect(counts.size).toBe(0); // no runner works on this job yet
    await Promise.all([runner([job]), runner([job])]);
    await until(() => counts.size === 30, 30_000);
    await pause(1500);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  if (engine === 'sqlite') {
    it('runs a job again when the process running it died (its claim lapsed)', async () => {
      const seen: number[] = [];
      const job = defineJob<Record<string, never>>({
        name: 't.crashed',
        timeoutSeconds: 60,
        run: async (_d, ctx) => void seen.push(ctx.attempt),
      });
      const id = await enqueue(db, job, {});
      // as a process that claimed it and was killed would leave it
      await db
        .updateTable('jobs')
        .set({ state: 'active', attempts: 1, locked_until: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', id)
        .execute();
      await runner([job]);
      await until(() => seen.length === 1);
      expect(seen).toEqual([2]);
      const row = await db.selectFrom('jobs').select(['state']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.state).toBe('done');
    });

    it('runs a recurring job once per tick across two processes, in China time', async () => {
      let clock = new Date('2026-12-05T02:04:58Z'); // 10:04:58 China time
      const now = () => clock;
      const runs: number[] = [];
      const sweep = defineJob({ name: 't.sweep', cron: '*/5 * * * *', run: async () => void runs.push(clock.getTime()) });
      const [a] = await Promise.all([runner([sweep], { now }), runner([sweep], { now })]);
      expect(a).toBeTruthy();
      await pause(400);
      expect(runs).toHaveLength(0);
      clock = new Date('2026-12-05T02:05:01Z');
      await until(() => runs.length >= 1);
      await pause(600);
      expect(runs).toHaveLength(1);
      const next = await db.selectFrom('job_schedules').select('next_run_at').where('name', '=', 't.sweep').executeTakeFirstOrThrow();
      expect(next.next_run_at).toBe('2026-12-05T02:10:00.000Z');
    });
  } else {
    it('brings an existing queue to the job’s current retry settings (a changed setting applies on restart)', async () => {
      const first = defineJob({ name: 't.settings.pg', retries: 5, retryDelaySeconds: 60, run: async () => {} });
      await runner([first]);
      await closeJobQueue();
      const changed = defineJob({ name: 't.settings.pg', retries: 2, retryDelaySeconds: 1, run: async () => {} });
      await runner([changed]);
      const { rows } = await sql<{
        retry_limit: number;
        retry_delay: number;
      }>`select retry_limit, retry_delay from pgboss.queue where name = 't.settings.pg'`.execute(db);
      expect(rows).toEqual([{ retry_limit: 2, retry_delay: 1 }]);
    });

    it('registers a recurring job with pg-boss in China time', async () => {
      const sweep = defineJob({ name: 't.sweep.pg', cron: '*/5 * * * *', run: async () => {} });
      await runner([sweep]);
      const { rows } = await sql<{
        name: string;
        cron: string;
        options: { tz?: string };
      }>`select name, cron, options from pgboss.schedule where name = 't.sweep.pg'`.execute(db);
      expect(rows).toHaveLength(1);
      expect(rows[0].cron).toBe('*/5 * * * *');
      expect(rows[0].options.tz).toBe('Asia/Shanghai');
    });
  }
}

describe('background jobs on SQLite (in-process, jobs table)', () => suite('sqlite'));
describe.runIf(!!process.env.TEST_PG_URL)('background jobs on PostgreSQL (pg-boss)', () => suite('postgres'));
