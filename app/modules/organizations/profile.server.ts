/**
 * An enterprise's or bank's own organization: read, form values, update.
 * Pending and rejected organizations edit their profile; saving a rejected one
 * resubmits it (back to pending). A verified organization edits its everyday
 * fields directly; its identity (name, credit code, region, bank type) changes
 * only when an organizer approves (identity-changes.server.ts, decision 031c).
 */
import { passwordWeakness } from '~/modules/auth/password-policy';
import type { DB } from '~/utils/db.server';
import { refreshNeedsOfOrganization } from '~/modules/needs/common.server';
import { refreshBankProductsSearchText } from '~/modules/products/products.server';
import { uniqueViolation } from '~/utils/db-errors';
import { inTransaction } from '~/utils/db.server';
import { AppError, conflict, notFound } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { yuanToWanInput } from '~/utils/money';
import { isKnownRegion, platformScope, regionCovers, regionName, regionOptions, regionsWithin } from '~/modules/regions/regions.server';
import type { OrganizationsTable } from '#db/schema';
import { notifyUsers, regionalOrganizers } from '~/modules/notifications/notifications.server';
import type { BankProfileInput, EnterpriseProfileInput, OrgSchemaContext } from './schema';
import {
  audit,
  closeOpenChange,
  identityDiff,
  identityOf,
  lastDecidedChangeOf,
  nameOfVerifiedError,
  pendingChangeOf,
  proposeIdentityChange,
  verifiedOrgWithName,
  type ProposalOutcome,
} from './identity-changes.server';
import { bankRegionCodes } from '~/modules/regions/bank-regions.server';

/** Server-side schema checks: the region must be a known code inside the platform's area. */
export const serverOrgSchemaContext: OrgSchemaContext = {
  regionExists: (code) => isKnownRegion(code) && regionCovers(platformScope(), code),
  passwordCheck: passwordWeakness,
};

export interface FormOption {
  value: string;
  label: string;
  group?: string;
}

/** Options for the region select and the regions-served checkboxes. */
export function orgFormOptions(): { regions: FormOption[]; served: FormOption[] } {
  const regions = regionOptions().map((r) => ({ value: r.code, label: r.label, group: r.group }));
  const served = regionsWithin(platformScope()).map((r) => ({
    value: r.code,
    label: r.level === 3 ? `${regionName(r.parentCode)} ${r.name}` : r.name,
  }));
  return { regions, served };
}

type OrgColumns = Omit<
  OrganizationsTable,
  'id' | 'kind' | 'status' | 'status_reason' | 'status_changed_by' | 'status_changed_at' | 'created_at' | 'updated_at'
>;

export function enterpriseColumns(input: EnterpriseProfileInput): OrgColumns {
  return {
    name: input.orgName,
    credit_code: input.creditCode,
    region_code: input.regionCode,
    industry: input.industry,
    size: input.size,
    founded_year: input.foundedYear,
    registered_capital: input.registeredCapital,
    employees: input.employees,
    annual_revenue: input.annualRevenue,
    bank_type: null,
    branch_level: null,
    contact_name: input.contactName,
    contact_phone: input.contactPhone,
    contact_email: input.contactEmail || null,
    description: input.description || null,
  };
}

export function bankColumns(input: BankProfileInput): OrgColumns {
  return {
    name: input.orgName,
    credit_code: input.creditCode || null,
    region_code: input.regionCode,
    industry: null,
    size: null,
    founded_year: null,
    registered_capital: null,
    employees: null,
    annual_revenue: null,
    bank_type: input.bankType,
    branch_level: input.branchLevel,
    contact_name: input.contactName,
    contact_phone: input.contactPhone,
    contact_email: input.contactEmail || null,
    description: input.description || null,
  };
}

/** The signed-in member's own organization (by id from the session: never another's). */
export async function getOwnOrganization(db: DB, orgId: string) {
  const org = await db
    .selectFrom('organizations')
    .select([
      'id',
      'kind',
      'name',
      'status',
      'status_reason',
      'status_changed_at',
      'credit_code',
      'region_code',
      'industry',
      'size',
      'founded_year',
      'registered_capital',
      'employees',
      'annual_revenue',
      'bank_type',
      'branch_level',
      'contact_name',
      'contact_phone',
      'contact_email',
      'description',
      'created_at',
    ])
    .where('id', '=', orgId)
    .where('kind', 'in', ['enterprise', 'bank'])
    .executeTakeFirst();
  if (!org) return undefined;
  const regionsServed = org.kind === 'bank' ? await bankRegionCodes(db, org.id) : [];
  // a verified organization's change of identity waiting for an organizer, and the last decided one
  const pendingChange = (await pendingChangeOf(db, org.id)) ?? null;
  const lastChange = (await lastDecidedChangeOf(db, org.id)) ?? null;
  return { ...org, regionsServed, pendingChange, lastChange };
}

export type OwnOrganization = NonNullable<Awaited<ReturnType<typeof getOwnOrganization>>>;

/**
 * The organization as form values (money in 万元, numbers as text). A change waiting
 * for review shows as the form's identity, so that saving other fields keeps it.
 */
export function profileFormValues(org: OwnOrganization): Record<string, string | string[]> {
  const identity = org.pendingChange ?? org;
  const common = {
    orgName: identity.name,
    creditCode: identity.credit_code ?? '',
    regionCode: identity.region_code,
    contactName: org.contact_name,
    contactPhone: org.contact_phone,
    contactEmail: org.contact_email ?? '',
    description: org.description ?? '',
  };
  if (org.kind === 'bank') {
    return { ...common, bankType: identity.bank_type ?? '', branchLevel: org.branch_level ?? '', regionsServed: org.regionsServed };
  }
  return {
    ...common,
    industry: org.industry ?? '',
    size: org.size ?? '',
    foundedYear: org.founded_year == null ? '' : String(org.founded_year),
    registeredCapital: yuanToWanInput(org.registered_capital),
    annualRevenue: yuanToWanInput(org.annual_revenue),
    employees: org.employees == null ? '' : String(org.employees),
  };
}

/**
 * What a profile save did: `saved` (applied), `resubmitted` (a rejected organization
 * back to pending), and for a verified organization whose form asks for another
 * name, credit code, region or bank type: `changeRequested` (held for an organizer,
 * decision 031c), `changeKept` (the same change still waits), `changeWithdrawn`
 * (the form is back to the verified identity, so the waiting change is dropped).
 */
export type ProfileOutcome = 'saved' | 'resubmitted' | 'changeRequested' | 'changeKept' | 'changeWithdrawn';

/** Another organization already holds this credit code? */
export async function creditCodeTaken(db: DB, code: string | null | undefined, exceptOrgId?: string): Promise<boolean> {
  if (!code) return false;
  let q = db.selectFrom('organizations').select('id').where('credit_code', '=', code);
  if (exceptOrgId) q = q.where('id', '<>', exceptOrgId);
  return Boolean(await q.executeTakeFirst());
}

const creditCodeTakenError = () => new AppError(400, 'v.creditCodeTaken', { field: 'creditCode' });

const PROPOSAL_OUTCOME: Record<ProposalOutcome, ProfileOutcome> = {
  none: 'saved',
  requested: 'changeRequested',
  kept: 'changeKept',
  withdrawn: 'changeWithdrawn',
};

/**
 * Saves the member's own organization. Pending and rejected organizations change
 * everything directly (a rejected one is resubmitted). A verified one changes its
 * everyday fields directly and proposes a change of identity (name, credit code,
 * region, bank type), which is shown nowhere until an organizer approves it.
 * Refused: not the member's kind (404); a name of another verified organization or
 * a credit code of another organization (400, field errors); the status changed
 * meanwhile (409 `profile.stateChanged`).
 */
async function updateProfile(
  db: DB,
  actor: { userId: string; orgId: string },
  kind: 'enterprise' | 'bank',
  columns: OrgColumns,
  regionsServed: string[] | null,
): Promise<ProfileOutcome> {
  const save = async (trx: DB): Promise<ProfileOutcome> => {
    const org = await trx
      .selectFrom('organizations')
      .select(['id', 'kind', 'status', 'name', 'credit_code', 'region_code', 'bank_type'])
      .where('id', '=', actor.orgId)
      .executeTakeFirst();
    if (!org || org.kind !== kind) throw notFound();
    const now = nowIso();
    const current = identityOf(org);
    const { name, credit_code, region_code, bank_type, ...everyday } = columns;
    const wanted = identityOf({ name, credit_code, region_code, bank_type: kind === 'bank' ? bank_type : null });
    const identityChanged = Object.keys(identityDiff(current, wanted)).length > 0;

    if (org.status !== 'verified' && (await verifiedOrgWithName(trx, wanted.name, org.id))) throw nameOfVerifiedError(wanted.name);
    if (org.status !== 'verified' && (await creditCodeTaken(trx, wanted.credit_code, org.id))) throw creditCodeTakenError();

    const resubmit = org.status === 'rejected';
    const res = await trx
      .updateTable('organizations')
      .set({
        ...everyday,
        // a verified organization's identity waits for an organizer (decision 031c)
        ...(org.status === 'verified' ? {} : wanted),
        updated_at: now,
        ...(resubmit ? { status: 'pending' as const, status_changed_by: actor.userId, status_changed_at: now } : {}),
      })
      .where('id', '=', org.id)
      .where('status', '=', org.status) // not verified or revoked in the meantime
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('profile.stateChanged');
    if (regionsServed) {
      await trx.deleteFrom('bank_regions').where('organization_id', '=', org.id).execute();
      await trx
        .insertInto('bank_regions')
        .values(regionsServed.map((region_code) => ({ organization_id: org.id, region_code })))
        .execute();
    }
    if (org.status === 'verified') {
      return PROPOSAL_OUTCOME[await proposeIdentityChange(trx, actor, current, wanted, now)];
    }
    // an unverified organization edits directly; a change request left from its verified days has nothing to wait for
    await closeOpenChange(trx, org.id, actor.userId, null);
    if (identityChanged) {
      // Needs carry the enterprise's region and name (directory filters, search); products the bank's name.
      if (kind === 'enterprise') await refreshNeedsOfOrganization(trx, org.id);
      else await refreshBankProductsSearchText(trx, org.id);
    }
    if (resubmit) {
      // 重新提交审核: the history shows what changed; the organizers of the region hear of it
      await audit(trx, org.id, actor.userId, 'verification.resubmitted', identityDiff(current, wanted), null, now);
      await notifyUsers(
        trx,
        await organizersCovering(trx, wanted.region_code),
        'org.resubmitted',
        { name: wanted.name },
        `/organizer/verifications/${org.id}`,
        now,
      );
    }
    return resubmit ? 'resubmitted' : 'saved';
  };
  try {
    return await inTransaction(db, save);
  } catch (error) {
    const u = uniqueViolation(error);
    if (u?.column === 'credit_code') throw creditCodeTakenError();
    // two saves proposing a change at once: the partial unique index keeps one open request
    if (u?.table === 'org_change_requests' || u?.column === 'organization_id') throw conflict('profile.stateChanged');
    throw error;
  }
}

/** The active organizers whose region covers `regionCode` (a city's covers its counties). */
export async function organizersCovering(db: DB, regionCode: string): Promise<string[]> {
  return (await regionalOrganizers(db))(regionCode);
}

export function updateEnterpriseProfile(
  db: DB,
  actor: { userId: string; orgId: string },
  input: EnterpriseProfileInput,
): Promise<ProfileOutcome> {
  return updateProfile(db, actor, 'enterprise', enterpriseColumns(input), null);
}

export function updateBankProfile(db: DB, actor: { userId: string; orgId: string }, input: BankProfileInput): Promise<ProfileOutcome> {
  return updateProfile(db, actor, 'bank', bankColumns(input), input.regionsServed);
}
