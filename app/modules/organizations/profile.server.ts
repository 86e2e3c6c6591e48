/**
 * An enterprise's or bank's own organization: read, form values, update.
 * Pending and rejected organizations edit their profile; saving a rejected one
 * resubmits it (back to pending). A verified profile is changed by organizers only.
 */
import { passwordWeakness } from '~/modules/auth/password-policy';
import type { DB } from '~/utils/db.server';
import { refreshNeedsOfOrganization } from '~/modules/needs/common.server';
import { refreshBankProductsSearchText } from '~/modules/products/products.server';
import { uniqueViolation } from '~/utils/db-errors';
import { nowIso } from '~/utils/ids';
import { yuanToWanInput } from '~/utils/money';
import { isKnownRegion, platformScope, regionCovers, regionName, regionOptions, regionsWithin } from '~/modules/regions/regions.server';
import type { OrganizationsTable } from '#db/schema';
import type { BankProfileInput, EnterpriseProfileInput, OrgSchemaContext } from './schema';

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

type OrgColumns = Omit<OrganizationsTable, 'id' | 'kind' | 'status' | 'status_reason' | 'status_changed_by' | 'status_changed_at' | 'created_at' | 'updated_at'>;

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

export async function bankRegionCodes(db: DB, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('bank_regions').select('region_code').where('organization_id', '=', orgId).orderBy('region_code').execute();
  return rows.map((r) => r.region_code);
}

/** The signed-in member's own organization (by id from the session: never another's). */
export async function getOwnOrganization(db: DB, orgId: string) {
  const org = await db
    .selectFrom('organizations')
    .select([
      'id', 'kind', 'name', 'status', 'status_reason', 'status_changed_at', 'credit_code', 'region_code',
      'industry', 'size', 'founded_year', 'registered_capital', 'employees', 'annual_revenue',
      'bank_type', 'branch_level', 'contact_name', 'contact_phone', 'contact_email', 'description', 'created_at',
    ])
    .where('id', '=', orgId)
    .where('kind', 'in', ['enterprise', 'bank'])
    .executeTakeFirst();
  if (!org) return undefined;
  const regionsServed = org.kind === 'bank' ? await bankRegionCodes(db, org.id) : [];
  return { ...org, regionsServed };
}

export type OwnOrganization = NonNullable<Awaited<ReturnType<typeof getOwnOrganization>>>;

/** The organization as form values (money in 万元, numbers as text). */
export function profileFormValues(org: OwnOrganization): Record<string, string | string[]> {
  const common = {
    orgName: org.name,
    creditCode: org.credit_code ?? '',
    regionCode: org.region_code,
    contactName: org.contact_name,
    contactPhone: org.contact_phone,
    contactEmail: org.contact_email ?? '',
    description: org.description ?? '',
  };
  if (org.kind === 'bank') {
    return { ...common, bankType: org.bank_type ?? '', branchLevel: org.branch_level ?? '', regionsServed: org.regionsServed };
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

export type ProfileUpdateResult =
  | { ok: true; resubmitted: boolean }
  | { ok: false; status: number; fieldErrors?: Record<string, string[]>; formErrors?: string[] };

/** Another organization already holds this credit code? */
export async function creditCodeTaken(db: DB, code: string | null | undefined, exceptOrgId?: string): Promise<boolean> {
  if (!code) return false;
  let q = db.selectFrom('organizations').select('id').where('credit_code', '=', code);
  if (exceptOrgId) q = q.where('id', '<>', exceptOrgId);
  return Boolean(await q.executeTakeFirst());
}

async function updateProfile(
  db: DB,
  actor: { userId: string; orgId: string },
  kind: 'enterprise' | 'bank',
  columns: OrgColumns,
  regionsServed: string[] | null,
): Promise<ProfileUpdateResult> {
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'kind', 'status', 'name', 'credit_code', 'region_code', 'bank_type'])
    .where('id', '=', actor.orgId)
    .executeTakeFirst();
  if (!org || org.kind !== kind) return { ok: false, status: 404, formErrors: ['error.notFound'] };
  // A verified organization keeps its status for everyday changes (contact, finances,
  // description); changing who it is (name, credit code, seat, bank type) needs a new check.
  const identityChanged =
    columns.name !== org.name ||
    (columns.credit_code ?? null) !== org.credit_code ||
    columns.region_code !== org.region_code ||
    (kind === 'bank' && (columns.bank_type ?? null) !== org.bank_type);
  if (await creditCodeTaken(db, columns.credit_code, org.id)) {
    return { ok: false, status: 400, fieldErrors: { creditCode: ['v.creditCodeTaken'] } };
  }
  const now = nowIso();
  const resubmit = org.status === 'rejected' || (org.status === 'verified' && identityChanged);
  const run = async (trx: DB) => {
    const res = await trx
      .updateTable('organizations')
      .set({
        ...columns,
        updated_at: now,
        ...(resubmit ? { status: 'pending' as const, status_changed_by: actor.userId, status_changed_at: now } : {}),
      })
      .where('id', '=', org.id)
      .where('status', '=', org.status) // not verified in the meantime
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    // Needs carry the enterprise's region and name (directory filters, search).
    if (kind === 'enterprise') await refreshNeedsOfOrganization(trx, org.id);
    else await refreshBankProductsSearchText(trx, org.id);
    if (regionsServed) {
      await trx.deleteFrom('bank_regions').where('organization_id', '=', org.id).execute();
      await trx.insertInto('bank_regions').values(regionsServed.map((region_code) => ({ organization_id: org.id, region_code }))).execute();
    }
    return true;
  };
  try {
    const done = db.isTransaction ? await run(db) : await db.transaction().execute(run);
    if (!done) return { ok: false, status: 409, formErrors: ['profile.locked'] };
  } catch (error) {
    const u = uniqueViolation(error);
    if (u?.column === 'credit_code') return { ok: false, status: 400, fieldErrors: { creditCode: ['v.creditCodeTaken'] } };
    throw error;
  }
  return { ok: true, resubmitted: resubmit };
}

export function updateEnterpriseProfile(db: DB, actor: { userId: string; orgId: string }, input: EnterpriseProfileInput) {
  return updateProfile(db, actor, 'enterprise', enterpriseColumns(input), null);
}

export function updateBankProfile(db: DB, actor: { userId: string; orgId: string }, input: BankProfileInput) {
  return updateProfile(db, actor, 'bank', bankColumns(input), input.regionsServed);
}
