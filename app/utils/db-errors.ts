/**
 * Recognises a unique-constraint violation from either database, so that a race
 * (two sign-ups with the same email at once) becomes a field error, not a 500.
 */

export interface UniqueViolation {
  table: string | null;
  /** the first column of the violated constraint */
  column: string | null;
}

export function uniqueViolation(error: unknown): UniqueViolation | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as { code?: unknown; message?: unknown; detail?: unknown; table?: unknown; constraint?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  // SQLite (better-sqlite3): "UNIQUE constraint failed: users.email"
  if (code.startsWith('SQLITE_CONSTRAINT') || /UNIQUE constraint failed/.test(message)) {
    const m = /UNIQUE constraint failed: (\w+)\.(\w+)/.exec(message);
    if (!m && !/UNIQUE|PRIMARYKEY/.test(code)) return null;
    return { table: m?.[1] ?? null, column: m?.[2] ?? null };
  }
  // PostgreSQL: SQLSTATE 23505, detail "Key (email)=(a@b.c) already exists."
  if (code === '23505') {
    const detail = typeof e.detail === 'string' ? e.detail : '';
    const m = /Key \(([^,)]+)/.exec(detail);
    let column = m ? m[1].replace(/"/g, '').trim() : null;
    const table = typeof e.table === 'string' ? e.table : null;
    if (!column && typeof e.constraint === 'string' && table) {
      const c = e.constraint.replace(new RegExp(`^${table}_`), '').replace(/_(key|pkey|unique)$/, '');
      column = c || null;
    }
    return { table, column };
  }
  return null;
}
