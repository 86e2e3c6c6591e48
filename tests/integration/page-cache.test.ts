/**
 * The optional page cache in front of Remix (app/server/page-cache.ts, decisions
 * 023 and 024; off unless PAGE_CACHE_TTL_MS is set), through HTTP against the real
 * server: a second identical GET is served from the cache with fresh per-response
 * tokens; any committed write — through the app or from another connection
 * (another process) — is seen by the next GET; signed-in pages, which carry
 * `Cache-Control: private, no-store`, are never stored, so two users never share
 * an answer and an ended session never gets a stored page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;

beforeAll(async () => {
  // the job runner's own writes (pg-boss maintenance on PostgreSQL) move the data version and empty the cache; these tests are about the cache alone
  server = await startServer({ env: { PAGE_CACHE_TTL_MS: '10000', JOBS_WORKER: 'off' } });
});
afterAll(async () => {
  await server?.stop();
});

async function as(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

/**
 * GETs `path` until an answer comes from the cache, and returns it with the answer before it.
 * On PostgreSQL the data version is the server's snapshot, which every commit on the server
 * moves — other databases' too (the other test files' databases, pg-boss bookkeeping) — and a
 * moved version costs a render (decision 023): the stored page shows within a few visits.
 */
async function untilHit(client: HttpClient, path: string, tries = 20): Promise<{ before: Response; beforeBody: string; hit: Response }> {
  let before = await client.get(path);
  let beforeBody = await before.text();
  for (let i = 0; i < tries; i++) {
    const next = await client.get(path);
    if (next.headers.get('x-page-cache') === 'hit') return { before, beforeBody, hit: next };
    before = next;
    beforeBody = await next.text();
  }
  throw new Error(`no answer from the cache in ${tries} visits to ${path}`);
}

const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '';

describe('page cache', () => {
  it('serves a repeated anonymous GET from the cache with this response’s nonce and request id', async () => {
    const visitor = new HttpClient(server.url);
    const { before: first, beforeBody: firstBody, hit: second } = await untilHit(visitor, '/products');
    expect(first.status).toBe(200);
    expect(['miss', 'hit']).toContain(first.headers.get('x-page-cache'));
    const body = await second.text();
    expect(second.status).toBe(200);
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
    expect(body.replaceAll(nonce, 'N').replaceAll(requestId, 'R')).toBe(
      firstBody.replaceAll(nonceOf(first), 'N').replaceAll(first.headers.get('x-request-id')!, 'R'),
    );
  });

  it('shows a write committed by another connection (another process) at once', async () => {
    const visitor = new HttpClient(server.url);
    await untilHit(visitor, '/products');
    const { db } = await server.database();
    const product = await db.selectFrom('loan_products').select(['id', 'name']).where('status', '=', 'published').executeTakeFirstOrThrow();
    await db.updateTable('loan_products').set({ name: '缓存测试产品改名' }).where('id', '=', product.id).execute();
    const after = await visitor.get(`/products?q=${encodeURIComponent('缓存测试产品改名')}`);
    expect(after.headers.get('x-page-cache')).toBe('miss');
    const again = await visitor.get('/products');
    expect(again.headers.get('x-page-cache')).toBe('miss');
  });

  it('never stores a signed-in page (private, no-store): users never share one, an ended session never gets one', async () => {
    const bank = await as(DEMO.bank);
    const enterprise = await as(DEMO.enterprise);
    for (let i = 0; i < 2; i++) {
      const [b, e] = [await bank.get('/notifications'), await enterprise.get('/notifications')];
      for (const res of [b, e]) {
        expect(res.headers.get('cache-control')).toContain('no-store');
        expect(res.headers.get('x-page-cache')).toBe('miss');
      }
      const who = (html: string) => /"user":\{"name":"([^"]+)","role":"(\w+)"/.exec(html)?.slice(1, 3);
      expect(who(await b.text())?.[1]).toBe('bank');
      expect(who(await e.text())?.[1]).toBe('enterprise');
    }
    const stolen = new HttpClient(server.url);
    stolen.cookies = new Map(bank.cookies);
    expect((await bank.post('/logout', {})).status).toBe(302);
    const res = await stolen.get('/notifications');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
  });

  it('keeps answers per language and per URL', async () => {
    const c = new HttpClient(server.url);
    const zh = await (await c.get('/products')).text();
    await c.post('/lang', { locale: 'en', redirectTo: '/products' });
    const en = await c.get('/products');
    expect(en.headers.get('x-page-cache')).not.toBe('hit');
    expect(await en.text()).not.toBe(zh);
    expect((await c.get('/products?page=2')).headers.get('x-page-cache')).toBe('miss');
  });
});
