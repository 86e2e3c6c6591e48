/**
 * Keyset (cursor) pagination (issue 19): the next page starts after the last row
 * of this one — `where (sort keys) > (the last row's keys) order by … limit n` —
 * instead of `offset`, which reads and throws away every row before the page.
 * A deep page then costs what the first does.
 *
 * A cursor is the sort-key values of a row, JSON in base64url. It comes from the
 * URL, so it is checked against the shape the sort expects; a cursor that does
 * not fit (tampered, or from another sort) is refused (`null`) and the caller
 * shows the first page.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

export type CursorValue = string | number | null;

export interface SortKey {
  expr: Expression<unknown>;
  dir: 'asc' | 'desc';
  /** the value may be null: nulls sort last in `dir` order (`nulls last`) */
  nullable?: boolean;
  type: 'string' | 'number';
}

export interface Cursor {
  /** `after`: the page after the row; `before`: the page before it */
  dir: 'after' | 'before';
  values: CursorValue[];
}

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The cursor of the URL (`after` or `before`), or null when there is none or it does not fit the keys. */
export function parseCursor({ after, before }: { after?: string | null; before?: string | null }, keys: readonly SortKey[]): Cursor | null {
  const raw = after ?? before;
  if (!raw || (after && before) || raw.length > 400 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== keys.length) return null;
  for (let i = 0; i < keys.length; i++) {
    const v: unknown = values[i];
    if (v === null) {
      if (!keys[i].nullable) return null;
    } else if (keys[i].type === 'number') {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return null;
    } else if (typeof v !== 'string' || v.length > 100) return null;
  }
  return { dir: after ? 'after' : 'before', values: values as CursorValue[] };
}

/** The key directions to read in: as given for `after`, reversed for `before` (the page is reversed back). */
export function readingOrder(
  keys: readonly SortKey[],
  cursor: Cursor | null,
): { expr: Expression<unknown>; dir: 'asc' | 'desc'; nulls?: 'first' | 'last' }[] {
  const flip = cursor?.dir === 'before';
  return keys.map((k) => ({
    expr: k.expr,
    dir: flip ? (k.dir === 'asc' ? 'desc' : 'asc') : k.dir,
    ...(k.nullable ? { nulls: flip ? ('first' as const) : ('last' as const) } : {}),
  }));
}

/**
 * The condition "comes after the cursor row, in reading order". The first key
 * also gets a plain range bound (`k0 <= v0` when descending), which an index on
 * that column can seek to.
 */
export function keysetCondition(keys: readonly SortKey[], cursor: Cursor): RawBuilder<SqlBool> {
  const order = readingOrder(keys, cursor);
  const part = (i: number): RawBuilder<SqlBool> => {
    const { expr, dir, nulls } = order[i];
    const v = cursor.values[i];
    const cmp = dir === 'asc' ? sql`>` : sql`<`;
    let beyond: RawBuilder<SqlBool>;
    let equal: RawBuilder<SqlBool>;
    if (nulls === undefined) {
      beyond = sql<SqlBool>`${expr} ${cmp} ${v}`;
      equal = sql<SqlBool>`${expr} = ${v}`;
    } else if (v === null) {
      beyond = nulls === 'last' ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${expr} is not null`;
      equal = sql<SqlBool>`${expr} is null`;
    } else {
      beyond = nulls === 'last' ? sql<SqlBool>`(${expr} ${cmp} ${v} or ${expr} is null)` : sql<SqlBool>`${expr} ${cmp} ${v}`;
      equal = sql<SqlBool>`${expr} = ${v}`;
    }
    return i === order.length - 1 ? beyond : sql<SqlBool>`(${beyond} or (${equal} and ${part(i + 1)}))`;
  };
  const first = order[0];
  if (first.nulls === undefined) {
    const bound = first.dir === 'asc' ? sql`>=` : sql`<=`;
    return sql<SqlBool>`(${first.expr} ${bound} ${cursor.values[0]} and ${part(0)})`;
  }
  return part(0);
}
