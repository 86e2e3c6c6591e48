/**
 * The server layer (app/server/, decision record 024) through HTTP against the
 * real server, once without and once with the optional page cache: who is asking
 * is resolved once per request and the session renewal cookie is sent when due;
 * request ids are the server's own (a client's X-Request-Id never reaches a page);
 * a hostile X-Request-Id cannot spoil the page the next visitor gets; a route's
 * `Cache-Control: no-store` is respected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

const DAY = 24 * 60 * 60 * 1000;
const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '';

/** A page with its own per-response tokens (CSP nonce, request id) replaced by placeholders. */
async function normalised(res: Response): Promise<string> {
  const body = await res.text();
  return body.replaceAll(nonceOf(res), 'NONCE').replaceAll(res.headers.get('x-request-id') ?? '\u0000', 'REQUEST-ID');
}

describe.each([
  { cache: false, env: {} as Record<string, string> },
  { cache: true, env: { PAGE_CACHE_TTL_MS: '60000' } as Record<string, string> },
])('server layer (page cache $cache)', ({ cache, env }) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ env });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function as(email: string): Promise<HttpClient> {
    const c = new HttpClient(server.url);
    await c.login(email, DEMO.password);
    return c;
  }

  it('sends the session renewal cookie when the session is due, and only then', async () => {
    const org = await as(DEMO.organizer);
    // the page as the cache would have it: seen twice before the session becomes due
    for (let i = 0; i < 2; i++) expect((await org.get('/organizer/settings')).status).toBe(200);
    const { db } = await server.database();
    const me = await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow();
    const due = new Date(Date.now() + 5 * DAY).toISOString();
    await db.updateTable('auth_sessions').set({ expires_at: due }).where('user_id', '=', me.id).execute();

    const renewed = await org.get('/organizer/settings');
    expect(renewed.status).toBe(200);
    const cookie = renewed.headers.getSetCookie().find((c) => c.startsWith('finmatch_session='));
    expect(cookie, 'renewal cookie').toBeDefined();
    const expires = new Date(/Expires=([^;]+)/.exec(cookie!)![1]).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 29 * DAY);
    expect(cookie).toContain('HttpOnly');
    const stored = await db.selectFrom('auth_sessions').select('expires_at').where('user_id', '=', me.id).execute();
    expect(stored.some((s) => new Date(s.expires_at).getTime() > Date.now() + 29 * DAY)).toBe(true);

    // not due any more: no cookie on the next pages
    for (let i = 0; i < 2; i++) {
      const next = await org.get('/organizer/settings');
      expect(next.status).toBe(200);
      expect(next.headers.getSetCookie().filter((c) => c.startsWith('finmatch_session='))).toEqual([]);
    }
  });

  it('generates its own request ids: a client X-Request-Id is not echoed, in the header or in any page', async () => {
    const hostile = 'client-chosen-request-id-4711';
    const bank = await as(DEMO.bank);
    const anonymous = new HttpClient(server.url);
    for (const [client, path] of [
      [anonymous, '/'],
      [anonymous, '/login'],
      [anonymous, '/products'],
      [bank, '/'],
      [bank, '/needs'],
      [bank, '/notifications'],
      [anonymous, '/no-such-page'],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const res = await client.get(path, { 'X-Request-Id': hostile });
        const body = await res.text();
        expect(res.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
        expect(body, path).not.toContain(hostile);
        if (res.status === 200) expect(body, path).toContain(res.headers.get('x-request-id')!);
      }
    }
    // the client's id is kept in the log beside the server's, for tracing
    await new Promise((r) => setTimeout(r, 300));
    expect(server.logs()).not.toContain(hostile); // LOG_LEVEL=warn in tests: request lines are info
  });

  it('gives the next anonymous visitor an intact page after requests with X-Request-Id: __remixContext', async () => {
    const visitor = () => new HttpClient(server.url);
    const before = await normalised(await visitor().get('/'));
    expect(before).toContain('window.__remixContext');
    for (let i = 0; i < 3; i++) {
      const hostile = await visitor().get('/', { 'X-Request-Id': '__remixContext' });
      expect(hostile.status).toBe(200);
      expect(await normalised(hostile)).toBe(before);
    }
    const next = await visitor().get('/');
    if (cache) expect(['hit', 'miss']).toContain(next.headers.get('x-page-cache'));
    const page = await normalised(next);
    expect(page).toBe(before);
    expect(page.split('__remixContext').length).toBe(before.split('__remixContext').length);
  });

  it('respects a route’s Cache-Control: no-store', async () => {
    const org = await as(DEMO.organizer);
    const { db } = await server.database();
    const event = await db.selectFrom('events').select('id').where('region_code', 'like', '4104%').executeTakeFirstOrThrow();
    const path = `/organizer/events/${event.id}/live.json`;
    for (let i = 0; i < 3; i++) {
      const res = await org.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.headers.get('x-page-cache')).not.toBe('hit');
      expect(res.headers.get('x-page-cache')).not.toBe('shared');
      await res.arrayBuffer();
    }
    // signed-in pages are private, no-store: never kept; an anonymous page is (when the cache is on)
    for (let i = 0; i < 2; i++) expect((await org.get('/organizer/settings')).headers.get('x-page-cache')).toBe(cache ? 'miss' : null);
    // a write between two visits (on PostgreSQL the background jobs' own bookkeeping too)
    // starts a new data version, and so a miss: the kept page shows within a few visits
    const visitor = new HttpClient(server.url);
    const seen: (string | null)[] = [];
    for (let i = 0; i < 6 && !seen.includes('hit'); i++) seen.push((await visitor.get('/login')).headers.get('x-page-cache'));
    if (cache) expect(seen).toContain('hit');
    else expect(seen.every((s) => s === null)).toBe(true);
  });

  it('hands who is asking to the layout: organization and unread notifications from the one lookup', async () => {
    const ent = await as(DEMO.enterprise);
    const html = await (await ent.get('/notifications')).text();
    const user = /"user":(\{[^}]*\})/.exec(html)?.[1];
    expect(user).toBeDefined();
    const parsed = JSON.parse(user!) as { role: string; orgName: string | null; orgStatus: string | null; unreadNotifications: number };
    expect(parsed.role).toBe('enterprise');
    expect(parsed.orgName).toBe('舞钢市龙山纺织科技有限公司');
    expect(parsed.orgStatus).toBe('verified');
    expect(typeof parsed.unreadNotifications).toBe('number');
  });
});

/**
 * The server on Node's own http objects (decision 050a): what Express used to do for it —
 * static files with their cache lifetimes, falling through to the pages when there is no
 * file, the probes, HEAD, the charset of text answers — still holds.
 */
describe('the plain HTTP server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves public files for an hour and built assets for a year, and pages where there is no file', async () => {
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(icon.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await icon.arrayBuffer();

    const home = await (await fetch(`${server.url}/`)).text();
    const asset = /\/build\/[^"]+\.js/.exec(home)?.[0];
    expect(asset, 'an asset on the home page').toBeDefined();
    const js = await fetch(`${server.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await js.text()).length).toBeGreaterThan(0);

    // no such file: the app's own not-found page, not a bare answer of the file server
    for (const missing of ['/build/no-such-file.js', '/no-such-file.svg']) {
      const res = await fetch(`${server.url}${missing}`);
      expect(res.status, missing).toBe(404);
      expect(res.headers.get('content-type'), missing).toContain('text/html');
      expect(await res.text(), missing).toContain('window.__remixContext');
    }
  });

  it('answers the probes and HEAD without a body, and text answers in UTF-8', async () => {
    const ping = await fetch(`${server.url}/ping`);
    expect([ping.status, await ping.text(), ping.headers.get('cache-control')]).toEqual([200, 'pong\n', 'no-store']);
    expect(ping.headers.get('x-request-id')).toBeNull();
    const head = await fetch(`${server.url}/ping`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await health.json()) as { status?: string }).status).toBeDefined();
    const page = await fetch(`${server.url}/login`, { method: 'HEAD' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe('');
  });
});
