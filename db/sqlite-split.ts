/**
 * SQLite through two connections to the same file: a writer, which every write and
 * every transaction uses as before (one at a time, behind a mutex), and a reader,
 * which serves the plain reads that arrive while a transaction holds the writer.
 *
 * Why (decision record 031a): with one connection, a long transaction — an import
 * committing 100,000 rows in one all-or-nothing transaction — made every other
 * request wait for the connection, even `select 1` of /healthz. In WAL mode a
 * second connection reads the last committed state while the writer's transaction
 * is open, so readers see the database before the import, never half of it, and
 * the import stays atomic. Writes of other requests still wait for the writer (they
 * are queued, the event loop runs meanwhile).
 *
 * A long run of statements also yields the event loop every SLICE_MS (before its
 * next statement, app/utils/breathe.ts): better-sqlite3 answers synchronously, so
 * without it a transaction of many statements — or a plan's 200 lookups — would
 * run start to end without letting any other request in.
 *
 * What goes to the reader: statements SQLite itself calls read-only
 * (`sqlite3_stmt_readonly`, better-sqlite3's `statement.readonly`) outside a
 * transaction, and only while the writer is taken. When the writer is free every
 * statement runs on it, exactly as with one connection. The reader has
 * `query_only` set, which anything asking the connection about itself can see
 * (the page cache's data version does).
 *
 * Long writes (decision record 035c): inside `offThreadWrites(fn)`, a use of the
 * database that takes the writer — a transaction, a single write, `pragma optimize` —
 * runs its statements on a third connection on its own thread (db/sqlite-writer-thread.ts)
 * instead of the request thread's writer, which stays idle meanwhile (the mutex is
 * held as before). The COMMIT of a 100,000-row import, the checkpoint after it and the
 * ANALYZE of the statistics then never hold the event loop. Plain reads are unchanged.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { breathe } from '../app/utils/breathe';
import type { SqliteWriterThread } from './sqlite-writer-thread';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
  type TransactionSettings,
} from 'kysely';

const offThread = new AsyncLocalStorage<boolean>();

/**
 * Runs `fn` with its writes on the writer thread (SQLite, file databases): every
 * transaction or write it starts. Elsewhere (PostgreSQL, `:memory:`) just runs `fn`.
 */
export function offThreadWrites<T>(fn: () => Promise<T>): Promise<T> {
  return offThread.run(true, fn);
}

class Mutex {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;
  get locked(): boolean {
    return this.#promise !== undefined;
  }
  async lock(): Promise<void> {
    while (this.#promise !== undefined) await this.#promise;
    this.#promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }
  unlock(): void {
    const resolve = this.#resolve;
    this.#promise = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}

function run(db: BetterSqlite3.Database, stmt: BetterSqlite3.Statement, parameters: readonly unknown[]): QueryResult<any> {
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return {
    numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
    insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
    rows: [],
  };
}

/** One use of the database by Kysely: a single statement, a transaction, or `db.connection()`. Takes the writer only when it must. */
class SplitConnection implements DatabaseConnection {
  /** holds the writer's mutex */
  holding = false;
  inTransaction = false;
  /** the writer is the writer thread's connection (offThreadWrites) */
  remote: SqliteWriterThread | null = null;
  constructor(private readonly driver: SplitSqliteDriver) {}

  async takeWriter(): Promise<void> {
    if (this.holding) return;
    await this.driver.mutex.lock();
    this.holding = true;
    this.remote = offThread.getStore() ? this.driver.writerThread : null;
  }

  release(): void {
    if (this.holding) {
      this.holding = false;
      this.inTransaction = false;
      this.remote = null;
      this.driver.mutex.unlock();
    }
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    await breathe();
    const { writer, reader, mutex } = this.driver;
    if (!this.holding && reader && mutex.locked) {
      const stmt = this.driver.readerStatement(query.sql);
      if (stmt) return run(reader, stmt, query.parameters) as QueryResult<R>;
    }
    await this.takeWriter();
    if (this.remote) return this.remote.execute<R>(query.sql, query.parameters);
    return run(writer, this.driver.writerStatement(query.sql), query.parameters) as QueryResult<R>;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('Sqlite driver only supports streaming of select queries');
    await this.takeWriter();
    if (this.remote) throw new Error('streaming is not supported on the writer thread');
    for (const row of this.driver.writer.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }
}

/** How many prepared statements each connection keeps (first in, first out). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Prepared statements kept by SQL text (issue 19): preparing (parsing, planning)
 * cost more than running most of a page's small queries, and Kysely's driver
 * prepared every query again. A kept statement still iterating (a streamed query)
 * is not handed out again: a fresh one is prepared. SQLite re-prepares a kept
 * statement by itself when the schema changes.
 */
class StatementCache {
  readonly #kept = new Map<string, BetterSqlite3.Statement>();
  constructor(private readonly conn: BetterSqlite3.Database) {}
  get(sqlText: string): BetterSqlite3.Statement {
    const found = this.#kept.get(sqlText);
    if (found && !found.busy) return found;
    const stmt = this.conn.prepare(sqlText);
    if (!found) {
      if (this.#kept.size >= STATEMENT_CACHE_SIZE) this.#kept.delete(this.#kept.keys().next().value as string);
      this.#kept.set(sqlText, stmt);
    }
    return stmt;
  }
}

export class SplitSqliteDriver implements Driver {
  readonly mutex = new Mutex();
  readonly #writerStatements: StatementCache;
  readonly #readerStatements: StatementCache | null;
  constructor(
    readonly writer: BetterSqlite3.Database,
    readonly reader: BetterSqlite3.Database | null,
    readonly writerThread: SqliteWriterThread | null = null,
  ) {
    this.#writerStatements = new StatementCache(writer);
    this.#readerStatements = reader ? new StatementCache(reader) : null;
  }

  writerStatement(sqlText: string): BetterSqlite3.Statement {
    return this.#writerStatements.get(sqlText);
  }

  /** The statement prepared on the reader if SQLite says it only reads, else null. */
  readerStatement(sqlText: string): BetterSqlite3.Statement | null {
    try {
      const stmt = this.#readerStatements!.get(sqlText);
      return stmt.readonly ? stmt : null;
    } catch {
      return null;
    }
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    const c = connection as SplitConnection;
    await c.takeWriter();
    // IMMEDIATE: the write lock is taken (or waited for, busy_timeout) at the start. A deferred
    // transaction that read first and then writes after another process committed ends with
    // SQLITE_BUSY_SNAPSHOT, which no waiting can cure (two servers on one file; decision 041d).
    if (c.remote) await c.remote.execute('begin immediate', []);
    else this.writer.prepare('begin immediate').run();
    c.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    (connection as SplitConnection).inTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
    (connection as SplitConnection).inTransaction = false;
  }

  async savepoint(connection: DatabaseConnection, name: string, _compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, _compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, _compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as SplitConnection).release();
  }

  async destroy(): Promise<void> {
    await this.writerThread?.close();
    this.reader?.close();
    this.writer.close();
  }
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Kysely's SQLite dialect over a writer and an optional reader connection. */
export class SplitSqliteDialect extends SqliteDialect {
  constructor(
    private readonly writer: BetterSqlite3.Database,
    private readonly reader: BetterSqlite3.Database | null,
    private readonly writerThread: SqliteWriterThread | null = null,
  ) {
    super({ database: writer });
  }
  override createDriver(): Driver {
    return new SplitSqliteDriver(this.writer, this.reader, this.writerThread);
  }
}
