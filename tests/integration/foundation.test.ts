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

describe('foundation over HTTP', () => {
  it('reports health with the database state', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', database: { kind: process.env.TEST_PG_URL ? 'postgres' : 'sqlite', ok: true } });
  });

  it('sends security headers with a nonce-based CSP', async () => {
    const res = await fetch(`${server.url}/login`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeTruthy();
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    // every inline script carries the nonce
    const scripts = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s[1]).toContain(`nonce="${nonce}"`);
  });

  it('logs in with the demo organizer and logs out again', async () => {
    const client = new HttpClient(server.url);
    const res = await client.login(DEMO.organizer, DEMO.password);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('finmatch_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const home = await client.get('/');
    expect(await home.text()).toContain('政府部门工作台');
    const out = await client.post('/logout', {});
    expect(out.status).toBe(302);
    const after = await client.get('/');
    expect(await after.text()).not.toContain('政府部门工作台');
  });

  it('stores only the SHA-256 hash of the session token', async () => {
    const client = new HttpClient(server.url);
    await client.login(DEMO.bank, DEMO.password);
    const token = client.cookies.get('finmatch_session')!;
    const { db } = await server.database();
    const rows = await db.selectFrom('auth_sessions').select('id').execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(rows.some((r) => r.id === createHash('sha256').update(token).digest('hex'))).toBe(true);
  });

  it('rejects a write from a foreign Origin with 403', async () => {
    const client = new HttpClient(server.url);
    const res = await client.post('/login', { email: DEMO.admin, password: DEMO.password }, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(client.cookies.has('finmatch_session')).toBe(false);
  });

  it('answers wrong passwords with a clear message in Chinese and in English', async () => {
    const client = new HttpClient(server.url);
    const res = await client.post('/login', { email: DEMO.enterprise, password: 'wrong-password-1' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('邮箱或密码不正确');
    client.cookies.set('finmatch_lang', 'en');
    const en = await client.post('/login', { email: DEMO.enterprise, password: 'wrong-password-2' });
    expect(await en.text()).toContain('Wrong email or password');
  });
});
