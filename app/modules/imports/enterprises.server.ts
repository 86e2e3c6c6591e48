/**
 * Enterprises (企业) import. Key: the unified social credit code.
 * New enterprises are created verified by the organizer; an existing enterprise
 * of the organizer's region is updated where a cell differs (a blank optional
 * cell keeps what is stored), and is unchanged otherwise; its verification
 * status is left alone. A code held by a bank, or by an organization outside
 * the organizer's region, is a row error.
 */
import { breathe } from '~/utils/breathe';
import { withCheckChar } from '~/modules/organizations/credit-code';
import { INDUSTRIES, SIZES } from '~/modules/organizations/reference';
import { refreshNeedsOfOrganization } from '~/modules/needs/common.server';
import { regionCovers } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { newId } from '~/utils/ids';
import type { Insertable } from 'kysely';
import type { OrganizationsTable, OrgStatus } from '#db/schema';
import {
  type RowSchema,
  choiceField,
  chunks,
  codeLookup,
  creditCodeField,
  distinct,
  insertBatchSize,
  intField,
  LOOKUP_CHUNK,
  moneyField,
  optEmailField,
  optText,
  phoneField,
  regionField,
  reqText,
  rowSchema,
} from './columns';
import { msg } from '~/i18n/translate';
import { loadMarks, markOf, reviewExisting, writeMarks, type MarkWrite } from './marks.server';
import { showMoney, showPlain, type ShowValue } from './review';
import {
  overrideId,
  type ColumnDef,
  type ImportActor,
  type KindHandler,
  type KindPlan,
  type KnownOrg,
  type PlanContext,
  type PlannedRow,
  type RowError,
  type RowWarning,
  type ValidRow,
} from './types';

export const industryLookup = codeLookup(INDUSTRIES);
export const sizeLookup = codeLookup(SIZES, {
  large: ['大型企业'],
  medium: ['中型企业'],
  small: ['小型企业'],
  micro: ['微型企业', '小微'],
});

const col = (key: string, required: boolean, example: string, choices?: readonly string[]): ColumnDef => ({
  key,
  labelKey: `imports.col.enterprise.${key}`,
  noteKey: `imports.note.enterprise.${key}`,
  required,
  example,
  choices,
});

export const ENTERPRISE_COLUMNS: readonly ColumnDef[] = [
  col('name', true, '示例：舞钢市恒达特种钢材有限公司'),
  col('creditCode', true, withCheckChar('91410481MA9G7XKQ1')),
  col('regionCode', true, '410481'),
  col('industry', true, '制造业'),
  col('size', true, '小型', sizeLookup.labels),
  col('foundedYear', false, '2015'),
  col('registeredCapital', false, '500'),
  col('annualRevenue', false, '1200.5'),
  col('employees', false, '86'),
  col('contactName', true, '张伟'),
  col('contactPhone', true, '0375-2345678'),
  col('contactEmail', false, 'zhangwei@example.com'),
  col('description', false, '特种钢材深加工'),
];

export function enterpriseRowSchema(actor: ImportActor) {
  const thisYear = new Date().getUTCFullYear();
  return rowSchema({
    name: reqText(100, 2),
    creditCode: creditCodeField,
    regionCode: regionField(actor),
    industry: choiceField(industryLookup, 'v.industry'),
    size: choiceField(sizeLookup),
    foundedYear: intField(1900, thisYear, { optional: true }),
    registeredCapital: moneyField({ optional: true }),
    annualRevenue: moneyField({ optional: true }),
    employees: intField(0, 10_000_000, { optional: true }),
    contactName: reqText(50),
    contactPhone: phoneField,
    contactEmail: optEmailField,
    description: optText(2000, true),
  });
}

export type EnterpriseRow = ReturnType<typeof enterpriseRowSchema> extends RowSchema<infer T> ? T : never;

/** Columns an import writes; null optional values mean "keep" on update. */
function columnsOf(v: EnterpriseRow) {
  return {
    name: v.name,
    region_code: v.regionCode,
    industry: v.industry,
    size: v.size,
    founded_year: v.foundedYear,
    registered_capital: v.registeredCapital,
    annual_revenue: v.annualRevenue,
    employees: v.employees,
    ...contactColumnsOf(v),
  };
}

/** The contact columns banks and enterprises share, in their order. */
export function contactColumnsOf(v: Pick<EnterpriseRow, 'contactName' | 'contactPhone' | 'contactEmail' | 'description'>) {
  return {
    contact_name: v.contactName,
    contact_phone: v.contactPhone,
    contact_email: v.contactEmail,
    description: v.description,
  };
}
type Cols = ReturnType<typeof columnsOf>;
const REQUIRED_COLS = new Set<keyof Cols>(['name', 'region_code', 'industry', 'size', 'contact_name', 'contact_phone']);

/** The columns an enterprise import manages, with their labels (the mark's columns). */
const ENTERPRISE_LABELS: Record<keyof Cols, string> = {
  name: 'imports.col.enterprise.name',
  region_code: 'imports.col.enterprise.regionCode',
  industry: 'imports.col.enterprise.industry',
  size: 'imports.col.enterprise.size',
  founded_year: 'imports.col.enterprise.foundedYear',
  registered_capital: 'imports.col.enterprise.registeredCapital',
  annual_revenue: 'imports.col.enterprise.annualRevenue',
  employees: 'imports.col.enterprise.employees',
  contact_name: 'imports.col.enterprise.contactName',
  contact_phone: 'imports.col.enterprise.contactPhone',
  contact_email: 'imports.col.enterprise.contactEmail',
  description: 'imports.col.enterprise.description',
};
const ENTERPRISE_MARK_COLUMNS = Object.keys(ENTERPRISE_LABELS);
/** A code shown by its Chinese label (制造业, 小型). */
export const showCode =
  (table: Readonly<Record<string, readonly [string, string]>>): ShowValue =>
  (v) =>
    typeof v === 'string' && table[v] ? table[v][0] : showPlain(v);
const ENTERPRISE_SHOW: Record<string, ShowValue> = {
  registered_capital: showMoney,
  annual_revenue: showMoney,
  industry: showCode(INDUSTRIES),
  size: showCode(SIZES),
};

/**
 * Rows whose name equals another verified organization's of the same kind (a
 * different credit code), or another row's of the same file: a warning, since a
 * second record of one company may be a mistyped code.
 */
export async function sameNameWarnings(
  db: DB,
  kind: 'enterprise' | 'bank',
  rows: { row: number; name: string; code: string }[],
  column: string,
): Promise<RowWarning[]> {
  const found = new Map<string, string[]>();
  for (const part of chunks(await distinct(rows.map((r) => r.name)), LOOKUP_CHUNK)) {
    const hits = await db
      .selectFrom('organizations')
      .select(['name', 'credit_code'])
      .where('kind', '=', kind)
      .where('status', '=', 'verified')
      .where('name', 'in', part)
      .execute();
    for (const h of hits) found.set(h.name, [...(found.get(h.name) ?? []), h.credit_code ?? '']);
  }
  const out: RowWarning[] = [];
  const firstInFile = new Map<string, { row: number; code: string }>();
  for (const r of rows) {
    await breathe(); // 100,000 rows: let other requests in
    if ((found.get(r.name) ?? []).some((code) => code !== r.code))
      out.push({
        sheet: null,
        row: r.row,
        column,
        message: kind === 'bank' ? 'imports.w.sameNameVerifiedBank' : 'imports.w.sameNameVerified',
      });
    const first = firstInFile.get(r.name);
    if (first && first.code !== r.code)
      out.push({ sheet: null, row: r.row, column, message: msg('imports.w.sameNameInFile', { row: first.row }) });
    else if (!first) firstInFile.set(r.name, { row: r.row, code: r.code });
  }
  return out;
}

/** The changes an update makes (blank optional cells excluded). */
export function diffColumns<C extends Record<string, unknown>>(
  next: C,
  current: Record<string, unknown>,
  required: Set<keyof C>,
): Partial<C> {
  const out: Partial<C> = {};
  for (const k of Object.keys(next) as (keyof C)[]) {
    const v = next[k];
    if (v === null && !required.has(k)) continue;
    if (v !== current[k as string]) out[k] = v;
  }
  return out;
}

export const ORG_LOOKUP_COLUMNS = [
  'id',
  'kind',
  'name',
  'status',
  'region_code',
  'credit_code',
  'industry',
  'size',
  'founded_year',
  'registered_capital',
  'annual_revenue',
  'employees',
  'bank_type',
  'branch_level',
  'contact_name',
  'contact_phone',
  'contact_email',
  'description',
] as const;

/** Organizations holding these credit codes, by code. */
export async function orgsByCreditCode(db: DB, codes: string[]) {
  const out = new Map<string, Awaited<ReturnType<typeof lookup>>[number]>();
  const lookup = (part: string[]) => db.selectFrom('organizations').select(ORG_LOOKUP_COLUMNS).where('credit_code', 'in', part).execute();
  for (const part of chunks(await distinct(codes), LOOKUP_CHUNK)) {
    for (const r of await lookup(part)) out.set(r.credit_code!, r);
  }
  return out;
}

/** An organization as the platform holds it, for the later sheets of the same file (banks: with the regions they serve). */
export function storedOrg(
  cur: { id: string; name: string; status: OrgStatus; region_code: string; industry: string | null },
  kind: 'enterprise' | 'bank',
  regions?: string[],
): KnownOrg {
  return {
    id: cur.id,
    kind,
    name: cur.name,
    status: cur.status,
    regionCode: cur.region_code,
    industry: kind === 'bank' ? null : cur.industry,
    ...(regions ? { regions } : {}),
  };
}

/** The organizations the rows' credit codes already name, the ids of those of this kind, and their import marks. */
export async function existingOrgs(db: DB, rows: readonly ValidRow<{ creditCode: string }>[], kind: 'enterprise' | 'bank') {
  const existing = await orgsByCreditCode(
    db,
    rows.map((r) => r.value.creditCode),
  );
  const ids = [...existing.values()].filter((o) => o.kind === kind).map((o) => o.id);
  return { existing, ids, marks: await loadMarks(db, 'organization', ids) };
}

/** The row error for a code that is taken by something this import may not touch, or null. */
export function existingOrgProblem(
  existing: { kind: string; region_code: string },
  kind: 'enterprise' | 'bank',
  actor: ImportActor,
): string | null {
  if (existing.kind !== kind) return kind === 'enterprise' ? 'imports.e.codeNotEnterprise' : 'imports.e.codeNotBank';
  if (!regionCovers(actor.regionCode, existing.region_code)) return 'imports.e.codeOutsideRegion';
  return null;
}

/**
 * The rows of an organization sheet one at a time (letting other requests in between
 * the rows of a 100,000-row file, issue 13 point 7), each with the organization its
 * credit code already names; a code held by something this import may not touch is
 * that row's error, and the row is left out.
 */
export async function* orgRows<V extends { creditCode: string }>(
  rows: readonly ValidRow<V>[],
  existing: Awaited<ReturnType<typeof orgsByCreditCode>>,
  kind: 'enterprise' | 'bank',
  actor: ImportActor,
  errors: RowError[],
) {
  for (const { row, value } of rows) {
    await breathe();
    const cur = existing.get(value.creditCode);
    const problem = cur ? existingOrgProblem(cur, kind, actor) : null;
    if (problem) {
      errors.push({ sheet: null, row, column: `imports.col.${kind}.creditCode`, message: problem });
      continue;
    }
    yield { row, v: value, cur };
  }
}

/** What an organization sheet's plan collects, enterprises and banks alike. */
export function orgPlanLists() {
  return {
    markWrites: [] as MarkWrite[],
    named: [] as { row: number; name: string; code: string }[],
    errors: [] as RowError[],
    planned: [] as PlannedRow[],
    inserts: [] as Insertable<OrganizationsTable>[],
  };
}

export async function planEnterprises(db: DB, rows: ValidRow<EnterpriseRow>[], ctx: PlanContext): Promise<KindPlan> {
  const { existing, marks } = await existingOrgs(db, rows, 'enterprise');
  const { markWrites, named, errors, planned, inserts } = orgPlanLists();
  const updates: { id: string; set: Partial<Cols>; refresh: boolean }[] = [];
  for await (const { row, v, cur } of orgRows(rows, existing, 'enterprise', ctx.actor, errors)) {
    const cols = columnsOf(v);
    if (cur) {
      const set = diffColumns(cols, cur, REQUIRED_COLS);
      const update = reviewExisting({
        base: { row, key: v.creditCode, label: v.name },
        unchanged: Object.keys(set).length === 0,
        changed: set,
        current: cur,
        recordId: cur.id,
        stored: markOf(cur, ENTERPRISE_MARK_COLUMNS),
        mark: marks.get(cur.id),
        overrideId: overrideId('enterprises', row),
        override: ctx.override,
        labels: ENTERPRISE_LABELS,
        show: ENTERPRISE_SHOW,
        planned,
        markWrites,
      });
      if (!update) {
        // unchanged, or changed on the platform since the last import and left as it is
        ctx.fileOrgs.set(v.creditCode, storedOrg(cur, 'enterprise'));
        continue;
      }
      if ('name' in set) named.push({ row, name: v.name, code: v.creditCode });
      updates.push({ id: cur.id, set, refresh: 'name' in set || 'region_code' in set });
      markWrites.push({ id: cur.id, fields: markOf({ ...cur, ...set }, ENTERPRISE_MARK_COLUMNS) });
      planned.push(update);
      ctx.fileOrgs.set(v.creditCode, {
        id: cur.id,
        kind: 'enterprise',
        name: v.name,
        status: cur.status,
        regionCode: v.regionCode,
        industry: v.industry,
      });
    } else {
      const id = newId();
      inserts.push({
        id,
        kind: 'enterprise',
        status: 'verified',
        status_reason: null,
        status_changed_by: ctx.actor.id,
        status_changed_at: ctx.now,
        credit_code: v.creditCode,
        ...cols,
        bank_type: null,
        branch_level: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
      planned.push({ row, action: 'create', key: v.creditCode, label: v.name });
      named.push({ row, name: v.name, code: v.creditCode });
      markWrites.push({ id, fields: markOf(cols, ENTERPRISE_MARK_COLUMNS) });
      ctx.fileOrgs.set(v.creditCode, {
        id,
        kind: 'enterprise',
        name: v.name,
        status: 'verified',
        regionCode: v.regionCode,
        industry: v.industry,
      });
    }
  }
  return {
    rows: planned,
    errors,
    warnings: await sameNameWarnings(db, 'enterprise', named, 'imports.col.enterprise.name'),
    apply: async (trx) => {
      for (const part of chunks(inserts, insertBatchSize(25))) await trx.insertInto('organizations').values(part).execute();
      for (const u of updates) {
        await trx
          .updateTable('organizations')
          .set({ ...u.set, updated_at: ctx.now })
          .where('id', '=', u.id)
          .execute();
        if (u.refresh) await refreshNeedsOfOrganization(trx, u.id);
      }
      await writeMarks(trx, 'organization', markWrites, { fileName: ctx.fileName, userId: ctx.actor.id, at: ctx.now });
    },
  };
}

export const enterprisesHandler: KindHandler<EnterpriseRow> = {
  kind: 'enterprises',
  columns: ENTERPRISE_COLUMNS,
  sheetNames: ['企业', 'enterprises'],
  sheetLabelKey: 'imports.kind.enterprises',
  rowSchema: (actor) => enterpriseRowSchema(actor),
  key: (v) => v.creditCode,
  keyColumn: 'creditCode',
  plan: planEnterprises,
};
