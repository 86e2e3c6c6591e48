/**
 * Starts the real server the way `npm start` does — the compiled start script
 * build/start.js (app/server/start.ts, compiled by `npm run build`; decision 040d) with
 * plain node — on a free port against a fresh temporary SQLite file — or, when
 * TEST_PG_URL names a PostgreSQL server, a fresh database there — and waits for /healthz.
 *
 * A server with the default demo data starts from a copy of a template database that
 * one server migrated and seeded earlier (tests/support/template-db.ts): migrating
 * and seeding took 1.8 of a start's ~5 s, and the suites start about 150 servers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, type DatabaseHandle } from '../../db/connection';
import { cloneSqliteTemplate, clonePostgresTemplate } from './template-db';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The command of `npm start`: node and the compiled start script of the build
 * (FINMATCH_BUILD_DIR's when set, see remix.config.js).
 */
export function serverCommand(): [string, string[]] {
  const buildDir = process.env.FINMATCH_BUILD_DIR ? path.resolve(ROOT, process.env.FINMATCH_BUILD_DIR) : path.join(ROOT, 'build');
  const start = path.join(buildDir, 'start.js');
  if (!fs.existsSync(start)) throw new Error(`${start} is missing: run \`npm run build\` first`);
  return [process.execPath, [start]];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export function tempSqliteUrl(label = 'test'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `finmatch-${label}-`));
  return `file:${path.join(dir, 'finmatch.db')}`;
}

/**
 * With TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test) set, each server
 * gets a fresh PostgreSQL database, dropped again on stop; otherwise a temp SQLite file.
 */
export async function freshDatabaseUrl(
  label = 'test',
  opts: { seeded?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const pgUrl = process.env.TEST_PG_URL;
  if (!pgUrl) {
    const url = tempSqliteUrl(label);
    if (opts.seeded) await cloneSqliteTemplate(url, startServer);
    return { url, drop: async () => {} };
  }
  const pg = (await import('pg')).default;
  const name = `fm_${label.replace(/\W/g, '').slice(0, 20)}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  if (opts.seeded) await clonePostgresTemplate(pgUrl, name, startServer);
  else {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestServer {
  url: string;
  port: number;
  databaseUrl: string;
  process: ChildProcess;
  /** a separate connection to the same database, for fixtures and checks */
  database: () => Promise<DatabaseHandle>;
  logs: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** The servers that migrate and seed the default demo data into an empty database can start from the template. */
function startsWithDemoData(env: Record<string, string> = {}): boolean {
  if (process.env.FINMATCH_TEST_TEMPLATE === '0') return false;
  return !('NODE_ENV' in env) && !('DEMO_SEED' in env) && !('FINMATCH_DEMO' in env) && !process.env.DEMO_SEED;
}

/** The servers this test process has started and not stopped: their logs are printed when a test fails. */
const running = new Set<{ url: string; logs: () => string }>();

/** The servers running in this test process (url and log), for the failure report (server-logs-on-failure.ts). */
export function runningServers(): ReadonlySet<{ url: string; logs: () => string }> {
  return running;
}

export async function startServer(opts: { databaseUrl?: string; env?: Record<string, string>; port?: number } = {}): Promise<TestServer> {
  const port = opts.port ?? (await freePort());
  const fresh = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => {} }
    : await freshDatabaseUrl('test', { seeded: startsWithDemoData(opts.env) });
  const databaseUrl = fresh.url;
  let output = '';
  const [command, args] = serverCommand();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  let handle: DatabaseHandle | null = null;
  const entry = { url, logs: () => output };
  running.add(entry);
  return {
    url,
    port,
    databaseUrl,
    process: child,
    logs: () => output,
    database: async () => (handle ??= await createDatabase(databaseUrl)),
    stop: async (signal = 'SIGTERM') => {
      running.delete(entry);
      if (handle) await handle.db.destroy();
      handle = null;
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill(signal);
          setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        });
      }
      await fresh.drop();
    },
  };
}
