/**
 * The rules of a bank's interest in a need, as pure functions (unit-tested
 * beside this file). interests.server.ts applies them inside its queries.
 *
 *   pending ──accept──▶ accepted      (need: published → matched)
 *      │    ──decline─▶ declined
 *      └────withdraw──▶ withdrawn ──express again──▶ pending
 */
import type { InterestStatus, NeedStatus, OrgStatus } from '#db/schema';
import { isVerifiedOrg } from '~/modules/needs/access';

export const NEED_KINDS = ['financing', 'hiring'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];
export const INTEREST_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const satisfies readonly InterestStatus[];

export type InterestAction = 'accept' | 'decline' | 'withdraw';

/** The bank-facing page of a need (safe for browser code: no server imports). */
export function needPath(kind: NeedKind, needId: string): string {
  return `/needs/${kind}/${needId}`;
}

export function isNeedKind(v: unknown): v is NeedKind {
  return v === 'financing' || v === 'hiring';
}

export function interestTransition(
  status: InterestStatus,
  action: InterestAction,
): { ok: true; next: InterestStatus } | { ok: false; error: 'interests.notPending' } {
  if (status !== 'pending') return { ok: false, error: 'interests.notPending' };
  return { ok: true, next: action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'withdrawn' };
}

/** Accepting an interest moves a published need to matched; other states stay. */
export function needStatusAfterAccept(status: NeedStatus): NeedStatus {
  return status === 'published' ? 'matched' : status;
}

/**
 * Whether a bank may express interest now; the error key otherwise.
 * `existing` is this bank's earlier interest in the same need, if any.
 */
export function expressInterestError(
  needStatus: NeedStatus,
  bankStatus: OrgStatus,
  existing: InterestStatus | null,
): null | 'interests.bankNotVerified' | 'interests.needNotOpen' | 'interests.duplicate' {
  if (!isVerifiedOrg(bankStatus)) return 'interests.bankNotVerified';
  if (existing && existing !== 'withdrawn') return 'interests.duplicate';
  if (needStatus !== 'published') return 'interests.needNotOpen';
  return null;
}

/** Who sees what of an enterprise on a need page. */
export function enterpriseVisibility(viewer: {
  role: 'bank' | 'organizer' | 'enterprise';
  orgStatus?: OrgStatus;
  owner?: boolean;
  accepted?: boolean;
}): { finances: boolean; contact: boolean } {
  if (viewer.role === 'organizer') return { finances: true, contact: true };
  if (viewer.role === 'enterprise') return { finances: !!viewer.owner, contact: !!viewer.owner };
  const verified = isVerifiedOrg(viewer.orgStatus);
  return { finances: verified, contact: verified && !!viewer.accepted };
}
