/**
 * Issue 14, point 4: 忘记密码. A single-use link (only its hash stored, 30 min)
 * sent by e-mail through the outbox (read back from a real SMTP server); the
 * answer is the same for an unknown address; the link ends every session;
 * wrong, expired and used links are refused in the user's language; throttled
 * per IP and per account. SQLite; PostgreSQL with TEST_PG_URL.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DeviceClient } from '../support/client-from';
import { DEMO } from '../support/http-client';
import { freePort, startServer, type TestServer } from '../support/server';
import { startSmtp, until, type TestSmtp } from '../support/smtp';
import { insertOrg, insertUser } from '../support/temp-db';

const APP_URL = 'https://finmatch.example.gov.cn';
const NEW_PASSWORD = 'Reset-via-link-2026';
let server: TestServer;
let db: Kysely<Database>;
let smtp: TestSmtp;
let hash: string;
let ipSeq = 10;
const device = () => new DeviceClient(server.url, `203.0.113.${ipSeq++}`);

async function account(label: string) {
  const email = `${label}-${Math.random().toString(36).slice(2, 8)}@reset.finmatch.test`;
  const org = await insertOrg(db, { kind: 'bank' });
  const id = await insertUser(db, { role: 'bank', email, organizationId: org, passwordHash: hash });
  return { id, email };
}

const sentPage = (html: string) => html.includes('如果该邮箱对应一个账户，重置密码的邮件已经发出');
const linkIn = (text: string | undefined) => text?.match(/https:\/\/finmatch\.example\.gov\.cn\/set-password\/([a-z2-7]{32})/)?.[1] ?? null;

async function ask(client: DeviceClient, email: string) {
  const started = Date.now();
  const res = await client.post('/forgot-password', { email });
  return { status: res.status, html: await res.text(), ms: Date.now() - started };
}

beforeAll(async () => {
  const port = await freePort();
  smtp = await startSmtp(port);
  server = await startServer({
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, APP_URL, TRUST_PROXY: 'loopback', JOBS_POLL_MS: '200', OUTBOX_RETRY_DELAY_S: '1' },
  });
  db = (await server.database()).db;
  hash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow()).password_hash;
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe('忘记密码', () => {
  it('is offered on the login page', async () => {
    const html = await (await device().get('/login')).text();
    expect(html).toContain('href="/forgot-password"');
    expect(html).toContain('忘记密码？');
    const page = await device().get('/forgot-password');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('找回密码');
  });

  it('answers an unknown address exactly like a real one, and mails only the real one', async () => {
    const user = await account('same');
    const real = await ask(device(), user.email);
    const ghost = await ask(device(), `nobody-${Date.now()}@reset.finmatch.test`);
    expect([real.status, ghost.status]).toEqual([200, 200]);
    expect(sentPage(real.html) && sentPage(ghost.html)).toBe(true);
    const strip = (h: string) => h.replace(/nonce="[^"]*"/g, '').replace(/<script[\s\S]*?<\/script>/g, '');
    expect(strip(ghost.html)).toBe(strip(real.html));
    expect(real.ms).toBeGreaterThanOrEqual(390);
    expect(ghost.ms).toBeGreaterThanOrEqual(390);
    await until(() => smtp.to(user.email).length === 1, 20_000, 'the reset e-mail');
    expect(await db.selectFrom('outbox_messages').select('recipient').where('recipient', 'like', 'nobody-%').execute()).toEqual([]);
  });

  it('sends a single-use link, stored only as a hash, valid 30 minutes, that ends every session', async () => {
    const user = await account('flow');
    const phone = device();
    const laptop = device();
    await phone.login(user.email, DEMO.password);
    await laptop.login(user.email, DEMO.password);
    expect((await ask(device(), user.email.toUpperCase())).status).toBe(200);
    await until(() => smtp.to(user.email).length === 1, 20_000, 'the reset e-mail');
    const mail = smtp.to(user.email)[0];
    expect(mail.subject).toBe('【政银企对接平台】重置密码');
    const token = linkIn(mail.text);
    expect(token).not.toBeNull();
    const row = await db.selectFrom('password_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.purpose).toBe('reset');
    expect(row.id).not.toContain(token!);
    expect(row.id).toBe(createHash('sha256').update(token!).digest('hex'));
    const ttl = Date.parse(row.expires_at) - Date.parse(row.created_at);
    expect(ttl).toBe(30 * 60 * 1000);

    const c = device();
    expect((await c.get(`/set-password/${token}`)).status).toBe(200);
    const weak = await c.post(`/set-password/${token}`, { password: 'short1', confirmPassword: 'short1' });
    expect(weak.status).toBe(400); // nothing changed, the link still works
    const done = await c.post(`/set-password/${token}`, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/login');
    for (const old of [phone, laptop]) {
      const res = await old.get('/account/sessions');
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toMatch(/^\/login/);
    }
    await device().login(user.email, NEW_PASSWORD);

    const again = await device().get(`/set-password/${token}`);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('该链接无效、已使用或已过期');
    const reuse = await device().post(`/set-password/${token}`, {
      password: 'Another-password-99',
      confirmPassword: 'Another-password-99',
    });
    expect(reuse.status).toBe(404);
    await device().login(user.email, NEW_PASSWORD);
  });

  it('refuses a wrong or an expired link in the user’s language', async () => {
    const wrong = await device().get(`/set-password/${'b'.repeat(32)}`);
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('该链接无效、已使用或已过期');
    const en = await device().get(`/set-password/not-a-token`, { Cookie: 'lang=en', 'Accept-Language': 'en' });
    expect(en.status).toBe(404);

    const user = await account('expired');
    await ask(device(), user.email);
    await until(() => smtp.to(user.email).length === 1, 20_000, 'the reset e-mail');
    const token = linkIn(smtp.to(user.email)[0].text)!;
    await db
      .updateTable('password_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    const expired = await device().post(`/set-password/${token}`, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(expired.status).toBe(404);
    expect(await expired.text()).toContain('该链接无效、已使用或已过期');
    expect((await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash).toBe(
      hash,
    );
  });

  it('sends at most three e-mails an hour per account, without telling, and refuses an IP that asks too often', async () => {
    const user = await account('flood');
    for (let i = 0; i < 5; i++) {
      const r = await ask(device(), user.email);
      expect(r.status).toBe(200);
      expect(sentPage(r.html)).toBe(true);
    }
    await until(() => smtp.to(user.email).length >= 3, 20_000, 'three e-mails');
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to(user.email)).toHaveLength(3);

    const same = device();
    for (let i = 0; i < 10; i++) expect((await ask(same, `probe${i}@reset.finmatch.test`)).status).toBe(200);
    const refused = await ask(same, user.email);
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('请求过于频繁');
    expect(sentPage(refused.html)).toBe(false);
  });
});
