/**
 * Database invariants, as SQL over the real tables, for after a fuzz run (or any
 * test that writes a lot). Each check returns the offending rows; none may exist.
 *
 * Generic checks come from the catalogue of the database itself, so tables and
 * columns added later are covered without a change here:
 * - money columns (names with amount / wage / capital / revenue) hold whole,
 *   non-negative numbers of 元;
 * - no text column holds a NUL, another C0 control character or a bidi override
 *   (JSON, raw-upload and derived columns excepted), and none is longer than the
 *   longest text any form accepts, unless the column is known to hold more;
 * - declared foreign keys hold (SQLite `pragma foreign_key_check`; PostgreSQL
 *   enforces them itself).
 * Specific checks: schema limits of known columns, statuses and codes in their
 * enums, credit codes valid when present, region codes known, references the
 * schema does not declare (polymorphic need ids, audit users …), and the sums the
 * schema documents (headcount, disbursed amount).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema';
import { NEED_PURPOSE_CODES, NEED_STATUSES, PRODUCT_CATEGORY_CODES, PRODUCT_STATUSES, RATE_TYPES } from '../../app/modules/catalog/codes';
import * as needsSchema from '../../app/modules/needs/schema';
import * as productsSchema from '../../app/modules/products/schema';
import { validateCreditCode } from '../../app/modules/organizations/credit-code';
import { BANK_TYPE_CODES, BRANCH_LEVEL_CODES, INDUSTRY_CODES, SIZE_CODES } from '../../app/modules/organizations/reference';
import { isKnownRegion } from '../../app/modules/regions/regions.server';

type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

export interface Violation {
  check: string;
  rows: unknown[];
}

/** The longest text any form takes (descriptions); longer text in an ordinary column was never validated. */
export const GENERIC_TEXT_MAX = 2_000;

/** Columns that legitimately hold long or raw text: JSON, uploaded files, derived search text, headers. */
const RAW_COLUMNS = new Set([
  'changes',
  'payload',
  'attachments',
  'reasons',
  'summary',
  'content',
  'search_text',
  'password_hash',
  'user_agent',
  'value',
  'state',
  'data',
  'result',
  'errors',
  'rows',
  'snapshot',
]);
const isRawColumn = (table: string, column: string) =>
  RAW_COLUMNS.has(column) || column.endsWith('_json') || (table === 'settings' && column === 'value');

/** Known form limits (characters) of existing columns; the rest get GENERIC_TEXT_MAX. */
function knownLimits(): Record<string, Record<string, number>> {
  const n = needsSchema as unknown as Record<string, number>;
  const p = productsSchema as unknown as Record<string, number>;
  return {
    organizations: {
      name: 100,
      contact_name: 50,
      contact_email: 254,
      contact_phone: 20,
      description: 2000,
      status_reason: 500,
      credit_code: 18,
      region_code: 6,
    },
    users: { email: 254, name: 100, phone: 20, region_code: 6 },
    financing_needs: {
      title: n.TITLE_MAX ?? 100,
      description: n.DESCRIPTION_MAX ?? 2000,
      status_reason: n.REASON_MAX ?? 200,
      region_code: 6,
      wanted_by: 10,
    },
    hiring_needs: {
      title: n.TITLE_MAX ?? 100,
      description: n.DESCRIPTION_MAX ?? 2000,
      status_reason: n.REASON_MAX ?? 200,
      region_code: 6,
      wanted_by: 10,
    },
    hiring_positions: { title: 50, skills: 200 },
    need_edits: { reason: n.REASON_MAX ?? 200 },
    loan_products: { name: p.NAME_MAX ?? 60, materials: p.MATERIALS_MAX ?? 1000, description: p.DESCRIPTION_MAX ?? 2000 },
    need_interests: { message: 1000, response_message: 500 },
    events: { region_code: 6, event_date: 10, registration_deadline: 10, start_time: 5, first_slot_time: 5 },
    agreements: { signed_on: 10, signed_month: 7, region_code: 6 },
    agreement_tranches: { disbursed_on: 10 },
    event_representatives: { phone: 11 },
  };
}

const ENUMS: Record<string, Record<string, readonly (string | number)[]>> = {
  users: { role: ['enterprise', 'bank', 'organizer', 'admin'], active: [0, 1] },
  organizations: {
    kind: ['enterprise', 'bank', 'government'],
    status: ['pending', 'verified', 'rejected'],
    industry: INDUSTRY_CODES,
    size: SIZE_CODES,
    bank_type: BANK_TYPE_CODES,
    branch_level: BRANCH_LEVEL_CODES,
  },
  financing_needs: { status: NEED_STATUSES, purpose: NEED_PURPOSE_CODES },
  hiring_needs: { status: NEED_STATUSES, training_support: [0, 1] },
  need_edits: { need_kind: ['financing', 'hiring'] },
  loan_products: { status: PRODUCT_STATUSES, rate_type: RATE_TYPES, category: PRODUCT_CATEGORY_CODES, employment_linked: [0, 1] },
  need_interests: { status: ['pending', 'accepted', 'declined', 'withdrawn'], need_kind: ['financing', 'hiring'] },
  events: { status: ['draft', 'open', 'scheduled', 'held', 'closed'], open_registration: [0, 1] },
  event_participants: { role: ['bank', 'enterprise', 'government'], status: ['invited', 'accepted', 'declined', 'registered'] },
  meeting_requests: { status: ['pending', 'accepted', 'declined', 'withdrawn'] },
  meeting_placements: { manual: [0, 1] },
  agreements: {
    status: ['proposed', 'declined', 'signed', 'approved', 'disbursed', 'terminated'],
    industry: INDUSTRY_CODES,
    product_category: PRODUCT_CATEGORY_CODES,
  },
};

/** [table, column, referenced table, condition on the row (SQL) or null] — references without a declared foreign key. */
const REFERENCES: [string, string, string, string | null][] = [
  ['need_interests', 'need_id', 'financing_needs', "need_kind = 'financing'"],
  ['need_interests', 'need_id', 'hiring_needs', "need_kind = 'hiring'"],
  ['need_edits', 'need_id', 'financing_needs', "need_kind = 'financing'"],
  ['need_edits', 'need_id', 'hiring_needs', "need_kind = 'hiring'"],
  ['need_edits', 'user_id', 'users', null],
  ['organizations', 'status_changed_by', 'users', null],
  ['agreements', 'need_id', 'financing_needs', null],
  ['agreements', 'product_id', 'loan_products', null],
  ['agreements', 'proposed_by_org_id', 'organizations', null],
  ['agreements', 'proposed_by_user_id', 'users', null],
  ['agreements', 'confirmed_by_user_id', 'users', null],
  ['agreement_tranches', 'created_by', 'users', null],
  ['agreement_audit', 'user_id', 'users', null],
  ['meeting_requests', 'requested_by_org_id', 'organizations', null],
  ['meeting_requests', 'requested_by_user_id', 'users', null],
  ['event_participants', 'invited_by', 'users', null],
  ['event_participants', 'responded_by', 'users', null],
  ['event_representatives', 'checked_in_by', 'users', null],
  ['event_unavailability', 'organization_id', 'organizations', null],
];

interface Column {
  table: string;
  column: string;
  /** declared type, lower case */
  type: string;
}

export async function listColumns(db: Db, dialect: Dialect): Promise<Column[]> {
  const rows =
    dialect === 'sqlite'
      ? (
          await sql<Column>`select m.name as "table", p.name as "column", lower(p.type) as "type"
            from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%' and m.name not like '%_fts%'`.execute(db)
        ).rows
      : (
          await sql<Column>`select table_name as "table", column_name as "column", lower(data_type) as "type"
            from information_schema.columns
            where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(db)
        ).rows;
  return rows;
}

const MONEY = /(^|_)(amount|wage_min|wage_max|capital|revenue)(_|$)/;
const isText = (c: Column) => /char|text|clob/.test(c.type) || c.type === '';

async function rows(db: Db, q: RawBuilder<unknown>, limit = 5): Promise<unknown[]> {
  const res = await q.execute(db);
  return (res.rows as unknown[]).slice(0, limit);
}

/** Runs every check; returns the violations (empty when the database is sound). */
export async function checkInvariants(db: Db, dialect: Dialect): Promise<Violation[]> {
  const out: Violation[] = [];
  const columns = await listColumns(db, dialect);
  const tables = new Set(columns.map((c) => c.table));
  const has = (t: string, c?: string) => tables.has(t) && (!c || columns.some((x) => x.table === t && x.column === c));
  const add = async (check: string, q: RawBuilder<unknown>) => {
    const r = await rows(db, q);
    if (r.length) out.push({ check, rows: r });
  };
  const id = (s: string) => sql.id(s);
  const limits = knownLimits();
  const len = (c: string) => (dialect === 'sqlite' ? sql`length(${id(c)})` : sql`char_length(${id(c)})`);

  for (const c of columns) {
    const t = id(c.table);
    const col = id(c.column);
    // money: whole, non-negative 元
    if (MONEY.test(c.column)) {
      await add(
        `${c.table}.${c.column}: money is a whole number of 元, ≥ 0`,
        dialect === 'sqlite'
          ? sql`select id_or_rowid, v from (select rowid as id_or_rowid, ${col} as v from ${t}) where v is not null and (typeof(v) <> 'integer' or v < 0)`
          : sql`select ${col}::text as v from ${t} where ${col} is not null and ${col}::text !~ '^[0-9]+$'`,
      );
    }
    if (!isText(c)) continue;
    const raw = isRawColumn(c.table, c.column);
    // no NUL (PostgreSQL refuses NUL in text outright: a write that tried is a 5xx the fuzz sees)
    if (dialect === 'sqlite')
      await add(
        `${c.table}.${c.column}: no NUL character`,
        sql`select rowid, substr(${col}, 1, 40) as v from ${t} where instr(${col}, char(0)) > 0`,
      );
    if (!raw) {
      await add(
        `${c.table}.${c.column}: no control or bidi-override characters`,
        dialect === 'sqlite'
          ? sql`select rowid, substr(${col}, 1, 40) as v from ${t} where ${col} glob ${`*[${String.fromCharCode(1)}-${String.fromCharCode(8)}${String.fromCharCode(11)}${String.fromCharCode(12)}${String.fromCharCode(14)}-${String.fromCharCode(31)}${String.fromCharCode(127)}\u202a-\u202e\u2066-\u2069]*`}`
          : sql`select left(${col}, 40) as v from ${t} where ${col} ~ ${'[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\u202a-\\u202e\\u2066-\\u2069]'}`,
      );
      const max = limits[c.table]?.[c.column] ?? GENERIC_TEXT_MAX;
      await add(
        `${c.table}.${c.column}: at most ${max} characters`,
        sql`select ${len(c.column)} as length from ${t} where ${len(c.column)} > ${max}`,
      );
    }
  }

  // statuses and codes in their enums
  for (const [table, cols] of Object.entries(ENUMS)) {
    for (const [column, values] of Object.entries(cols)) {
      if (!has(table, column)) continue;
      const list = sql.join(values.map((v) => sql.lit(v)));
      await add(
        `${table}.${column} ∈ {${values.join(', ')}}`,
        sql`select ${id(column)} as v from ${id(table)} where ${id(column)} is not null and ${id(column)} not in (${list})`,
      );
    }
  }

  // credit codes valid when present; region codes known
  const codes = await sql<{
    id: string;
    credit_code: string;
  }>`select id, credit_code from organizations where credit_code is not null`.execute(db);
  const badCodes = codes.rows.filter((r) => {
    const v = validateCreditCode(r.credit_code);
    return !v.ok || v.code !== r.credit_code;
  });
  if (badCodes.length) out.push({ check: 'organizations.credit_code is a valid GB 32100 code', rows: badCodes.slice(0, 5) });
  for (const c of columns.filter((x) => x.column === 'region_code' && isText(x))) {
    const r = await sql<{ v: string }>`select distinct ${id(c.column)} as v from ${id(c.table)} where ${id(c.column)} is not null`.execute(
      db,
    );
    const unknown = r.rows.filter((x) => !isKnownRegion(x.v));
    if (unknown.length) out.push({ check: `${c.table}.region_code is a known GB/T 2260 code`, rows: unknown.slice(0, 5) });
  }

  // references
  if (dialect === 'sqlite') {
    const fk = await sql`pragma foreign_key_check`.execute(db);
    if (fk.rows.length) out.push({ check: 'declared foreign keys hold', rows: fk.rows.slice(0, 5) });
  }
  for (const [table, column, target, when] of REFERENCES) {
    if (!has(table, column) || !has(target)) continue;
    const cond = when ? sql` and ${sql.raw(when)}` : sql``;
    await add(
      `${table}.${column} → ${target}.id exists`,
      sql`select ${id(column)} as v from ${id(table)} r where ${id(column)} is not null${cond} and not exists (select 1 from ${id(target)} x where x.id = r.${id(column)})`,
    );
  }

  // ranges and sums the schema documents
  if (has('loan_products')) {
    await add(
      'loan_products: amount_min ≤ amount_max, term_min ≤ term_max, rate_min ≤ rate_max',
      sql`select id from loan_products where amount_min > amount_max or term_min_months > term_max_months or rate_min_bp > rate_max_bp`,
    );
  }
  if (has('hiring_positions')) {
    await add(
      'hiring_positions: 0 ≤ wage_min ≤ wage_max, headcount ≥ 1',
      sql`select id from hiring_positions where wage_min > wage_max or headcount < 1`,
    );
    await add(
      'hiring_needs.total_headcount = sum of its positions',
      sql`select n.id, n.total_headcount, (select coalesce(sum(p.headcount), 0) from hiring_positions p where p.hiring_need_id = n.id) as positions from hiring_needs n
          where n.total_headcount <> (select coalesce(sum(p.headcount), 0) from hiring_positions p where p.hiring_need_id = n.id)`,
    );
  }
  if (has('financing_needs'))
    await add('financing_needs: amount > 0, term ≥ 1', sql`select id from financing_needs where amount <= 0 or term_months < 1`);
  if (has('agreement_tranches', 'amount') && has('agreements', 'disbursed_amount')) {
    await add(
      'agreements.disbursed_amount = sum of its tranches',
      sql`select a.id, a.disbursed_amount from agreements a
          where a.disbursed_amount <> (select coalesce(sum(t.amount), 0) from agreement_tranches t where t.agreement_id = a.id)`,
    );
    await add('agreements: amount > 0', sql`select id from agreements where amount <= 0`);
  }
  return out;
}
