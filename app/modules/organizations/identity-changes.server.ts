/**
 * Held identity changes of verified organizations (issue 13, point 1; decision 031c).
 *
 * Who an organization is — its name, unified social credit code, region and bank
 * type — is what an organizer verified. A verified organization that changes one of
 * them proposes the change (`org_change_requests`); the organizations row, and so
 * every directory, product, need, agreement, ranking, export and PDF, keeps the
 * verified values and the organization stays verified until an organizer of its
 * region approves. Approval applies the change; rejection keeps the old values and
 * tells the organization why. Every step is written to `organization_audit`.
 *
 * A name equal to another verified organization's is refused when proposed, when
 * approved, and when a pending organization is verified (`verifiedOrgWithName`).
 */
import { sql } from 'kysely';
import type { DB } from '~/utils/db.server';
import { inTransaction } from '~/utils/db.server';
import { uniqueViolation } from '~/utils/db-errors';
import { AppError, conflict, notFound } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { msg } from '~/i18n/translate';
import { notifyOrganization } from '~/modules/notifications/notifications.server';
import { refreshNeedsOfOrganization } from '~/modules/needs/common.server';
import { refreshBankProductsSearchText } from '~/modules/products/products.server';
import { regionPrefix } from '~/modules/regions/regions.server';
import type { OrgChangeStatus } from '#db/schema';

/** The verified identity of an organization: changed only through an organizer. */
export interface Identity {
  name: string;
  credit_code: string | null;
  region_code: string;
  bank_type: string | null;
}

export const IDENTITY_FIELDS = ['name', 'credit_code', 'region_code', 'bank_type'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
/** { field: [before, after] } of the fields that differ */
export type IdentityDiff = Partial<Record<IdentityField, [string | null, string | null]>>;

export function identityOf(row: { name: string; credit_code?: string | null; region_code: string; bank_type?: string | null }): Identity {
  return { name: row.name, credit_code: row.credit_code ?? null, region_code: row.region_code, bank_type: row.bank_type ?? null };
}

export function identityDiff(before: Identity, after: Identity): IdentityDiff {
  const diff: IdentityDiff = {};
  for (const f of IDENTITY_FIELDS) if (before[f] !== after[f]) diff[f] = [before[f], after[f]];
  return diff;
}

const isEmpty = (d: IdentityDiff) => Object.keys(d).length === 0;

/**
 * A name as compared for impersonation: no white space (ASCII or ideographic) and
 * no invisible format characters, full-width brackets as ASCII ones. The SQL side
 * (`nameKeySql`) does the same for the stored names.
 */
export function nameKey(name: string): string {
  return name
    .replace(/[\s\p{Cf}]/gu, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

function nameKeySql() {
  return sql<string>`replace(replace(replace(replace(name, ' ', ''), '　', ''), '（', '('), '）', ')')`;
}

/** Another verified organization (any kind) whose name equals `name`; undefined when none. */
export async function verifiedOrgWithName(db: DB, name: string, exceptOrgId?: string): Promise<{ id: string; name: string } | undefined> {
  const key = nameKey(name);
  let q = db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('status', '=', 'verified')
    .where((eb) => eb.or([eb('name', '=', name), eb(nameKeySql(), '=', key)]));
  if (exceptOrgId) q = q.where('id', '<>', exceptOrgId);
  return q.limit(1).executeTakeFirst();
}

/** The field error for a name that belongs to a verified organization. */
export function nameOfVerifiedError(name: string, status = 400): AppError {
  return new AppError(status, msg('org.v.nameOfVerified', { name }), { fieldErrors: { orgName: [msg('org.v.nameOfVerified', { name })] } });
}

/** One line of an organization's history (organization_audit): identity changes and verification decisions. */
export async function audit(
  db: DB,
  orgId: string,
  userId: string,
  action: string,
  changes: IdentityDiff,
  reason: string | null,
  now: string,
) {
  await db
    .insertInto('organization_audit')
    .values({ id: newId(), organization_id: orgId, user_id: userId, action, changes: JSON.stringify(changes), reason, created_at: now })
    .execute();
}

export interface PendingChange extends Identity {
  id: string;
  requested_at: string;
  requested_by_name: string | null;
}

/** The organization's open change request, if any. */
export async function pendingChangeOf(db: DB, orgId: string): Promise<PendingChange | undefined> {
  return db
    .selectFrom('org_change_requests as r')
    .leftJoin('users as u', 'u.id', 'r.requested_by')
    .select(['r.id', 'r.name', 'r.credit_code', 'r.region_code', 'r.bank_type', 'r.requested_at', 'u.name as requested_by_name'])
    .where('r.organization_id', '=', orgId)
    .where('r.status', '=', 'pending')
    .executeTakeFirst();
}

/** The organization's last decided request (to show a rejection and its reason). */
export async function lastDecidedChangeOf(db: DB, orgId: string) {
  return db
    .selectFrom('org_change_requests')
    .select(['id', 'status', 'name', 'credit_code', 'region_code', 'bank_type', 'decided_at', 'decision_reason'])
    .where('organization_id', '=', orgId)
    .where('status', 'in', ['approved', 'rejected'])
    .orderBy('decided_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export type ProposalOutcome = 'none' | 'requested' | 'kept' | 'withdrawn';

/**
 * Inside the profile save of a verified organization: turns the identity the form
 * asks for into a held change. The same identity as the verified one withdraws an
 * open request; the same as the open request keeps it; anything else is (re)proposed.
 * Refused (field errors): a name of another verified organization, a credit code
 * another organization holds.
 */
export async function proposeIdentityChange(
  trx: DB,
  actor: { userId: string; orgId: string },
  current: Identity,
  wanted: Identity,
  now = nowIso(),
): Promise<ProposalOutcome> {
  const pending = await pendingChangeOf(trx, actor.orgId);
  const diff = identityDiff(current, wanted);
  if (isEmpty(diff)) {
    if (!pending) return 'none';
    await closePending(trx, actor.orgId, 'withdrawn', { userId: actor.userId, reason: null, now, wanted: identityOf(pending), current });
    return 'withdrawn';
  }
  if (pending && isEmpty(identityDiff(identityOf(pending), wanted))) return 'kept';
  if (diff.name && (await verifiedOrgWithName(trx, wanted.name, actor.orgId))) throw nameOfVerifiedError(wanted.name);
  if (diff.credit_code && wanted.credit_code) {
    const holder = await trx
      .selectFrom('organizations')
      .select('id')
      .where('credit_code', '=', wanted.credit_code)
      .where('id', '<>', actor.orgId)
      .executeTakeFirst();
    if (holder) throw new AppError(400, 'v.creditCodeTaken', { field: 'creditCode' });
  }
  if (pending) {
    const res = await trx
      .updateTable('org_change_requests')
      .set({ ...wanted, requested_by: actor.userId, requested_at: now, updated_at: now })
      .where('id', '=', pending.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('profile.stateChanged');
  } else {
    await trx
      .insertInto('org_change_requests')
      .values({
        id: newId(),
        organization_id: actor.orgId,
        status: 'pending',
        ...wanted,
        requested_by: actor.userId,
        requested_at: now,
        decided_by: null,
        decided_at: null,
        decision_reason: null,
        updated_at: now,
      })
      .execute();
  }
  await audit(trx, actor.orgId, actor.userId, 'change.requested', diff, null, now);
  return 'requested';
}

/** Closes the open request (withdrawn by the organization, rejected by an organizer); false when there was none. */
async function closePending(
  trx: DB,
  orgId: string,
  status: Extract<OrgChangeStatus, 'withdrawn' | 'rejected'>,
  o: { userId: string; reason: string | null; now: string; wanted: Identity; current: Identity },
): Promise<boolean> {
  const res = await trx
    .updateTable('org_change_requests')
    .set({ status, decided_by: o.userId, decided_at: o.now, decision_reason: o.reason, updated_at: o.now })
    .where('organization_id', '=', orgId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return false;
  await audit(trx, orgId, o.userId, `change.${status}`, identityDiff(o.current, o.wanted), o.reason, o.now);
  return true;
}

/** The organization withdraws its open request. Refused (409) when there is none. */
export async function withdrawIdentityChange(db: DB, actor: { userId: string; orgId: string }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const org = await trx
      .selectFrom('organizations')
      .select(['name', 'credit_code', 'region_code', 'bank_type'])
      .where('id', '=', actor.orgId)
      .executeTakeFirst();
    const pending = await pendingChangeOf(trx, actor.orgId);
    if (!org || !pending) throw conflict('profile.noPendingChange');
    await closePending(trx, actor.orgId, 'withdrawn', {
      userId: actor.userId,
      reason: null,
      now: nowIso(),
      wanted: identityOf(pending),
      current: identityOf(org),
    });
  });
}

/**
 * When an organization leaves the verified state (revoked) or edits as an unverified
 * one, an open request has nothing left to wait for: it is closed as rejected with
 * the given reason (revocation) or withdrawn.
 */
export async function closeOpenChange(trx: DB, orgId: string, userId: string, reason: string | null): Promise<void> {
  const org = await trx
    .selectFrom('organizations')
    .select(['name', 'credit_code', 'region_code', 'bank_type'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  const pending = await pendingChangeOf(trx, orgId);
  if (!org || !pending) return;
  await closePending(trx, orgId, reason ? 'rejected' : 'withdrawn', {
    userId,
    reason,
    now: nowIso(),
    wanted: identityOf(pending),
    current: identityOf(org),
  });
}

interface Organizer {
  id: string;
  regionCode: string;
}

/** The organization of the organizer's region and its open request, or 404 / 409. */
async function openRequestFor(trx: DB, organizer: Organizer, orgId: string) {
  const org = await trx
    .selectFrom('organizations')
    .select(['id', 'kind', 'status', 'name', 'credit_code', 'region_code', 'bank_type'])
    .where('id', '=', orgId)
    .where('kind', 'in', ['enterprise', 'bank'])
    .where('region_code', 'like', `${regionPrefix(organizer.regionCode)}%`)
    .executeTakeFirst();
  if (!org) throw notFound();
  const pending = await pendingChangeOf(trx, org.id);
  if (!pending || org.status !== 'verified') throw conflict('change.conflict');
  return { org, pending };
}

export interface ChangeDecisionResult {
  /** the name before the decision */
  name: string;
  /** the proposed name */
  proposedName: string;
}

/**
 * An organizer of the organization's region approves its open request: the new
 * identity is applied (needs and products carry the name and region for search and
 * filters), the request closed, the audit written and the organization told.
 * Refused: outside the region (404); no open request or not verified (409); the name
 * meanwhile belongs to another verified organization, or the credit code to another
 * organization (409, nothing changes).
 */
export async function approveIdentityChange(db: DB, organizer: Organizer, orgId: string): Promise<ChangeDecisionResult> {
  try {
    return await inTransaction(db, async (trx) => {
      const { org, pending } = await openRequestFor(trx, organizer, orgId);
      const current = identityOf(org);
      const wanted = identityOf(pending);
      const diff = identityDiff(current, wanted);
      if (diff.name && (await verifiedOrgWithName(trx, wanted.name, org.id)))
        throw new AppError(409, msg('change.nameOfVerified', { name: wanted.name }));
      if (diff.credit_code && wanted.credit_code) {
        const holder = await trx
          .selectFrom('organizations')
          .select('id')
          .where('credit_code', '=', wanted.credit_code)
          .where('id', '<>', org.id)
          .executeTakeFirst();
        if (holder) throw conflict('change.creditCodeTaken');
      }
      const now = nowIso();
      const res = await trx
        .updateTable('organizations')
        .set({ ...wanted, ...(org.kind === 'bank' ? {} : { bank_type: null }), updated_at: now })
        .where('id', '=', org.id)
        .where('status', '=', 'verified')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw conflict('change.conflict');
      const closed = await trx
        .updateTable('org_change_requests')
        .set({ status: 'approved', decided_by: organizer.id, decided_at: now, decision_reason: null, updated_at: now })
        .where('id', '=', pending.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(closed.numUpdatedRows) !== 1) throw conflict('change.conflict');
      if (diff.name || diff.region_code) {
        if (org.kind === 'enterprise') await refreshNeedsOfOrganization(trx, org.id);
        else await refreshBankProductsSearchText(trx, org.id);
      }
      await audit(trx, org.id, organizer.id, 'change.approved', diff, null, now);
      await notifyOrganization(trx, org.id, 'org.changeApproved', { name: wanted.name }, '/org/profile', now);
      return { name: org.name, proposedName: wanted.name };
    });
  } catch (error) {
    if (uniqueViolation(error)?.column === 'credit_code') throw conflict('change.creditCodeTaken');
    throw error;
  }
}

/** An organizer rejects the open request with a reason; the verified values stay and the organization is told why. */
export async function rejectIdentityChange(db: DB, organizer: Organizer, orgId: string, reason: string): Promise<ChangeDecisionResult> {
  return inTransaction(db, async (trx) => {
    const { org, pending } = await openRequestFor(trx, organizer, orgId);
    const now = nowIso();
    const closed = await closePending(trx, org.id, 'rejected', {
      userId: organizer.id,
      reason,
      now,
      wanted: identityOf(pending),
      current: identityOf(org),
    });
    if (!closed) throw conflict('change.conflict');
    await notifyOrganization(trx, org.id, 'org.changeRejected', { name: pending.name, reason }, '/org/profile', now);
    return { name: org.name, proposedName: pending.name };
  });
}

export interface AuditEntry {
  id: string;
  action: string;
  changes: IdentityDiff;
  reason: string | null;
  created_at: string;
  user_name: string | null;
}

/** The organization's identity history, newest first. */
export async function organizationAudit(db: DB, orgId: string, limit = 20): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('organization_audit as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.action', 'a.changes', 'a.reason', 'a.created_at', 'u.name as user_name'])
    .where('a.organization_id', '=', orgId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    let changes: IdentityDiff = {};
    try {
      changes = JSON.parse(r.changes) as IdentityDiff;
    } catch {
      /* keep empty */
    }
    return { ...r, changes };
  });
}
