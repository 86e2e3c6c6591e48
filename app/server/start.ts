/**
 * `npm start`: open the database from DATABASE_URL, migrate, seed demo data
 * (outside production or with FINMATCH_DEMO=1, into an empty database), then serve on PORT.
 *
 * WEB_CONCURRENCY=n (or `auto`: one per CPU core) runs n worker processes that
 * share the port (Node's cluster module); the primary migrates and seeds once
 * before forking, restarts a worker that dies, and passes SIGTERM/SIGINT on.
 * Unset or 1: a single process, as before. See docs/decisions/021-scale-out-and-performance.md.
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { createApp, logger } from './server';
import { youngGenerationArgs } from './young-generation';

type StartJobs = (opts: {
  log: (level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>) => void;
}) => Promise<{ stop(): Promise<void> } | null>;

/** Set by scripts/build-start.mjs in the compiled start script (build/start.js): the repository, relative to that file. */
declare const FINMATCH_ROOT_FROM_START: string | undefined;
const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  typeof FINMATCH_ROOT_FROM_START === 'string' ? FINMATCH_ROOT_FROM_START : '../..',
);
const production = process.env.NODE_ENV === 'production';
/** Longer than a reverse proxy's idle upstream timeout (nginx 60 s), so the proxy never reuses a socket Node just closed. */
const KEEP_ALIVE_MS = Number(process.env.KEEP_ALIVE_TIMEOUT_MS || 65_000);
/** How long a stopping process waits for requests in flight. */
const STOP_GRACE_MS = 10_000;

export function workerCount(value = process.env.WEB_CONCURRENCY): number {
  if (!value) return 1;
  if (value === 'auto') return Math.max(1, os.availableParallelism());
  const n = Math.floor(Number(value));
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 64) : 1;
}

/** Migrations and demo data: once, before anything serves. */
async function prepareDatabase() {
  if (production && !process.env.SESSION_SECRET) {
    logger.fatal('SESSION_SECRET must be set in production; refusing to start');
    process.exit(1);
  }
  const handle = await createDatabase();
  const applied = await migrateToLatest(handle.db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  // `npm run demo` (scripts/demo.mjs): the production build with the demo data (FINMATCH_DEMO=1)
  const demo = process.env.FINMATCH_DEMO === '1';
  const seedMode = process.env.DEMO_SEED ?? (production && !demo ? 'off' : 'on');
  if ((!production || demo) && seedMode !== 'off') {
    const { seedDemoIfEmpty } = await import('../../db/seed');
    const seeded = await seedDemoIfEmpty(handle.db);
    if (seeded) logger.info('demo data seeded');
  }
  await handle.db.destroy();
  return handle.kind;
}

async function serve(databaseKind: string) {
  // FINMATCH_BUILD_DIR: see remix.config.js
  const buildDir = process.env.FINMATCH_BUILD_DIR ? path.resolve(root, process.env.FINMATCH_BUILD_DIR) : null;
  const buildPath = path.join(buildDir ?? path.join(root, 'build'), 'index.js');
  if (!fs.existsSync(buildPath)) {
    logger.fatal('build/index.js is missing: run `npm run build` first');
    process.exit(1);
  }
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createApp(build, { publicDir: path.join(root, 'public'), assetsDir: buildDir ? path.join(buildDir, 'assets') : undefined });
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || '0.0.0.0';
  const server = http.createServer(app).listen(port, host, () => {
    logger.info(
      { port, database: databaseKind, ...(cluster.isWorker ? { worker: cluster.worker?.id } : {}) },
      `Finmatch listening on http://localhost:${port}`,
    );
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  // background jobs (outbox delivery, timed work) run in every app process; see app/modules/jobs
  const startJobs = (build.entry.module as { startBackgroundJobs?: StartJobs }).startBackgroundJobs;
  const jobs = startJobs
    ? startJobs({ log: (level, message, detail) => logger[level]({ ...detail }, message) }).catch((err) => {
        logger.error({ err: { message: (err as Error).message } }, 'background jobs did not start');
        return null;
      })
    : Promise.resolve(null);
  const stop = () => {
    let closed = 0;
    const done = () => {
      if (++closed === 2) process.exit(0);
    };
    server.close(done);
    jobs.then((runner) => runner?.stop()).finally(done);
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function superviseWorkers(count: number) {
  let stopping = false;
  // the workers serve the pages: a larger young generation for them (decision 049a)
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...youngGenerationArgs()] });
  for (let i = 0; i < count; i++) cluster.fork();
  let restarts = 0;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker died; starting another');
    // a worker that cannot start at all must not be restarted in a tight loop
    setTimeout(() => cluster.fork(), Math.min(10_000, 250 * 2 ** Math.min(restarts++, 6))).unref();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), STOP_GRACE_MS + 1_000).unref();
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main() {
  // workers inherit the primary's environment, this variable included
  if (cluster.isWorker) return serve(process.env.FINMATCH_DATABASE_KIND ?? '');
  const kind = await prepareDatabase();
  const workers = workerCount();
  if (workers <= 1) return serve(kind);
  process.env.FINMATCH_DATABASE_KIND = kind;
  logger.info({ workers }, 'starting worker processes');
  superviseWorkers(workers);
}

main().catch((err) => {
  logger.fatal({ err }, 'failed to start');
  process.exit(1);
});
