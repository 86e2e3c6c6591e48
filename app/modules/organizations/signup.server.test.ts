import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../../../tests/support/temp-db';
import { isAppError } from '~/utils/errors';
import { withCheckChar } from './credit-code';
import type { EnterpriseSignupInput } from './schema';
import { sendSignupCode } from '~/modules/auth/phone.server';
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
    code: '000000',
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

/** Sends a sign-up code to `phone` and reads it back from the outbox (the demo provider's copy). */
async function codeFor(phone: string): Promise<string> {
  await sendSignupCode(t.db, { phone, ip: null });
  const row = await t.db
    .selectFrom('outbox_messages')
    .select('params')
    .where('recipient', '=', phone)
    .where('kind', '=', 'code.signup')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return JSON.parse(row.params ?? '{}').code;
}

const userCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

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
      signUpEnterprise(
        t.db,
        input({
          email: 'race@test.cn',
          creditCode: withCheckChar('91410481MA4000011'),
          phone: '13900000011',
          code: await codeFor('13900000011'),
        }),
        { ip: null },
      ),
      signUpEnterprise(
        t.db,
        input({
          email: 'race@test.cn',
          creditCode: withCheckChar('91410481MA4000012'),
          phone: '13900000012',
          code: await codeFor('13900000012'),
        }),
        { ip: null },
      ),
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

describe('sign-up verifies the number (issue 14)', () => {
  it('refuses a wrong code on the code field and writes nothing; the right code verifies the number, once', async () => {
    const phone = '13900000021';
    const code = await codeFor(phone);
    const before = await userCount();
    const wrong = code === '111111' ? '222222' : '111111';
    const refused = await signUpEnterprise(
      t.db,
      input({ email: 'code1@test.cn', creditCode: withCheckChar('91410481MA4000021'), phone, code: wrong }),
      { ip: null },
    ).catch((e) => e);
    expect(refused).toMatchObject({ status: 400, messageKey: 'sms.codeInvalid', fieldErrors: { code: ['sms.codeInvalid'] } });
    expect(await userCount()).toBe(before);
    const done = await signUpEnterprise(
      t.db,
      input({ email: 'code1@test.cn', creditCode: withCheckChar('91410481MA4000021'), phone, code }),
      {
        ip: null,
      },
    );
    const user = await t.db
      .selectFrom('users')
      .select(['phone', 'phone_verified_at'])
      .where('id', '=', done.userId)
      .executeTakeFirstOrThrow();
    expect(user.phone).toBe(phone);
    expect(user.phone_verified_at).not.toBeNull();
    // the code is used: a second sign-up with it is refused
    const again = await signUpEnterprise(
      t.db,
      input({ email: 'code2@test.cn', creditCode: withCheckChar('91410481MA4000022'), phone, code }),
      {
        ip: null,
      },
    ).catch((e) => e);
    expect(again).toMatchObject({ status: 400, fieldErrors: { phone: ['phone.taken'] } });
  });

  it('tells a sign-up plainly that a verified number is in use, before sending a code', async () => {
    const phone = '13900000031';
    await signUpEnterprise(
      t.db,
      input({ email: 'code3@test.cn', creditCode: withCheckChar('91410481MA4000031'), phone, code: await codeFor(phone) }),
      {
        ip: null,
      },
    );
    const refused = await sendSignupCode(t.db, { phone, ip: null }).catch((e) => e);
    expect(refused).toMatchObject({ status: 409, messageKey: 'phone.taken', fieldErrors: { phone: ['phone.taken'] } });
  });

  it('keeps the code usable when the sign-up fails after checking it (nothing half-written)', async () => {
    const phone = '13900000041';
    const code = await codeFor(phone);
    await signUpEnterprise(
      t.db,
      input({
        email: 'code4@test.cn',
        creditCode: withCheckChar('91410481MA4000041'),
        phone: '13900000042',
        code: await codeFor('13900000042'),
      }),
      {
        ip: null,
      },
    );
    // same e-mail: refused before the code is touched
    await expect(
      signUpEnterprise(t.db, input({ email: 'code4@test.cn', creditCode: withCheckChar('91410481MA4000043'), phone, code }), { ip: null }),
    ).rejects.toMatchObject({ messageKey: 'v.emailTaken' });
    const ok = await signUpEnterprise(
      t.db,
      input({ email: 'code5@test.cn', creditCode: withCheckChar('91410481MA4000043'), phone, code }),
      {
        ip: null,
      },
    );
    expect(ok.userId).toBeTruthy();
  });
});
