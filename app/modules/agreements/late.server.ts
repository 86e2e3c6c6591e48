/**
 * Late agreements: signed (confirmed) but nothing approved (授信) N days after the
 * signing date. N is the organizer's regional setting (default 30 days,
 * `agreement_late_days[:region]` in ~/modules/calendar/settings.server).
 * Days are calendar days in China time; an agreement signed on day S is late
 * from day S + N on while it is still `signed`.
 */
import { getAgreementLateDays } from '~/modules/calendar/settings.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { regionPrefix } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { lateCutoff } from './lifecycle';

export { isLate, lateCutoff } from './lifecycle';

export interface LateRule {
  days: number;
  today: string;
  /** agreements signed on or before this date and still `signed` are late */
  cutoff: string;
}

export async function lateRule(db: DB, regionCode: string | null, now: Date = new Date()): Promise<LateRule> {
  const days = await getAgreementLateDays(db, regionCode);
  const today = chinaDate(now);
  return { days, today, cutoff: lateCutoff(today, days) };
}

export interface LateAgreement {
  id: string;
  documentNo: string | null;
  bankName: string;
  enterpriseName: string;
  amount: number;
  signedOn: string;
  regionCode: string;
}

/** Late agreements of a region, oldest signing first (the organizer's chase list). */
export async function lateAgreements(db: DB, regionCode: string, rule: LateRule, limit = 500): Promise<LateAgreement[]> {
  const rows = await db
    .selectFrom('agreements as a')
    .innerJoin('organizations as b', 'b.id', 'a.bank_org_id')
    .innerJoin('organizations as e', 'e.id', 'a.enterprise_org_id')
    .select(['a.id', 'a.document_no', 'b.name as bank_name', 'e.name as enterprise_name', 'a.amount', 'a.signed_on', 'a.region_code'])
    .where('a.region_code', 'like', `${regionPrefix(regionCode)}%`)
    .where('a.status', '=', 'signed')
    .where('a.signed_on', '<=', rule.cutoff)
    .orderBy('a.signed_on')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    documentNo: r.document_no,
    bankName: r.bank_name,
    enterpriseName: r.enterprise_name,
    amount: r.amount,
    signedOn: r.signed_on,
    regionCode: r.region_code,
  }));
}

/** How many agreements of a region are late. */
export async function countLate(db: DB, regionCode: string, rule: LateRule): Promise<number> {
  const r = await db
    .selectFrom('agreements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region_code', 'like', `${regionPrefix(regionCode)}%`)
    .where('status', '=', 'signed')
    .where('signed_on', '<=', rule.cutoff)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
