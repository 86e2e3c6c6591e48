/**
 * Match lists for pages: the matching module's rankings with the names people
 * need to read them (bank and product names, need titles and enterprises).
 * Ownership checks are the routes' job: call these only for records the viewer may see.
 */
import type { Criterion } from '~/modules/matching/types';
import { topNeedsForProduct, topProductsForNeed } from '~/modules/matching/queries.server';
import type { DB } from '~/utils/db.server';

export interface MatchCriterionView {
  key: string;
  hard: boolean;
  met: boolean;
  messageKey: string;
  params: Record<string, string | number>;
}

function criteriaView(criteria: Criterion[]): MatchCriterionView[] {
  return criteria.map((c) => ({ key: c.key, hard: c.hard, met: c.met, messageKey: c.messageKey, params: c.params }));
}

export interface ProductMatchView {
  productId: string;
  productName: string;
  bankName: string;
  eligible: boolean;
  score: number;
  criteria: MatchCriterionView[];
  /** what a reader compares products by: amount (元), term (months), rate (bp; spreads over LPR when rateType is 'lpr') */
  terms: { amountMin: number; amountMax: number; termMin: number; termMax: number; rateType: string; rateMinBp: number; rateMaxBp: number };
}

/** Ranked products for a financing need (eligible first, then near misses). */
export async function productMatchesForNeed(db: DB, needId: string, limit = 20): Promise<ProductMatchView[] | undefined> {
  const result = await topProductsForNeed(db, needId, { limit, includeExcluded: true });
  if (!result) return undefined;
  const bankIds = [...new Set(result.matches.map((m) => m.bankId))];
  const banks = bankIds.length ? await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', bankIds).execute() : [];
  const bankName = new Map(banks.map((b) => [b.id, b.name]));
  return result.matches.map((m) => ({
    productId: m.productId,
    productName: m.product.name,
    bankName: bankName.get(m.bankId) ?? '',
    eligible: m.eligible,
    score: m.score,
    criteria: criteriaView(m.criteria),
    terms: {
      amountMin: m.product.amountMin,
      amountMax: m.product.amountMax,
      termMin: m.product.termMin,
      termMax: m.product.termMax,
      rateType: m.product.rateType,
      rateMinBp: m.product.rateMinBp,
      rateMaxBp: m.product.rateMaxBp,
    },
  }));
}

export interface NeedMatchView {
  needId: string;
  title: string;
  enterpriseName: string;
  amount: number;
  termMonths: number;
  eligible: boolean;
  score: number;
  criteria: MatchCriterionView[];
}

/** Ranked published financing needs for a product (eligible only). */
export async function needMatchesForProduct(db: DB, productId: string, limit = 20): Promise<NeedMatchView[] | undefined> {
  const result = await topNeedsForProduct(db, productId, { limit });
  if (!result) return undefined;
  const ids = result.matches.map((m) => m.needId);
  const rows = ids.length
    ? await db
        .selectFrom('financing_needs as n')
        .innerJoin('organizations as o', 'o.id', 'n.organization_id')
        .select(['n.id', 'n.title', 'o.name'])
        .where('n.id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return result.matches.map((m) => ({
    needId: m.needId,
    title: byId.get(m.needId)?.title ?? '',
    enterpriseName: byId.get(m.needId)?.name ?? '',
    amount: m.need.amount,
    termMonths: m.need.termMonths,
    eligible: m.eligible,
    score: m.score,
    criteria: criteriaView(m.criteria),
  }));
}
