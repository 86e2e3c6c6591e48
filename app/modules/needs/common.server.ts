/** Helpers shared by financing and hiring needs: owner snapshot, transactions, status changes. */
import { sql, type Updateable } from 'kysely';
import type { FinancingNeedsTable, HiringNeedsTable } from '#db/schema';
import type { NeedStatus } from '~/modules/catalog/codes';
import { buildSearchText } from '~/modules/search/text-search.server';
import { type DB, inTransaction } from '~/utils/db.server';
import { AppError, conflict, notFound } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { checkTransition, type NeedKind } from './lifecycle';

export const NEED_TABLE = { financing: 'financing_needs', hiring: 'hiring_needs' } as const;

export interface OwnerSnapshot {
  name: string;
  region_code: string;
}

/** The enterprise fields copied onto its needs (region for filters, name for search). */
export async function ownerSnapshot(db: DB, orgId: string): Promise<OwnerSnapshot> {
  const org = await db.selectFrom('organizations').select(['name', 'region_code']).where('id', '=', orgId).executeTakeFirstOrThrow();
  return org;
}

export function needSearchText(title: string, description: string | null | undefined, orgName: string): string {
  return buildSearchText(title, description ?? '', orgName);
}

/**
 * Writes an own need's columns if it is still at the version the user saw, and
 * moves it to the next version; 409 needs.err.stale when another write came first.
 */
export async function updateAtVersion(
  trx: DB,
  kind: NeedKind,
  input: { needId: string; orgId: string; version: number },
  now: string,
  set: Updateable<FinancingNeedsTable> | Updateable<HiringNeedsTable>,
): Promise<void> {
  const res = await trx
    .updateTable(NEED_TABLE[kind] as 'financing_needs')
    .set({ ...(set as Updateable<FinancingNeedsTable>), version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', input.needId)
    .where('organization_id', '=', input.orgId)
    .where('version', '=', input.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('needs.err.stale');
}

/**
 * Changes the status of an own need: checks the life cycle rules and the
 * version the user saw; a stale version changes nothing. Refused: another
 * enterprise's or no need (404), stale (409), against the life cycle (400).
 */
export async function changeNeedStatus(
  db: DB,
  input: { kind: NeedKind; orgId: string; needId: string; version: number; to: NeedStatus; reason?: string | null },
): Promise<void> {
  const table = NEED_TABLE[input.kind] as 'financing_needs';
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom(table)
      .select(['status', 'version', 'published_at'])
      .where('id', '=', input.needId)
      .where('organization_id', '=', input.orgId)
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.version !== input.version) throw conflict('needs.err.stale');
    const check = checkTransition(row.status, input.to, input.reason);
    if (!check.ok) throw new AppError(400, check.error, { field: check.error === 'needs.err.reasonRequired' ? 'reason' : undefined });
    const now = nowIso();
    await updateAtVersion(trx, input.kind, input, now, {
      status: input.to,
      ...(input.to === 'published' ? { published_at: row.published_at ?? now } : {}),
      ...(input.to === 'closed' || input.to === 'withdrawn' ? { closed_at: now, status_reason: input.reason?.trim() || null } : {}),
    });
  });
}

/**
 * Marks a published need as matched (an enterprise accepted a bank's interest).
 * Returns false when the need was not published.
 */
export async function markNeedMatched(db: DB, kind: NeedKind, needId: string): Promise<boolean> {
  const table = NEED_TABLE[kind] as 'financing_needs';
  const res = await db
    .updateTable(table)
    .set({ status: 'matched', version: sql<number>`version + 1`, updated_at: nowIso() })
    .where('id', '=', needId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Keeps region and search text of an enterprise's needs current after its
 * name or region changed (call from the profile update).
 */
export async function refreshNeedsOfOrganization(db: DB, orgId: string): Promise<void> {
  const owner = await ownerSnapshot(db, orgId);
  for (const kind of ['financing', 'hiring'] as const) {
    const table = NEED_TABLE[kind] as 'financing_needs';
    const rows = await db.selectFrom(table).select(['id', 'title', 'description']).where('organization_id', '=', orgId).execute();
    for (const r of rows) {
      await db
        .updateTable(table)
        .set({ region_code: owner.region_code, search_text: needSearchText(r.title, r.description, owner.name) })
        .where('id', '=', r.id)
        .execute();
    }
  }
}
