/** Hiring needs (用工需求) with their positions: what is particular to them; the rest is in needs.server.ts. */
import type { Selectable } from 'kysely';
import type { HiringNeedsTable, HiringPositionsTable } from '#db/schema';
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { inTransaction } from '~/utils/db.server';
import { needSearchText, ownerSnapshot } from './common.server';
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
    positions: positions.map((p) => ({
      title: p.title,
      headcount: p.headcount,
      wage_min: Number(p.wage_min),
      wage_max: Number(p.wage_max),
      skills: p.skills ?? undefined,
    })),
  };
}

export function normalizedHiring(v: HiringValues): HiringValues {
  return { ...v, training_support: Boolean(v.training_support) };
}

export async function insertPositions(db: DB, needId: string, positions: readonly PositionValues[]) {
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
  const v = normalizedHiring(input.values);
  return inTransaction(db, async (trx) => {
    const owner = await ownerSnapshot(trx, input.orgId);
    const id = input.id ?? newId();
    const now = input.now ?? nowIso();
    await trx
      .insertInto('hiring_needs')
      .values({
        id,
        organization_id: input.orgId,
        ...hiringColumns(v),
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

/** The need's own columns written from the form values (positions are rows of their own). */
export function hiringColumns(v: HiringValues) {
  return {
    title: v.title,
    description: v.description || null,
    training_support: v.training_support ? 1 : 0,
    total_headcount: totalHeadcount(v.positions),
    wanted_by: v.wanted_by || null,
  };
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
