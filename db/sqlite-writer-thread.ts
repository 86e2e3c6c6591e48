/**
 * A third connection to the SQLite file, on its own thread: long writes run there,
 * so that SQLite's own work never holds the server's event loop (issue 13, point 7;
 * decision record 035c).
 *
 * better-sqlite3 answers synchronously. Statements can be made small, but the COMMIT
 * of a 100,000-row import cannot: it writes the transaction's last pages to the WAL
 * and rewrites the checksums of every frame the transaction wrote — measured 0.4–2 s
 * for a 15 MB CSV of enterprises — and the checkpoint that follows copies the whole
 * WAL (~80 MB) into the database file, and the planner statistics refreshed after a
 * bulk write take a full ANALYZE. On this thread they cost the event loop nothing: the
 * request thread only posts each statement and awaits its answer.
 *
 * The thread's connection is used only by a connection of db/sqlite-split.ts that
 * holds the writer's mutex (the writer of the request thread is idle meanwhile), so
 * the two never write at the same time; plain reads still go to the reader. After a
 * write outside a transaction, or a COMMIT, the thread checkpoints the WAL itself
 * (PASSIVE) before answering, so the request thread's writer never finds a big WAL
 * to checkpoint on its next commit.
 *
 * Started on first use, stopped with the handle. It holds the process open only while
 * a statement is in flight.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { QueryResult } from 'kysely';

/** The thread's code: plain CommonJS, needs only better-sqlite3 (no TypeScript loader). */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
for (const p of workerData.pragmas) db.pragma(p);
const kept = new Map();
function statement(sql) {
  let s = kept.get(sql);
  if (!s) {
    s = db.prepare(sql);
    if (kept.size >= 200) kept.delete(kept.keys().next().value);
    kept.set(sql, s);
  }
  return s;
}
parentPort.on('message', (m) => {
  if (m.close) {
    db.close();
    parentPort.postMessage({ id: m.id, closed: true });
    return;
  }
  try {
    const stmt = statement(m.sql);
    let out;
    if (stmt.reader) out = { id: m.id, rows: stmt.all(m.parameters) };
    else {
      const r = stmt.run(m.parameters);
      out = { id: m.id, changes: r.changes, lastInsertRowid: r.lastInsertRowid };
      if (!db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
    }
    parentPort.postMessage(out);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: String((e && e.message) || e), code: e && e.code, name: e && e.name } });
  }
});
`;

interface Answer {
  id: number;
  rows?: unknown[];
  changes?: number;
  lastInsertRowid?: number | bigint;
  error?: { message: string; code?: string; name?: string };
  closed?: boolean;
}

export class SqliteWriterThread {
  #worker: Worker | null = null;
  readonly #pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  #next = 1;

  constructor(
    readonly file: string,
    readonly pragmas: readonly string[],
  ) {}

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(SOURCE, { eval: true, workerData: { module, file: this.file, pragmas: this.pragmas } });
    w.unref();
    w.on('message', (a: Answer) => {
      const p = this.#pending.get(a.id);
      if (!p) return;
      this.#pending.delete(a.id);
      if (this.#pending.size === 0) w.unref();
      p.resolve(a);
    });
    const fail = (error: Error) => {
      if (this.#worker === w) this.#worker = null;
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
    };
    w.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => fail(new Error(`SQLite writer thread exited (${code})`)));
    this.#worker = w;
    return w;
  }

  #send(message: Record<string, unknown>): Promise<Answer> {
    const w = this.#start();
    const id = this.#next++;
    return new Promise<Answer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ ...message, id });
    });
  }

  /** Runs one statement on the thread's connection; answers as the request thread's driver would. */
  async execute<R>(sqlText: string, parameters: readonly unknown[]): Promise<QueryResult<R>> {
    const a = await this.#send({ sql: sqlText, parameters });
    if (a.error) {
      const error = new Error(a.error.message) as Error & { code?: string };
      error.name = a.error.name ?? 'SqliteError';
      if (a.error.code) error.code = a.error.code;
      throw error;
    }
    if (a.rows) return { rows: a.rows as R[] };
    return {
      numAffectedRows: a.changes !== undefined ? BigInt(a.changes) : undefined,
      insertId: a.lastInsertRowid !== undefined ? BigInt(a.lastInsertRowid) : undefined,
      rows: [],
    };
  }

  async close(): Promise<void> {
    const w = this.#worker;
    if (!w) return;
    await this.#send({ close: true }).catch(() => {});
    this.#worker = null;
    await w.terminate();
  }
}
