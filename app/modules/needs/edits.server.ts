/**
 * Edit history of needs: every edit of a published need keeps who, when, why
 * and what changed (`{ field: [before, after] }`, values as stored).
 */
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import type { NeedKind } from './lifecycle';

export type Changes = Record<string, [unknown, unknown]>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields whose value differs, with [before, after]; undefined and null count as "empty". */
export function diffValues(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): Changes {
  const changes: Changes = {};
  for (const f of fields) {
    const b = before[f] ?? null;
    const a = after[f] ?? null;
    if (!same(b, a)) changes[f] = [b, a];
  }
  return changes;
}

export async function recordEdit(
  db: DB,
  edit: { kind: NeedKind; needId: string; userId: string; reason: string; changes: Changes; at?: string },
): Promise<void> {
  await db
    .insertInto('need_edits')
    .values({
      id: newId(),
      need_kind: edit.kind,
      need_id: edit.needId,
      user_id: edit.userId,
      reason: edit.reason,
      changes: JSON.stringify(edit.changes),
      created_at: edit.at ?? nowIso(),
    })
    .execute();
}

export interface NeedEditView {
  id: string;
  userName: string;
  reason: string;
  changes: Changes;
  createdAt: string;
}

/** Newest first. */
export async function listEdits(db: DB, kind: NeedKind, needId: string): Promise<NeedEditView[]> {
  const rows = await db
    .selectFrom('need_edits')
    .innerJoin('users', 'users.id', 'need_edits.user_id')
    .select(['need_edits.id', 'need_edits.reason', 'need_edits.changes', 'need_edits.created_at', 'users.name as user_name'])
    .where('need_edits.need_kind', '=', kind)
    .where('need_edits.need_id', '=', needId)
    .orderBy('need_edits.created_at', 'desc')
    .orderBy('need_edits.id', 'desc')
    .execute();
  return rows.map((r) => {
    let changes: Changes = {};
    try {
      changes = JSON.parse(r.changes) as Changes;
    } catch {
      /* an unreadable row shows no details rather than breaking the page */
    }
    return { id: r.id, userName: r.user_name, reason: r.reason, changes, createdAt: r.created_at };
  });
}
