import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../../../tests/support/temp-db';
import {
  clearLoginFailures,
  loginRetryAfterMs,
  MAX_ACCOUNT_FAILURES,
  MAX_IP_FAILURES,
  recordLoginFailure,
  THROTTLE_WINDOW_MS,
  throttleKeys,
} from './throttle.server';

const MIN = 60 * 1000;
let t: TempDatabase;

beforeAll(async () => {
  t = await createTempDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe('login throttle', () => {
  it('has the documented policy', () => {
    expect(MAX_ACCOUNT_FAILURES).toBe(5);
    expect(MAX_IP_FAILURES).toBe(30);
    expect(THROTTLE_WINDOW_MS).toBe(15 * MIN);
    expect(throttleKeys(' A@Example.CN ', '1.2.3.4')).toEqual({ account: 'account:a@example.cn', ip: 'ip:1.2.3.4' });
  });

  it('blocks an account after 5 failures, with the time until the oldest leaves the window', async () => {
    const base = new Date('2026-04-01T08:00:00Z');
    const email = 'five@test.cn';
    for (let i = 0; i < 4; i++) await recordLoginFailure(t.db, email, '10.1.0.1', at(base, i * MIN));
    expect(await loginRetryAfterMs(t.db, email, '10.1.0.1', at(base, 4 * MIN))).toBe(0);
    await recordLoginFailure(t.db, email, '10.1.0.1', at(base, 4 * MIN));
    // blocked from any IP: the count belongs to the account
    const wait = await loginRetryAfterMs(t.db, email, '10.9.9.9', at(base, 5 * MIN));
    expect(wait).toBe(10 * MIN); // first failure at +0 leaves the window at +15
    // case and spaces do not make another account
    expect(await loginRetryAfterMs(t.db, ' FIVE@test.cn', null, at(base, 5 * MIN))).toBe(10 * MIN);
    // another account from the same IP is not affected
    expect(await loginRetryAfterMs(t.db, 'someone-else@test.cn', '10.1.0.1', at(base, 5 * MIN))).toBe(0);
  });

  it('slides: the block lifts as the oldest failures leave the window', async () => {
    const base = new Date('2026-04-02T08:00:00Z');
    const email = 'slide@test.cn';
    for (let i = 0; i < 5; i++) await recordLoginFailure(t.db, email, null, at(base, i * MIN));
    expect(await loginRetryAfterMs(t.db, email, null, at(base, 15 * MIN - 1))).toBe(1);
    expect(await loginRetryAfterMs(t.db, email, null, at(base, 15 * MIN))).toBe(0);
    // one more failure right away makes 5 in the window again (+1 … +4 and +15)
    await recordLoginFailure(t.db, email, null, at(base, 15 * MIN));
    expect(await loginRetryAfterMs(t.db, email, null, at(base, 15 * MIN + 1000))).toBe(MIN - 1000);
    expect(await loginRetryAfterMs(t.db, email, null, at(base, 16 * MIN))).toBe(0);
  });

  it('limits one IP to 30 failures across accounts', async () => {
    const base = new Date('2026-04-03T08:00:00Z');
    const ip = '203.0.113.7';
    for (let i = 0; i < 29; i++) await recordLoginFailure(t.db, `spray${i}@test.cn`, ip, at(base, i * 1000));
    expect(await loginRetryAfterMs(t.db, 'fresh@test.cn', ip, at(base, 30_000))).toBe(0);
    await recordLoginFailure(t.db, 'spray29@test.cn', ip, at(base, 29_000));
    // a never-failed account is blocked from this IP, and not from another
    expect(await loginRetryAfterMs(t.db, 'fresh@test.cn', ip, at(base, 30_000))).toBe(15 * MIN - 30_000);
    expect(await loginRetryAfterMs(t.db, 'fresh@test.cn', '203.0.113.8', at(base, 30_000))).toBe(0);
    expect(await loginRetryAfterMs(t.db, 'fresh@test.cn', ip, at(base, 15 * MIN + 1000))).toBe(0);
  });

  it('clears the account’s failures on success, but not the IP’s', async () => {
    const base = new Date('2026-04-04T08:00:00Z');
    const email = 'clear@test.cn';
    for (let i = 0; i < 5; i++) await recordLoginFailure(t.db, email, '198.51.100.1', at(base, i * 1000));
    expect(await loginRetryAfterMs(t.db, email, null, at(base, 10_000))).toBeGreaterThan(0);
    await clearLoginFailures(t.db, email);
    expect(await loginRetryAfterMs(t.db, email, null, at(base, 10_000))).toBe(0);
    const ipRows = await t.db.selectFrom('login_failures').select('throttle_key').where('throttle_key', '=', 'ip:198.51.100.1').execute();
    expect(ipRows).toHaveLength(5);
  });

  it('drops failures that can no longer count', async () => {
    const base = new Date('2026-04-05T08:00:00Z');
    await recordLoginFailure(t.db, 'old@test.cn', null, base);
    await recordLoginFailure(t.db, 'new@test.cn', null, at(base, 2 * THROTTLE_WINDOW_MS + MIN));
    const old = await t.db.selectFrom('login_failures').select('failed_at').where('throttle_key', '=', 'account:old@test.cn').execute();
    expect(old).toHaveLength(0);
  });
});
