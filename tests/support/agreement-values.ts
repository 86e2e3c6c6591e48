/**
 * One `agreements` row for tests that write agreements straight into the database
 * (the rollup property tests, the dashboard's, the live-signing page's): the columns a
 * test does not care about get the values those tests all used — a proposed agreement
 * of 12 months signed by 王 and 李, with no event, need, product, approval or tranche —
 * and the test names the rest.
 */
import type { Insertable } from 'kysely';
import type { AgreementsTable } from '../../db/schema';

type AgreementInsert = Insertable<AgreementsTable>;

/** What every agreement needs named: who, where, when, how much, proposed by whom. */
type Named = Pick<
  AgreementInsert,
  'id' | 'bank_org_id' | 'enterprise_org_id' | 'region_code' | 'amount' | 'signed_on' | 'proposed_by_org_id' | 'proposed_by_user_id'
>;

/** The columns with a default here (each present, so an override narrows its type). */
type Defaults = Required<
  Pick<
    AgreementInsert,
    | 'document_no'
    | 'event_id'
    | 'need_id'
    | 'product_id'
    | 'industry'
    | 'product_category'
    | 'term_months'
    | 'signed_month'
    | 'bank_signatory'
    | 'enterprise_signatory'
    | 'status'
    | 'confirmed_by_user_id'
    | 'confirmed_at'
    | 'approved_amount'
    | 'approved_on'
    | 'last_disbursed_on'
    | 'status_reason'
    | 'terminated_at'
    | 'created_at'
    | 'updated_at'
  >
>;

/**
 * The row: the defaults, `signed_month` from `signed_on`, `created_at` and
 * `updated_at` now unless given, then `overrides` over all of them.
 */
export function agreementValues<O extends Named & Partial<AgreementInsert>>(overrides: O): Defaults & O {
  const now = overrides.created_at ?? new Date().toISOString();
  const defaults: Defaults = {
    document_no: null,
    event_id: null,
    need_id: null,
    product_id: null,
    industry: null,
    product_category: null,
    term_months: 12,
    signed_month: overrides.signed_on.slice(0, 7),
    bank_signatory: '王',
    enterprise_signatory: '李',
    status: 'proposed',
    confirmed_by_user_id: null,
    confirmed_at: null,
    approved_amount: null,
    approved_on: null,
    last_disbursed_on: null,
    status_reason: null,
    terminated_at: null,
    created_at: now,
    updated_at: now,
  };
  return { ...defaults, ...overrides };
}
