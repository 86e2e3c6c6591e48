/** Financing needs (融资需求) of an enterprise: create, read own, edit with reason, status changes. */
import { sql, type Selectable } from 'kysely';
import type { FinancingNeedsTable } from '#db/schema';
import { guaranteeMask, guaranteesOf, type GuaranteeType, type NeedPurpose, type NeedStatus } from '~/modules/catalog/codes';
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { inTransaction, needSearchText, ownerSnapshot, type NeedResult } from './common.server';
import { diffValues, recordEdit } from './edits.server';
import { editNeedsReason, isEditable } from './lifecycle';
import type { FinancingValues } from './schema';

export type FinancingNeedRow = Selectable<FinancingNeedsTable>;

/** Fields compared (and shown) in the edit history, in display order. */
export const FINANCING_EDIT_FIELDS = ['title', 'amount', 'term_months', 'purpose', 'guarantees', 'max_rate', 'wanted_by', 'description', 'attachments'] as const;

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

function columnsOf(v: FinancingValues) {
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
      ...columnsOf(input.values),
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

/**
 * Saves an edit. Drafts change freely; a published (or matched) need needs a
 * reason, and the change is kept in need_edits. `version` must be the one the
 * user saw, else nothing changes.
 */
export async function updateFinancingNeed(
  db: DB,
  input: { orgId: string; userId: string; needId: string; version: number; values: FinancingValues; reason?: string | null },
): Promise<NeedResult> {
  return inTransaction(db, async (trx) => {
    const row = await getOwnFinancingNeed(trx, input.orgId, input.needId);
    if (!row) return { ok: false, error: 'error.notFound' };
    if (row.version !== input.version) return { ok: false, error: 'needs.err.stale' };
    if (!isEditable(row.status as NeedStatus)) return { ok: false, error: 'needs.err.notEditable' };
    const reason = input.reason?.trim() ?? '';
    const withHistory = editNeedsReason(row.status as NeedStatus);
    if (withHistory && !reason) return { ok: false, error: 'needs.err.editReasonRequired', field: 'reason' };
    const changes = diffValues(financingValuesOf(row) as unknown as Record<string, unknown>, input.values as unknown as Record<string, unknown>, FINANCING_EDIT_FIELDS);
    if (Object.keys(changes).length === 0) return { ok: false, error: 'needs.err.noChanges' };
    const owner = await ownerSnapshot(trx, input.orgId);
    const now = nowIso();
    const res = await trx
      .updateTable('financing_needs')
      .set({
        ...columnsOf(input.values),
        region_code: owner.region_code,
        search_text: needSearchText(input.values.title, input.values.description, owner.name),
        version: sql<number>`version + 1`,
        updated_at: now,
      })
      .where('id', '=', input.needId)
      .where('organization_id', '=', input.orgId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return { ok: false, error: 'needs.err.stale' };
    if (withHistory) await recordEdit(trx, { kind: 'financing', needId: input.needId, userId: input.userId, reason, changes, at: now });
    return { ok: true };
  });
}

