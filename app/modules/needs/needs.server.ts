/**
 * Needs of both kinds — financing (融资需求) and hiring (用工需求) — through one
 * API: read an own need, create, edit with reason and history. What differs per
 * kind (table, columns, form values, extra rows) is in `KINDS`; routes take the
 * kind from the URL and never branch on it for behaviour.
 *
 * Refusals are thrown as AppError: another enterprise's or no need 404, stale
 * version 409, not editable / reason missing / nothing changed 400.
 */
import type { NeedStatus } from '~/modules/catalog/codes';
import type { DB } from '~/utils/db.server';
import { badRequest, conflict, notFound } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { inTransaction } from '~/utils/db.server';
import { needSearchText, ownerSnapshot, updateAtVersion } from './common.server';
import { diffValues, recordEdit } from './edits.server';
import { createFinancingNeed, FINANCING_EDIT_FIELDS, financingColumns, financingValuesOf, getOwnFinancingNeed } from './financing.server';
import {
  createHiringNeed,
  getOwnHiringNeed,
  HIRING_EDIT_FIELDS,
  hiringColumns,
  hiringValuesOf,
  insertPositions,
  listPositions,
  normalizedHiring,
} from './hiring.server';
import { editNeedsReason, isEditable, type NeedKind } from './lifecycle';
import type { FinancingValues, HiringValues } from './schema';

export type { NeedKind } from './lifecycle';

export interface NeedValuesOf {
  financing: FinancingValues;
  hiring: HiringValues;
}

/** The columns every need has, as the pages show them. */
export interface NeedHead {
  id: string;
  status: NeedStatus;
  version: number;
  title: string;
  publishedAt: string | null;
  closedAt: string | null;
  statusReason: string | null;
  wantedBy: string | null;
  /** hiring: people wanted over all positions */
  totalHeadcount: number | null;
}

export interface OwnNeed<K extends NeedKind> {
  head: NeedHead;
  values: NeedValuesOf[K];
}

interface KindSpec<K extends NeedKind> {
  editFields: readonly string[];
  read(db: DB, orgId: string, needId: string): Promise<OwnNeed<K> | undefined>;
  create(db: DB, input: { orgId: string; values: NeedValuesOf[K]; publish: boolean }): Promise<string>;
  /** form values as stored (what the diff compares) */
  normalize(values: NeedValuesOf[K]): NeedValuesOf[K];
  columns(values: NeedValuesOf[K]): Record<string, unknown>;
  /** rows of their own, rewritten after the need's row when they changed */
  afterUpdate?(trx: DB, needId: string, values: NeedValuesOf[K], changed: Record<string, unknown>): Promise<void>;
}

function head(
  row: {
    id: string;
    status: string;
    version: number;
    title: string;
    published_at: string | null;
    closed_at: string | null;
    status_reason: string | null;
    wanted_by: string | null;
  },
  totalHeadcount: number | null,
): NeedHead {
  return {
    id: row.id,
    status: row.status as NeedStatus,
    version: row.version,
    title: row.title,
    publishedAt: row.published_at,
    closedAt: row.closed_at,
    statusReason: row.status_reason,
    wantedBy: row.wanted_by,
    totalHeadcount,
  };
}

/** What differs between the two kinds of need. */
const KINDS: { [K in NeedKind]: KindSpec<K> } = {
  financing: {
    editFields: FINANCING_EDIT_FIELDS,
    async read(db, orgId, needId) {
      const row = await getOwnFinancingNeed(db, orgId, needId);
      return row && { head: head(row, null), values: financingValuesOf(row) };
    },
    create: createFinancingNeed,
    normalize: (v) => v,
    columns: financingColumns,
  },
  hiring: {
    editFields: HIRING_EDIT_FIELDS,
    async read(db, orgId, needId) {
      const row = await getOwnHiringNeed(db, orgId, needId);
      return row && { head: head(row, row.total_headcount), values: hiringValuesOf(row, await listPositions(db, row.id)) };
    },
    create: createHiringNeed,
    normalize: normalizedHiring,
    columns: hiringColumns,
    async afterUpdate(trx, needId, values, changed) {
      if (!changed.positions) return;
      await trx.deleteFrom('hiring_positions').where('hiring_need_id', '=', needId).execute();
      await insertPositions(trx, needId, values.positions);
    },
  },
};

/** An enterprise's own need with its form values, or undefined (another enterprise's id is "not found"). */
export function getOwnNeed<K extends NeedKind>(db: DB, kind: K, orgId: string, needId: string): Promise<OwnNeed<K> | undefined> {
  return (KINDS[kind] as KindSpec<K>).read(db, orgId, needId);
}

/** A new need of the enterprise, as a draft or published; its id. */
export function createNeed<K extends NeedKind>(
  db: DB,
  kind: K,
  input: { orgId: string; values: NeedValuesOf[K]; publish: boolean },
): Promise<string> {
  return (KINDS[kind] as KindSpec<K>).create(db, input);
}

/**
 * Saves an edit. Drafts change freely; a published (or matched) need needs a
 * reason, and the change is kept in need_edits. `version` must be the one the
 * user saw, else nothing changes.
 */
export async function updateNeed<K extends NeedKind>(
  db: DB,
  kind: K,
  input: { orgId: string; userId: string; needId: string; version: number; values: NeedValuesOf[K]; reason?: string | null },
): Promise<void> {
  const spec = KINDS[kind] as KindSpec<K>;
  const values = spec.normalize(input.values);
  await inTransaction(db, async (trx) => {
    const current = await spec.read(trx, input.orgId, input.needId);
    if (!current) throw notFound();
    if (current.head.version !== input.version) throw conflict('needs.err.stale');
    if (!isEditable(current.head.status)) throw badRequest('needs.err.notEditable');
    const reason = input.reason?.trim() ?? '';
    const withHistory = editNeedsReason(current.head.status);
    if (withHistory && !reason) throw badRequest('needs.err.editReasonRequired', 'reason');
    const changes = diffValues(
      current.values as unknown as Record<string, unknown>,
      values as unknown as Record<string, unknown>,
      spec.editFields,
    );
    if (Object.keys(changes).length === 0) throw badRequest('needs.err.noChanges');
    const owner = await ownerSnapshot(trx, input.orgId);
    const now = nowIso();
    await updateAtVersion(trx, kind, input, now, {
      ...spec.columns(values),
      region_code: owner.region_code,
      search_text: needSearchText(values.title, values.description, owner.name),
    });
    await spec.afterUpdate?.(trx, input.needId, values, changes);
    if (withHistory) await recordEdit(trx, { kind, needId: input.needId, userId: input.userId, reason, changes, at: now });
  });
}
