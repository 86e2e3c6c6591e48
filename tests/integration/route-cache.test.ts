/**
 * Route matching cached per path (app/server/route-cache.ts, issue 19): each path
 * still reaches its own route with its own params, in any order and repeatedly;
 * data requests, Remix's manifest requests and unknown paths behave as before;
 * the page's client manifest still names the routes of its parent paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';

describe('route matching cached per path', () => {
  let server: TestServer;
  let products: { id: string; name: string }[];

  beforeAll(async () => {
    server = await startServer();
    const { db } = await server.database();
    products = await db
      .selectFrom('loan_products')
      .select(['id', 'name'])
      .where('status', '=', 'published')
      .orderBy('id')
      .limit(3)
      .execute();
    expect(new Set(products.map((p) => p.name)).size).toBe(3);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends two paths of one route with different params each to its own record, in any order', async () => {
    const anonymous = new HttpClient(server.url);
    for (let round = 0; round < 3; round++) {
      for (const p of round % 2 ? [...products].reverse() : products) {
        const res = await anonymous.get(`/products/${p.id}`);
        expect(res.status).toBe(200);
        const html = await res.text();
        expect(titleOf(html)).toContain(p.name);
        for (const other of products) if (other.id !== p.id) expect(titleOf(html)).not.toContain(other.name);
      }
    }
  });

  it('sends different routes to their own loaders, interleaved and repeated', async () => {
    const bank = new HttpClient(server.url);
    await bank.login(DEMO.bank, DEMO.password);
    const expected: [string, RegExp][] = [
      ['/products', /产品目录/],
      ['/needs', /<title>[^<]*需求/],
      ['/', /<title>/],
      [`/products/${products[0].id}`, new RegExp(products[0].name)],
      ['/notifications', /<title>[^<]*通知/],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [path, pattern] of expected) {
        const res = await bank.get(path);
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).toMatch(pattern);
      }
    }
  });

  it('answers data requests for the routes of the path, and refuses a route the path does not match', async () => {
    const anonymous = new HttpClient(server.url);
    const own = await anonymous.get(`/products/${products[1].id}?_data=routes/products.$productId`);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { product: { id: string } }).product.id).toBe(products[1].id);
    const root = await anonymous.get(`/products/${products[1].id}?_data=root`);
    expect(root.status).toBe(200);
    expect(await root.json()).toHaveProperty('locale', 'zh-CN');
    const foreign = await anonymous.get(`/products/${products[1].id}?_data=routes/needs._index`);
    expect(foreign.status).toBe(403);
  });

  it('renders the client manifest with the routes of the parent paths (for client navigation)', async () => {
    const html = await (await new HttpClient(server.url).get(`/products/${products[2].id}`)).text();
    const manifest = /window\.__remixManifest\s*=\s*(\{.*?\});/s.exec(html)?.[1].replace(/\s+/g, '') ?? '';
    for (const id of ['root', 'routes/products.$productId', 'routes/products._index', 'routes/_index'])
      expect(manifest, id).toContain(`"${id}"`);
    expect(manifest).not.toContain('"routes/needs._index"');
  });

  it('answers unknown paths with the not-found page and serves the manifest endpoint', async () => {
    const anonymous = new HttpClient(server.url);
    for (const path of ['/no-such-page', '/products/x/y/z']) {
      const res = await anonymous.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain('<html');
    }
    const page = await (await anonymous.get('/products')).text();
    const version = /"version":\s*"([^"]+)"/.exec(page)?.[1];
    expect(version).toBeTruthy();
    const manifest = await anonymous.get(`/__manifest?p=${encodeURIComponent('/needs')}&version=${version}`);
    expect(manifest.status).toBe(200);
    expect(await manifest.text()).toContain('routes/needs._index');
  });
});
