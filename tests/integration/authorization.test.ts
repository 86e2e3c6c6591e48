/**
 * Every route × every actor × GET/POST, from tests/integration/authorization-table.ts.
 * Fails when a route file under app/routes has no entry in the table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/modules/auth/password.server';
import { DEMO, HttpClient } from '../support/http-client';
import { ROOT, startServer, type TestServer } from '../support/server';
import {
  ACTORS,
  AUTHORIZATION_TABLE,
  createFixtures,
  fillPattern,
  routePattern,
  type Actor,
  type Case,
  type Expect,
  type Fixtures,
} from './authorization-table';

const ROUTES_DIR = path.join(ROOT, 'app/routes');
const ROUTE_EXT = /\.(tsx|ts|jsx|js)$/;

interface RouteFile {
  key: string;
  file: string;
  hasAction: boolean;
}

/** Route files as Remix sees them (remix.config.js ignores dot files and tests). */
function discoverRoutes(): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    let file: string | undefined;
    let key: string;
    if (entry.isDirectory()) {
      const inner = fs.readdirSync(path.join(ROUTES_DIR, entry.name)).find((n) => /^route\.(tsx|ts|jsx|js)$/.test(n));
      if (!inner) continue;
      file = path.join(ROUTES_DIR, entry.name, inner);
      key = entry.name;
    } else {
      if (!ROUTE_EXT.test(entry.name) || /\.test\.(tsx?|jsx?)$/.test(entry.name)) continue;
      file = path.join(ROUTES_DIR, entry.name);
      key = entry.name.replace(ROUTE_EXT, '');
    }
    const source = fs.readFileSync(file, 'utf8');
    const hasAction = /export\s+(async\s+)?function\s+action\b|export\s+(const|let)\s+action\b|export\s*\{[^}]*\baction\b[^}]*\}/.test(
      source,
    );
    out.push({ key, file, hasAction });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

const ROUTES = discoverRoutes();
const CREATED_PASSWORD = 'Authz-test-password-1';

let server: TestServer;
let fx: Fixtures;
const clients = new Map<Actor, HttpClient>();

async function signIn(actor: Actor): Promise<HttpClient> {
  const client = new HttpClient(server.url);
  if (actor === 'anonymous') return client;
  const created = actor === 'pendingEnterprise' || actor === 'otherOrganizer';
  await client.login(fx.users[actor].email, created ? CREATED_PASSWORD : DEMO.password);
  return client;
}

function describeExpect(e: Expect): string {
  return typeof e === 'object' ? `302→${String(e.location)}` : String(e);
}

function matches(res: Response, e: Expect): boolean {
  if (e === 'skip') return true;
  if (typeof e === 'number') return res.status === e;
  const location = res.headers.get('location') ?? '';
  return res.status === e.status && (typeof e.location === 'string' ? location === e.location : e.location.test(location));
}

function actual(res: Response): string {
  return res.status >= 300 && res.status < 400 ? `${res.status}→${res.headers.get('location')}` : String(res.status);
}

beforeAll(async () => {
  const [srv, hash] = await Promise.all([startServer(), hashPassword(CREATED_PASSWORD)]);
  server = srv;
  fx = await createFixtures((await server.database()).db, DEMO, hash);
  for (const actor of ACTORS) clients.set(actor, await signIn(actor));
});
afterAll(async () => {
  await server?.stop();
});

describe('the authorization table', () => {
  it('has an entry for every route file, and none for a file that is gone', () => {
    const keys = new Set(ROUTES.map((r) => r.key));
    const missing = ROUTES.filter((r) => !(r.key in AUTHORIZATION_TABLE)).map((r) => `${r.key} (${routePattern(r.key)})`);
    const stale = Object.keys(AUTHORIZATION_TABLE).filter((k) => !keys.has(k));
    expect(missing, 'route files without an entry in tests/integration/authorization-table.ts').toEqual([]);
    expect(stale, 'entries for route files that no longer exist').toEqual([]);
  });

  it('checks POST exactly for the routes that have an action, and GET for every route', () => {
    const problems: string[] = [];
    for (const r of ROUTES) {
      const cases = AUTHORIZATION_TABLE[r.key];
      if (!cases) continue;
      const hasPost = cases.some((c) => c.post);
      if (r.hasAction && !hasPost) problems.push(`${r.key}: has an action but no POST check`);
      if (!r.hasAction && hasPost) problems.push(`${r.key}: has a POST check but no action`);
      if (!cases.some((c) => c.get)) problems.push(`${r.key}: no GET check`);
    }
    expect(problems).toEqual([]);
  });

  it('derives URLs from Remix flat-route file names', () => {
    expect(routePattern('_index')).toBe('/');
    expect(routePattern('login')).toBe('/login');
    expect(routePattern('account.sessions')).toBe('/account/sessions');
    expect(routePattern('signup._index')).toBe('/signup');
    expect(routePattern('organizer.verifications.$orgId')).toBe('/organizer/verifications/:orgId');
    expect(routePattern('needs_.$kind.$needId')).toBe('/needs/:kind/:needId');
    expect(routePattern('_auth.login')).toBe('/login');
    expect(routePattern('files.$')).toBe('/files/*');
    expect(routePattern('sitemap[.]xml')).toBe('/sitemap.xml');
    expect(routePattern('($lang).about')).toBe('/:lang?/about');
    expect(fillPattern('/needs/:kind/:needId', { kind: 'financing', needId: 'a b' })).toBe('/needs/financing/a%20b');
    expect(fillPattern('/:lang?/about')).toBe('/about');
    expect(() => fillPattern('/x/:id')).toThrow();
  });
});

describe.each(ROUTES.filter((r) => AUTHORIZATION_TABLE[r.key]).map((r) => [r.key, r] as const))('%s', (key) => {
  const cases: Case[] = AUTHORIZATION_TABLE[key];
  for (const [i, c] of cases.entries()) {
    const name = c.label ?? (cases.length > 1 ? `case ${i + 1}` : 'default');
    if (c.get) {
      it(`GET — ${name}`, async () => {
        const url = fillPattern(routePattern(key), c.params?.(fx)) + (c.search ?? '');
        const wrong: string[] = [];
        for (const actor of ACTORS) {
          const e = c.get![actor];
          if (e === 'skip') continue;
          const res = await clients.get(actor)!.get(url);
          await res.arrayBuffer();
          if (!matches(res, e)) wrong.push(`${actor}: expected ${describeExpect(e)}, got ${actual(res)}`);
        }
        expect(wrong, `GET ${url}`).toEqual([]);
      });
    }
    if (c.post) {
      const post = c.post;
      it(`POST — ${name}`, async () => {
        const url = fillPattern(routePattern(key), c.params?.(fx)) + (c.search ?? '');
        const body = post.body?.(fx) ?? {};
        const wrong: string[] = [];
        for (const actor of ACTORS) {
          const e = post.expect[actor];
          if (e === 'skip') continue;
          const client = post.endsSession ? await signIn(actor) : clients.get(actor)!;
          const res = await client.post(url, body);
          await res.arrayBuffer();
          if (!matches(res, e)) wrong.push(`${actor}: expected ${describeExpect(e)}, got ${actual(res)}`);
        }
        expect(wrong, `POST ${url} ${JSON.stringify(body)}`).toEqual([]);
      });
    }
  }
});

describe('Origin check on every POST route', () => {
  it('refuses a foreign Origin with 403, signed in or not (the same-origin POSTs are the checks above)', async () => {
    const wrong: string[] = [];
    for (const r of ROUTES.filter((x) => x.hasAction && AUTHORIZATION_TABLE[x.key])) {
      const c = AUTHORIZATION_TABLE[r.key].find((x) => x.post)!;
      const url = fillPattern(routePattern(r.key), c.params?.(fx));
      for (const actor of ['anonymous', 'enterprise', 'admin'] as const) {
        for (const origin of ['https://evil.example', 'null']) {
          const res = await clients.get(actor)!.post(url, c.post!.body?.(fx) ?? {}, { Origin: origin });
          await res.arrayBuffer();
          if (res.status !== 403) wrong.push(`${actor} ${origin} → POST ${url}: ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // the actors are still signed in: nothing above reached the app
    for (const actor of ['enterprise', 'admin'] as const) expect((await clients.get(actor)!.get('/account/password')).status).toBe(200);
  });
});

describe('after all the checks above', () => {
  it('nothing the POST checks touched has changed', async () => {
    const { db } = fx;
    const otherProduct = await db
      .selectFrom('loan_products')
      .select('status')
      .where('id', '=', fx.products.otherPublished)
      .executeTakeFirstOrThrow();
    expect(otherProduct.status).toBe('published');
    const orgs = await db
      .selectFrom('organizations')
      .select(['id', 'status'])
      .where('id', 'in', [fx.orgs.pendingEnterprise, fx.orgs.otherRegionPending])
      .execute();
    expect(orgs.map((o) => o.status)).toEqual(['pending', 'pending']);
    expect(await db.selectFrom('auth_sessions').select('id').where('id', '=', fx.stranger.sessionId).executeTakeFirst()).toBeDefined();
    const note = await db
      .selectFrom('notifications')
      .select('read_at')
      .where('id', '=', fx.stranger.notificationId)
      .executeTakeFirstOrThrow();
    expect(note.read_at).toBeNull();
    const users = await db
      .selectFrom('users')
      .select(['email', 'active'])
      .where(
        'id',
        'in',
        Object.values(fx.users).map((u) => u.id),
      )
      .execute();
    expect(users.every((u) => u.active === 1)).toBe(true);
    const needs = await db
      .selectFrom('financing_needs')
      .select(['id', 'status'])
      .where('id', 'in', Object.values(fx.needs.financing))
      .execute();
    expect(Object.fromEntries(needs.map((n) => [n.id, n.status]))).toEqual({
      [fx.needs.financing.own]: 'published',
      [fx.needs.financing.ownDraft]: 'draft',
      [fx.needs.financing.otherTenant]: 'published',
      [fx.needs.financing.otherRegion]: 'published',
    });
  });
});
