import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/modules/auth/password.server';
import { DeviceClient } from '../support/client-from';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { insertOrg, insertUser } from '../support/temp-db';

let server: TestServer;
let passwordHash: string;
const PASSWORD = 'Test-password-2026';
let ipCounter = 10;
/** every test talks from its own client IP, so IP throttling in one test never touches another */
const nextIp = () => `192.0.2.${ipCounter++}`;

async function newUser(label: string): Promise<string> {
  const { db } = await server.database();
  const email = `${label}-${Math.random().toString(36).slice(2, 8)}@test.finmatch.cn`;
  const org = await insertOrg(db, { kind: 'enterprise' });
  await insertUser(db, { role: 'enterprise', email, organizationId: org, passwordHash });
  return email;
}

beforeAll(async () => {
  [server, passwordHash] = await Promise.all([startServer({ env: { TRUST_PROXY: 'loopback' } }), hashPassword(PASSWORD)]);
});
afterAll(async () => {
  await server?.stop();
});

describe('login', () => {
  it('signs in with the right password and sets a HttpOnly, SameSite=Lax session cookie', async () => {
    const client = new DeviceClient(server.url, nextIp());
    const res = await client.post('/login', { email: DEMO.enterprise, password: DEMO.password });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('finmatch_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await client.get('/account/sessions');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('当前设备');
  });

  it('answers a wrong password or an unknown email with 401 and the same message, and no session', async () => {
    const client = new DeviceClient(server.url, nextIp());
    const wrong = await client.post('/login', { email: DEMO.bank, password: 'not-the-password-1' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('邮箱或密码不正确');
    const unknown = await client.post('/login', { email: 'nobody@test.finmatch.cn', password: 'whatever-123' });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('邮箱或密码不正确');
    expect(client.cookies.has('finmatch_session')).toBe(false);
  });

  it('answers an empty form with 400 and field errors', async () => {
    const client = new DeviceClient(server.url, nextIp());
    const res = await client.post('/login', { email: '', password: '' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('此项必填');
  });

  it('refuses a deactivated account', async () => {
    const email = await newUser('inactive');
    const { db } = await server.database();
    await db.updateTable('users').set({ active: 0 }).where('email', '=', email).execute();
    const client = new DeviceClient(server.url, nextIp());
    const res = await client.post('/login', { email, password: PASSWORD });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('该账户已停用');
  });

  it('sends a signed-in visitor of /login home', async () => {
    const client = new DeviceClient(server.url, nextIp());
    await client.login(DEMO.organizer, DEMO.password);
    const res = await client.get('/login');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('login throttling', () => {
  it('holds back the attacker’s client after 5 wrong passwords, while the owner signs in from a fresh client and is told', async () => {
    const email = await newUser('throttle');
    const attacker = new DeviceClient(server.url, nextIp());
    for (let i = 0; i < 5; i++) {
      const res = await attacker.post('/login', { email, password: `wrong-password-${i}` });
      expect(res.status).toBe(401);
    }
    const sixth = await attacker.post('/login', { email, password: PASSWORD });
    expect(sixth.status).toBe(429);
    const html = await sixth.text();
    expect(html).toContain('登录失败次数过多');
    expect(html).toMatch(/请 1 分钟后再试/);
    expect(attacker.cookies.has('finmatch_session')).toBe(false);
    // and in English
    attacker.cookies.set('finmatch_lang', 'en');
    expect(await (await attacker.post('/login', { email, password: PASSWORD })).text()).toContain('Too many failed attempts');
    // other accounts from the attacker's IP still sign in
    await attacker.login(DEMO.bank, DEMO.password);
    // the owner, from a fresh client, is not refused, and finds the notice
    const owner = new DeviceClient(server.url, nextIp());
    await owner.login(email, PASSWORD);
    const notices = await (await owner.get('/notifications')).text();
    expect(notices).toContain('有人用错误的密码尝试登录您的账号');
  });

  it('checks at most 5 passwords of 40 simultaneous wrong logins from one client', async () => {
    const email = await newUser('race');
    const client = new DeviceClient(server.url, nextIp());
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => client.post('/login', { email, password: `guess-${i}-password` }).then((r) => r.status)),
    );
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - checked);
  });

  it('a successful login clears the account’s earlier failures', async () => {
    const email = await newUser('clears');
    const client = new DeviceClient(server.url, nextIp());
    for (let i = 0; i < 4; i++) expect((await client.post('/login', { email, password: `wrong-${i}-password` })).status).toBe(401);
    await client.login(email, PASSWORD);
    const again = new DeviceClient(server.url, nextIp());
    for (let i = 0; i < 4; i++) expect((await again.post('/login', { email, password: `wrong-${i}-password` })).status).toBe(401);
    await again.login(email, PASSWORD);
  });

  it('blocks an IP after 30 failures across accounts, while other IPs still sign in', async () => {
    const ip = nextIp();
    const sprayer = new DeviceClient(server.url, ip);
    for (let i = 0; i < 30; i++) {
      const res = await sprayer.post('/login', { email: `spray${i}@test.finmatch.cn`, password: 'guess-password-1' });
      expect(res.status).toBe(401);
    }
    const email = await newUser('ip-victim');
    const blocked = await sprayer.post('/login', { email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('登录失败次数过多');
    const other = new DeviceClient(server.url, nextIp());
    await other.login(email, PASSWORD);
  });
});

describe('signed-in pages are not kept by the browser (issue 13, point 5)', () => {
  it('sends Cache-Control: private, no-store on signed-in HTML and data, and not on public pages', async () => {
    const client = new DeviceClient(server.url, nextIp());
    const anonymous = await client.get('/products');
    expect(anonymous.headers.get('cache-control') ?? '').not.toContain('no-store');
    await client.login(DEMO.bank, DEMO.password);
    for (const path of ['/', '/account/sessions', '/notifications', '/products', '/account/sessions?_data=routes%2Faccount.sessions']) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('private, no-store');
    }
  });
});

describe('logout', () => {
  it('ends the session on the server: the old cookie no longer works', async () => {
    const client = new DeviceClient(server.url, nextIp());
    await client.login(DEMO.admin, DEMO.password);
    const token = client.cookies.get('finmatch_session')!;
    const res = await client.post('/logout', {});
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.getSetCookie().some((c) => /^finmatch_session=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
    const { db } = await server.database();
    const id = createHash('sha256').update(token).digest('hex');
    expect(await db.selectFrom('auth_sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    // someone who kept a copy of the cookie is not signed in
    const replay = new DeviceClient(server.url, nextIp());
    replay.cookies.set('finmatch_session', token);
    const page = await replay.get('/account/sessions');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toMatch(/^\/login/);
  });

  it('GET /logout does not log out (only POST does)', async () => {
    const client = new DeviceClient(server.url, nextIp());
    await client.login(DEMO.bank, DEMO.password);
    expect((await client.get('/logout')).status).toBe(302);
    expect((await client.get('/account/sessions')).status).toBe(200);
  });
});

describe('Origin check', () => {
  const POSTS: [string, Record<string, string>][] = [
    ['/login', { email: DEMO.admin, password: DEMO.password }],
    ['/logout', {}],
    ['/lang', { locale: 'en' }],
    ['/account/password', { currentPassword: DEMO.password, newPassword: 'Hijacked-password-1', confirmPassword: 'Hijacked-password-1' }],
    ['/account/sessions', { intent: 'revokeOthers' }],
  ];

  it('rejects writes from a foreign Origin with 403 and changes nothing', async () => {
    const client = new DeviceClient(server.url, nextIp());
    await client.login(DEMO.enterprise, DEMO.password);
    const token = client.cookies.get('finmatch_session');
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example']) {
      for (const [path, form] of POSTS) {
        const res = await client.post(path, form, { Origin: origin });
        expect(res.status, `${origin} → ${path}`).toBe(403);
      }
    }
    expect(client.cookies.get('finmatch_session')).toBe(token);
    expect((await client.get('/account/sessions')).status).toBe(200);
    expect(client.cookies.has('finmatch_lang')).toBe(false);
  });

  it('lets same-origin writes through', async () => {
    const client = new DeviceClient(server.url, nextIp());
    const login = await client.post('/login', { email: DEMO.enterprise, password: DEMO.password }, { Origin: server.url });
    expect(login.status).toBe(302);
    const lang = await client.post('/lang', { locale: 'en', redirectTo: '/' }, { Origin: server.url });
    expect(lang.status).toBe(302);
    expect(client.cookies.get('finmatch_lang')).toBe('en');
    const out = await client.post('/logout', {}, { Origin: server.url });
    expect(out.status).toBe(302);
    expect(client.cookies.has('finmatch_session')).toBe(false);
  });
});

describe('redirect after login', () => {
  it('follows a same-site redirectTo', async () => {
    const client = new DeviceClient(server.url, nextIp());
    const res = await client.post('/login', { email: DEMO.enterprise, password: DEMO.password, redirectTo: '/account/sessions' });
    expect(res.headers.get('location')).toBe('/account/sessions');
    const viaQuery = new DeviceClient(server.url, nextIp());
    const res2 = await viaQuery.post(`/login?redirectTo=${encodeURIComponent('/account/password')}`, {
      email: DEMO.enterprise,
      password: DEMO.password,
    });
    expect(res2.headers.get('location')).toBe('/account/password');
  });

  it('ignores a redirectTo to another host', async () => {
    // '/\t/evil.example' is what `redirectTo=/%09/evil.example` decodes to: browsers drop the tab
    for (const target of [
      '//evil.example',
      'https://evil.example',
      '//evil.example/login',
      '/\\evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n\t//evil.example',
    ]) {
      const client = new DeviceClient(server.url, nextIp());
      const res = await client.post('/login', { email: DEMO.enterprise, password: DEMO.password, redirectTo: target });
      expect(res.status, target).toBe(302);
      expect(res.headers.get('location'), target).toBe('/');
      const viaQuery = new DeviceClient(server.url, nextIp());
      const res2 = await viaQuery.post(`/login?redirectTo=${encodeURIComponent(target)}`, {
        email: DEMO.enterprise,
        password: DEMO.password,
      });
      expect(res2.headers.get('location'), target).toBe('/');
    }
  });

  it('a protected page sends the visitor to /login with the way back', async () => {
    const res = await new HttpClient(server.url).get('/account/password');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent('/account/password')}`);
  });
});
