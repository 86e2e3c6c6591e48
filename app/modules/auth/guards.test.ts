import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, insertUser, tempDatabaseUrl, type TempDatabase } from '../../../tests/support/temp-db';
import type { Role } from '#db/schema';
import { errorResponse, isAppError } from '~/utils/errors';

// The guards read the app's database from DATABASE_URL (app/utils/db.server.ts):
// point it at a fresh migrated file before the guards are loaded.
const url = tempDatabaseUrl('guards');
process.env.DATABASE_URL = url;

type Guards = typeof import('./guards.server');
type Sessions = typeof import('./auth-session.server');
type GuardArgs = import('./guards.server').GuardArgs;
let w: typeof import('./who.server');
let g: Guards;
let s: Sessions;
let t: TempDatabase;
const ids: Record<string, string> = {};

/** A route's `{ request, context }` as the server builds them: who is asking resolved once from the cookie. */
async function argsFor(request: Request): Promise<GuardArgs> {
  const { who } = await w.resolveWho(t.db, request.headers.get('Cookie'));
  return { request, context: { requestId: 'test', cspNonce: 'test', clientIp: null, who } };
}

async function requestAs(userId: string | null, path = '/somewhere?x=1'): Promise<GuardArgs> {
  const headers = new Headers();
  if (userId) {
    const token = s.generateSessionToken();
    await s.createSession(t.db, token, userId);
    headers.set('Cookie', `${s.SESSION_COOKIE}=${token}`);
  }
  return argsFor(new Request(`http://finmatch.test${path}`, { headers }));
}

/** What a guard throws, as the response it becomes (fails the test when it throws nothing or something else). */
async function thrown(p: Promise<unknown>): Promise<Response> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e;
    if (isAppError(e)) return errorResponse(e);
    throw e;
  }
  throw new Error('the guard did not throw');
}

async function expectStatus(p: Promise<unknown>, status: number, message?: string) {
  const res = await thrown(p);
  expect(res.status).toBe(status);
  if (message) expect(await res.json()).toEqual({ message });
}

beforeAll(async () => {
  t = await createTempDatabase(url);
  g = await import('./guards.server');
  s = await import('./auth-session.server');
  w = await import('./who.server');
  const ent = await insertOrg(t.db, { kind: 'enterprise', status: 'verified', region: '410481' });
  const pending = await insertOrg(t.db, { kind: 'enterprise', status: 'pending' });
  const bank = await insertOrg(t.db, { kind: 'bank', status: 'verified' });
  ids.entOrg = ent;
  ids.enterprise = await insertUser(t.db, { role: 'enterprise', organizationId: ent });
  ids.pending = await insertUser(t.db, { role: 'enterprise', organizationId: pending });
  ids.bank = await insertUser(t.db, { role: 'bank', organizationId: bank });
  ids.orphan = await insertUser(t.db, { role: 'bank', organizationId: null });
  ids.organizer = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
  ids.regionless = await insertUser(t.db, { role: 'organizer', regionCode: null });
  ids.admin = await insertUser(t.db, { role: 'admin' });
  ids.inactive = await insertUser(t.db, { role: 'admin', active: false });
});

afterAll(async () => {
  const { getDatabase } = await import('~/utils/db.server');
  await (await getDatabase()).db.destroy();
  globalThis.__finmatchDb = undefined;
  await t.cleanup();
});

describe('requireUser', () => {
  it('redirects anonymous requests to /login with the way back', async () => {
    const res = await thrown(g.requireUser(await requestAs(null, '/org/profile?tab=2')));
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent('/org/profile?tab=2')}`);
  });

  it('redirects unknown, malformed and deactivated sessions to /login', async () => {
    const forged = new Request('http://finmatch.test/', { headers: { Cookie: `${s.SESSION_COOKIE}=${s.generateSessionToken()}` } });
    expect((await thrown(g.requireUser(await argsFor(forged)))).status).toBe(302);
    const junk = new Request('http://finmatch.test/', { headers: { Cookie: `${s.SESSION_COOKIE}=../../etc` } });
    expect((await thrown(g.requireUser(await argsFor(junk)))).status).toBe(302);
    expect((await thrown(g.requireUser(await requestAs(ids.inactive)))).status).toBe(302);
  });

  it('returns the signed-in user', async () => {
    const user = await g.requireUser(await requestAs(ids.bank));
    expect(user).toMatchObject({ id: ids.bank, role: 'bank' });
  });
});

describe('requireRole / requireAdmin', () => {
  it('answers 403 to other roles and lets the named ones pass', async () => {
    await expectStatus(g.requireRole(await requestAs(ids.enterprise), 'bank', 'organizer'), 403, 'error.forbidden');
    expect((await g.requireRole(await requestAs(ids.organizer), 'bank', 'organizer')).role).toBe('organizer');
    for (const who of ['enterprise', 'bank', 'organizer'] as const) await expectStatus(g.requireAdmin(await requestAs(ids[who])), 403);
    expect((await g.requireAdmin(await requestAs(ids.admin))).id).toBe(ids.admin);
    expect((await thrown(g.requireAdmin(await requestAs(null)))).status).toBe(302);
  });
});

describe('requireOrgMember / requireVerifiedOrg', () => {
  it('returns the member with their own organization', async () => {
    const m = await g.requireOrgMember(await requestAs(ids.enterprise));
    expect(m.org).toMatchObject({ id: ids.entOrg, kind: 'enterprise', status: 'verified', region_code: '410481' });
    expect((await g.requireOrgMember(await requestAs(ids.bank), 'bank')).org.kind).toBe('bank');
  });

  it('answers 403 to organizers, admins, the wrong kind and users without an organization', async () => {
    for (const who of ['organizer', 'admin'] as const)
      await expectStatus(g.requireOrgMember(await requestAs(ids[who])), 403, 'error.forbidden');
    await expectStatus(g.requireOrgMember(await requestAs(ids.enterprise), 'bank'), 403);
    await expectStatus(g.requireOrgMember(await requestAs(ids.bank), 'enterprise'), 403);
    await expectStatus(g.requireOrgMember(await requestAs(ids.orphan)), 403);
    expect((await thrown(g.requireOrgMember(await requestAs(null)))).status).toBe(302);
  });

  it('requireVerifiedOrg answers 403 org.notVerified while the organization is pending', async () => {
    await expectStatus(g.requireVerifiedOrg(await requestAs(ids.pending)), 403, 'org.notVerified');
    expect((await g.requireOrgMember(await requestAs(ids.pending))).org.status).toBe('pending');
    expect((await g.requireVerifiedOrg(await requestAs(ids.enterprise), 'enterprise')).org.id).toBe(ids.entOrg);
    await expectStatus(g.requireVerifiedOrg(await requestAs(ids.enterprise), 'bank'), 403);
  });
});

describe('requireOrganizer', () => {
  it('answers 403 to other roles and to an organizer without a region', async () => {
    for (const who of ['enterprise', 'bank', 'admin'] as const) await expectStatus(g.requireOrganizer(await requestAs(ids[who])), 403);
    await expectStatus(g.requireOrganizer(await requestAs(ids.regionless)), 403);
    expect((await thrown(g.requireOrganizer(await requestAs(null)))).status).toBe(302);
  });

  it('covers its own region and its counties, and answers 404 outside it', async () => {
    const req = async () => requestAs(ids.organizer);
    expect((await g.requireOrganizer(await req())).regionCode).toBe('410400');
    expect((await g.requireOrganizer(await req(), '410400')).id).toBe(ids.organizer);
    expect((await g.requireOrganizer(await req(), '410481')).id).toBe(ids.organizer);
    await expectStatus(g.requireOrganizer(await req(), '410100'), 404, 'error.notFound');
    await expectStatus(g.requireOrganizer(await req(), '410000'), 404); // the province is above it
  });
});

describe('getAuth', () => {
  it('is null without a session and carries the session otherwise', async () => {
    expect(await g.getAuth(await requestAs(null))).toBeNull();
    const roles: Role[] = [];
    for (const who of ['enterprise', 'bank', 'organizer', 'admin'] as const)
      roles.push((await g.getAuth(await requestAs(ids[who])))!.user.role);
    expect(roles).toEqual(['enterprise', 'bank', 'organizer', 'admin']);
  });
});

describe('the request context', () => {
  it('is required: a guard outside the server layer fails loudly instead of validating again', async () => {
    const bare = { request: new Request('http://finmatch.test/'), context: {} } as unknown as GuardArgs;
    await expect(g.requireUser(bare)).rejects.toThrow(/request context/);
  });

  it('carries the organization and the unread count, read in the same query', async () => {
    const args = await requestAs(ids.enterprise);
    expect(args.context.who?.org).toMatchObject({ id: ids.entOrg, kind: 'enterprise', status: 'verified', region_code: '410481' });
    expect(args.context.who?.unreadNotifications).toBe(0);
    expect((await requestAs(ids.organizer)).context.who?.org).toBeNull();
  });
});
