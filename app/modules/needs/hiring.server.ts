/** Hiring needs (用工需求) with their positions: create, read own, edit with reason, status changes. */
import { sql, type Selectable } from 'kysely';
import type { HiringNeedsTable, HiringPositionsTable } from '#db/schema';
import type { NeedStatus } from '~/modules/catalog/codes';
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { inTransaction, needSearchText, ownerSnapshot, type NeedResult } from './common.server';
import { diffValues, recordEdit } from './edits.server';
import { editNeedsReason, isEditable } from './lifecycle';
import type { HiringValues, PositionValues } from './schema';

export type HiringNeedRow = Selectable<HiringNeedsTable>;
export type HiringPositionRow = Selectable<HiringPositionsTable>;

export const HIRING_EDIT_FIELDS = ['title', 'description', 'wanted_by', 'training_support', 'positions'] as const;

export function totalHeadcount(positions: readonly { headcount: number }[]): number {
  return positions.reduce((s, p) => s + p.headcount, 0);
}

export function hiringValuesOf(row: HiringNeedRow, positions: readonly HiringPositionRow[]): HiringValues {
  return {
    title: row.title,
    description: row.description ?? undefined,
    wanted_by: row.wanted_by ?? undefined,
    training_support: row.training_support === 1,
    positions: positions.map((p) => ({ title: p.title, headcount: p.headcount, wage_min: Number(p.wage_min), wage_max: Number(p.wage_max), skills: p.skills ?? undefined })),
  };
}

function normalized(v: HiringValues): HiringValues {
  return { ...v, training_support: Boolean(v.training_support) };
}

async function insertPositions(db: DB, needId: string, positions: readonly PositionValues[]) {
  if (positions.length === 0) return;
  await db
    .insertInto('hiring_positions')
    .values(
      positions.map((p, i) => ({
        id: newId(),
        hiring_need_id: needId,
        title: p.title,
        headcount: p.headcount,
        wage_min: p.wage_min,
        wage_max: p.wage_max,
        skills: p.skills || null,
        sort_order: i,
      })),
    )
    .execute();
}

export async function createHiringNeed(
  db: DB,
  input: { orgId: string; values: HiringValues; publish: boolean; id?: string; now?: string },
): Promise<string> {
  const v = normalized(input.values);
  return inTransaction(db, async (trx) => {
    const owner = await ownerSnapshot(trx, input.orgId);
    const id = input.id ?? newId();
    const now = input.now ?? nowIso();
    await trx
      .insertInto('hiring_needs')
      .values({
        id,
        organization_id: input.orgId,
        title: v.title,
        description: v.description || null,
        training_support: v.training_support ? 1 : 0,
        total_headcount: totalHeadcount(v.positions),
        wanted_by: v.wanted_by || null,
        status: input.publish ? 'published' : 'draft',
        region_code: owner.region_code,
        search_text: needSearchText(v.title, v.description, owner.name),
        published_at: input.publish ? now : null,
        closed_at: null,
        status_reason: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await insertPositions(trx, id, v.positions);
    return id;
  });
}

export async function getOwnHiringNeed(db: DB, orgId: string, needId: string): Promise<HiringNeedRow | undefined> {
  return db.selectFrom('hiring_needs').selectAll().where('id', '=', needId).where('organization_id', '=', orgId).executeTakeFirst();
}

export async function listPositions(db: DB, needId: string): Promise<HiringPositionRow[]> {
  return db.selectFrom('hiring_positions').selectAll().where('hiring_need_id', '=', needId).orderBy('sort_order').execute();
}

/** Positions of several needs at once (directory pages). */
export async function positionsOfNeeds(db: DB, needIds: readonly string[]): Promise<Map<string, HiringPositionRow[]>> {
  const map = new Map<string, HiringPositionRow[]>();
  if (needIds.length === 0) return map;
  const rows = await db.selectFrom('hiring_positions').selectAll().where('hiring_need_id', 'in', needIds).orderBy('sort_order').execute();
  for (const r of rows) {
    if (!map.has(r.hiring_need_id)) map.set(r.hiring_need_id, []);
    map.get(r.hiring_need_id)!.push(r);
  }
  return map;
}

export async function updateHiringNeed(
  db: DB,
  input: { orgId: string; userId: string; needId: string; version: number; values: HiringValues; reason?: string | null },
): Promise<NeedResult> {
  const v = normalized(input.values);
  return inTransaction(db, async (trx) => {
    const row = await getOwnHiringNeed(trx, input.orgId, input.needId);
    if (!row) return { ok: false, error: 'error.notFound' };
    if (row.version !== input.version) return { ok: false, error: 'needs.err.stale' };
    if (!isEditable(row.status as NeedStatus)) return { ok: false, error: 'needs.err.notEditable' };
    const reason = input.reason?.trim() ?? '';
    const withHistory = editNeedsReason(row.status as NeedStatus);
    if (withHistory && !reason) return { ok: false, error: 'needs.err.editReasonRequired', field: 'reason' };
    const before = hiringValuesOf(row, await listPositions(trx, input.needId));
    const changes = diffValues(before as unknown as Record<string, unknown>, v as unknown as Record<string, unknown>, HIRING_EDIT_FIELDS);
    if (Object.keys(changes).length === 0) return { ok: false, error: 'needs.err.noChanges' };
    const owner = await ownerSnapshot(trx, input.orgId);
    const now = nowIso();
    const res = await trx
      .updateTable('hiring_needs')
      .set({
        title: v.title,
        description: v.description || null,
        training_support: v.training_support ? 1 : 0,
        total_headcount: totalHeadcount(v.positions),
        wanted_by: v.wanted_by || null,
        region_code: owner.region_code,
        search_text: needSearchText(v.title, v.description, owner.name),
        version: sql<number>`version + 1`,
        updated_at: now,
      })
      .where('id', '=', input.needId)
      .where('organization_id', '=', input.orgId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return { ok: false, error: 'needs.err.stale' };
    if (changes.positions) {
      await trx.deleteFrom('hiring_positions').where('hiring_need_id', '=', input.needId).execute();
      await insertPositions(trx, input.needId, v.positions);
    }
    if (withHistory) await recordEdit(trx, { kind: 'hiring', needId: input.needId, userId: input.userId, reason, changes, at: now });
    return { ok: true };
  });
}

