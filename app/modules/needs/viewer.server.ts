/**
 * The need a request asks about, and who asks: the guard of the shared need pages
 * (the need page and its interest actions, the organizer's matches page). Who may
 * see the need is decided by `needVisibleTo` (./access.ts), nowhere else.
 */
import {
  type GuardArgs,
  type OrgMember,
  type OrganizerUser,
  requireOrgMember,
  requireOrganizer,
  requireRole,
} from '~/modules/auth/guards.server';
import { type BankInterest, bankInterestInNeed, getNeedHeader, type NeedHeader } from '~/modules/interests/interests.server';
import { isNeedKind, type NeedKind } from '~/modules/interests/rules';
import { type DB, getDb } from '~/utils/db.server';
import { notFound } from '~/utils/errors';
import { isVerifiedOrg, type NeedLooker, needVisibleTo } from './access';
import { getOwnNeed } from './needs.server';

export type NeedViewer =
  | { role: 'organizer'; user: OrganizerUser }
  | { role: 'enterprise'; member: OrgMember }
  | { role: 'bank'; member: OrgMember; verified: boolean; interest: BankInterest | null };

type ViewerRole = NeedViewer['role'];

/** The need kind named by a route's `$kind` segment: 404 for any other word. */
export function needKindParam(raw: string | undefined): NeedKind {
  if (!isNeedKind(raw)) throw notFound();
  return raw;
}

/**
 * The enterprise member asking and its own need of kind `rawKind` (a route's
 * `$kind`) and id `needId`, with the db: 404 for an unknown kind and for a need
 * that is not the member's.
 */
export async function requireOwnNeed(args: GuardArgs, rawKind: string | undefined, needId: string) {
  const kind = needKindParam(rawKind);
  const member = await requireOrgMember(args, 'enterprise');
  const db = await getDb();
  const own = await getOwnNeed(db, kind, member.org.id, needId);
  if (!own) throw notFound();
  return { kind, member, db, own };
}

/**
 * The need `kind`/`needId` with its viewer, one of `roles` (403 for any other
 * role); 404 when there is no such need or this viewer may not see it (never
 * confirms that it exists).
 */
export async function requireNeedViewer(
  args: GuardArgs,
  kind: NeedKind,
  needId: string,
  roles: readonly ViewerRole[] = ['bank', 'organizer', 'enterprise'],
): Promise<{ db: DB; need: NeedHeader; viewer: NeedViewer }> {
  const user = await requireRole(args, ...roles);
  const db = await getDb();
  const need = await getNeedHeader(db, kind, needId);
  if (!need || need.status === 'draft') throw notFound();
  let viewer: NeedViewer;
  let looker: NeedLooker;
  if (user.role === 'organizer') {
    const organizer = await requireOrganizer(args);
    viewer = { role: 'organizer', user: organizer };
    looker = { role: 'organizer', regionCode: organizer.regionCode };
  } else if (user.role === 'enterprise') {
    const member = await requireOrgMember(args, 'enterprise');
    viewer = { role: 'enterprise', member };
    looker = { role: 'enterprise', orgId: member.org.id };
  } else {
    const member = await requireOrgMember(args, 'bank');
    const interest = await bankInterestInNeed(db, member.org.id, kind, need.id);
    viewer = { role: 'bank', member, verified: isVerifiedOrg(member.org.status), interest };
    looker = { role: 'bank', answered: interest !== null };
  }
  if (!needVisibleTo(need, looker)) throw notFound();
  return { db, need, viewer };
}
