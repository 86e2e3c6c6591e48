import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../app/modules/auth/password.server';
import { DeviceClient, USER_AGENTS } from '../support/client-from';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { insertOrg, insertUser } from '../support/temp-db';

let server: TestServer;
let passwordHash: string;
const PASSWORD = 'Test-password-2026';
const NEW_PASSWORD = 'Brand-new-password-7';
let ipCounter = 10;
const nextIp = () => `198.51.100.${ipCounter++}`;

async function newUser(label: string): Promise<string> {
  const { db } = await server.database();
  const email = `${label}-${Math.random().toString(36).slice(2, 8)}@test.finmatch.cn`;
  const org = await insertOrg(db, { kind: 'bank' });
  await insertUser(db, { role: 'bank', email, organizationId: org, passwordHash });
  return email;
}

/** Signs `email` in on a new device. */
async function device(email: string, password = PASSWORD, userAgent: string = USER_AGENTS.chromeWindows): Promise<DeviceClient> {
  const client = new DeviceClient(server.url, nextIp(), userAgent);
  await client.login(email, password);
  return client;
}

async function signedIn(client: DeviceClient): Promise<boolean> {
  const res = await client.get('/account/sessions');
  if (res.status === 200) return true;
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toMatch(/^\/login/);
  return false;
}

/** The session ids in the revoke forms of /account/sessions. */
async function revokableIds(client: DeviceClient): Promise<string[]> {
  const html = await (await client.get('/account/sessions')).text();
  return [...html.matchAll(/name="sessionId" value="([0-9a-f]{64})"/g)].map((m) => m[1]);
}

beforeAll(async () => {
  [server, passwordHash] = await Promise.all([startServer({ env: { TRUST_PROXY: 'loopback' } }), hashPassword(PASSWORD)]);
});
afterAll(async () => {
  await server?.stop();
});

describe('/account/password', () => {
  it('shows the form to a signed-in user', async () => {
    const a = await device(DEMO.organizer, DEMO.password);
    const res = await a.get('/account/password');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('修改密码');
    expect(html).toContain('name="currentPassword"');
    expect(html).toMatch(/autocomplete="new-password"/i);
  });

  it('answers a wrong current password with a field error and changes nothing', async () => {
    const email = await newUser('wrongcur');
    const a = await device(email);
    const res = await a.post('/account/password', {
      currentPassword: 'not-my-password-1',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('当前密码不正确');
    expect(html).not.toContain('not-my-password-1'); // passwords are never echoed back
    const { db } = await server.database();
    const row = await db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(passwordHash);
  });

  it('checks the new password: strength and confirmation, in the user’s language', async () => {
    const email = await newUser('weak');
    const a = await device(email);
    const weak = await a.post('/account/password', { currentPassword: PASSWORD, newPassword: 'short1', confirmPassword: 'short1' });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('密码至少 10 位');
    const mismatch = await a.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}x`,
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('两次输入的密码不一致');
    a.cookies.set('finmatch_lang', 'en');
    const wrongEn = await a.post('/account/password', {
      currentPassword: 'not-my-password-1',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(await wrongEn.text()).toContain('The current password is wrong');
  });

  it('changes the password: other sessions end, this one stays, the old password stops working', async () => {
    const email = await newUser('change');
    const a = await device(email);
    const b = await device(email, PASSWORD, USER_AGENTS.safariIphone);
    const c = await device(email, PASSWORD, USER_AGENTS.wechatAndroid);
    const res = await a.post('/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account/sessions');
    // the flash shows once on the next page, which lists this device only
    const next = await (await a.get('/account/sessions')).text();
    expect(next).toContain('密码已修改，其他设备上的登录已失效');
    expect(next).toContain('没有其他设备登录您的账户');
    expect(await (await a.get('/account/sessions')).text()).not.toContain('密码已修改');

    expect(await signedIn(a)).toBe(true);
    expect(await signedIn(b)).toBe(false);
    expect(await signedIn(c)).toBe(false);

    const { db } = await server.database();
    const row = await db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, NEW_PASSWORD)).toBe(true);

    const old = await new DeviceClient(server.url, nextIp()).post('/login', { email, password: PASSWORD });
    expect(old.status).toBe(401);
    await device(email, NEW_PASSWORD);
  });

  it('refuses a weak new password with the reason, and keeps the old one (issue 13, point 4)', async () => {
    const email = await newUser('pwweak');
    const a = await device(email);
    const res = await a.post('/account/password', { currentPassword: PASSWORD, newPassword: 'qwerty1234', confirmPassword: 'qwerty1234' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('密码太容易被猜到：这是常见密码');
    const { db } = await server.database();
    const row = await db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(passwordHash);
  });

  it('throttles wrong current passwords with the login throttle', async () => {
    const email = await newUser('pwthrottle');
    const a = await device(email);
    for (let i = 0; i < 5; i++) {
      const res = await a.post('/account/password', {
        currentPassword: `wrong-guess-${i}`,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      expect(res.status).toBe(400);
    }
    const sixth = await a.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toContain('当前密码错误次数过多');
    // the same count guards the login form of that account from that IP (issue 13: not from others)
    const login = await new DeviceClient(server.url, a.ip).post('/login', { email, password: PASSWORD });
    expect(login.status).toBe(429);
    expect(await login.text()).toContain('登录失败次数过多');
    expect((await new DeviceClient(server.url, nextIp()).post('/login', { email, password: PASSWORD })).status).toBe(302);
    // nothing changed and the device stays signed in
    expect(await signedIn(a)).toBe(true);
    const { db } = await server.database();
    const row = await db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(passwordHash);
  });
});

describe('/account/sessions', () => {
  it('lists the devices in plain words, with IP and the current-device marker', async () => {
    const email = await newUser('list');
    const a = await device(email, PASSWORD, USER_AGENTS.chromeWindows);
    const b = await device(email, PASSWORD, USER_AGENTS.wechatAndroid);
    const res = await a.get('/account/sessions');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Windows 上的 Chrome');
    expect(html).toContain('Android 上的 微信');
    expect(html).toContain(a.ip);
    expect(html).toContain(b.ip);
    expect(html.match(/当前设备/g)).toHaveLength(1);
    expect(html).toContain('退出其他所有设备');
    // only the other device has a revoke form
    expect(await revokableIds(a)).toHaveLength(1);
    a.cookies.set('finmatch_lang', 'en');
    const en = await (await a.get('/account/sessions')).text();
    expect(en).toContain('Chrome on Windows');
    expect(en).toContain('WeChat on Android');
    expect(en).toContain('This device');
  });

  it('revoking a session from another device logs that device out', async () => {
    const email = await newUser('revoke');
    const a = await device(email);
    const b = await device(email, PASSWORD, USER_AGENTS.safariIphone);
    const [bId] = await revokableIds(a);
    const res = await a.post('/account/sessions', { intent: 'revoke', sessionId: bId });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account/sessions');
    expect(await (await a.get('/account/sessions')).text()).toContain('已退出所选设备');
    expect(await signedIn(b)).toBe(false);
    expect(await signedIn(a)).toBe(true);
    // revoking it again: it is gone
    expect((await a.post('/account/sessions', { intent: 'revoke', sessionId: bId })).status).toBe(404);
  });

  it('answers 404 to another user’s session id and changes nothing', async () => {
    const victimEmail = await newUser('victim');
    const victim = await device(victimEmail);
    const victimPhone = await device(victimEmail, PASSWORD, USER_AGENTS.safariIphone);
    const [phoneSessionId] = await revokableIds(victim);
    expect(phoneSessionId).toMatch(/^[0-9a-f]{64}$/);
    const attacker = await device(await newUser('attacker'));
    const res = await attacker.post('/account/sessions', { intent: 'revoke', sessionId: phoneSessionId });
    expect(res.status).toBe(404);
    expect(await signedIn(victimPhone)).toBe(true);
    expect(await signedIn(victim)).toBe(true);
    expect((await attacker.post('/account/sessions', { intent: 'revoke', sessionId: 'f'.repeat(64) })).status).toBe(404);
    expect(await signedIn(attacker)).toBe(true);
  });

  it('answers 400 to a malformed request', async () => {
    const a = await device(await newUser('bad'));
    expect((await a.post('/account/sessions', {})).status).toBe(400);
    expect((await a.post('/account/sessions', { intent: 'drop-table' })).status).toBe(400);
    expect((await a.post('/account/sessions', { intent: 'revoke' })).status).toBe(400);
  });

  it('“revoke all others” ends every other session and keeps this one', async () => {
    const email = await newUser('others');
    const a = await device(email);
    const b = await device(email, PASSWORD, USER_AGENTS.safariIphone);
    const c = await device(email, PASSWORD, USER_AGENTS.wechatAndroid);
    const bystander = await device(DEMO.bank, DEMO.password);
    const res = await a.post('/account/sessions', { intent: 'revokeOthers' });
    expect(res.status).toBe(302);
    expect(await (await a.get('/account/sessions')).text()).toContain('已退出其他 2 台设备');
    expect(await signedIn(a)).toBe(true);
    expect(await signedIn(b)).toBe(false);
    expect(await signedIn(c)).toBe(false);
    expect(await signedIn(bystander)).toBe(true);
    expect(await revokableIds(a)).toHaveLength(0);
  });

  it('revoking the current session is a logout', async () => {
    const email = await newUser('self');
    const a = await device(email);
    const { db } = await server.database();
    const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const [own] = await db.selectFrom('auth_sessions').select('id').where('user_id', '=', user.id).execute();
    const res = await a.post('/account/sessions', { intent: 'revoke', sessionId: own.id });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    expect(a.cookies.has('finmatch_session')).toBe(false);
  });
});
