/** Financing needs (融资需求): what is particular to them (columns, values); the rest is in needs.server.ts. */
import type { Selectable } from 'kysely';
import type { FinancingNeedsTable } from '#db/schema';
import { guaranteeMask, guaranteesOf, type GuaranteeType, type NeedPurpose } from '~/modules/catalog/codes';
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { needSearchText, ownerSnapshot } from './common.server';
import type { FinancingValues } from './schema';

export type FinancingNeedRow = Selectable<FinancingNeedsTable>;

/** Fields compared (and shown) in the edit history, in display order. */
export const FINANCING_EDIT_FIELDS = [
  'title',
  'amount',
  'term_months',
  'purpose',
  'guarantees',
  'max_rate',
  'wanted_by',
  'description',
  'attachments',
] as const;

export function parseAttachments(json: string | null | undefined): string[] {
  try {
    const v = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** A stored row as form values (amount in 元, rate in bp). */
export function financingValuesOf(row: FinancingNeedRow): FinancingValues {
  return {
    title: row.title,
    amount: Number(row.amount),
    term_months: row.term_months,
    purpose: row.purpose as NeedPurpose,
    guarantees: guaranteesOf(row.guarantee_mask),
    max_rate: row.max_rate_bp ?? undefined,
    wanted_by: row.wanted_by ?? undefined,
    description: row.description ?? undefined,
    attachments: parseAttachments(row.attachments),
  };
}

/** The columns written from the form values. */
export function financingColumns(v: FinancingValues) {
  return {
    title: v.title,
    amount: v.amount,
    term_months: v.term_months,
    purpose: v.purpose,
    guarantee_mask: guaranteeMask(v.guarantees as GuaranteeType[]),
    max_rate_bp: v.max_rate ?? null,
    wanted_by: v.wanted_by || null,
    description: v.description || null,
    attachments: JSON.stringify(v.attachments),
  };
}

export async function createFinancingNeed(
  db: DB,
  input: { orgId: string; values: FinancingValues; publish: boolean; id?: string; now?: string },
): Promise<string> {
  const owner = await ownerSnapshot(db, input.orgId);
  const id = input.id ?? newId();
  const now = input.now ?? nowIso();
  await db
    .insertInto('financing_needs')
    .values({
      id,
      organization_id: input.orgId,
      ...financingColumns(input.values),
      status: input.publish ? 'published' : 'draft',
      region_code: owner.region_code,
      search_text: needSearchText(input.values.title, input.values.description, owner.name),
      published_at: input.publish ? now : null,
      closed_at: null,
      status_reason: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** An enterprise's own need, or undefined (another enterprise's id is "not found"). */
export async function getOwnFinancingNeed(db: DB, orgId: string, needId: string): Promise<FinancingNeedRow | undefined> {
  return db.selectFrom('financing_needs').selectAll().where('id', '=', needId).where('organization_id', '=', orgId).executeTakeFirst();
}
