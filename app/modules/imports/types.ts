/**
 * Types shared by the bulk import (批量导入): kinds, column definitions, row
 * errors, the per-kind handler contract and the report shown after a dry run
 * or a commit. No server-only imports: the page uses these types too.
 */
import type { DB } from '~/utils/db.server';
import type { Transaction } from 'kysely';
import type { Database, OrgStatus } from '#db/schema';
import type { RowSchema } from './columns';

/**
 * One kind per file, or `workbook`: one XLSX with a sheet per kind, imported together.
 * `lists` (推荐清单) and `problems` (问题诉求台账) refer to the directory and are
 * imported on their own (decision 037c).
 */
export const IMPORT_KINDS = ['enterprises', 'banks', 'products', 'agreements', 'lists', 'problems', 'workbook'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type RowKind = Exclude<ImportKind, 'workbook'>;
export const ROW_KINDS: readonly RowKind[] = ['enterprises', 'banks', 'products', 'agreements', 'lists', 'problems'];
/** The sheets of a `workbook`, in the order they are imported. */
export const WORKBOOK_KINDS: readonly RowKind[] = ['enterprises', 'banks', 'products', 'agreements'];

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
  /**
   * Rows changed on the platform since their last import that the clerk ticked
   * to overwrite anyway, as `${kind}:${row}` (overrideId); the others are kept.
   */
  override: ReadonlySet<string>;
}

/** The id of a row's "overwrite the platform's changes" tick. */
export const overrideId = (kind: RowKind, row: number) => `${kind}:${row}`;
export const OVERRIDE_ID = /^(enterprises|banks|products|agreements):\d{1,7}$/;

/**
 * create / update / unchanged; `kept`: an update left alone because the row was
 * changed on the platform since it was last imported (and not ticked).
 */
export type RowAction = 'create' | 'update' | 'unchanged' | 'kept';

/** One column an update changes: stored and new value as shown (万元, labels). */
export interface FieldChange {
  /** i18n key of the column's label */
  column: string;
  before: string;
  after: string;
  /** changed on the platform since the row was last imported */
  platform: boolean;
}

export interface PlannedRow {
  row: number;
  action: RowAction;
  /** the import key (credit code, document number, bank code + product name) */
  key: string;
  /** what people recognise the row by (a name) */
  label: string;
  /** updates (and kept rows): each column it changes, stored → new */
  changes?: FieldChange[];
  /**
   * changed on the platform since it was last imported (the clerk must tick it to
   * overwrite): when that import was, or null when no import ever wrote the row
   */
  edited?: { importedAt: string | null; fileName: string | null };
  /** overrideId of the row, when it is flagged */
  overrideId?: string;
  /** agreements: the row's amount in 元 (shown as 万元/亿元, summed, checked for unit mix-ups) */
  amount?: number;
}

/** Something to look at before importing that does not stop the import. */
export interface RowWarning {
  sheet: string | null;
  row: number;
  column: string | null;
  message: string;
}

export interface KindPlan {
  rows: PlannedRow[];
  errors: RowError[];
  warnings?: RowWarning[];
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
  kept: number;
}

export interface ImportTotals {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  kept: number;
}

/** An amount far outside the usual range: the commit needs an explicit confirmation. */
export interface AmountOutlier {
  sheet: string | null;
  row: number;
  /** 元 */
  amount: number;
  /** above the cap for one letter, or 100× the file's median */
  reason: 'cap' | 'median';
}

export interface AmountSummary {
  /** rows with an amount */
  count: number;
  /** 元 */
  total: number;
  median: number;
  /** rows to create or update whose amount is far outside the usual range */
  outliers: AmountOutlier[];
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
  /**
   * What importing the file does: all zero but `rows` when it cannot be imported
   * (the tiles agree with the errors)
   */
  totals: ImportTotals;
  /** what the rows that passed would do once the errors are fixed */
  checked: ImportTotals;
  /** rows to look at that do not stop the import (a name equal to a verified organization's…) */
  warnings: RowWarning[];
  /** agreements: the file's amounts (null when it has none) */
  amounts: AmountSummary | null;
  /** rows changed on the platform since their last import (kept unless ticked) */
  flagged: number;
  /** the first MAX_REPORTED_ERRORS row errors, in sheet and row order */
  errors: RowError[];
  errorCount: number;
  /**
   * the rows that would change: every update and kept row (up to MAX_CHANGED_ROWS),
   * then the first created rows
   */
  preview: (PlannedRow & { sheet: string | null })[];
  /** rows to create, update or keep that the preview leaves out */
  previewOmitted: number;
  /** a commit refused although the file is fine (an i18n key): confirm the amounts first */
  refusal?: string;
  /** dry run only: the stored upload to commit without choosing the file again */
  token?: string;
  expiresAt?: string;
  committed: boolean;
}
