/**
 * The page cache in front of Remix (app/server/page-cache.ts, decision 023), through
 * HTTP against the real server: a second identical GET is served from the cache
 * with fresh per-response tokens; any committed write — through the app or from
 * another connection (another process) — is seen by the next GET; two users never
 * share an answer; a revoked session never gets a stored page; a flash message is
 * not swallowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PAGE_CACHE_TTL_MS: '10000' } });
});
afterAll(async () => {
  await server?.stop();
});

async function as(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '';

describe('page cache', () => {
  it('serves a repeated GET from the cache with this response’s nonce and request id', async () => {
    const org = await as(DEMO.organizer);
    const first = await org.get('/organizer/settings');
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('x-page-cache')).toBe('miss');
    const second = await org.get('/organizer/settings');
    const body = await second.text();
    expect(second.headers.get('x-page-cache')).toBe('hit');
    const nonce = nonceOf(second);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(nonce).not.toBe(nonceOf(first));
    // every script carries the nonce of the CSP header sent with it, none the old one
    const scriptNonces = [...body.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
    expect(body).not.toContain(nonceOf(first));
    // the request id on the page (shown on error screens) is this request's
    const requestId = second.headers.get('x-request-id')!;
    expect(body).toContain(`"requestId":"${requestId}"`);
    expect(body).not.toContain(first.headers.get('x-request-id')!);
    // apart from those tokens, the same page
    expect(body.replaceAll(nonce, 'N').replaceAll(requestId, 'R')).toBe(firstBody.replaceAll(nonceOf(first), 'N').replaceAll(first.headers.get('x-request-id')!, 'R'));
  });

  it('shows a write made through the app at once, and keeps its flash message', async () => {
    const org = await as(DEMO.organizer);
    await org.get('/organizer/settings');
    expect((await org.get('/organizer/settings')).headers.get('x-page-cache')).toBe('hit');
    const saved = await org.post('/organizer/settings', { intent: 'agreementLateDays', lateDays: '17' });
    expect(saved.status).toBe(302);
    expect(org.cookies.has('finmatch_flash')).toBe(true);
    const after = await org.get('/organizer/settings');
    expect(after.headers.get('x-page-cache')).toBeNull(); // a flash cookie: not from the cache
    const text = await after.text();
    expect(text).toContain('value="17"');
    expect(text).toContain('role="status"');
    expect(org.cookies.has('finmatch_flash')).toBe(false);
    // the next one is computed again (a miss), then served from the cache, still 17
    const again = await org.get('/organizer/settings');
    expect(again.headers.get('x-page-cache')).toBe('miss');
    expect(await again.text()).toContain('value="17"');
    const hit = await org.get('/organizer/settings');
    expect(hit.headers.get('x-page-cache')).toBe('hit');
    expect(await hit.text()).toContain('value="17"');
  });

  it('shows a write committed by another connection (another process) at once', async () => {
    const org = await as(DEMO.organizer);
    await org.get('/organizer/settings');
    expect((await org.get('/organizer/settings')).headers.get('x-page-cache')).toBe('hit');
    const { db } = await server.database();
    const me = await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow();
    await db.updateTable('users').set({ name: '缓存测试改名' }).where('id', '=', me.id).execute();
    const after = await org.get('/organizer/settings');
    expect(after.headers.get('x-page-cache')).toBe('miss');
    expect(await after.text()).toContain('缓存测试改名');
  });

  it('never gives one user the page stored for another', async () => {
    const bank = await as(DEMO.bank);
    const enterprise = await as(DEMO.enterprise);
    for (const c of [bank, enterprise]) await c.get('/notifications');
    const [b, e] = [await bank.get('/notifications'), await enterprise.get('/notifications')];
    expect(b.headers.get('x-page-cache')).toBe('hit');
    expect(e.headers.get('x-page-cache')).toBe('hit');
    // the signed-in user in the root data of each page
    const who = (html: string) => /"user":\{"name":"([^"]+)","role":"(\w+)"/.exec(html)?.slice(1, 3);
    expect(who(await b.text())?.[1]).toBe('bank');
    expect(who(await e.text())?.[1]).toBe('enterprise');
  });

  it('does not serve a stored page to a session that has ended', async () => {
    const org = await as(DEMO.organizer);
    await org.get('/organizer/settings');
    expect((await org.get('/organizer/settings')).headers.get('x-page-cache')).toBe('hit');
    const stolen = new HttpClient(server.url);
    stolen.cookies = new Map(org.cookies);
    expect((await org.post('/logout', {})).status).toBe(302);
    const res = await stolen.get('/organizer/settings');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
  });

  it('keeps answers per language and per URL', async () => {
    const c = await as(DEMO.enterprise);
    const zh = await (await c.get('/products')).text();
    await c.post('/lang', { locale: 'en', redirectTo: '/products' });
    const en = await c.get('/products');
    expect(en.headers.get('x-page-cache')).not.toBe('hit');
    expect(await en.text()).not.toBe(zh);
    expect((await c.get('/products?page=2')).headers.get('x-page-cache')).toBe('miss');
  });
});
