/**
 * Background jobs: one interface, two engines (docs/decisions/027b).
 *
 * - A job is a `defineJob({ name, run, retries?, retryDelaySeconds?, timeoutSeconds?, cron? })`
 *   listed in ./registry.server.ts. `run(data, ctx)` does the work; throwing makes it
 *   run again later (delay doubled after each failure) until `retries` are used up.
 * - `enqueue(db, job, data, { startAfter? })` queues one run. Pass the transaction of
 *   the change the job belongs to: the job exists if and only if the change commits.
 * - A job with `cron` (five fields, China time) also runs on that schedule, once per
 *   tick across all app processes.
 *
 * PostgreSQL: pg-boss (its `pgboss` schema; SKIP LOCKED fetches, so each job runs in one
 * process). SQLite: the `jobs` and `job_schedules` tables, polled in-process; a job is
 * claimed by one atomic UPDATE … RETURNING, so several processes on one file never run
 * it twice; a claim lapses after `timeoutSeconds` (the process died) and the job runs again.
 */
import { CompiledQuery, SqliteAdapter, type Kysely } from 'kysely';
import cronParser from 'cron-parser';
import type PgBoss from 'pg-boss';
import type { Database } from '#db/schema';
import type { DB } from '~/utils/db.server';
import { newId } from '~/utils/ids';
import { CHINA_TIME_ZONE } from '~/modules/calendar/working-days';

export type JobData = Record<string, unknown>;

export interface JobContext {
  /** the app's database handle (not a transaction) */
  db: Kysely<Database>;
  jobId: string;
  /** 1 on the first run */
  attempt: number;
}

export interface JobDefinition<T extends JobData = JobData> {
  /** lower-case, dotted: `outbox.deliver`, `reminders.sweep` */
  name: string;
  run: (data: T, ctx: JobContext) => Promise<void>;
  /** runs after the first failure (default 5) */
  retries?: number;
  /** delay before the first retry (default 30 s), doubled for each further one */
  retryDelaySeconds?: number;
  /** a run taking longer is taken for dead and runs again (default 300 s) */
  timeoutSeconds?: number;
  /** PostgreSQL: runs of this job at the same time in one process (default 1; the SQLite runner drains due jobs one after another) */
  concurrency?: number;
  /** recurring: a five-field cron expression in China time, e.g. every 5 minutes: `*\/5 * * * *` */
  cron?: string;
}

const NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

export function defineJob<T extends JobData>(def: JobDefinition<T>): JobDefinition<T> {
  if (!NAME.test(def.name)) throw new Error(`job name must be lower-case and dotted: ${def.name}`);
  if (def.cron) nextCronRun(def.cron, new Date()); // a bad expression fails at start, not at midnight
  return def;
}

const retries = (def: JobDefinition<any>) => def.retries ?? 5;
const retryDelay = (def: JobDefinition<any>) => def.retryDelaySeconds ?? 30;
const timeout = (def: JobDefinition<any>) => def.timeoutSeconds ?? 300;

/** Seconds to wait before attempt `attempt + 1` after `attempt` failed runs: base, 2×base, 4×base … (at most a day). */
export function backoffSeconds(baseSeconds: number, attempt: number): number {
  return Math.min(86_400, baseSeconds * 2 ** Math.max(0, attempt - 1));
}

export function nextCronRun(cron: string, after: Date): Date {
  return cronParser.parseExpression(cron, { currentDate: after, tz: CHINA_TIME_ZONE }).next().toDate();
}

export function usesSqlite(db: DB): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/* ------------------------------------------------------------------ enqueue */

/**
 * Queues one run of `job` with `data` (JSON). Inside a transaction the job is
 * written by that transaction (committed or rolled back with the change).
 */
export async function enqueue<T extends JobData>(
  db: DB,
  job: JobDefinition<T>,
  data: T,
  opts: { startAfter?: Date } = {},
): Promise<string> {
  const runAt = opts.startAfter ?? new Date();
  if (usesSqlite(db)) {
    const id = newId();
    await db
      .insertInto('jobs')
      .values({
        id,
        name: job.name,
        data: JSON.stringify(data),
        state: 'queued',
        max_attempts: retries(job) + 1,
        retry_delay_s: retryDelay(job),
        run_at: runAt.toISOString(),
        locked_until: null,
        last_error: null,
        created_at: new Date().toISOString(),
        finished_at: null,
      })
      .execute();
    wakeLocalRunner();
    return id;
  }
  const boss = await pgBoss();
  await ensureQueue(boss, job);
  const id = await boss.send(job.name, data, {
    ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
    // through the caller's connection: inside its transaction
    db: { executeSql: async (text, values) => ({ rows: (await db.executeQuery(CompiledQuery.raw(text, values))).rows as any[] }) },
  });
  if (!id) throw new Error(`job ${job.name} was not queued`);
  return id;
}

/* ------------------------------------------------------------------ pg-boss */

declare global {
  // one pg-boss per process, shared by enqueue and the runner
  // eslint-disable-next-line no-var
  var __finmatchBoss: { url: string; boss: Promise<PgBoss> } | undefined;
}

/** Options for tests and operations: JOBS_POLL_MS (default 1000, at least 500 on PostgreSQL). */
export function pollMs(): number {
  return Math.max(50, Number(process.env.JOBS_POLL_MS) || 1000);
}

async function newPgBoss(url: string): Promise<PgBoss> {
  const { default: PgBossClass } = await import('pg-boss');
  const instance = new PgBossClass({
    connectionString: url,
    max: 4,
    application_name: 'finmatch-jobs',
    // the runner of every process takes part in maintenance and cron; pg-boss locks make each happen once
    schedule: true,
    supervise: true,
  });
  instance.on('error', (error) => console.warn(`[jobs] pg-boss: ${(error as Error).message}`));
  await instance.start();
  return instance;
}

async function pgBoss(url = process.env.DATABASE_URL ?? ''): Promise<PgBoss> {
  if (globalThis.__finmatchBoss?.url === url) return globalThis.__finmatchBoss.boss;
  const boss = newPgBoss(url);
  globalThis.__finmatchBoss = { url, boss };
  boss.catch(() => {
    if (globalThis.__finmatchBoss?.boss === boss) globalThis.__finmatchBoss = undefined;
  });
  return boss;
}

/** Closes this process's pg-boss connection used for enqueuing (tests, scripts that exit). */
export async function closeJobQueue(): Promise<void> {
  const current = globalThis.__finmatchBoss;
  globalThis.__finmatchBoss = undefined;
  knownQueues.clear();
  if (current) await (await current.boss.catch(() => null))?.stop({ graceful: false, wait: true }).catch(() => {});
}

const knownQueues = new Set<string>();
/**
 * Creates the job's pg-boss queue, or brings an existing one's retry and timeout settings
 * to the job's current ones: pg-boss keeps a queue's options from its creation, so a
 * changed setting (OUTBOX_RETRY_DELAY_S, a new timeout) would otherwise never apply to
 * a database that already had the queue.
 */
async function ensureQueue(boss: PgBoss, job: JobDefinition<any>): Promise<void> {
  if (knownQueues.has(job.name)) return;
  const wanted = {
    name: job.name,
    retryLimit: retries(job),
    retryDelay: retryDelay(job),
    retryBackoff: true,
    expireInSeconds: timeout(job),
  };
  const existing = await boss.getQueue(job.name);
  if (!existing) {
    // Processes starting at the same moment on a new database create the same queues:
    // PostgreSQL may end one creation as a deadlock victim while the other's is not yet
    // committed, so look again after a short, random wait before giving up.
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(job.name, wanted);
        break;
      } catch (error) {
        if (await boss.getQueue(job.name)) break; // another process created it
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150 * attempt));
        if (await boss.getQueue(job.name)) break;
      }
    }
  } else if (
    existing.retryLimit !== wanted.retryLimit ||
    existing.retryDelay !== wanted.retryDelay ||
    existing.retryBackoff !== wanted.retryBackoff ||
    existing.expireInSeconds !== wanted.expireInSeconds
  ) {
    await boss.updateQueue(job.name, wanted);
  }
  knownQueues.add(job.name);
}

/* ------------------------------------------------------------------ runner */

export interface JobRunner {
  /** stops taking new jobs and waits for the ones running */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  db: Kysely<Database>;
  jobs: readonly JobDefinition<any>[];
  /** PostgreSQL connection string (the same database as `db`) */
  databaseUrl?: string;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>) => void;
  /** tests: a clock (SQLite engine) */
  now?: () => Date;
  /** tests: a pg-boss of its own, as another process would have */
  isolated?: boolean;
}

const defaultLog: NonNullable<RunnerOptions['log']> = (level, message, detail) => {
  if (level !== 'info') console.warn(`[jobs] ${message}`, detail ?? '');
};

export async function startJobRunner(opts: RunnerOptions): Promise<JobRunner> {
  const names = new Set<string>();
  for (const job of opts.jobs) {
    if (names.has(job.name)) throw new Error(`job ${job.name} is defined twice`);
    names.add(job.name);
  }
  return usesSqlite(opts.db) ? startSqliteRunner(opts) : startPgBossRunner(opts);
}

async function startPgBossRunner(opts: RunnerOptions): Promise<JobRunner> {
  const log = opts.log ?? defaultLog;
  const url = opts.databaseUrl ?? process.env.DATABASE_URL ?? '';
  const boss = opts.isolated ? await newPgBoss(url) : await pgBoss(url);
  const pollingIntervalSeconds = Math.max(0.5, pollMs() / 1000);
  for (const job of opts.jobs) {
    await ensureQueue(boss, job);
    // each worker fetches one job and waits a polling interval before the next: several workers drain a backlog
    for (let w = 0; w < Math.max(1, job.concurrency ?? 1); w++) {
      await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds, includeMetadata: true }, async ([item]) => {
        if (!item) return;
        try {
          await job.run(item.data as JobData, { db: opts.db, jobId: item.id, attempt: item.retryCount + 1 });
        } catch (error) {
          log('warn', `job ${job.name} failed`, { jobId: item.id, attempt: item.retryCount + 1, error: (error as Error).message });
          throw error;
        }
      });
    }
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: CHINA_TIME_ZONE });
    else await boss.unschedule(job.name).catch(() => {});
  }
  return {
    async stop() {
      for (const job of opts.jobs) await boss.offWork(job.name).catch(() => {});
      const current = globalThis.__finmatchBoss;
      if (current && (await current.boss) === boss) globalThis.__finmatchBoss = undefined;
      knownQueues.clear();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => {});
    },
  };
}

/* SQLite: the runner of this process, woken early by enqueue */
let wake: (() => void) | null = null;
function wakeLocalRunner() {
  const w = wake;
  // after the enqueuing transaction has had the chance to commit
  if (w) setTimeout(w, 20).unref?.();
}

async function startSqliteRunner(opts: RunnerOptions): Promise<JobRunner> {
  const { db } = opts;
  const log = opts.log ?? defaultLog;
  const now = opts.now ?? (() => new Date());
  const byName = new Map(opts.jobs.map((j) => [j.name, j]));

  // recurring schedules: keep the stored next run when the expression is unchanged
  for (const job of opts.jobs) {
    if (!job.cron) continue;
    const at = now();
    const row = await db.selectFrom('job_schedules').select(['cron']).where('name', '=', job.name).executeTakeFirst();
    if (row?.cron === job.cron) continue;
    const values = { cron: job.cron, next_run_at: nextCronRun(job.cron, at).toISOString(), updated_at: at.toISOString() };
    if (row) await db.updateTable('job_schedules').set(values).where('name', '=', job.name).execute();
    else
      await db
        .insertInto('job_schedules')
        .values({ name: job.name, ...values })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
  }

  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastHousekeeping = 0;

  /** Queues the recurring jobs that are due; one process wins each tick (guarded update). */
  async function fireSchedules(at: Date) {
    const due = await db
      .selectFrom('job_schedules')
      .select(['name', 'cron', 'next_run_at'])
      .where('next_run_at', '<=', at.toISOString())
      .execute();
    for (const s of due) {
      const job = byName.get(s.name);
      if (!job?.cron) continue;
      await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('job_schedules')
          .set({ next_run_at: nextCronRun(job.cron!, at).toISOString(), updated_at: at.toISOString() })
          .where('name', '=', s.name)
          .where('next_run_at', '=', s.next_run_at)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 1) await enqueue(trx, job, {}, { startAfter: new Date(s.next_run_at) });
      });
    }
  }

  async function claim(at: Date) {
    const stamp = at.toISOString();
    // the due job with the earliest run_at: a queued one whose time has come or an active
    // one whose lock ran out. Two lookups on the (state, run_at) index: one query with
    // `or` scanned and sorted the whole table, every poll (100+ ms with 140,000 queued e-mails).
    const earliest = (state: 'queued' | 'active') => {
      let q = db
        .selectFrom('jobs')
        .select(['id', 'name', 'run_at'])
        .where('state', '=', state)
        .where('name', 'in', [...byName.keys()]);
      q = state === 'queued' ? q.where('run_at', '<=', stamp) : q.where('locked_until', '<=', stamp);
      return q.orderBy('run_at').limit(1).executeTakeFirst();
    };
    const [queued, expired] = await Promise.all([earliest('queued'), earliest('active')]);
    const next = queued && expired ? (expired.run_at < queued.run_at ? expired : queued) : (queued ?? expired);
    if (!next) return null;
    const job = byName.get(next.name)!;
    // the claim: whoever's update changes the row owns the run
    return (
      (await db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'active',
          attempts: eb('attempts', '+', 1),
          locked_until: new Date(at.getTime() + timeout(job) * 1000).toISOString(),
        }))
        .where('id', '=', next.id)
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', stamp)]),
            eb.and([eb('state', '=', 'active'), eb('locked_until', '<=', stamp)]),
          ]),
        )
        .returning(['id', 'name', 'data', 'attempts', 'max_attempts', 'retry_delay_s'])
        .executeTakeFirst()) ?? null
    );
  }

  async function runOne(): Promise<boolean> {
    const at = now();
    const row = await claim(at);
    if (!row) return false;
    const job = byName.get(row.name)!;
    try {
      await job.run(JSON.parse(row.data) as JobData, { db, jobId: row.id, attempt: row.attempts });
      await db
        .updateTable('jobs')
        .set({ state: 'done', locked_until: null, finished_at: now().toISOString() })
        .where('id', '=', row.id)
        .execute();
    } catch (error) {
      const message = String((error as Error)?.message ?? error).slice(0, 1000);
      const last = row.attempts >= row.max_attempts;
      log('warn', `job ${row.name} failed`, { jobId: row.id, attempt: row.attempts, final: last, error: message });
      await db
        .updateTable('jobs')
        .set(
          last
            ? { state: 'failed', locked_until: null, last_error: message, finished_at: now().toISOString() }
            : {
                state: 'queued',
                locked_until: null,
                last_error: message,
                run_at: new Date(now().getTime() + backoffSeconds(row.retry_delay_s, row.attempts) * 1000).toISOString(),
              },
        )
        .where('id', '=', row.id)
        .execute();
    }
    return true;
  }

  async function tick() {
    if (stopped) return;
    try {
      const at = now();
      await fireSchedules(at);
      // drain what is due, then wait for the next poll
      while (!stopped && (await runOne()));
      if (at.getTime() - lastHousekeeping > 3_600_000) {
        lastHousekeeping = at.getTime();
        await db
          .deleteFrom('jobs')
          .where('state', '=', 'done')
          .where('finished_at', '<', new Date(at.getTime() - 7 * 86_400_000).toISOString())
          .execute();
      }
    } catch (error) {
      log('error', 'job runner tick failed', { error: (error as Error).message });
    }
  }

  let again = false;
  const loop = () => {
    if (stopped) return;
    if (running !== null) {
      again = true;
      return;
    }
    again = false;
    if (timer) clearTimeout(timer);
    running = tick().finally(() => {
      running = null;
      if (!stopped) {
        timer = setTimeout(loop, again ? 0 : pollMs());
        timer.unref();
      }
    });
  };
  const previousWake = wake;
  wake = loop;
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (wake === loop) wake = previousWake;
      await running;
    },
  };
}
