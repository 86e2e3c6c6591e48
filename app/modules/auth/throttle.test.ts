/**
 * Login throttling (issue 13, points 2 and 3; decision 026a) against a real
 * database: SQLite always, PostgreSQL too when TEST_PG_URL is set.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../db/connection';
import { closeJobQueue } from '~/modules/jobs/jobs.server';
import { migrateToLatest } from '../../../db/migrate';
import type { Database } from '../../../db/schema';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase, insertOrg, insertUser } from '../../../tests/support/temp-db';
import { msg } from '~/i18n/translate';
import { isAppError } from '~/utils/errors';
import { authenticate } from './login.server';
import { hashPassword } from './password.server';
import {
  ACCOUNT_IP_ATTEMPTS,
  beginLoginAttempt,
  BLOCK_DELAYS_MS,
  IP_ATTEMPTS,
  loginAttemptFailed,
  loginAttemptSucceeded,
  NOTIFY_AFTER_FAILURES,
} from './throttle.server';

const MIN = 60 * 1000;
const PASSWORD = 'Throttle-test-2026';
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

const targets: { name: string; open: () => Promise<{ db: Kysely<Database>; close: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const t = await createTempDatabase();
      return { db: t.db, close: t.cleanup };
    },
  },
];
if (process.env.TEST_PG_URL) {
  targets.push({
    name: 'PostgreSQL',
    open: async () => {
      const { register } = await import('tsx/esm/api');
      register();
      const fresh = await freshDatabaseUrl('throttle');
      const db = (await createDatabase(fresh.url)).db;
      await migrateToLatest(db);
      // the attack notice queues its e-mail through the job queue, which on PostgreSQL
      // is the process's pg-boss on DATABASE_URL (the app's own database)
      process.env.DATABASE_URL = fresh.url;
      return {
        db,
        close: async () => {
          await closeJobQueue();
          delete process.env.DATABASE_URL;
          await db.destroy();
          await fresh.drop();
        },
      };
    },
  });
}

describe.each(targets)('login throttle on $name', ({ open }) => {
  let db: Kysely<Database>;
  let close: () => Promise<void>;
  let passwordHash: string;
  let n = 0;
  async function newUser(): Promise<{ id: string; email: string }> {
    const email = `owner${n++}-${Math.random().toString(36).slice(2, 7)}@test.cn`;
    const org = await insertOrg(db, { kind: 'enterprise' });
    const id = await insertUser(db, { role: 'enterprise', email, organizationId: org, passwordHash });
    return { id, email };
  }

  beforeAll(async () => {
    [{ db, close }, passwordHash] = await Promise.all([open(), hashPassword(PASSWORD)]);
  });
  afterAll(async () => {
    await close?.();
  });

  it('does not lock the owner out: five wrong passwords from one IP leave the right password from another client working', async () => {
    const { email } = await newUser();
    for (let i = 0; i < ACCOUNT_IP_ATTEMPTS; i++) {
      await expect(authenticate(db, email, `wrong-${i}`, '10.66.0.1')).rejects.toMatchObject({ status: 401, messageKey: 'login.invalid' });
    }
    // the attacker's client is held back, even when it guesses right
    await expect(authenticate(db, email, PASSWORD, '10.66.0.1')).rejects.toMatchObject({
      status: 429,
      messageKey: msg('login.throttled', { minutes: 1 }),
    });
    // the owner, from a fresh client, signs in
    expect(await authenticate(db, email, PASSWORD, '10.66.0.2')).toEqual(expect.any(String));
  });

  it('grows the delays for one account × IP: 1, 2, 4, 8, 15 minutes with one attempt between blocks', async () => {
    const base = new Date('2026-12-05T08:00:00Z');
    const email = 'growing@test.cn';
    const ip = '10.66.1.1';
    for (let i = 0; i < ACCOUNT_IP_ATTEMPTS; i++) {
      expect((await beginLoginAttempt(db, email, ip, at(base, i * 1000))).allowed).toBe(true);
      await loginAttemptFailed(db, email, ip, null, at(base, i * 1000));
    }
    let t = 5000;
    for (const delay of BLOCK_DELAYS_MS.concat(BLOCK_DELAYS_MS[4])) {
      const refused = await beginLoginAttempt(db, email, ip, at(base, t));
      expect(refused).toEqual({ allowed: false, retryAfterMs: delay - 1000 });
      t += delay - 1000; // the block has just ended: one attempt, and its failure blocks again, longer
      expect((await beginLoginAttempt(db, email, ip, at(base, t))).allowed).toBe(true);
      expect((await beginLoginAttempt(db, email, ip, at(base, t))).allowed).toBe(false);
      await loginAttemptFailed(db, email, ip, null, at(base, t));
      t += 1000;
    }
    // a day later without failures the count starts again from five attempts
    const later = t + 24 * 60 * MIN;
    for (let i = 0; i < ACCOUNT_IP_ATTEMPTS; i++) expect((await beginLoginAttempt(db, email, ip, at(base, later))).allowed).toBe(true);
    expect((await beginLoginAttempt(db, email, ip, at(base, later))).allowed).toBe(false);
  });

  it('holds back one IP after 30 failures across accounts; other IPs are not affected', async () => {
    const base = new Date('2026-12-05T09:00:00Z');
    const ip = '10.66.2.1';
    for (let i = 0; i < IP_ATTEMPTS; i++) {
      expect((await beginLoginAttempt(db, `spray${i}@test.cn`, ip, at(base, i))).allowed).toBe(true);
      await loginAttemptFailed(db, `spray${i}@test.cn`, ip, null, at(base, i));
    }
    expect(await beginLoginAttempt(db, 'fresh@test.cn', ip, at(base, 1000))).toEqual({
      allowed: false,
      retryAfterMs: MIN - 1000 + IP_ATTEMPTS - 1,
    });
    expect((await beginLoginAttempt(db, 'fresh@test.cn', '10.66.2.2', at(base, 1000))).allowed).toBe(true);
  });

  it('a success clears the account × IP and gives the IP its attempt back', async () => {
    const base = new Date('2026-12-05T10:00:00Z');
    const ip = '10.66.3.1';
    for (let i = 0; i < ACCOUNT_IP_ATTEMPTS - 1; i++) {
      await beginLoginAttempt(db, 'clear@test.cn', ip, at(base, i));
      await loginAttemptFailed(db, 'clear@test.cn', ip, null, at(base, i));
    }
    await beginLoginAttempt(db, 'clear@test.cn', ip, at(base, 10));
    await loginAttemptSucceeded(db, 'clear@test.cn', ip);
    for (let i = 0; i < ACCOUNT_IP_ATTEMPTS; i++)
      expect((await beginLoginAttempt(db, 'clear@test.cn', ip, at(base, 20))).allowed).toBe(true);
    // many people signing in behind one office address do not fill the IP's round
    const office = '10.66.3.2';
    for (let i = 0; i < IP_ATTEMPTS * 2; i++) {
      expect((await beginLoginAttempt(db, `staff${i}@test.cn`, office, at(base, 30))).allowed).toBe(true);
      await loginAttemptSucceeded(db, `staff${i}@test.cn`, office);
    }
  });

  it('checks at most five passwords of 40 simultaneous wrong logins (count and check in one step)', async () => {
    const { email } = await newUser();
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => authenticate(db, email, `guess-${i}`, '10.66.4.1')));
    const refusedWith = (key: string) =>
      results.filter((r) => r.status === 'rejected' && isAppError(r.reason) && r.reason.messageKey.split('|')[0] === key).length;
    const checked = refusedWith('login.invalid');
    const refused = refusedWith('login.throttled');
    expect(checked).toBeLessThanOrEqual(ACCOUNT_IP_ATTEMPTS);
    expect(checked + refused).toBe(40);
  });

  it('tells the owner once when five wrong passwords arrive within an hour, from any IPs', async () => {
    const { id, email } = await newUser();
    for (let i = 0; i < NOTIFY_AFTER_FAILURES + 3; i++)
      await expect(authenticate(db, email, `wrong-${i}`, `10.66.5.${i}`)).rejects.toMatchObject({ status: 401 });
    const rows = await db.selectFrom('notifications').select(['kind', 'payload', 'link']).where('user_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'account.loginAttack', link: '/account/sessions' });
    expect(JSON.parse(rows[0].payload)).toEqual({ failures: 5, ip: '10.66.5.4' });
  });
});
