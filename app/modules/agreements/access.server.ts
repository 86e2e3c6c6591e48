/**
 * Who may use the agreements pages: bank officers and enterprise users (for their
 * own organization) and organizers (for their region). Administrators and
 * anonymous visitors may not (403 / sign-in).
 */
import { requireRole } from '~/modules/auth/guards.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import type { AgreementActor } from './agreements.server';

export async function requireAgreementActor(request: Request): Promise<AgreementActor & { name: string }> {
  const user = await requireRole(request, 'bank', 'enterprise', 'organizer');
  if (user.role === 'organizer') {
    if (!user.regionCode) throw httpError(403, 'error.forbidden');
    return { kind: 'organizer', userId: user.id, regionCode: user.regionCode, orgId: user.organizationId, name: user.name };
  }
  if (!user.organizationId) throw httpError(403, 'error.forbidden');
  const db = await getDb();
  const org = await db.selectFrom('organizations').select(['id', 'kind', 'status']).where('id', '=', user.organizationId).executeTakeFirst();
  if (!org || org.kind !== user.role) throw httpError(403, 'error.forbidden');
  const party = { userId: user.id, orgId: org.id, verified: org.status === 'verified', name: user.name };
  return user.role === 'bank' ? { kind: 'bank', ...party } : { kind: 'enterprise', ...party };
}
