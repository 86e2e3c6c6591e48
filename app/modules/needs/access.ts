/**
 * Who may see a need, and whether an organization counts as verified: each rule
 * decided here once (pure, unit-tested beside this file). The need page, the
 * organizer's matches page and the interest actions reach them by name, through
 * `requireNeedViewer` (./viewer.server.ts) or directly.
 */
import type { NeedStatus, OrgStatus } from '#db/schema';
import { regionCovers } from '~/modules/regions/cover';
import { AppError } from '~/utils/errors';

/** An organization may publish, express interest and see enterprises' finances once verified. */
export function isVerifiedOrg(status: OrgStatus | null | undefined): boolean {
  return status === 'verified';
}

/** Who is looking at a need, as far as its visibility goes. */
export type NeedLooker =
  | { role: 'organizer'; regionCode: string }
  | { role: 'enterprise'; orgId: string }
  | { role: 'bank' /** this bank has an interest in the need, in any state */; answered: boolean };

/** Banks see open needs (published, or matched to a bank) … */
const OPEN_TO_BANKS: readonly NeedStatus[] = ['published', 'matched'];

/**
 * Whether `looker` may see `need` on the shared pages (the need page, its matches,
 * the interest actions): never a draft (its owner edits it on its own pages);
 * the organizer of a region covering the need; the enterprise that owns it; a
 * bank, open needs and any need it already answered.
 */
export function needVisibleTo(need: { status: NeedStatus; organizationId: string; regionCode: string }, looker: NeedLooker): boolean {
  if (need.status === 'draft') return false;
  switch (looker.role) {
    case 'organizer':
      return regionCovers(looker.regionCode, need.regionCode);
    case 'enterprise':
      return need.organizationId === looker.orgId;
    case 'bank':
      return looker.answered || OPEN_TO_BANKS.includes(need.status);
  }
}

/** Only a verified enterprise publishes a need; a pending one keeps drafts (403 otherwise). */
export function assertMayPublishNeed(org: { status: OrgStatus }): void {
  if (!isVerifiedOrg(org.status)) throw new AppError(403, 'needs.err.notVerified');
}
