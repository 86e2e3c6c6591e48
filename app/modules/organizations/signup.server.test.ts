import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../../../tests/support/temp-db';
import { isAppError } from '~/utils/errors';
import { withCheckChar } from './credit-code';
import type { EnterpriseSignupInput } from './schema';
import { MAX_SIGNUPS_PER_IP, recordSignupAttempt, SIGNUP_WINDOW_MS, signUpEnterprise, signupRetryAfterMs } from './signup.server';

let t: TempDatabase;

beforeAll(async () => {
  t = await createTempDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

function input(overrides: Partial<EnterpriseSignupInput> = {}): EnterpriseSignupInput {
  return {
    name: '张伟',
    phone: '13912345678',
    email: 'zw@test.cn',
    password: 'Abcdefghij1',
    confirmPassword: 'Abcdefghij1',
    orgName: '测试企业',
    creditCode: withCheckChar('91410481MA4000009'),
    regionCode: '410481',
    industry: 'C',
    size: 'small',
    foundedYear: 2012,
    registeredCapital: 1_000_000,
    annualRevenue: 2_000_000,
    employees: 10,
    contactName: '张伟',
    contactPhone: '13912345678',
    contactEmail: undefined,
    description: undefined,
    ...overrides,
  };
}

describe('sign-up throttle', () => {
  it(`allows ${MAX_SIGNUPS_PER_IP} attempts per IP an hour, then waits for the oldest to leave the window`, async () => {
    const base = new Date('2026-05-01T08:00:00Z');
    for (let i = 0; i < MAX_SIGNUPS_PER_IP - 1; i++) await recordSignupAttempt(t.db, '10.0.0.1', at(base, i * MIN));
    expect(await signupRetryAfterMs(t.db, '10.0.0.1', at(base, 10 * MIN))).toBe(0);
    await recordSignupAttempt(t.db, '10.0.0.1', at(base, 10 * MIN));
    expect(await signupRetryAfterMs(t.db, '10.0.0.1', at(base, 11 * MIN))).toBe(SIGNUP_WINDOW_MS - 11 * MIN);
    expect(await signupRetryAfterMs(t.db, '10.0.0.2', at(base, 11 * MIN))).toBe(0);
    expect(await signupRetryAfterMs(t.db, null, at(base, 11 * MIN))).toBe(0);
    expect(await signupRetryAfterMs(t.db, '10.0.0.1', at(base, SIGNUP_WINDOW_MS + 1))).toBe(0);
  });
});

describe('signUpEnterprise', () => {
  it('lets one of two simultaneous sign-ups with the same email win and leaves nothing of the other', async () => {
    const before = await t.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const results = await Promise.allSettled([
      signUpEnterprise(t.db, input({ email: 'race@test.cn', creditCode: withCheckChar('91410481MA4000011') }), { ip: null }),
      signUpEnterprise(t.db, input({ email: 'race@test.cn', creditCode: withCheckChar('91410481MA4000012') }), { ip: null }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect(isAppError(lost?.reason)).toBe(true);
    expect(lost?.reason).toMatchObject({ status: 400, messageKey: 'v.emailTaken', fieldErrors: { email: ['v.emailTaken'] } });
    const users = await t.db.selectFrom('users').select('organization_id').where('email', '=', 'race@test.cn').execute();
    expect(users).toHaveLength(1);
    const after = await t.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });
});
