import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { uniqueViolation } from './db-errors';

function sqliteError(run: (db: Database.Database) => void): unknown {
  const db = new Database(':memory:');
  db.exec('create table users (id text primary key, email text not null unique)');
  try {
    run(db);
  } catch (error) {
    return error;
  } finally {
    db.close();
  }
  throw new Error('expected an error');
}

describe('uniqueViolation', () => {
  it('reads the column from a real SQLite unique-constraint error', () => {
    const error = sqliteError((db) => {
      db.prepare('insert into users values (?, ?)').run('a', 'x@test.cn');
      db.prepare('insert into users values (?, ?)').run('b', 'x@test.cn');
    });
    expect(uniqueViolation(error)).toEqual({ table: 'users', column: 'email' });
  });

  it('reads the column from a PostgreSQL 23505 error', () => {
    const pg = Object.assign(new Error('duplicate key value violates unique constraint "organizations_credit_code_key"'), {
      code: '23505',
      table: 'organizations',
      constraint: 'organizations_credit_code_key',
      detail: 'Key (credit_code)=(91410400MA40000017) already exists.',
    });
    expect(uniqueViolation(pg)).toEqual({ table: 'organizations', column: 'credit_code' });
    const noDetail = { code: '23505', table: 'users', constraint: 'users_email_key' };
    expect(uniqueViolation(noDetail)).toEqual({ table: 'users', column: 'email' });
  });

  it('ignores every other error', () => {
    const notNull = sqliteError((db) => db.prepare('insert into users values (?, ?)').run('a', null));
    expect(uniqueViolation(notNull)).toBeNull();
    expect(uniqueViolation(new Error('boom'))).toBeNull();
    expect(uniqueViolation({ code: '23503' })).toBeNull();
    expect(uniqueViolation(null)).toBeNull();
  });
});
