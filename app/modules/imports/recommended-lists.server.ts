/**
 * 推荐清单 import (issue 18, decision 037c): lists of enterprises compiled
 * elsewhere. Each row names a list (清单名称) and one enterprise of the
 * organizer's directory — by unified social credit code, or by its exact name
 * among the region's verified enterprises — and optionally the banks the list
 * is meant to be pushed to (names or credit codes, banks serving the region).
 * Key: list name + enterprise. A file may hold several lists.
 *
 * A list name new in the organizer's region creates a draft list (the list
 * module's `createList`); a name that exists adds the enterprises not on it yet
 * (the others are unchanged), so importing the same file twice creates nothing.
 * The banks are kept as the ones to push to (`planBanks`); pushing stays the
 * organizer's step on the list's page, where they are ticked.
 */
import { msg } from '~/i18n/translate';
import { banksOfRegion, createList, insertFirms, planBanks } from '~/modules/followup/lists.server';
import { LIST_DUE_MAX, LIST_DUE_MIN } from '~/modules/followup/rules';
import { validateCreditCode, withCheckChar } from '~/modules/organizations/credit-code';
import { regionCovers, regionName, regionPrefix } from '~/modules/regions/regions.server';
import { breathe } from '~/utils/breathe';
import type { DB } from '~/utils/db.server';
import {
  type Field,
  type RowSchema,
  bad,
  chunks,
  creditCodeField,
  intField,
  LOOKUP_CHUNK,
  ok,
  optText,
  reqText,
  rowIssues,
  rowSchema,
} from './columns';
import { orgsByCreditCode } from './enterprises.server';
import type { ColumnDef, KindHandler, KindPlan, PlanContext, PlannedRow, RowError, RowWarning, ValidRow } from './types';

const col = (key: string, required: boolean, example: string, aliases?: readonly string[]): ColumnDef => ({
  key,
  labelKey: `imports.col.list.${key}`,
  noteKey: `imports.note.list.${key}`,
  required,
  example,
  ...(aliases ? { aliases } : {}),
});

export const LIST_COLUMNS: readonly ColumnDef[] = [
  col('listTitle', true, '示例：2026年首贷培育清单', ['清单', '名单名称']),
  col('creditCode', false, withCheckChar('91410481MA9G7XKQ1'), ['企业统一社会信用代码', '信用代码']),
  col('enterpriseName', false, '示例：舞钢市恒达特种钢材有限公司', ['企业']),
  col('banks', false, '示例：中国银行平顶山分行、平顶山银行'),
  col('dueDays', false, '10'),
  col('note', false, '示例：首贷户培育，请于期限内走访'),
];

const COL = (k: string) => `imports.col.list.${k}`;

/** An optional credit code: blank → null. */
const optCreditCode: Field<string | null> = (raw) => (raw.trim() === '' ? ok(null) : creditCodeField(raw));

/** Names of banks (or their credit codes) separated by 、 , ; | or line breaks — a name may hold spaces. */
export function splitNames(raw: string): string[] {
  return [
    ...new Set(
      raw
        .normalize('NFKC')
        .split(/[、,;|\n\r]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

const banksField: Field<string[]> = (() => {
  const text = optText(2000);
  return (raw) => {
    const r = text(raw);
    if (!r.ok) return r;
    const names = r.value ? splitNames(r.value) : [];
    return names.length > 50 ? bad(msg('imports.e.listBanksMax', { max: 50 })) : ok(names);
  };
})();

export function listRowSchema() {
  return rowSchema(
    {
      listTitle: reqText(100),
      creditCode: optCreditCode,
      enterpriseName: optText(100),
      banks: banksField,
      dueDays: intField(LIST_DUE_MIN, LIST_DUE_MAX, { optional: true }),
      note: optText(500),
    },
    (v) =>
      v.creditCode || v.enterpriseName
        ? { ok: true, value: v }
        : rowIssues([{ path: 'creditCode', message: 'imports.e.listFirmRequired' }]),
  );
}

export type ListImportRow = ReturnType<typeof listRowSchema> extends RowSchema<infer T> ? T : never;

/** Names compared as people read them: full/half width, spaces. */
const nameKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The spellings of a name to look up: as written, and with the brackets of the other width. */
function nameVariants(name: string): string[] {
  const n = name.trim();
  return [...new Set([n, n.normalize('NFKC'), n.replace(/\(/g, '（').replace(/\)/g, '）'), n.replace(/（/g, '(').replace(/）/g, ')')])];
}

interface EnterpriseCandidate {
  id: string;
  name: string;
  status: string;
  region_code: string;
}

/** Enterprises (any status, any region) whose name is one of `names`, by nameKey. */
async function enterprisesByName(db: DB, names: string[]): Promise<Map<string, EnterpriseCandidate[]>> {
  const out = new Map<string, EnterpriseCandidate[]>();
  for (const part of chunks([...new Set(names.flatMap(nameVariants))], LOOKUP_CHUNK)) {
    const rows = await db
      .selectFrom('organizations')
      .select(['id', 'name', 'status', 'region_code'])
      .where('kind', '=', 'enterprise')
      .where('name', 'in', part)
      .execute();
    for (const r of rows) {
      const k = nameKey(r.name);
      const list = out.get(k) ?? [];
      if (!list.some((c) => c.id === r.id)) list.push(r);
      out.set(k, list);
    }
  }
  return out;
}

type Resolved = { id: string; name: string; warning?: string } | { error: string };

/** An enterprise named by its exact name: one verified enterprise of the region, else why not. */
function byName(found: EnterpriseCandidate[], region: string): Resolved {
  const inRegion = found.filter((c) => regionCovers(region, c.region_code));
  const verified = inRegion.filter((c) => c.status === 'verified');
  if (verified.length === 1) return { id: verified[0].id, name: verified[0].name };
  if (verified.length > 1) return { error: 'imports.e.enterpriseNameAmbiguous' };
  if (inRegion.length) return { error: 'imports.e.orgNotVerified' };
  if (found.length) return { error: 'imports.e.enterpriseOutsideRegion' };
  return { error: 'imports.e.enterpriseNameNotFound' };
}

/** A bank named in a list's banks cell, among the banks serving the list's region. */
function resolveBank(
  cell: string,
  region: string,
  serving: { id: string; name: string }[],
  byCode: Map<string, { id: string; kind: string; name: string }>,
): { id: string; name: string } | { error: string } {
  const code = validateCreditCode(cell);
  if (code.ok) {
    const org = byCode.get(code.code);
    if (!org || org.kind !== 'bank') return { error: msg('imports.e.listBankNotFound', { bank: cell.slice(0, 40) }) };
    const s = serving.find((b) => b.id === org.id);
    return s ?? { error: msg('imports.e.listBankOutsideRegion', { bank: org.name }) };
  }
  const same = serving.filter((b) => nameKey(b.name) === nameKey(cell));
  if (same.length === 1) return same[0];
  if (same.length > 1) return { error: msg('imports.e.listBankAmbiguous', { bank: cell.slice(0, 40) }) };
  return { error: msg('imports.e.listBankNotServing', { bank: cell.slice(0, 40), region: regionName(region) || region }) };
}

interface ListPlan {
  title: string;
  /** the existing list, or null: created by the import */
  existingId: string | null;
  regionCode: string;
  dueDays: number | null;
  note: string | null;
  firms: string[];
  banks: string[];
}

export async function planLists(db: DB, rows: ValidRow<ListImportRow>[], ctx: PlanContext): Promise<KindPlan> {
  const actor = ctx.actor;
  const errors: RowError[] = [];
  const warnings: RowWarning[] = [];
  const planned: PlannedRow[] = [];

  // the lists of the organizer's region by title (several of one title: ambiguous)
  const titles = [...new Set(rows.map((r) => r.value.listTitle))];
  const existing = new Map<string, { id: string; region_code: string; due_working_days: number; note: string }[]>();
  for (const part of chunks(titles, LOOKUP_CHUNK)) {
    for (const l of await db
      .selectFrom('recommended_lists')
      .select(['id', 'title', 'region_code', 'due_working_days', 'note'])
      .where('region_code', 'like', `${regionPrefix(actor.regionCode)}%`)
      .where('title', 'in', part)
      .execute())
      existing.set(l.title, [...(existing.get(l.title) ?? []), l]);
  }
  const onLists = new Set<string>();
  const plannedBanks = new Set<string>();
  const existingIds = [...existing.values()].flat().map((l) => l.id);
  for (const part of chunks(existingIds, LOOKUP_CHUNK)) {
    for (const f of await db
      .selectFrom('recommended_list_firms')
      .select(['list_id', 'enterprise_org_id'])
      .where('list_id', 'in', part)
      .execute())
      onLists.add(`${f.list_id}\u0000${f.enterprise_org_id}`);
    for (const table of ['recommended_list_banks', 'recommended_list_planned_banks'] as const)
      for (const b of await db.selectFrom(table).select(['list_id', 'bank_org_id']).where('list_id', 'in', part).execute())
        plannedBanks.add(`${b.list_id}\u0000${b.bank_org_id}`);
  }

  // the enterprises, by code and by name
  const codes = rows.flatMap((r) => (r.value.creditCode ? [r.value.creditCode] : []));
  const bankCells = rows.flatMap((r) => r.value.banks);
  const bankCodes = bankCells.flatMap((c) => {
    const v = validateCreditCode(c);
    return v.ok ? [v.code] : [];
  });
  const orgs = await orgsByCreditCode(db, [...codes, ...bankCodes]);
  const named = await enterprisesByName(
    db,
    rows.flatMap((r) => (!r.value.creditCode && r.value.enterpriseName ? [r.value.enterpriseName] : [])),
  );
  const servingByRegion = new Map<string, { id: string; name: string }[]>();
  const serving = async (region: string) => {
    let list = servingByRegion.get(region);
    if (!list) servingByRegion.set(region, (list = await banksOfRegion(db, region)));
    return list;
  };

  const lists = new Map<
    string,
    ListPlan & { firstRow: number; dueRow: number | null; noteRow: number | null; firmRows: Map<string, number> }
  >();
  for (const { row, value: v } of rows) {
    await breathe();
    const found = existing.get(v.listTitle) ?? [];
    if (found.length > 1) {
      errors.push({ sheet: null, row, column: COL('listTitle'), message: 'imports.e.listAmbiguous' });
      continue;
    }
    const current = found[0] ?? null;
    let list = lists.get(v.listTitle);
    if (!list) {
      list = {
        title: v.listTitle,
        existingId: current?.id ?? null,
        regionCode: current?.region_code ?? actor.regionCode,
        dueDays: null,
        note: null,
        firms: [],
        banks: [],
        firstRow: row,
        dueRow: null,
        noteRow: null,
        firmRows: new Map(),
      };
      lists.set(v.listTitle, list);
    }
    const rowErrors: RowError[] = [];
    // the list's own cells: the rows of one list agree; an existing list keeps its values
    if (v.dueDays !== null) {
      if (current && current.due_working_days !== v.dueDays)
        rowErrors.push({ sheet: null, row, column: COL('dueDays'), message: 'imports.e.listExistsDiffers' });
      else if (list.dueDays !== null && list.dueDays !== v.dueDays)
        rowErrors.push({ sheet: null, row, column: COL('dueDays'), message: msg('imports.e.listCellDiffers', { row: list.dueRow ?? 0 }) });
      else if (list.dueDays === null) {
        list.dueDays = v.dueDays;
        list.dueRow = row;
      }
    }
    if (v.note !== null) {
      if (current && current.note !== v.note)
        rowErrors.push({ sheet: null, row, column: COL('note'), message: 'imports.e.listExistsDiffers' });
      else if (list.note !== null && list.note !== v.note)
        rowErrors.push({ sheet: null, row, column: COL('note'), message: msg('imports.e.listCellDiffers', { row: list.noteRow ?? 0 }) });
      else if (list.note === null) {
        list.note = v.note;
        list.noteRow = row;
      }
    }
    // the enterprise
    let firm: Resolved;
    if (v.creditCode) {
      const org = orgs.get(v.creditCode);
      if (!org) firm = { error: 'imports.e.enterpriseNotFound' };
      else if (org.kind !== 'enterprise') firm = { error: 'imports.e.codeNotEnterprise' };
      else if (!regionCovers(list.regionCode, org.region_code)) firm = { error: 'imports.e.enterpriseOutsideRegion' };
      else if (org.status !== 'verified') firm = { error: 'imports.e.orgNotVerified' };
      else
        firm = {
          id: org.id,
          name: org.name,
          warning: v.enterpriseName && nameKey(v.enterpriseName) !== nameKey(org.name) ? org.name : undefined,
        };
    } else firm = byName(named.get(nameKey(v.enterpriseName ?? '')) ?? [], list.regionCode);
    const firmColumn = v.creditCode ? COL('creditCode') : COL('enterpriseName');
    if ('error' in firm) rowErrors.push({ sheet: null, row, column: firmColumn, message: firm.error });
    else {
      const first = list.firmRows.get(firm.id);
      if (first !== undefined)
        rowErrors.push({ sheet: null, row, column: firmColumn, message: msg('imports.e.duplicateInFile', { row: first }) });
      if (firm.warning)
        warnings.push({
          sheet: null,
          row,
          column: COL('enterpriseName'),
          message: msg('imports.w.listNameDiffers', { name: firm.warning }),
        });
    }
    // the banks to push to
    const banks: { id: string; name: string }[] = [];
    for (const cell of v.banks) {
      const b = resolveBank(cell, list.regionCode, await serving(list.regionCode), orgs);
      if ('error' in b) rowErrors.push({ sheet: null, row, column: COL('banks'), message: b.error });
      else banks.push(b);
    }
    if (rowErrors.length || 'error' in firm) {
      errors.push(...rowErrors);
      continue;
    }
    list.firmRows.set(firm.id, row);
    const newBanks = banks.filter(
      (b) => !list.banks.includes(b.id) && !(list.existingId && plannedBanks.has(`${list.existingId}\u0000${b.id}`)),
    );
    for (const b of newBanks) list.banks.push(b.id);
    const onList = list.existingId !== null && onLists.has(`${list.existingId}\u0000${firm.id}`);
    if (!onList) list.firms.push(firm.id);
    // a row that only adds banks to an existing list changes the list: an update
    const action = !onList ? 'create' : newBanks.length ? 'update' : 'unchanged';
    planned.push({
      row,
      action,
      key: `${v.listTitle} · ${v.creditCode ?? v.enterpriseName}`,
      label: firm.name,
      ...(action === 'update'
        ? { changes: [{ column: COL('banks'), before: '—', after: newBanks.map((b) => b.name).join('、'), platform: false }] }
        : {}),
    });
  }

  const writes = [...lists.values()];
  return {
    rows: planned,
    errors,
    warnings,
    apply: async (trx) => {
      for (const l of writes) {
        if (!l.existingId && l.firms.length === 0) continue;
        const id =
          l.existingId ??
          (await createList(
            trx,
            { userId: actor.id, regionCode: actor.regionCode },
            { title: l.title, note: l.note ?? '', dueDays: l.dueDays ?? DEFAULT_DUE_DAYS },
            ctx.now,
          ));
        await insertFirms(trx, id, l.firms, ctx.now);
        await planBanks(trx, id, l.banks, ctx.now);
      }
    },
  };
}

/** A list's working days to answer when the file leaves them blank (the list form's default). */
export const DEFAULT_DUE_DAYS = 10;

export const listsHandler: KindHandler<ListImportRow> = {
  kind: 'lists',
  columns: LIST_COLUMNS,
  sheetNames: ['推荐清单', '清单', '白名单', 'lists'],
  sheetLabelKey: 'imports.kind.lists',
  rowSchema: () => listRowSchema(),
  key: (v) => `${v.listTitle}\u0000${v.creditCode ?? `name:${nameKey(v.enterpriseName ?? '')}`}`,
  keyColumn: 'creditCode',
  plan: planLists,
};
