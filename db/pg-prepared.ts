/**
 * PostgreSQL: the app's repeated statements as server-side prepared statements (decision 048a).
 *
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans it on every run. On the
 * benchmark data the planning was most of the database's work: a home's six-table join took
 * 4 ms to plan and 0.7 ms to run, and the enterprise home cost 17 ms of PostgreSQL CPU, 7.7 ms
 * with its statements prepared (the plan then made once per connection and reused). Here the
 * pool's clients name a statement by a hash of its text from its second run on, so node-postgres
 * prepares it once per connection and afterwards only binds and executes it.
 *
 * Bounds: only SELECT, INSERT, UPDATE, DELETE and WITH statements (never `begin`, `set` or
 * DDL); at most `maxNames` distinct texts per process get a name (texts that differ by the
 * length of an `in (…)` list are distinct), the others run unnamed as before. Each connection
 * prepares only the statements it runs. `PG_PREPARED_STATEMENTS=0` turns it off.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/** How many distinct statement texts a process names, unless PG_PREPARED_STATEMENTS says otherwise. */
export const DEFAULT_MAX_PREPARED = 500;

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

export interface StatementNamer {
  /** the name to prepare `text` under, or undefined to run it unnamed */
  nameFor(text: string): string | undefined;
  /** distinct texts named so far */
  readonly named: number;
}

/** Names a statement text from its second sighting on, up to `maxNames` texts. */
export function statementNamer(maxNames: number): StatementNamer {
  const names = new Map<string, string>();
  // texts seen once: a statement that runs once (an import's, an odd filter's) is not prepared
  const seen = new Set<string>();
  return {
    nameFor(text) {
      const known = names.get(text);
      if (known !== undefined) return known;
      if (names.size >= maxNames || !PREPARABLE.test(text)) return undefined;
      if (!seen.has(text)) {
        if (seen.size >= maxNames * 4) seen.clear();
        seen.add(text);
        return undefined;
      }
      seen.delete(text);
      const name = `fm_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
      return name;
    },
    get named() {
      return names.size;
    },
  };
}

/** The pool Kysely's PostgresDialect takes, its clients preparing repeated statements. */
export function preparingPool(pool: pg.Pool, namer: StatementNamer): PostgresPool {
  return {
    end: () => pool.end(),
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        release: () => client.release(),
        // Kysely calls query(sql, parameters) for statements and query(cursor) for streams
        query: ((text: unknown, values?: unknown[]) => {
          if (typeof text !== 'string') return client.query(text as pg.Submittable);
          const name = namer.nameFor(text);
          return client.query(name === undefined ? { text, values } : { name, text, values });
        }) as unknown as PostgresPoolClient['query'],
      };
    },
  };
}

/** PG_PREPARED_STATEMENTS: a number of texts (0: off); the default when unset or not a number. */
export function maxPreparedFromEnv(value = process.env.PG_PREPARED_STATEMENTS): number {
  const n = Number(value);
  return value === undefined || value === '' || !Number.isFinite(n) || n < 0 ? DEFAULT_MAX_PREPARED : Math.floor(n);
}
