/**
 * Who may use the agreements pages: bank officers and enterprise users (for their
 * own organization) and organizers (for their region). Administrators and
 * anonymous visitors may not (403 / sign-in).
 */
import { requireRole, whoIsAsking, type GuardArgs } from '~/modules/auth/guards.server';
import { httpError } from '~/utils/errors';
import type { AgreementActor } from './agreements.server';

export async function requireAgreementActor(args: GuardArgs): Promise<AgreementActor & { name: string }> {
  const user = await requireRole(args, 'bank', 'enterprise', 'organizer');
  if (user.role === 'organizer') {
    if (!user.regionCode) throw httpError(403, 'error.forbidden');
    return { kind: 'organizer', userId: user.id, regionCode: user.regionCode, orgId: user.organizationId, name: user.name };
  }
  const org = whoIsAsking(args)?.org;
  if (!user.organizationId) throw httpError(403, 'error.forbidden');
  if (!org || org.kind !== user.role) throw httpError(403, 'error.forbidden');
  const party = { userId: user.id, orgId: org.id, verified: org.status === 'verified', name: user.name };
  return user.role === 'bank' ? { kind: 'bank', ...party } : { kind: 'enterprise', ...party };
}
