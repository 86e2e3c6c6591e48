/**
 * Dry run and commit of a bulk import (docs/decisions/020-bulk-import.md).
 *
 * 1. read the file (parse.server.ts) → file errors (not a spreadsheet, empty,
 *    too many rows…);
 * 2. pick the sheet(s) and map the header → file errors naming the columns;
 * 3. check every row with the kind's zod schema; duplicate keys in the file;
 * 4. plan against the database (existing keys, references, region) → the rows
 *    to create / update / leave unchanged, or more row errors;
 * 5. commit: all in ONE transaction that plans again (the database may have
 *    changed since the dry run) and writes nothing when any row has an error.
 *
 * A dry run that passes stores the upload (table `import_uploads`) under a
 * random token, so the commit needs no second upload (forms without JavaScript
 * cannot keep a chosen file). Only the organizer who uploaded it may commit it,
 * once, before it expires.
 */
import { createHash, randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import type { Kysely, Transaction } from 'kysely';
import { msg } from '~/i18n/translate';
import { type DB, inTransaction } from '~/utils/db.server';
import { uniqueViolation } from '~/utils/db-errors';
import { badRequest } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { refreshStatistics } from '#db/connection';
import { offThreadWrites } from '#db/sqlite-split';
import type { Database } from '#db/schema';
import { agreementsHandler, ImportRowAbort } from './agreements.server';
import { banksHandler } from './banks.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { mapHeader, normHeader, rowRecord } from './columns';
import { enterprisesHandler } from './enterprises.server';
import { ImportFileError, precheckUpload, readSpreadsheet, type Sheet, type Spreadsheet } from './parse.server';
import { checkUploadOffThread } from './import-worker.server';
import { productsHandler } from './products.server';
import { summariseAmounts } from './review';
import { listsHandler } from './recommended-lists.server';
import { problemsHandler } from './problem-ledger.server';
import {
  WORKBOOK_KINDS,
  type ImportTotals,
  type RowWarning,
  type FileProblem,
  type ImportActor,
  type ImportKind,
  type ImportReport,
  type KindHandler,
  type KindPlan,
  type PlanContext,
  type RowError,
  type RowKind,
  type SectionSummary,
  type ValidRow,
} from './types';

/** The tables an import of each kind writes (their planner statistics are refreshed after a commit). */
const WRITTEN_TABLES: Record<RowKind, readonly string[]> = {
  enterprises: ['organizations'],
  banks: ['organizations', 'bank_regions'],
  products: ['loan_products', 'product_regions'],
  agreements: ['agreements', 'agreement_audit', 'report_rollups'],
  lists: ['recommended_lists', 'recommended_list_firms', 'recommended_list_planned_banks'],
  problems: ['problems', 'problem_events'],
};

export const HANDLERS: Record<RowKind, KindHandler<any>> = {
  enterprises: enterprisesHandler,
  banks: banksHandler,
  products: productsHandler,
  agreements: agreementsHandler,
  lists: listsHandler,
  problems: problemsHandler,
};

/** Row errors kept in a report (the count says how many there were). */
export const MAX_REPORTED_ERRORS = 500;
/** Created rows listed in a report (after every changed row). */
export const PREVIEW_ROWS = 20;
/** Updated and kept rows listed in a report, each with its changes (and the tick of a kept one). */
export const MAX_CHANGED_ROWS = 1000;
/** How long a checked upload waits for its commit. */
export const UPLOAD_TTL_MS = 2 * 60 * 60 * 1000;
/** Sheets a workbook may have besides the data sheets. */
const NOTE_SHEETS = new Set(['填写说明', '说明', 'notes', 'readme', '使用说明'].map(normHeader));

export interface Upload {
  kind: ImportKind;
  fileName: string;
  bytes: Uint8Array;
  /**
   * The stored form of the file (packUpload), when it comes from a dry run: the worker
   * unpacks it, and `bytes` may be empty.
   */
  packed?: string;
}

interface Section {
  handler: KindHandler<any>;
  sheet: Sheet;
  /** shown with errors in a multi-sheet workbook */
  label: string | null;
}

interface ValidatedSection extends Section {
  valid: ValidRow<unknown>[];
  errors: RowError[];
  rowCount: number;
}

/* -------------------------------------------------------- sections, rows */

function pickSections(kind: ImportKind, book: Spreadsheet): { sections: Section[] } | { fileErrors: FileProblem[] } {
  const nonEmpty = book.sheets.filter((s) => s.rows.length > 0);
  if (kind !== 'workbook') {
    const handler = HANDLERS[kind];
    const names = new Set(handler.sheetNames.map(normHeader));
    const sheet =
      nonEmpty.find((s) => names.has(normHeader(s.name))) ?? nonEmpty.find((s) => !NOTE_SHEETS.has(normHeader(s.name))) ?? nonEmpty[0];
    return { sections: [{ handler, sheet, label: null }] };
  }
  if (book.format !== 'xlsx') return { fileErrors: [{ sheet: null, message: 'imports.file.workbookNeedsXlsx' }] };
  const sections: Section[] = [];
  const unknown: string[] = [];
  for (const sheet of nonEmpty) {
    const n = normHeader(sheet.name);
    if (NOTE_SHEETS.has(n)) continue;
    const handler = WORKBOOK_KINDS.map((k) => HANDLERS[k]).find((h) => h.sheetNames.some((s) => normHeader(s) === n));
    if (!handler) unknown.push(sheet.name);
    else if (sections.some((s) => s.handler === handler)) unknown.push(sheet.name);
    else sections.push({ handler, sheet, label: sheet.name });
  }
  const expected = WORKBOOK_KINDS.map((k) => HANDLERS[k].sheetNames[0]).join('、');
  if (unknown.length)
    return { fileErrors: [{ sheet: null, message: msg('imports.file.unknownSheets', { sheets: unknown.join('、'), expected }) }] };
  if (!sections.length) return { fileErrors: [{ sheet: null, message: msg('imports.file.noKnownSheets', { expected }) }] };
  sections.sort((a, b) => WORKBOOK_KINDS.indexOf(a.handler.kind) - WORKBOOK_KINDS.indexOf(b.handler.kind));
  return { sections };
}

function validateSection(section: Section, actor: ImportActor, today: string): ValidatedSection | { fileErrors: FileProblem[] } {
  const { handler, sheet, label } = section;
  const [header, ...data] = sheet.rows;
  const mapped = mapHeader(header.cells, handler.columns, data);
  if (!mapped.ok) return { fileErrors: mapped.errors.map((message) => ({ sheet: label, message })) };
  if (data.length === 0) return { fileErrors: [{ sheet: label, message: 'imports.file.noRows' }] };
  const schema = handler.rowSchema(actor, today);
  const labelOf = new Map(handler.columns.map((c) => [c.key, c.labelKey]));
  const keyLabel = labelOf.get(handler.keyColumn) ?? null;
  const valid: ValidRow<unknown>[] = [];
  const errors: RowError[] = [];
  const firstRowOfKey = new Map<string, number>();
  for (const r of data) {
    const parsed = schema.check(rowRecord(r.cells, handler.columns, mapped.map));
    if (!parsed.ok) {
      const seen = new Set<string>();
      for (const issue of parsed.issues) {
        const column = labelOf.get(issue.path) ?? null;
        const dedupe = column ?? '';
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        errors.push({ sheet: label, row: r.n, column, message: issue.message });
      }
      continue;
    }
    const key = handler.key(parsed.value);
    const first = firstRowOfKey.get(key);
    if (first !== undefined) {
      errors.push({ sheet: label, row: r.n, column: keyLabel, message: msg('imports.e.duplicateInFile', { row: first }) });
      continue;
    }
    firstRowOfKey.set(key, r.n);
    valid.push({ row: r.n, value: parsed.value });
  }
  return { ...section, valid, errors, rowCount: data.length };
}

/** Steps 1–3: everything that needs no database. */
export async function readAndValidate(
  upload: Upload,
  actor: ImportActor,
  today = chinaDate(new Date()),
): Promise<{ book: Spreadsheet | null; sections: ValidatedSection[]; fileErrors: FileProblem[] }> {
  let book: Spreadsheet;
  try {
    book = await readSpreadsheet(upload.bytes);
  } catch (error) {
    if (error instanceof ImportFileError) return { book: null, sections: [], fileErrors: [{ sheet: null, message: error.messageKey }] };
    throw error;
  }
  const picked = pickSections(upload.kind, book);
  if ('fileErrors' in picked) return { book, sections: [], fileErrors: picked.fileErrors };
  const sections: ValidatedSection[] = [];
  const fileErrors: FileProblem[] = [];
  for (const s of picked.sections) {
    const v = validateSection(s, actor, today);
    if ('fileErrors' in v) fileErrors.push(...v.fileErrors);
    else sections.push(v);
  }
  return { book, sections, fileErrors };
}

/**
 * What the worker thread does with an upload (import-worker.ts): unpack a stored one,
 * refuse a bomb, steps 1–3, and pack the file for storing when asked and it may pass.
 */
export async function checkUploadInWorker(
  upload: Upload,
  actor: ImportActor,
  today: string,
  pack: boolean,
): Promise<{ book: Spreadsheet | null; sections: ValidatedSection[]; fileErrors: FileProblem[]; packed?: string }> {
  const bytes = upload.packed !== undefined ? unpackUploadSync(upload.packed) : upload.bytes;
  try {
    await precheckUpload(bytes);
  } catch (error) {
    if (error instanceof ImportFileError) return { book: null, sections: [], fileErrors: [{ sheet: null, message: error.messageKey }] };
    throw error;
  }
  const checked = await readAndValidate({ ...upload, bytes }, actor, today);
  const mayPass = checked.fileErrors.length === 0 && checked.sections.every((s) => s.errors.length === 0);
  return { ...checked, packed: pack && mayPass ? packUploadSync(bytes) : undefined };
}

/** Steps 1–3 on the worker thread (import-worker.server.ts): the request thread only receives the checked rows. */
async function readAndValidateOffThread(
  upload: Upload,
  actor: ImportActor,
  today: string,
  opts: { pack?: boolean } = {},
): Promise<{ format: Spreadsheet['format'] | null; sections: ValidatedSection[]; fileErrors: FileProblem[]; packed?: string }> {
  const checked = await checkUploadOffThread(upload, actor, today, opts);
  return {
    packed: checked.packed,
    format: checked.format,
    fileErrors: checked.fileErrors,
    sections: checked.sections.map((s) => ({
      handler: HANDLERS[s.kind],
      sheet: { name: s.sheetName, rows: [] },
      label: s.label,
      valid: s.valid,
      errors: s.errors,
      rowCount: s.rowCount,
    })),
  };
}

/* ------------------------------------------------------------- planning */

interface Planned {
  section: ValidatedSection;
  plan: KindPlan;
}

/** Step 4 for every section, in kind order, sharing what earlier sheets create. */
async function planSections(
  db: DB,
  sections: ValidatedSection[],
  actor: ImportActor,
  fileName: string,
  now: string,
  today: string,
  override: ReadonlySet<string>,
): Promise<Planned[]> {
  const ctx: PlanContext = { actor, now, today, fileOrgs: new Map(), fileProducts: new Map(), fileName, override };
  const out: Planned[] = [];
  for (const section of sections) {
    const plan = await section.handler.plan(db, section.valid, ctx);
    for (const e of plan.errors) e.sheet = section.label;
    for (const w of plan.warnings ?? []) w.sheet = section.label;
    out.push({ section, plan });
  }
  return out;
}

const zeroTotals = (): ImportTotals => ({ rows: 0, create: 0, update: 0, unchanged: 0, kept: 0 });

function buildReport(
  upload: Upload,
  format: ImportReport['format'],
  fileErrors: FileProblem[],
  planned: Planned[],
  extraErrors: RowError[] = [],
): ImportReport {
  const sections: SectionSummary[] = [];
  const errors: RowError[] = [];
  const warnings: RowWarning[] = [];
  const changed: ImportReport['preview'] = [];
  const created: ImportReport['preview'] = [];
  /** the rows with an amount (agreements), for the amounts' summary */
  const withAmount: ImportReport['preview'] = [];
  const checked = zeroTotals();
  let omitted = 0;
  let flagged = 0;
  // one pass over the planned rows, copying only the few that are shown: a report of
  // 100,000 rows is built on the request thread (issue 13, point 7)
  for (const { section, plan } of planned) {
    const s: SectionSummary = {
      kind: section.handler.kind,
      sheet: section.label,
      rows: section.rowCount,
      create: 0,
      update: 0,
      unchanged: 0,
      kept: 0,
    };
    for (const r of plan.rows) {
      s[r.action]++;
      if (r.edited && (r.action === 'kept' || r.action === 'update')) flagged++;
      if (typeof r.amount === 'number') withAmount.push({ ...r, sheet: section.label });
      if (r.action === 'unchanged') continue;
      if (r.action === 'create') {
        if (created.length < PREVIEW_ROWS) created.push({ ...r, sheet: section.label });
        else omitted++;
      } else if (changed.length < MAX_CHANGED_ROWS) changed.push({ ...r, sheet: section.label });
      else omitted++;
    }
    sections.push(s);
    checked.rows += s.rows;
    checked.create += s.create;
    checked.update += s.update;
    checked.unchanged += s.unchanged;
    checked.kept += s.kept;
    for (const e of section.errors) errors.push(e);
    for (const e of plan.errors) errors.push(e);
    for (const w of plan.warnings ?? []) warnings.push(w);
  }
  errors.push(...extraErrors);
  const order = new Map(planned.map((p, i) => [p.section.label, i]));
  const bySheetRow = (a: { sheet: string | null; row: number }, b: { sheet: string | null; row: number }) =>
    (order.get(a.sheet) ?? 0) - (order.get(b.sheet) ?? 0) || a.row - b.row;
  errors.sort(bySheetRow);
  warnings.sort(bySheetRow);
  const ok = fileErrors.length === 0 && errors.length === 0;
  // the tiles say what importing does: nothing at all while any row is wrong
  const totals: ImportTotals = ok ? { ...checked } : { ...zeroTotals(), rows: checked.rows };
  if (!ok) for (const s of sections) Object.assign(s, { create: 0, update: 0, unchanged: 0, kept: 0 });
  const preview = [...changed, ...created].sort(bySheetRow);
  return {
    kind: upload.kind,
    fileName: upload.fileName,
    format,
    ok,
    fileErrors,
    sections,
    totals,
    checked,
    warnings: warnings.slice(0, MAX_REPORTED_ERRORS),
    amounts: summariseAmounts(withAmount),
    flagged,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    errorCount: errors.length,
    preview,
    previewOmitted: omitted,
    committed: false,
  };
}

function sectionsOnly(sections: ValidatedSection[]): Planned[] {
  return sections.map((section) => ({ section, plan: { rows: [], errors: [], apply: async () => {} } }));
}

/** Thrown inside the commit's transaction to roll it back with a report. */
class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('import rolled back');
  }
}

/**
 * Checks an upload and, unless `dryRun`, imports it in one transaction.
 * Used by the commit of a stored upload, the benchmark and tests.
 */
export interface ImportDecisions {
  /** overrideIds of the rows changed on the platform that the clerk ticked to overwrite */
  override?: Iterable<string>;
  /** the clerk confirmed the amounts far outside the usual range */
  amountsConfirmed?: boolean;
}

export async function runImport(
  db: DB,
  actor: ImportActor,
  upload: Upload,
  opts: {
    dryRun: boolean;
    beforeApply?: (trx: Transaction<Database>) => Promise<void> /** read and check the file on the worker thread (the page does) */;
    offThread?: boolean;
    /** with offThread: the worker also packs the file for storing (ImportReport.packed) */
    pack?: boolean;
  } & ImportDecisions,
): Promise<ImportReport & { packed?: string }> {
  const override = new Set(opts.override ?? []);
  const now = nowIso();
  const today = chinaDate(new Date(now));
  let format: Spreadsheet['format'] | null;
  let sections: ValidatedSection[];
  let fileErrors: FileProblem[];
  let packed: string | undefined;
  if (opts.offThread)
    ({ format, sections, fileErrors, packed } = await readAndValidateOffThread(upload, actor, today, { pack: opts.pack }));
  else {
    const checked = await readAndValidate(upload, actor, today);
    ({ sections, fileErrors } = checked);
    format = checked.book?.format ?? null;
  }
  if (fileErrors.length) return buildReport(upload, format, fileErrors, sectionsOnly(sections));
  // rows that failed their own checks already make the file fail: still plan the rest, to report everything at once
  if (opts.dryRun)
    return { ...buildReport(upload, format, [], await planSections(db, sections, actor, upload.fileName, now, today, override)), packed };
  try {
    // on SQLite the transaction runs on the writer thread: its COMMIT of 100,000 rows takes
    // seconds of SQLite's own work (db/sqlite-split.ts, decision record 035c)
    const report = await offThreadWrites(() =>
      inTransaction(db, async (trx) => {
        const planned = await planSections(trx, sections, actor, upload.fileName, now, today, override);
        const report = buildReport(upload, format, [], planned);
        if (!report.ok) throw new Rollback(report);
        // 5000000 typed in 元 into the 万元 column is 500亿元: not without a confirmation
        if (report.amounts?.outliers.length && !opts.amountsConfirmed)
          throw new Rollback({ ...report, refusal: 'imports.file.confirmAmounts' });
        if (opts.beforeApply) await opts.beforeApply(trx);
        for (const p of planned) {
          try {
            await p.plan.apply(trx);
          } catch (error) {
            if (error instanceof ImportRowAbort)
              throw new Rollback(
                buildReport(
                  upload,
                  format,
                  [],
                  planned,
                  error.errors.map((e) => ({ ...e, sheet: p.section.label })),
                ),
              );
            // another write took a key between planning and writing (PostgreSQL, a concurrent sign-up)
            if (uniqueViolation(error))
              throw new Rollback(buildReport(upload, format, [{ sheet: null, message: 'imports.file.conflict' }], planned));
            throw error;
          }
        }
        return { ...report, committed: true };
      }),
    );
    // a bulk write: keep the planner statistics fresh (decision 022); inside a caller's
    // transaction the caller does it after its commit. An optimisation only: a failure
    // (a busy database) must not turn a committed import into an error; the hourly
    // upkeep tries again.
    if (!db.isTransaction)
      await offThreadWrites(() =>
        refreshStatistics(
          db as Kysely<Database>,
          sections.flatMap((s) => WRITTEN_TABLES[s.handler.kind]),
        ),
      ).catch(() => {});
    return report;
  } catch (error) {
    if (error instanceof Rollback) return error.report;
    throw error;
  }
}

/* ------------------------------------------------------ stored uploads */

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export function newUploadToken(): string {
  return randomBytes(20).toString('base64url');
}

/** A well-formed token (what newUploadToken makes). */
export function isUploadToken(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{27}$/.test(v);
}

/** Marks stored content that is gzipped before its base64 (older rows are plain base64). */
const GZIP_PREFIX = 'gz:';

/**
 * The stored form of an upload: gzipped, then base64. A 15 MB CSV is written as ~3 MB
 * instead of 20 MB: one statement of 20 MB held SQLite's connection for a third of a
 * second. Packed and unpacked on the import worker's thread (checkUploadInWorker), where
 * blocking holds up nobody.
 */
export function packUploadSync(bytes: Uint8Array): string {
  return GZIP_PREFIX + zlib.gzipSync(bytes).toString('base64');
}

export function unpackUploadSync(content: string): Uint8Array {
  if (content.startsWith(GZIP_PREFIX)) return new Uint8Array(zlib.gunzipSync(Buffer.from(content.slice(GZIP_PREFIX.length), 'base64')));
  return Buffer.from(content, 'base64');
}

/**
 * Dry run of an upload; a clean one is stored for the commit (token in the report).
 * Takes `upload.bytes` over: a large buffer moves to the worker thread without a copy
 * and is unusable afterwards.
 */
export async function dryRunUpload(db: DB, actor: ImportActor, upload: Upload): Promise<ImportReport> {
  const byteSize = upload.bytes.byteLength;
  const { packed, ...report } = await runImport(db, actor, upload, { dryRun: true, offThread: true, pack: true });
  if (!report.ok) return report;
  const now = new Date();
  await db.deleteFrom('import_uploads').where('committed_at', 'is', null).where('expires_at', '<', now.toISOString()).execute();
  const token = newUploadToken();
  const expiresAt = new Date(now.getTime() + UPLOAD_TTL_MS).toISOString();
  // the worker packs a file that may pass; the bytes went to it
  if (packed === undefined) throw new Error('import worker: a passing upload came back unpacked');
  const content = packed;
  // a statement of a few MB: on the writer thread (SQLite)
  await offThreadWrites(() =>
    db
      .insertInto('import_uploads')
      .values({
        id: tokenId(token),
        user_id: actor.id,
        kind: upload.kind,
        file_name: upload.fileName,
        content,
        byte_size: byteSize,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        committed_at: null,
        summary: null,
      })
      .execute(),
  );
  return { ...report, token, expiresAt };
}

/**
 * Commits a stored upload: same checks again, then every row in one
 * transaction. The upload is claimed in that transaction, so a double submit
 * imports once; a failed commit leaves it claimable again. The report says how
 * it went: `committed`, or `refusal` (confirm the amounts first; the report
 * keeps the token so the same upload can be committed), or its row errors. A
 * token that is unknown, expired or already committed throws AppError 400
 * (`imports.file.tokenExpired`, `imports.file.alreadyCommitted`).
 */
export async function commitUpload(db: DB, actor: ImportActor, token: string, decisions: ImportDecisions = {}): Promise<ImportReport> {
  if (!isUploadToken(token)) throw badRequest('imports.file.tokenExpired');
  const id = tokenId(token);
  const stored = await db
    .selectFrom('import_uploads')
    .select(['id', 'kind', 'file_name', 'content', 'expires_at', 'committed_at'])
    .where('id', '=', id)
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  if (!stored || stored.committed_at || stored.expires_at < nowIso()) {
    throw badRequest(stored?.committed_at ? 'imports.file.alreadyCommitted' : 'imports.file.tokenExpired');
  }
  // the worker unpacks the stored file (a few MB of base64 and gzip)
  const upload: Upload = { kind: stored.kind as ImportKind, fileName: stored.file_name, bytes: new Uint8Array(0), packed: stored.content };
  let claimed = true;
  const report = await runImport(db, actor, upload, {
    ...decisions,
    dryRun: false,
    offThread: true,
    beforeApply: async (trx) => {
      const at = nowIso();
      const res = await trx
        .updateTable('import_uploads')
        .set({ committed_at: at, content: '' })
        .where('id', '=', id)
        .where('committed_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        claimed = false;
        throw new Rollback(emptyReport(upload, 'imports.file.alreadyCommitted'));
      }
    },
  });
  if (!claimed) throw badRequest('imports.file.alreadyCommitted');
  // the same upload stays committable once the amounts are confirmed
  if (report.refusal) return { ...report, token, expiresAt: stored.expires_at };
  if (!report.committed) return report;
  await db
    .updateTable('import_uploads')
    .set({ summary: JSON.stringify(report.totals) })
    .where('id', '=', id)
    .execute();
  return report;
}

function emptyReport(upload: Upload, message: string): ImportReport {
  return buildReport(upload, null, [{ sheet: null, message }], []);
}

export interface ImportHistoryItem {
  kind: string;
  fileName: string;
  committedAt: string;
  totals: ImportTotals | null;
}

/** The organizer's latest committed imports. */
export async function recentImports(db: DB, userId: string, limit = 10): Promise<ImportHistoryItem[]> {
  const rows = await db
    .selectFrom('import_uploads')
    .select(['kind', 'file_name', 'committed_at', 'summary'])
    .where('user_id', '=', userId)
    .where('committed_at', 'is not', null)
    .orderBy('committed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    let totals: ImportHistoryItem['totals'] = null;
    try {
      // imports committed before rows could be kept have no `kept`
      totals = r.summary ? { kept: 0, ...(JSON.parse(r.summary) as Omit<ImportTotals, 'kept'>) } : null;
    } catch {
      totals = null;
    }
    return { kind: r.kind, fileName: r.file_name, committedAt: r.committed_at!, totals };
  });
}
