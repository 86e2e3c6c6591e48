/**
 * Issue 13, points 8–10: public input that broke the server, redirect targets,
 * and the smaller findings — over HTTP against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function signedIn(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

async function userId(email: string): Promise<string> {
  const { db } = await server.database();
  return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

async function notificationFor(email: string): Promise<string> {
  const { db } = await server.database();
  const id = `n13${Math.random().toString(36).slice(2, 12)}`;
  await db
    .insertInto('notifications')
    .values({
      id,
      user_id: await userId(email),
      kind: 'interest.new',
      payload: '{}',
      link: '/needs',
      read_at: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

describe('public input that used to be a 500 (point 8)', () => {
  it('answers a NUL in the search of /products and /needs with the page', async () => {
    const anonymous = new HttpClient(server.url);
    expect((await anonymous.get('/products?q=abc%00')).status).toBe(200);
    const bank = await signedIn(DEMO.bank);
    for (const path of ['/products?q=abc%00', '/needs?q=abc%00', '/needs?q=%00', '/products?q=%E7%BA%BA%00%E7%BB%87']) {
      expect((await bank.get(path)).status, path).toBe(200);
    }
  });

  it('redirects to a non-ASCII target percent-encoded on /login (with the cookie), /lang and /notifications', async () => {
    const client = new HttpClient(server.url);
    const login = await client.post('/login', { email: DEMO.enterprise, password: DEMO.password, redirectTo: '/需求' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/%E9%9C%80%E6%B1%82');
    expect(client.cookies.has('finmatch_session')).toBe(true);
    const viaQuery = await new HttpClient(server.url).post(`/login?redirectTo=${encodeURIComponent('/需求?q=纺织#第一')}`, {
      email: DEMO.enterprise,
      password: DEMO.password,
    });
    expect(viaQuery.status).toBe(302);
    expect(viaQuery.headers.get('location')).toBe('/%E9%9C%80%E6%B1%82?q=%E7%BA%BA%E7%BB%87#%E7%AC%AC%E4%B8%80');
    const lang = await client.post('/lang', { locale: 'en', redirectTo: '/需求' });
    expect(lang.status).toBe(302);
    expect(lang.headers.get('location')).toBe('/%E9%9C%80%E6%B1%82');
    const open = await client.post('/notifications', { intent: 'read', id: await notificationFor(DEMO.enterprise), next: '/需求' });
    expect(open.status).toBe(302);
    expect(open.headers.get('location')).toBe('/%E9%9C%80%E6%B1%82');
  });
});

describe('one redirect-target check (point 9)', () => {
  it('does not follow /\\evil.example (or other hosts) from /notifications', async () => {
    const client = await signedIn(DEMO.bank);
    for (const next of ['/\\evil.example', '//evil.example', '/\t/evil.example', 'https://evil.example']) {
      const res = await client.post('/notifications', { intent: 'read', id: await notificationFor(DEMO.bank), next });
      expect(res.status, next).toBe(302);
      const location = res.headers.get('location') ?? '';
      expect(new URL(location, 'http://finmatch.invalid').origin, next).toBe('http://finmatch.invalid');
      expect(location, next).not.toMatch(/^\/[\\/]|evil/);
    }
  });
});

describe('smaller findings (point 10)', () => {
  it('shows a visible message when a checkbox value was tampered with', async () => {
    const enterprise = await signedIn(DEMO.enterprise);
    const res = await enterprise.post('/enterprise/needs/financing/new', {
      title: '篡改复选框的需求',
      amount: '800',
      term_months: '36',
      purpose: 'tech_upgrade',
      guarantees: ['mortgage', 'not-a-guarantee'],
      max_rate: '4.5',
      wanted_by: '',
      description: '',
      attachments: '',
      intent: 'draft',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('请从列表中选择');
  });
});

describe('the server file findings (points 8 and 10)', () => {
  it('answers TRACE and other unknown methods with 405, not a 500', async () => {
    // fetch() refuses to send TRACE itself, so these go over a raw socket
    expect(await rawStatus('TRACE')).toBe(405);
    expect(await rawStatus('PROPFIND')).toBe(405);
    expect(await rawStatus('GET')).toBe(200);
  });

  it('does not let X-Forwarded-Host vouch for a foreign Origin when TRUST_PROXY is unset', async () => {
    const res = await fetch(`${server.url}/lang`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'locale=en&redirectTo=/',
    });
    expect(res.status).toBe(403);
  });
});

async function rawStatus(method: string): Promise<number> {
  const net = await import('node:net');
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`${method} / HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}
