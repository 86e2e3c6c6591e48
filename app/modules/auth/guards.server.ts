/**
 * Guards that throw: every loader and action starts with one of these.
 * They throw a redirect to /login (not signed in) or a 403/404 Response.
 *
 * They take the route's `{ request, context }` and read who is asking from
 * `context.who`, which the server resolved once for the request
 * (./who.server.ts, decision record 024): a guard never queries the session,
 * the user or the organization again.
 */
import type { AppLoadContext } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { httpError } from '~/utils/errors';
import { regionCovers } from '~/modules/regions/regions.server';
import type { OrgKind, OrgStatus, Role } from '#db/schema';
import type { AuthSession, SessionUser } from './auth-session.server';
import type { Who } from './who.server';

export interface Auth {
  user: SessionUser;
  session: AuthSession;
}

/** What every guard takes: a loader's or action's own arguments (or these two of them). */
export interface GuardArgs {
  request: Request;
  context: AppLoadContext;
}

/** Who is asking (null: anonymous), as the server resolved it for this request. */
export function whoIsAsking(args: GuardArgs): Who | null {
  const who = (args.context as Partial<AppLoadContext> | undefined)?.who;
  if (who === undefined)
    throw new Error('request context without `who`: the request did not pass through the server layer (app/server/server.ts)');
  return who;
}

/** The signed-in user and session, or null. */
export async function getAuth(args: GuardArgs): Promise<Auth | null> {
  const who = whoIsAsking(args);
  return who ? { user: who.user, session: who.session } : null;
}

/** A page for visitors who are not signed in (sign-in, sign-up, password reset): a signed-in user is sent home. */
export async function requireGuest(args: GuardArgs): Promise<void> {
  if (await getAuth(args)) throw redirect('/');
}

/** The loader of such a page when it needs no data. */
export async function guestLoader(args: GuardArgs) {
  await requireGuest(args);
  return json({});
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireAuth(args: GuardArgs): Promise<Auth> {
  const auth = await getAuth(args);
  if (!auth) throw loginRedirect(args.request);
  return auth;
}

export async function requireUser(args: GuardArgs): Promise<SessionUser> {
  return (await requireAuth(args)).user;
}

export async function requireRole<R extends Role>(args: GuardArgs, ...roles: R[]): Promise<SessionUser & { role: R }> {
  const user = await requireUser(args);
  if (!roles.includes(user.role as R)) throw httpError(403, 'error.forbidden');
  return user as SessionUser & { role: R };
}

export interface OrgMember {
  user: SessionUser;
  org: { id: string; kind: OrgKind; status: OrgStatus; name: string; region_code: string };
}

/** A bank officer or enterprise user together with their own organization. */
export async function requireOrgMember(args: GuardArgs, kind?: 'enterprise' | 'bank'): Promise<OrgMember> {
  const user = await requireRole(args, 'enterprise', 'bank');
  if (kind && user.role !== kind) throw httpError(403, 'error.forbidden');
  const org = whoIsAsking(args)?.org;
  if (!user.organizationId || !org) throw httpError(403, 'error.forbidden');
  return { user, org };
}

/** As requireOrgMember, and the organization must be verified (publishing, bank views of finances). */
export async function requireVerifiedOrg(args: GuardArgs, kind?: 'enterprise' | 'bank'): Promise<OrgMember> {
  const member = await requireOrgMember(args, kind);
  if (member.org.status !== 'verified') throw httpError(403, 'org.notVerified');
  return member;
}

export type OrganizerUser = SessionUser & { role: 'organizer'; regionCode: string };

/** An organizer; with `regionCode`, one whose region covers it (else 404: do not confirm it exists). */
export async function requireOrganizer(args: GuardArgs, regionCode?: string): Promise<OrganizerUser> {
  const user = await requireRole(args, 'organizer');
  if (!user.regionCode) throw httpError(403, 'error.forbidden');
  if (regionCode !== undefined && !regionCovers(user.regionCode, regionCode)) throw httpError(404, 'error.notFound');
  return user as OrganizerUser;
}

export function requireAdmin(args: GuardArgs): Promise<SessionUser & { role: 'admin' }> {
  return requireRole(args, 'admin');
}
