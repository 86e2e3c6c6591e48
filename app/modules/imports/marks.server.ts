/**
 * What the last import wrote into a row (table `import_marks`, decision 031b):
 * the values of the columns an import manages, as they stood after that import.
 * A dry run compares them with the stored row: a column whose stored value
 * differs was changed on the platform since (a correction on the agreement's
 * page, the enterprise's own profile edit). A row an import would change in
 * such a column, or a row no import ever wrote (its values come from the
 * platform), is flagged and left alone unless the clerk ticks it.
 */
import type { Transaction } from 'kysely';
import type { DB } from '~/utils/db.server';
import type { Database } from '#db/schema';
import { chunks, distinct, insertBatchSize, LOOKUP_CHUNK } from './columns';
import { fieldChanges, type ShowValue } from './review';
import type { PlannedRow } from './types';

export type MarkSubject = 'organization' | 'loan_product' | 'agreement';
export type MarkFields = Record<string, string | number | null>;

export interface ImportMark {
  fields: MarkFields;
  fileName: string;
  importedAt: string;
}

/** The marks of these rows, by id (rows never imported have none). */
export async function loadMarks(db: DB, subject: MarkSubject, ids: readonly string[]): Promise<Map<string, ImportMark>> {
  const out = new Map<string, ImportMark>();
  for (const part of chunks(await distinct(ids), LOOKUP_CHUNK)) {
    const rows = await db
      .selectFrom('import_marks')
      .select(['entity_id', 'fields', 'file_name', 'imported_at'])
      .where('subject', '=', subject)
      .where('entity_id', 'in', part)
      .execute();
    for (const r of rows) {
      let fields: MarkFields = {};
      try {
        fields = JSON.parse(r.fields) as MarkFields;
      } catch {
        fields = {};
      }
      out.set(r.entity_id, { fields, fileName: r.file_name, importedAt: r.imported_at });
    }
  }
  return out;
}

/** The managed columns of a stored row, as a mark holds them (undefined → null). */
export function markOf(row: Record<string, unknown>, columns: readonly string[]): MarkFields {
  const out: MarkFields = {};
  for (const c of columns) {
    const v = row[c];
    out[c] = v === undefined || v === null ? null : typeof v === 'number' ? v : String(v);
  }
  return out;
}

/**
 * The columns an update would overwrite although the platform changed them
 * since the last import: every changed column when the row was never imported,
 * else those whose stored value differs from what the last import wrote.
 */
export function platformConflicts(changing: readonly string[], stored: MarkFields, mark: ImportMark | undefined): string[] {
  if (!mark) return [...changing];
  return changing.filter((c) => (mark.fields[c] ?? null) !== (stored[c] ?? null));
}

/** Whether the mark already holds these values (no write needed). */
export function sameMark(mark: ImportMark | undefined, fields: MarkFields): boolean {
  if (!mark) return false;
  const keys = Object.keys(fields);
  return keys.length === Object.keys(mark.fields).length && keys.every((k) => (mark.fields[k] ?? null) === fields[k]);
}

/** A reviewed row's flag when the platform changed it since the last import (nothing when it did not). */
export function editedFlag(
  conflicts: readonly string[],
  mark: ImportMark | undefined,
  overrideId: string,
): { edited?: { importedAt: string | null; fileName: string | null }; overrideId?: string } {
  return conflicts.length ? { edited: { importedAt: mark?.importedAt ?? null, fileName: mark?.fileName ?? null }, overrideId } : {};
}

export interface MarkWrite {
  id: string;
  fields: MarkFields;
}

/**
 * A row for a record the platform already holds, reviewed by the rule every import
 * follows: nothing differs → `unchanged`, and the record's mark is refreshed when stale
 * (the file agrees with the record as it is now); a differing column was changed on
 * the platform since the last import → `kept`, unless the row is ticked to override;
 * else an update. Records the planned row of an unchanged or kept row and answers
 * null; for an update it answers the planned row (changes, flag) for the caller to
 * record after its writes.
 */
export function reviewExisting(r: {
  /** the planned row without its action: row, key, label (and an agreement's amount) */
  base: Omit<PlannedRow, 'action'>;
  unchanged: boolean;
  /** the differing columns, new values, as the review shows them */
  changed: Record<string, unknown>;
  /** the record as stored, in the same columns */
  current: Record<string, unknown>;
  recordId: string;
  /** the stored values of the columns the mark covers, and the mark of the last import */
  stored: MarkFields;
  mark: ImportMark | undefined;
  overrideId: string;
  override: ReadonlySet<string>;
  labels: Readonly<Record<string, string>>;
  show?: Readonly<Record<string, ShowValue>>;
  planned: PlannedRow[];
  markWrites: MarkWrite[];
}): PlannedRow | null {
  if (r.unchanged) {
    r.planned.push({ ...r.base, action: 'unchanged' });
    if (!sameMark(r.mark, r.stored)) r.markWrites.push({ id: r.recordId, fields: r.stored });
    return null;
  }
  const conflicts = platformConflicts(Object.keys(r.changed), r.stored, r.mark);
  const changes = fieldChanges(r.changed, r.current, r.labels, conflicts, r.show);
  const flag = editedFlag(conflicts, r.mark, r.overrideId);
  if (conflicts.length && !r.override.has(r.overrideId)) {
    r.planned.push({ ...r.base, action: 'kept', changes, ...flag });
    return null;
  }
  return { ...r.base, action: 'update', changes, ...flag };
}

/** Records what this import wrote (inserts or replaces the rows' marks). */
export async function writeMarks(
  trx: Transaction<Database>,
  subject: MarkSubject,
  marks: readonly MarkWrite[],
  meta: { fileName: string; userId: string; at: string },
): Promise<void> {
  // a slice at a time: 100,000 marks turned into rows at once held the event loop for a second
  const size = insertBatchSize(6);
  for (let at = 0; at < marks.length; at += size) {
    const part = marks.slice(at, at + size).map((m) => ({
      subject,
      entity_id: m.id,
      fields: JSON.stringify(m.fields),
      file_name: meta.fileName,
      imported_by: meta.userId,
      imported_at: meta.at,
    }));
    await trx
      .insertInto('import_marks')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['subject', 'entity_id']).doUpdateSet((eb) => ({
          fields: eb.ref('excluded.fields'),
          file_name: eb.ref('excluded.file_name'),
          imported_by: eb.ref('excluded.imported_by'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}
