/**
 * Guards that throw: every loader and action starts with one of these.
 * They throw a redirect to /login (not signed in) or a 403/404 Response.
 */
import { redirect } from '@remix-run/node';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { regionCovers } from '~/modules/regions/regions.server';
import type { OrgKind, OrgStatus, Role } from '#db/schema';
import { readSessionToken, validateSessionToken, type AuthSession, type SessionUser } from './auth-session.server';

export interface Auth {
  user: SessionUser;
  session: AuthSession;
}

/** The signed-in user, or null. */
export async function getAuth(request: Request): Promise<Auth | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  return validateSessionToken(await getDb(), token);
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireAuth(request: Request): Promise<Auth> {
  const auth = await getAuth(request);
  if (!auth) throw loginRedirect(request);
  return auth;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  return (await requireAuth(request)).user;
}

export async function requireRole<R extends Role>(request: Request, ...roles: R[]): Promise<SessionUser & { role: R }> {
  const user = await requireUser(request);
  if (!roles.includes(user.role as R)) throw httpError(403, 'error.forbidden');
  return user as SessionUser & { role: R };
}

export interface OrgMember {
  user: SessionUser;
  org: { id: string; kind: OrgKind; status: OrgStatus; name: string; region_code: string };
}

/** A bank officer or enterprise user together with their own organization. */
export async function requireOrgMember(request: Request, kind?: 'enterprise' | 'bank'): Promise<OrgMember> {
  const user = await requireRole(request, 'enterprise', 'bank');
  if (kind && user.role !== kind) throw httpError(403, 'error.forbidden');
  if (!user.organizationId) throw httpError(403, 'error.forbidden');
  const db = await getDb();
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'kind', 'status', 'name', 'region_code'])
    .where('id', '=', user.organizationId)
    .executeTakeFirst();
  if (!org) throw httpError(403, 'error.forbidden');
  return { user, org };
}

/** As requireOrgMember, and the organization must be verified (publishing, bank views of finances). */
export async function requireVerifiedOrg(request: Request, kind?: 'enterprise' | 'bank'): Promise<OrgMember> {
  const member = await requireOrgMember(request, kind);
  if (member.org.status !== 'verified') throw httpError(403, 'org.notVerified');
  return member;
}

export type OrganizerUser = SessionUser & { role: 'organizer'; regionCode: string };

/** An organizer; with `regionCode`, one whose region covers it (else 404: do not confirm it exists). */
export async function requireOrganizer(request: Request, regionCode?: string): Promise<OrganizerUser> {
  const user = await requireRole(request, 'organizer');
  if (!user.regionCode) throw httpError(403, 'error.forbidden');
  if (regionCode !== undefined && !regionCovers(user.regionCode, regionCode)) throw httpError(404, 'error.notFound');
  return user as OrganizerUser;
}

export function requireAdmin(request: Request): Promise<SessionUser & { role: 'admin' }> {
  return requireRole(request, 'admin');
}
