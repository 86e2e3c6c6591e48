/**
 * Issue 14: mobile numbers. A signed-in user verifies a number with a 6-digit SMS
 * code (sent through the outbox by the demo provider, read back from the outbox
 * row); a verified number belongs to one account; it signs in with the password
 * or with a code; a forgotten password is reset by code (then the set-password
 * page of the e-mailed link). Codes: only a hash stored, 5 minutes, 5 tries,
 * single use, one per minute per number; answers never tell whether a number has
 * an account. SQLite; PostgreSQL with TEST_PG_URL.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DeviceClient } from '../support/client-from';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { until } from '../support/smtp';
import { insertOrg, insertUser } from '../support/temp-db';

let server: TestServer;
let db: Kysely<Database>;
let hash: string;
let ipSeq = 10;
let phoneSeq = 0;
const device = () => new DeviceClient(server.url, `198.51.100.${ipSeq++}`);
const newPhone = () => `139${String(Date.now() % 100000).padStart(5, '0')}${String(phoneSeq++).padStart(3, '0')}`;

async function account(label: string) {
  const email = `${label}-${Math.random().toString(36).slice(2, 8)}@phone.finmatch.test`;
  const org = await insertOrg(db, { kind: 'enterprise' });
  const id = await insertUser(db, { role: 'enterprise', email, organizationId: org, passwordHash: hash });
  return { id, email };
}

/** The code of the latest SMS to `phone` (the demo provider keeps it in the outbox). */
async function codeSentTo(phone: string, count = 1): Promise<string> {
  let rows: { params: string | null; kind: string }[] = [];
  await until(
    async () => {
      rows = await db
        .selectFrom('outbox_messages')
        .select(['params', 'kind', 'created_at'])
        .where('recipient', '=', phone)
        .where('channel', '=', 'sms')
        .orderBy('created_at', 'desc')
        .execute();
      return rows.length >= count;
    },
    10_000,
    `SMS to ${phone}`,
  );
  return JSON.parse(rows[0].params ?? '{}').code;
}

const smsCount = async (phone: string) =>
  (await db.selectFrom('outbox_messages').select('id').where('recipient', '=', phone).execute()).length;

async function verifyNumber(client: DeviceClient, phone: string) {
  const sent = await client.post('/account/phone', { intent: 'send', phone });
  expect(sent.status).toBe(200);
  const code = await codeSentTo(phone);
  const ok = await client.post('/account/phone', { intent: 'confirm', phone, code });
  expect(ok.status).toBe(302);
}

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: 'loopback', JOBS_POLL_MS: '200' } });
  db = (await server.database()).db;
  hash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow()).password_hash;
});
afterAll(async () => {
  await server?.stop();
});

describe('verifying a mobile number', () => {
  it('sends a 6-digit code by SMS, stores only its hash, and marks the number verified', async () => {
    const user = await account('verify');
    const c = device();
    await c.login(user.email, DEMO.password);
    const page = await c.get('/account/phone');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('未验证');
    const phone = newPhone();
    const sent = await c.post('/account/phone', { intent: 'send', phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3)}` });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain(`验证码已发送至 ${phone}`);
    const code = await codeSentTo(phone);
    expect(code).toMatch(/^\d{6}$/);
    const sms = await db.selectFrom('outbox_messages').selectAll().where('recipient', '=', phone).executeTakeFirstOrThrow();
    expect(sms.kind).toBe('code.verify');
    expect(sms.body).toContain(`验证码为 ${code}`);
    await until(
      async () =>
        (await db.selectFrom('outbox_messages').select('status').where('id', '=', sms.id).executeTakeFirstOrThrow()).status === 'sent',
      10_000,
      'delivered by the demo provider',
    );
    const row = await db.selectFrom('sms_codes').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.code_hash).toBe(createHash('sha256').update(`${row.id}:${code}`).digest('hex'));
    expect(row.code_hash).not.toContain(code);
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(5 * 60 * 1000);

    const wrong = await c.post('/account/phone', { intent: 'confirm', phone, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('验证码错误或已失效');
    const ok = await c.post('/account/phone', { intent: 'confirm', phone, code });
    expect(ok.status).toBe(302);
    const u = await db.selectFrom('users').select(['phone', 'phone_verified_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(u.phone).toBe(phone);
    expect(u.phone_verified_at).not.toBeNull();
    expect(await (await c.get('/account/phone')).text()).toContain('已验证');
    // used once
    expect((await c.post('/account/phone', { intent: 'confirm', phone, code })).status).toBe(400);
  });

  it('refuses a number another account has verified, and a bad number, in the user’s language', async () => {
    const first = await account('first');
    const second = await account('second');
    const phone = newPhone();
    const a = device();
    await a.login(first.email, DEMO.password);
    await verifyNumber(a, phone);
    const b = device();
    await b.login(second.email, DEMO.password);
    const taken = await b.post('/account/phone', { intent: 'send', phone });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('该手机号已被其他账户验证使用');
    const bad = await b.post('/account/phone', { intent: 'send', phone: '12345678901' });
    expect(bad.status).toBe(400);
    b.cookies.set('finmatch_lang', 'en');
    const en = await b.post('/account/phone', { intent: 'send', phone });
    expect(await en.text()).toContain('Another account has verified this number');
    expect(await smsCount(phone)).toBe(1);
  });

  it('waits 60 seconds before another code, and ends a code after five wrong tries', async () => {
    const user = await account('tries');
    const c = device();
    await c.login(user.email, DEMO.password);
    const phone = newPhone();
    expect((await c.post('/account/phone', { intent: 'send', phone })).status).toBe(200);
    const again = await c.post('/account/phone', { intent: 'send', phone });
    expect(again.status).toBe(429);
    expect(await again.text()).toMatch(/请 \d+ 秒后再重新获取/);
    const code = await codeSentTo(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await c.post('/account/phone', { intent: 'confirm', phone, code: wrong })).status).toBe(400);
    const late = await c.post('/account/phone', { intent: 'confirm', phone, code });
    expect(late.status).toBe(400);
    expect(
      (await db.selectFrom('users').select('phone_verified_at').where('id', '=', user.id).executeTakeFirstOrThrow()).phone_verified_at,
    ).toBeNull();
    // an expired code is refused too
    await db
      .updateTable('login_throttle')
      .set({ round_started_at: new Date(Date.now() - 120_000).toISOString() })
      .where('throttle_key', '=', `sms-resend:verify:${phone}`)
      .execute();
    expect((await c.post('/account/phone', { intent: 'send', phone })).status).toBe(200);
    const fresh = await codeSentTo(phone, 2);
    await db
      .updateTable('sms_codes')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    expect((await c.post('/account/phone', { intent: 'confirm', phone, code: fresh })).status).toBe(400);
  });
});

describe('signing in with a mobile number', () => {
  it('signs in with a verified number and the password, and not with an unverified one', async () => {
    const user = await account('pw');
    const phone = newPhone();
    const c = device();
    const before = await c.post('/login/phone', { intent: 'password', phone, password: DEMO.password });
    expect(before.status).toBe(401);
    expect(await before.text()).toContain('手机号或密码不正确');
    await c.login(user.email, DEMO.password);
    await verifyNumber(c, phone);
    const d = device();
    expect((await d.post('/login/phone', { intent: 'password', phone, password: 'Wrong-password-1' })).status).toBe(401);
    const ok = await d.post('/login/phone', { intent: 'password', phone, password: DEMO.password });
    expect(ok.status).toBe(302);
    expect((await d.get('/account/phone')).status).toBe(200);
  });

  it('signs in with an SMS code; an unknown number gets the same answer and no SMS', async () => {
    const user = await account('code');
    const phone = newPhone();
    const c = device();
    await c.login(user.email, DEMO.password);
    await verifyNumber(c, phone);

    const ghost = newPhone();
    const strip = (h: string) =>
      h
        .replace(/nonce="[^"]*"/g, '')
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replaceAll(ghost, 'N')
        .replaceAll(phone, 'N');
    const g = await device().post('/login/phone', { intent: 'send', phone: ghost });
    const r = await device().post('/login/phone', { intent: 'send', phone });
    expect([g.status, r.status]).toEqual([200, 200]);
    const [gh, rh] = [await g.text(), await r.text()];
    expect(rh).toContain('如果该手机号已验证并绑定账户，验证码已经发出');
    expect(strip(gh)).toBe(strip(rh));
    expect(await smsCount(ghost)).toBe(0);
    expect((await device().post('/login/phone', { intent: 'code', phone: ghost, code: '123456' })).status).toBe(400);

    const code = await codeSentTo(phone, 2);
    const d = device();
    const ok = await d.post('/login/phone', { intent: 'code', phone, code });
    expect(ok.status).toBe(302);
    expect((await d.get('/account/phone')).status).toBe(200);
    expect((await device().post('/login/phone', { intent: 'code', phone, code })).status).toBe(400);
  });
});

describe('password reset by SMS code', () => {
  it('exchanges a right code for the one-time set-password page, which ends every session', async () => {
    const user = await account('reset');
    const phone = newPhone();
    const c = device();
    await c.login(user.email, DEMO.password);
    await verifyNumber(c, phone);
    const f = device();
    const sent = await f.post('/forgot-password/sms', { intent: 'send', phone });
    expect(sent.status).toBe(200);
    const code = await codeSentTo(phone, 2);
    const bad = await f.post('/forgot-password/sms', { intent: 'reset', phone, code: code === '000000' ? '111111' : '000000' });
    expect(bad.status).toBe(400);
    const ok = await f.post('/forgot-password/sms', { intent: 'reset', phone, code });
    expect(ok.status).toBe(302);
    const to = ok.headers.get('location')!;
    expect(to).toMatch(/^\/set-password\/[a-z2-7]{32}$/);
    const NEW = 'Reset-by-sms-2026';
    expect((await f.post(to, { password: NEW, confirmPassword: NEW })).status).toBe(302);
    expect((await c.get('/account/phone')).status).toBe(302); // the old session ended
    expect((await device().post('/login/phone', { intent: 'password', phone, password: NEW })).status).toBe(302);
    expect((await f.post('/forgot-password/sms', { intent: 'reset', phone, code })).status).toBe(400);
  });

  it('limits the codes a number can be sent, whoever asks', async () => {
    const ghost = newPhone();
    for (let i = 0; i < 5; i++) {
      await db.deleteFrom('login_throttle').where('throttle_key', '=', `sms-resend:reset:${ghost}`).execute();
      expect((await device().post('/forgot-password/sms', { intent: 'send', phone: ghost })).status).toBe(200);
    }
    await db.deleteFrom('login_throttle').where('throttle_key', '=', `sms-resend:reset:${ghost}`).execute();
    const refused = await device().post('/forgot-password/sms', { intent: 'send', phone: ghost });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('发送过于频繁');
  });
});
