import { withCheckChar } from '~/modules/organizations/credit-code';
import { BANK_TYPES, BRANCH_LEVELS } from '~/modules/organizations/reference';
import { refreshBankProductsSearchText } from '~/modules/products/products.server';
import type { DB } from '~/utils/db.server';
import { newId } from '~/utils/ids';
import {
  type RowSchema,
  choiceField,
  chunks,
  codeLookup,
  creditCodeField,
  insertBatchSize,
  LOOKUP_CHUNK,
  mergeRegions,
  optEmailField,
  optText,
  phoneField,
  regionField,
  regionListField,
  reqText,
  rowSchema,
  sameSet,
} from './columns';
import {
  contactColumnsOf,
  diffColumns,
  existingOrgs,
  orgPlanLists,
  orgRows,
  sameNameWarnings,
  showCode,
  storedOrg,
} from './enterprises.server';
import { markOf, reviewExisting, writeMarks } from './marks.server';
import type { ShowValue } from './review';
import { overrideId, type ColumnDef, type ImportActor, type KindHandler, type KindPlan, type PlanContext, type ValidRow } from './types';

export const bankTypeLookup = codeLookup(BANK_TYPES, {
  policy: ['政策性'],
  state: ['国有银行', '国有大行', '国有商业银行', '大型商业银行'],
  joint_stock: ['股份制', '股份制商业银行'],
  city: ['城商行', '城市商业'],
  rural: ['农商行', '农商银行', '农村商业银行', '农村信用社', '农信社', '农村合作银行'],
  village: ['村镇'],
});
export const branchLevelLookup = codeLookup(BRANCH_LEVELS, {
  provincial: ['省分行'],
  city: ['市分行', '分行'],
  county: ['支行', '县支行'],
  outlet: ['营业网点'],
});

const col = (key: string, required: boolean, example: string, choices?: readonly string[]): ColumnDef => ({
  key,
  labelKey: `imports.col.bank.${key}`,
  noteKey: `imports.note.bank.${key}`,
  required,
  example,
  choices,
});

export const BANK_COLUMNS: readonly ColumnDef[] = [
  col('name', true, '示例：平顶山农商银行舞钢支行'),
  col('creditCode', true, withCheckChar('91410481MA9H2LWN4')),
  col('bankType', true, '农村商业银行', bankTypeLookup.labels),
  col('branchLevel', true, '县级支行', branchLevelLookup.labels),
  col('regionCode', true, '410481'),
  col('regionsServed', false, '410481、410425'),
  col('contactName', true, '王芳'),
  col('contactPhone', true, '13903751234'),
  col('contactEmail', false, ''),
  col('description', false, '服务舞钢市小微企业'),
];

export function bankRowSchema(actor: ImportActor) {
  return rowSchema({
    name: reqText(100, 2),
    creditCode: creditCodeField,
    bankType: choiceField(bankTypeLookup),
    branchLevel: choiceField(branchLevelLookup),
    regionCode: regionField(actor),
    regionsServed: regionListField(actor),
    contactName: reqText(50),
    contactPhone: phoneField,
    contactEmail: optEmailField,
    description: optText(2000, true),
  });
}

export type BankRow = ReturnType<typeof bankRowSchema> extends RowSchema<infer T> ? T : never;

function columnsOf(v: BankRow) {
  return {
    name: v.name,
    region_code: v.regionCode,
    bank_type: v.bankType,
    branch_level: v.branchLevel,
    ...contactColumnsOf(v),
  };
}
type Cols = ReturnType<typeof columnsOf>;
const REQUIRED_COLS = new Set<keyof Cols>(['name', 'region_code', 'bank_type', 'branch_level', 'contact_name', 'contact_phone']);

/** The columns a bank import manages (regions served as one sorted list), with their labels. */
const BANK_LABELS: Record<keyof Cols | 'regions', string> = {
  name: 'imports.col.bank.name',
  region_code: 'imports.col.bank.regionCode',
  bank_type: 'imports.col.bank.bankType',
  branch_level: 'imports.col.bank.branchLevel',
  contact_name: 'imports.col.bank.contactName',
  contact_phone: 'imports.col.bank.contactPhone',
  contact_email: 'imports.col.bank.contactEmail',
  description: 'imports.col.bank.description',
  regions: 'imports.col.bank.regionsServed',
};
const BANK_MARK_COLUMNS = Object.keys(BANK_LABELS);
const BANK_SHOW: Record<string, ShowValue> = { bank_type: showCode(BANK_TYPES), branch_level: showCode(BRANCH_LEVELS) };
const regionList = (codes: readonly string[]) => [...codes].sort().join('、');

async function servedRegions(db: DB, orgIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks(orgIds, LOOKUP_CHUNK)) {
    const rows = await db
      .selectFrom('bank_regions')
      .select(['organization_id', 'region_code'])
      .where('organization_id', 'in', part)
      .execute();
    for (const r of rows) {
      const list = out.get(r.organization_id) ?? [];
      list.push(r.region_code);
      out.set(r.organization_id, list);
    }
  }
  for (const list of out.values()) list.sort();
  return out;
}

export async function planBanks(db: DB, rows: ValidRow<BankRow>[], ctx: PlanContext): Promise<KindPlan> {
  const { existing, ids, marks } = await existingOrgs(db, rows, 'bank');
  const regionsOf = await servedRegions(db, ids);
  const { markWrites, named, errors, planned, inserts } = orgPlanLists();
  const regionInserts: { organization_id: string; region_code: string }[] = [];
  const updates: { id: string; set: Partial<Cols>; regions: string[] | null; nameChanged: boolean }[] = [];
  for await (const { row, v, cur } of orgRows(rows, existing, 'bank', ctx.actor, errors)) {
    const cols = columnsOf(v);
    if (cur) {
      const set = diffColumns(cols, cur, REQUIRED_COLS);
      const curRegions = regionsOf.get(cur.id) ?? [];
      const merged = mergeRegions(curRegions, v.regionsServed, ctx.actor.regionCode);
      const regions = v.regionsServed.length && !sameSet(merged, curRegions) ? merged : null;
      const all: Record<string, unknown> = regions ? { ...set, regions: regionList(regions) } : { ...set };
      const update = reviewExisting({
        base: { row, key: v.creditCode, label: v.name },
        unchanged: Object.keys(all).length === 0,
        changed: all,
        current: { ...cur, regions: regionList(curRegions) },
        recordId: cur.id,
        stored: markOf({ ...cur, regions: regionList(curRegions) }, BANK_MARK_COLUMNS),
        mark: marks.get(cur.id),
        overrideId: overrideId('banks', row),
        override: ctx.override,
        labels: BANK_LABELS,
        show: BANK_SHOW,
        planned,
        markWrites,
      });
      if (!update) {
        ctx.fileOrgs.set(v.creditCode, storedOrg(cur, 'bank', curRegions));
        continue;
      }
      if ('name' in set) named.push({ row, name: v.name, code: v.creditCode });
      updates.push({ id: cur.id, set, regions, nameChanged: 'name' in set });
      markWrites.push({ id: cur.id, fields: markOf({ ...cur, ...set, regions: regionList(regions ?? curRegions) }, BANK_MARK_COLUMNS) });
      planned.push(update);
      ctx.fileOrgs.set(v.creditCode, {
        id: cur.id,
        kind: 'bank',
        name: v.name,
        status: cur.status,
        regionCode: v.regionCode,
        industry: null,
        regions: regions ?? curRegions,
      });
    } else {
      const id = newId();
      const regions = v.regionsServed.length ? v.regionsServed : [v.regionCode];
      inserts.push({
        id,
        kind: 'bank',
        status: 'verified',
        status_reason: null,
        status_changed_by: ctx.actor.id,
        status_changed_at: ctx.now,
        credit_code: v.creditCode,
        ...cols,
        industry: null,
        size: null,
        founded_year: null,
        registered_capital: null,
        annual_revenue: null,
        employees: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
      for (const region_code of regions) regionInserts.push({ organization_id: id, region_code });
      planned.push({ row, action: 'create', key: v.creditCode, label: v.name });
      named.push({ row, name: v.name, code: v.creditCode });
      markWrites.push({ id, fields: markOf({ ...cols, regions: regionList(regions) }, BANK_MARK_COLUMNS) });
      ctx.fileOrgs.set(v.creditCode, {
        id,
        kind: 'bank',
        name: v.name,
        status: 'verified',
        regionCode: v.regionCode,
        industry: null,
        regions,
      });
    }
  }
  return {
    rows: planned,
    errors,
    warnings: await sameNameWarnings(db, 'bank', named, 'imports.col.bank.name'),
    apply: async (trx) => {
      for (const part of chunks(inserts, insertBatchSize(25))) await trx.insertInto('organizations').values(part).execute();
      for (const part of chunks(regionInserts, insertBatchSize(2))) await trx.insertInto('bank_regions').values(part).execute();
      for (const u of updates) {
        if (Object.keys(u.set).length)
          await trx
            .updateTable('organizations')
            .set({ ...u.set, updated_at: ctx.now })
            .where('id', '=', u.id)
            .execute();
        if (u.regions) {
          await trx.deleteFrom('bank_regions').where('organization_id', '=', u.id).execute();
          await trx
            .insertInto('bank_regions')
            .values(u.regions.map((region_code) => ({ organization_id: u.id, region_code })))
            .execute();
        }
        // the bank's name is part of its products' search text
        if (u.nameChanged) await refreshBankProductsSearchText(trx, u.id);
      }
      await writeMarks(trx, 'organization', markWrites, { fileName: ctx.fileName, userId: ctx.actor.id, at: ctx.now });
    },
  };
}

export const banksHandler: KindHandler<BankRow> = {
  kind: 'banks',
  columns: BANK_COLUMNS,
  sheetNames: ['银行', '金融机构', 'banks'],
  sheetLabelKey: 'imports.kind.banks',
  rowSchema: (actor) => bankRowSchema(actor),
  key: (v) => v.creditCode,
  keyColumn: 'creditCode',
  plan: planBanks,
};
