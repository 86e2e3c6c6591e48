/**
 * Types shared by the bulk import (批量导入): kinds, column definitions, row
 * errors, the per-kind handler contract and the report shown after a dry run
 * or a commit. No server-only imports: the page uses these types too.
 */
import type { DB } from '~/utils/db.server';
import type { Transaction } from 'kysely';
import type { Database, OrgStatus } from '#db/schema';
import type { RowSchema } from './columns';

/** One kind per file, or `workbook`: one XLSX with a sheet per kind, imported together. */
export const IMPORT_KINDS = ['enterprises', 'banks', 'products', 'agreements', 'workbook'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type RowKind = Exclude<ImportKind, 'workbook'>;
export const ROW_KINDS: readonly RowKind[] = ['enterprises', 'banks', 'products', 'agreements'];

export function isImportKind(v: unknown): v is ImportKind {
  return typeof v === 'string' && (IMPORT_KINDS as readonly string[]).includes(v);
}

export interface ColumnDef {
  /** the field name in the row object (also accepted as a header) */
  key: string;
  /** i18n key of the header; the zh text is the template's header */
  labelKey: string;
  required: boolean;
  /** i18n key of the note in the template's 填写说明 sheet */
  noteKey: string;
  /** the example row's value */
  example: string;
  /** short fixed list offered as a drop-down in the XLSX template */
  choices?: readonly string[];
  /** further accepted headers (e.g. 对接会编号 for 对接会) */
  aliases?: readonly string[];
}

/** A problem with one cell (or one row when `column` is null). Messages are i18n keys (maybe with params). */
export interface RowError {
  /** the sheet, for multi-sheet workbooks; null for a single table */
  sheet: string | null;
  /** the row number as the spreadsheet shows it (the header is row 1 in a template) */
  row: number;
  /** i18n key of the column's label, or null for the whole row */
  column: string | null;
  message: string;
}

export interface ImportActor {
  /** the organizer's user id */
  id: string;
  /** the organizer's region: every imported organization must lie inside it */
  regionCode: string;
  /** the organizer's department (government organization), if any */
  organizationId: string | null;
}

/** An organization known while planning: from the database or created/updated earlier in the same file. */
export interface KnownOrg {
  id: string;
  kind: 'enterprise' | 'bank' | 'government';
  name: string;
  status: OrgStatus;
  regionCode: string;
  industry: string | null;
  /** banks: regions served */
  regions?: string[];
}

export interface PlanContext {
  actor: ImportActor;
  now: string;
  /** today in China (UTC+8), YYYY-MM-DD */
  today: string;
  /** organizations of earlier sheets of the same file, by credit code */
  fileOrgs: Map<string, KnownOrg>;
  /** products of earlier sheets of the same file, by `${bank org id}\u0000${name}` */
  fileProducts: Map<string, { id: string; category: string; status: string }>;
  /** the uploaded file's name (the reason of audit entries) */
  fileName: string;
}

export type RowAction = 'create' | 'update' | 'unchanged';

export interface PlannedRow {
  row: number;
  action: RowAction;
  /** the import key (credit code, document number, bank code + product name) */
  key: string;
  /** what people recognise the row by (a name) */
  label: string;
}

export interface KindPlan {
  rows: PlannedRow[];
  errors: RowError[];
  /** writes the planned creations and updates; call inside the import's transaction */
  apply: (trx: Transaction<Database>) => Promise<void>;
}

export interface ValidRow<V> {
  row: number;
  value: V;
}

export interface KindHandler<V = unknown> {
  kind: RowKind;
  columns: readonly ColumnDef[];
  /** names of this kind's sheet in a workbook (zh first) */
  sheetNames: readonly string[];
  /** i18n key of the sheet name in templates */
  sheetLabelKey: string;
  /** pure per-row checks (also as a zod schema); the organizer's region is known up front */
  rowSchema: (actor: ImportActor, today: string) => RowSchema<V>;
  /** the import key of a valid row (duplicates within a file are errors) */
  key: (v: V) => string;
  /** the column the key error is reported on */
  keyColumn: string;
  /** checks that need the database, and the writes to make */
  plan: (db: DB, rows: ValidRow<V>[], ctx: PlanContext) => Promise<KindPlan>;
}

export interface FileProblem {
  sheet: string | null;
  message: string;
}

export interface SectionSummary {
  kind: RowKind;
  sheet: string | null;
  rows: number;
  create: number;
  update: number;
  unchanged: number;
}

export interface ImportReport {
  kind: ImportKind;
  fileName: string;
  format: 'xlsx' | 'csv' | null;
  /** no file error and no row error: the file can be (or was) imported */
  ok: boolean;
  /** problems with the file as a whole (i18n keys), with the sheet they concern in a workbook */
  fileErrors: FileProblem[];
  sections: SectionSummary[];
  totals: { rows: number; create: number; update: number; unchanged: number };
  /** the first MAX_REPORTED_ERRORS row errors, in sheet and row order */
  errors: RowError[];
  errorCount: number;
  /** the first rows that would be created or updated */
  preview: (PlannedRow & { sheet: string | null })[];
  /** dry run only: the stored upload to commit without choosing the file again */
  token?: string;
  expiresAt?: string;
  committed: boolean;
}
