/**
 * The audit trail of an agreement: every write keeps who, when, what
 * (`{ column: [before, after] }`, values as stored) and why. A creation lists
 * every column with `before = null`, later entries every column that changed
 * (version and updated_at included), so replaying the entries in order rebuilds
 * the current row exactly — the property the tests check.
 */
import type { DB } from '~/utils/db.server';
import { newId } from '~/utils/ids';
import type { AgreementRow, AuditAction } from './lifecycle';

export type Changes = Record<string, [unknown, unknown]>;

/** The columns of `agreements`, in table order (the replayed row has exactly these). */
export const AGREEMENT_COLUMNS = [
  'id',
  'document_no',
  'event_id',
  'bank_org_id',
  'enterprise_org_id',
  'need_id',
  'product_id',
  'region_code',
  'industry',
  'product_category',
  'amount',
  'term_months',
  'signed_on',
  'signed_month',
  'bank_signatory',
  'enterprise_signatory',
  'status',
  'proposed_by_org_id',
  'proposed_by_user_id',
  'confirmed_by_user_id',
  'confirmed_at',
  'approved_amount',
  'approved_on',
  'disbursed_amount',
  'last_disbursed_on',
  'status_reason',
  'terminated_at',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof AgreementRow)[];

/** The columns the page shows as before→after, in this order (ids, version and timestamps only keep the books). */
export const DISPLAY_COLUMNS = [
  'status',
  'amount',
  'term_months',
  'signed_on',
  'document_no',
  'bank_signatory',
  'enterprise_signatory',
  'approved_amount',
  'approved_on',
  'disbursed_amount',
  'last_disbursed_on',
  'status_reason',
] as const;

/** Every column that differs between two rows (null before = creation). */
export function diffRows(before: AgreementRow | null, after: AgreementRow): Changes {
  const changes: Changes = {};
  for (const c of AGREEMENT_COLUMNS) {
    const b = before ? (before[c] ?? null) : null;
    const a = after[c] ?? null;
    if (before === null ? a !== null : b !== a) changes[c] = [b, a];
  }
  return changes;
}

export interface AuditEntryInput {
  agreementId: string;
  userId: string;
  action: AuditAction;
  changes: Changes;
  reason: string | null;
  at: string;
}

/**
 * Writes one entry. Its timestamp is strictly after the agreement's previous
 * entry (bumped by a millisecond when two writes share one), so ordering by
 * created_at replays the trail in the order it happened. Callers hold the row
 * (version-checked update first), so entries of one agreement never race.
 */
export async function writeAudit(db: DB, e: AuditEntryInput): Promise<string> {
  const last = await db
    .selectFrom('agreement_audit')
    .select('created_at')
    .where('agreement_id', '=', e.agreementId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  let at = e.at;
  if (last && last.created_at >= at) at = new Date(Date.parse(last.created_at) + 1).toISOString();
  const id = newId();
  await db
    .insertInto('agreement_audit')
    .values({
      id,
      agreement_id: e.agreementId,
      user_id: e.userId,
      action: e.action,
      changes: JSON.stringify(e.changes),
      reason: e.reason,
      created_at: at,
    })
    .execute();
  return id;
}

export function parseChanges(raw: string): Changes {
  try {
    const v = JSON.parse(raw) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Changes = {};
    for (const [k, pair] of Object.entries(v)) if (Array.isArray(pair) && pair.length === 2) out[k] = [pair[0], pair[1]];
    return out;
  } catch {
    return {};
  }
}

/**
 * Replays entries (oldest first) into the row they describe. Throws when an
 * entry's "before" does not match the state so far: the trail is broken.
 */
export function replayAudit(entries: readonly { changes: Changes | string }[]): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  entries.forEach((entry, i) => {
    const changes = typeof entry.changes === 'string' ? parseChanges(entry.changes) : entry.changes;
    for (const [col, [before, after]] of Object.entries(changes)) {
      const current = col in state ? state[col] : null;
      if (current !== before)
        throw new Error(`audit entry ${i}: ${col} was ${JSON.stringify(current)}, entry says ${JSON.stringify(before)}`);
      state[col] = after;
    }
  });
  return state;
}

/** A stored row with the columns of AGREEMENT_COLUMNS only, nulls kept: comparable with a replay. */
export function rowState(row: AgreementRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of AGREEMENT_COLUMNS) if ((row[c] ?? null) !== null) out[c] = row[c];
  return out;
}

/** A replayed state without nulls (a column set back to null is absent, as in rowState). */
export function compactState(state: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== null));
}

export interface AuditView {
  id: string;
  action: AuditAction;
  userName: string;
  userRole: string;
  reason: string | null;
  createdAt: string;
  /** the changes worth showing (DISPLAY_COLUMNS only) */
  changes: Changes;
}

/** Oldest first. */
export async function listAudit(db: DB, agreementId: string): Promise<AuditView[]> {
  const rows = await db
    .selectFrom('agreement_audit as x')
    .leftJoin('users as u', 'u.id', 'x.user_id')
    .select(['x.id', 'x.action', 'x.changes', 'x.reason', 'x.created_at', 'u.name as user_name', 'u.role as user_role'])
    .where('x.agreement_id', '=', agreementId)
    .orderBy('x.created_at')
    .orderBy('x.id')
    .execute();
  return rows.map((r) => {
    const all = parseChanges(r.changes);
    const changes: Changes = {};
    for (const c of DISPLAY_COLUMNS) if (c in all && !(r.action === 'created' && all[c][1] === 0)) changes[c] = all[c];
    return {
      id: r.id,
      action: r.action as AuditAction,
      userName: r.user_name ?? '—',
      userRole: r.user_role ?? '',
      reason: r.reason,
      createdAt: r.created_at,
      changes,
    };
  });
}
