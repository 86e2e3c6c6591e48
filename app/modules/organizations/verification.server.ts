/**
 * Organizers verify or reject the enterprises and banks of their region.
 * Every query filters by the organizer's region prefix (a city covers its
 * counties); an organization outside it is treated as non-existent.
 * Life cycle: pending → verified | rejected; a verified organization can be
 * revoked (→ rejected, with a reason); a rejected one returns to pending when
 * it edits its profile. A verified organization's change of name, credit code,
 * region or bank type waits in the same queue (identity-changes.server.ts).
 */
import { sql } from 'kysely';
import { msg } from '~/i18n/translate';
import type { DB } from '~/utils/db.server';
import { inTransaction } from '~/utils/db.server';
import { AppError, conflict, notFound } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { regionPrefix } from '~/modules/regions/regions.server';
import type { OrgStatus } from '#db/schema';
import { bankRegionCodes } from '~/modules/regions/bank-regions.server';
import { activeUsersOf, notifyUsers } from '~/modules/notifications/notifications.server';
import { audit, closeOpenChange, organizationAudit, pendingChangeOf, verifiedOrgWithName } from './identity-changes.server';
import type { VerificationDecision, VerificationKindFilter, VerificationStatusFilter } from './schema';

export interface VerificationListQuery {
  status: VerificationStatusFilter;
  kind: VerificationKindFilter;
  page: number;
  pageSize: number;
}

function inRegion(regionCode: string) {
  return `${regionPrefix(regionCode)}%`;
}

/**
 * The queue: organizations of the region by status; the `pending` view also holds
 * verified organizations with a change waiting (`proposed_name` set), oldest first.
 */
export async function listForVerification(db: DB, regionCode: string, q: VerificationListQuery) {
  let base = db
    .selectFrom('organizations as o')
    .leftJoin('org_change_requests as r', (j) => j.onRef('r.organization_id', '=', 'o.id').on('r.status', '=', 'pending'))
    .where('o.region_code', 'like', inRegion(regionCode))
    .where('o.kind', 'in', q.kind === 'all' ? ['enterprise', 'bank'] : [q.kind]);
  if (q.status === 'pending') base = base.where((eb) => eb.or([eb('o.status', '=', 'pending'), eb('r.id', 'is not', null)]));
  else if (q.status !== 'all') base = base.where('o.status', '=', q.status);
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const waitingSince = sql<string>`coalesce(r.requested_at, o.created_at)`;
  const rows = await base
    .select([
      'o.id',
      'o.kind',
      'o.name',
      'o.status',
      'o.credit_code',
      'o.region_code',
      'o.created_at',
      'o.status_changed_at',
      'r.name as proposed_name',
      'r.requested_at as change_requested_at',
      // how often it was rejected before: a pending one with rejections is a resubmission
      (eb) =>
        eb
          .selectFrom('organization_audit as a')
          .select((x) => x.fn.countAll<number>().as('n'))
          .whereRef('a.organization_id', '=', 'o.id')
          .where('a.action', '=', 'verification.rejected')
          .as('rejections'),
    ])
    // the oldest waiting first; otherwise the latest changes first
    .orderBy(q.status === 'pending' ? waitingSince : sql`o.updated_at`, q.status === 'pending' ? 'asc' : 'desc')
    .orderBy('o.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows: rows.map((r) => ({ ...r, rejections: Number(r.rejections ?? 0) })), total: Number(totalRow.n) };
}

/** Details for the organizer, or undefined when outside the region (→ 404). */
export async function getForVerification(db: DB, regionCode: string, orgId: string) {
  const org = await db
    .selectFrom('organizations as o')
    .leftJoin('users as c', 'c.id', 'o.status_changed_by')
    .select([
      'o.id',
      'o.kind',
      'o.name',
      'o.status',
      'o.status_reason',
      'o.status_changed_at',
      'o.credit_code',
      'o.region_code',
      'o.industry',
      'o.size',
      'o.founded_year',
      'o.registered_capital',
      'o.employees',
      'o.annual_revenue',
      'o.bank_type',
      'o.branch_level',
      'o.contact_name',
      'o.contact_phone',
      'o.contact_email',
      'o.description',
      'o.created_at',
      'c.name as status_changed_by_name',
    ])
    .where('o.id', '=', orgId)
    .where('o.kind', 'in', ['enterprise', 'bank'])
    .where('o.region_code', 'like', inRegion(regionCode))
    .executeTakeFirst();
  if (!org) return undefined;
  const regionsServed = org.kind === 'bank' ? await bankRegionCodes(db, org.id) : [];
  const users = await db
    .selectFrom('users')
    .select(['name', 'email', 'phone', 'created_at'])
    .where('organization_id', '=', org.id)
    .orderBy('created_at')
    .limit(20)
    .execute();
  const pendingChange = (await pendingChangeOf(db, org.id)) ?? null;
  // a proposed name that another organization has meanwhile been verified under
  const proposedNameHolder =
    pendingChange && pendingChange.name !== org.name ? ((await verifiedOrgWithName(db, pendingChange.name, org.id)) ?? null) : null;
  // a pending organization bearing a verified organization's name
  const nameHolder = org.status === 'pending' ? ((await verifiedOrgWithName(db, org.name, org.id)) ?? null) : null;
  const history = await organizationAudit(db, org.id);
  return { ...org, regionsServed, users, pendingChange, proposedNameHolder, nameHolder, history };
}

/** A decision taken. Refused: not in the organizer's region (404), or decided meanwhile or from a state that does not allow it (409 `verify.conflict`). */
export interface VerificationResult {
  name: string;
  status: OrgStatus;
}

/** Which states each decision may start from. */
const FROM: Record<'verify' | 'reject', OrgStatus[]> = {
  verify: ['pending'],
  reject: ['pending', 'verified'],
};

/**
 * Verifies or rejects (revokes) an organization. Refused: outside the region (404),
 * a state the decision cannot start from (409 `verify.conflict`), verifying under
 * the name of another verified organization (409). A revocation also closes a
 * change waiting for review, with the same reason.
 */
export async function decideVerification(
  db: DB,
  organizer: { id: string; regionCode: string },
  orgId: string,
  decision: Extract<VerificationDecision, { intent: 'verify' | 'reject' }>,
): Promise<VerificationResult> {
  return inTransaction(db, async (trx) => {
    const org = await trx
      .selectFrom('organizations')
      .select(['id', 'name', 'status'])
      .where('id', '=', orgId)
      .where('kind', 'in', ['enterprise', 'bank'])
      .where('region_code', 'like', inRegion(organizer.regionCode))
      .executeTakeFirst();
    if (!org) throw notFound();
    const from = FROM[decision.intent];
    if (!from.includes(org.status)) throw conflict('verify.conflict');
    if (decision.intent === 'verify' && (await verifiedOrgWithName(trx, org.name, org.id))) {
      throw new AppError(409, msg('verify.nameOfVerified', { name: org.name }));
    }
    const status: OrgStatus = decision.intent === 'verify' ? 'verified' : 'rejected';
    const now = nowIso();
    const res = await trx
      .updateTable('organizations')
      .set({
        status,
        status_reason: decision.intent === 'reject' ? decision.reason : null,
        status_changed_by: organizer.id,
        status_changed_at: now,
        updated_at: now,
      })
      .where('id', '=', org.id)
      .where('region_code', 'like', inRegion(organizer.regionCode))
      .where('status', '=', org.status) // unchanged since we read it
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('verify.conflict');
    if (decision.intent === 'reject') await closeOpenChange(trx, org.id, organizer.id, decision.reason);
    // the history the organizer sees on the next submission, and the members told (站内, and e-mail/SMS by their choice)
    const reason = decision.intent === 'reject' ? decision.reason : null;
    const action =
      decision.intent === 'verify' ? 'verification.verified' : org.status === 'verified' ? 'verification.revoked' : 'verification.rejected';
    await audit(trx, org.id, organizer.id, action, {}, reason, now);
    await notifyUsers(
      trx,
      await activeUsersOf(trx, [org.id]),
      decision.intent === 'verify' ? 'org.verified' : 'org.rejected',
      { name: org.name, reason: reason ?? '' },
      '/org/profile',
      now,
    );
    return { name: org.name, status };
  });
}
