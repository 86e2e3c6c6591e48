/**
 * Header mapping and cell parsers shared by the import kinds.
 *
 * Headers: a column is recognised by its Chinese label as in the template, its
 * English label or its field name, ignoring spaces, a leading `*` (required
 * mark), full/half-width differences and case. Cells: zod fields over trimmed
 * strings whose messages are i18n keys, as everywhere else (forms share them).
 */
import { z } from 'zod';
import { dictionaries } from '~/i18n/dictionaries.server';
import { msg } from '~/i18n/translate';
import { isKnownRegion, platformScope, regionCovers } from '~/modules/regions/regions.server';
import { validateCreditCode } from '~/modules/organizations/credit-code';
import { breathe } from '~/utils/breathe';
import { parseMoney } from '~/utils/money';
import { email } from '~/utils/zod-helpers';
import type { ColumnDef, ImportActor } from './types';

/* ---------------------------------------------------------------- headers */

export function normHeader(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s*\u00a0\u3000]/g, '')
    .replace(/^\uFEFF/, '')
    .toLowerCase();
}

const zhText = (key: string) => (dictionaries['zh-CN'] as Record<string, string>)[key] ?? key;
const enText = (key: string) => (dictionaries.en as Record<string, string>)[key] ?? key;

/** The template's header for a column (zh, with a `*` on required columns). */
export function templateHeader(c: ColumnDef): string {
  return `${c.required ? '*' : ''}${zhText(c.labelKey)}`;
}

export function columnLabelZh(c: ColumnDef): string {
  return zhText(c.labelKey);
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
}

/** Every accepted spelling of a column's header, normalised. */
export function headerAliases(c: ColumnDef): string[] {
  return [...new Set([zhText(c.labelKey), enText(c.labelKey), c.key, snake(c.key), ...(c.aliases ?? [])].map(normHeader))];
}

export interface HeaderMap {
  /** column key → index in the row */
  index: Map<string, number>;
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Maps a header row onto the kind's columns. File-level errors (i18n keys) name
 * the unknown, duplicated and missing columns; a column without a header but
 * with values below it is an error too.
 */
export function mapHeader(
  header: string[],
  columns: readonly ColumnDef[],
  dataRows: { cells: string[] }[] = [],
): { ok: true; map: HeaderMap } | { ok: false; errors: string[] } {
  const byAlias = new Map<string, ColumnDef>();
  for (const c of columns) for (const a of headerAliases(c)) byAlias.set(a, c);
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const duplicated: string[] = [];
  const unnamed: string[] = [];
  header.forEach((raw, i) => {
    const h = normHeader(raw);
    if (!h) {
      if (dataRows.some((r) => (r.cells[i] ?? '').trim() !== '')) unnamed.push(columnLetter(i));
      return;
    }
    const c = byAlias.get(h);
    if (!c) unknown.push(raw.trim());
    else if (index.has(c.key)) duplicated.push(raw.trim());
    else index.set(c.key, i);
  });
  const missing = columns.filter((c) => c.required && !index.has(c.key)).map((c) => zhText(c.labelKey));
  const errors: string[] = [];
  if (missing.length) errors.push(msg('imports.file.missingColumns', { columns: missing.join('、') }));
  if (unknown.length)
    errors.push(
      msg('imports.file.unknownColumns', { columns: unknown.join('、'), expected: columns.map((c) => zhText(c.labelKey)).join('、') }),
    );
  if (duplicated.length) errors.push(msg('imports.file.duplicateColumns', { columns: duplicated.join('、') }));
  if (unnamed.length) errors.push(msg('imports.file.unnamedColumns', { columns: unnamed.join('、') }));
  return errors.length ? { ok: false, errors } : { ok: true, map: { index } };
}

/** The row's cells by column key (trimmed; absent columns are ''). */
export function rowRecord(cells: string[], columns: readonly ColumnDef[], map: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of columns) {
    const i = map.index.get(c.key);
    out[c.key] = i === undefined ? '' : (cells[i] ?? '').trim();
  }
  return out;
}

/* ------------------------------------------------------------ cell fields */

/*
 * A field turns one trimmed cell into a value or an i18n message key. Fields are
 * plain functions: a 100,000-row sheet is checked cell by cell, and a zod effect
 * per cell costs more than the whole rest of the import (decision record 020).
 * `rowSchema` assembles them into a row check that is also a zod schema.
 */

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };
export type Field<T> = (raw: string) => FieldResult<T>;
type FieldValue<F> = F extends Field<infer T> ? T : never;

export const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
export const bad = (message: string): FieldResult<never> => ({ ok: false, message });

export interface RowIssue {
  /** the column key */
  path: string;
  message: string;
}
export type RowResult<T> = { ok: true; value: T } | { ok: false; issues: RowIssue[] };

/** A row refused by a rule across columns (the counterpart of `bad` for one field). */
export const rowIssues = (issues: RowIssue[]): RowResult<never> => ({ ok: false, issues });

/** A row refused by a zod schema: one issue per problem, on the column its path names. */
export const zodRowIssues = (error: z.ZodError): RowResult<never> => ({
  ok: false,
  issues: error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message })),
});

export interface RowSchema<T> {
  /** checks one row (cells by column key) */
  check: (rec: Record<string, string>) => RowResult<T>;
  /** the same check as a zod schema (one effect per row; issues carry the column key as path) */
  zod: z.ZodType<T, z.ZodTypeDef, Record<string, string>>;
}

/**
 * A row check from one field per column, then `then` for rules across columns
 * (it sees only rows whose every field passed).
 */
export function rowSchema<F extends Record<string, Field<unknown>>, T = { [K in keyof F]: FieldValue<F[K]> }>(
  fields: F,
  then?: (v: { [K in keyof F]: FieldValue<F[K]> }) => RowResult<T>,
): RowSchema<T> {
  const keys = Object.keys(fields) as (keyof F & string)[];
  const check = (rec: Record<string, string>): RowResult<T> => {
    const out = {} as Record<string, unknown>;
    let issues: RowIssue[] | null = null;
    for (const k of keys) {
      const r = fields[k](rec[k] ?? '');
      if (r.ok) out[k] = r.value;
      else (issues ??= []).push({ path: k, message: r.message });
    }
    if (issues) return { ok: false, issues };
    const v = out as { [K in keyof F]: FieldValue<F[K]> };
    return then ? then(v) : { ok: true, value: v as unknown as T };
  };
  const zod = z.record(z.string()).transform((rec, ctx) => {
    const r = check(rec);
    if (r.ok) return r.value;
    for (const i of r.issues) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i.path], message: i.message });
    return z.NEVER;
  }) as unknown as z.ZodType<T, z.ZodTypeDef, Record<string, string>>;
  return { check, zod };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL_INLINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069\r\n\t]/;

/** Required single-line text (as `text()` of the forms). */
export function reqText(max: number, min = 1): Field<string> {
  const tooShort = min <= 1 ? 'v.required' : msg('v.tooShort', { min });
  const tooLong = msg('v.tooLong', { max });
  return (raw) => {
    const s = raw.trim();
    if (s.length < min) return bad(s.length === 0 ? 'v.required' : tooShort);
    if (s.length > max) return bad(tooLong);
    if (CONTROL.test(s)) return bad('v.control');
    return ok(s);
  };
}

/** Optional text: blank → null. Line breaks allowed when `multiline`. */
export function optText(max: number, multiline = false): Field<string | null> {
  const tooLong = msg('v.tooLong', { max });
  const control = multiline ? CONTROL : CONTROL_INLINE;
  return (raw) => {
    const s = raw.trim();
    if (s === '') return ok(null);
    if (s.length > max) return bad(tooLong);
    if (control.test(s)) return bad('v.control');
    return ok(s);
  };
}

function parseIntText(s: string): number | null {
  const t = s.normalize('NFKC').replace(/[\s,，]/g, '');
  if (!/^[+-]?\d{1,15}$/.test(t)) return null;
  return Number(t);
}

/** Whole number in [min, max]; blank → null when optional. */
export function intField(min: number, max: number, opts: { optional: true }): Field<number | null>;
export function intField(min: number, max: number): Field<number>;
export function intField(min: number, max: number, opts: { optional?: boolean } = {}): Field<number | null> {
  const range = msg('v.range', { min, max });
  return (raw) => {
    const s = raw.trim();
    if (s === '') return opts.optional ? ok(null) : bad('v.required');
    const n = parseIntText(s);
    if (n === null) return bad('v.int');
    if (n < min || n > max) return bad(range);
    return ok(n);
  };
}

/** Money typed in 万元 (a cell may carry its own unit: "3.177亿", "500元"), as integer 元; blank → null when optional. */
export function moneyField(opts: { optional: true; min?: number; max?: number }): Field<number | null>;
export function moneyField(opts?: { min?: number; max?: number }): Field<number>;
export function moneyField(opts: { optional?: boolean; min?: number; max?: number } = {}): Field<number | null> {
  const below = opts.min === undefined ? '' : opts.min <= 1 ? 'imports.e.amountPositive' : msg('v.min', { min: opts.min / 10_000 });
  return (raw) => {
    const s = raw.trim();
    if (s === '') return opts.optional ? ok(null) : bad('v.required');
    const r = parseMoney(s, '万元');
    if (!r.ok) return bad(r.error);
    if (opts.min !== undefined && r.yuan < opts.min) return bad(below);
    if (opts.max !== undefined && r.yuan > opts.max) return bad('money.tooLarge');
    return ok(r.yuan);
  };
}

/** A unified social credit code: normalised, check character verified (validateCreditCode, as the forms). */
export const creditCodeField: Field<string> = (raw) => {
  if (raw.trim() === '') return bad('v.required');
  if (raw.length > 40) return bad(msg('v.tooLong', { max: 18 }));
  const r = validateCreditCode(raw);
  return r.ok ? ok(r.code) : bad(r.error);
};

/**
 * A mobile number, or a landline with area code — the rule of `contactPhone` in
 * app/modules/organizations/schema.ts (a unit test checks they agree).
 */
export const phoneField: Field<string> = (raw) => {
  if (raw.trim() === '') return bad('v.required');
  const s = raw
    .trim()
    .replace(/[\s()（）]/g, '')
    .replace(/^\+?86-?/, '');
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(s) ? ok(s) : bad('org.v.contactPhone');
};

/** Optional email, checked by the forms' own zod `email` (only non-blank cells pay for it). */
export const optEmailField: Field<string | null> = (raw) => {
  const s = raw.trim();
  if (s === '') return ok(null);
  const r = email.safeParse(s);
  return r.success ? ok(r.data) : bad(r.error.issues[0]?.message ?? 'v.email');
};

/* ------------------------------------------------------------------ dates */

const pad2 = (v: number) => String(v).padStart(2, '0');

/** Excel's day serial (1900 date system) → YYYY-MM-DD. */
function fromExcelSerial(serial: number): string {
  const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日, 20260105, an Excel date cell
 * (already YYYY-MM-DD[ hh:mm:ss]) or a bare Excel day serial → YYYY-MM-DD; null if not a real date.
 */
export function parseDateText(raw: string): string | null {
  const s = raw.normalize('NFKC').trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(s);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (/^\d{5}$/.test(s) && Number(s) >= 20_000 && Number(s) <= 80_000) {
    return fromExcelSerial(Number(s));
  } else {
    return null;
  }
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function dateField(opts: { notAfter?: string } = {}): Field<string> {
  return (raw) => {
    if (raw.trim() === '') return bad('v.required');
    const d = parseDateText(raw);
    if (!d) return bad('imports.e.date');
    if (opts.notAfter && d > opts.notAfter) return bad('imports.e.dateFuture');
    return ok(d);
  };
}

/* ------------------------------------------------------------ code lists */

type Bilingual = readonly [string, string];

export interface CodeLookup<T extends string> {
  codes: readonly T[];
  find: (raw: string) => T | undefined;
  /** the zh labels, for the template's notes and drop-downs */
  labels: string[];
  /** labels that contain a list separator (农、林、牧、渔业), longest first: matched whole before a list is split */
  compound: [string, T][];
}

/**
 * Accepts a code (case-insensitive), the zh or en label, each part of a label
 * written with "/" (保证/担保 → 保证, 担保), and the given extra aliases.
 */
export function codeLookup<T extends string>(list: Record<T, Bilingual>, aliases: Partial<Record<T, string[]>> = {}): CodeLookup<T> {
  const map = new Map<string, T>();
  const add = (k: string, code: T) => {
    const n = normHeader(k);
    if (n && !map.has(n)) map.set(n, code);
  };
  const codes = Object.keys(list) as T[];
  for (const code of codes) {
    add(code, code);
    const [zh, en] = list[code];
    add(zh, code);
    add(en, code);
    for (const part of zh.split('/')) add(part, code);
    for (const a of aliases[code] ?? []) add(a, code);
  }
  const compound = codes
    .flatMap((c) => [list[c][0], list[c][1]].map((l) => [l.normalize('NFKC'), c] as [string, T]))
    .filter(([l]) => /[、,;|\s]/.test(l))
    .sort((a, b) => b[0].length - a[0].length);
  // exact spellings first: most cells are written exactly as in the template
  const exact = new Map<string, T>();
  for (const [k, v] of map) exact.set(k, v);
  for (const code of codes) exact.set(list[code][0], code);
  return { codes, find: (raw) => exact.get(raw) ?? map.get(normHeader(raw)), labels: codes.map((c) => list[c][0]), compound };
}

/** One value of a code list; `message` when unknown. */
export function choiceField<T extends string>(lookup: CodeLookup<T>, message?: string): Field<T> {
  return (raw) => {
    const s = raw.trim();
    if (s === '') return bad('v.required');
    const code = lookup.find(s);
    return code ? ok(code) : bad(message ?? msg('imports.e.choice', { value: s.slice(0, 40) }));
  };
}

/** Separators of list cells: 、 , ， ; ； | and whitespace. */
export function splitList(raw: string): string[] {
  return raw
    .normalize('NFKC')
    .split(/[、,;|\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Several values of a code list, de-duplicated, in list order; blank → [] (or `required`'s message). */
export function choiceListField<T extends string>(lookup: CodeLookup<T>, opts: { required?: string } = {}): Field<T[]> {
  return (raw) => {
    let text = raw.normalize('NFKC');
    for (const [label, code] of lookup.compound) if (text.includes(label)) text = text.split(label).join(`,${code},`);
    const items = splitList(text);
    if (items.length === 0) return opts.required ? bad(opts.required) : ok([] as T[]);
    const out = new Set<T>();
    for (const it of items) {
      const code = lookup.find(it);
      if (!code) return bad(msg('imports.e.choice', { value: it.slice(0, 40) }));
      out.add(code);
    }
    return ok(lookup.codes.filter((c) => out.has(c)));
  };
}

/* ---------------------------------------------------------------- regions */

/** Known GB/T 2260 code inside the platform's area and inside the organizer's region. */
export function regionProblem(code: string, actor: ImportActor, scope = platformScope()): string | null {
  if (!/^\d{6}$/.test(code) || !isKnownRegion(code) || !regionCovers(scope, code)) return 'v.region';
  if (!regionCovers(actor.regionCode, code)) return 'v.regionOutOfScope';
  return null;
}

export function regionField(actor: ImportActor): Field<string> {
  const scope = platformScope();
  return (raw) => {
    const code = raw.normalize('NFKC').trim();
    if (code === '') return bad('v.required');
    const problem = regionProblem(code, actor, scope);
    return problem ? bad(problem) : ok(code);
  };
}

export const MAX_LIST_REGIONS = 200;

/** Region codes separated by 、,; or spaces; blank → [] (the caller supplies a default). Sorted, unique. */
export function regionListField(actor: ImportActor): Field<string[]> {
  const scope = platformScope();
  const tooMany = msg('products.v.regionsMax', { max: MAX_LIST_REGIONS });
  return (raw) => {
    const items = splitList(raw);
    if (items.length > MAX_LIST_REGIONS) return bad(tooMany);
    for (const code of items) {
      const problem = regionProblem(code, actor, scope);
      if (problem) return bad(problem);
    }
    return ok([...new Set(items)].sort());
  };
}

/* ------------------------------------------------------------------ misc */

/**
 * The regions after an import lists `fromFile` for a record that has `current`:
 * the file decides inside the organizer's region, what lies outside stays.
 */
export function mergeRegions(current: readonly string[], fromFile: readonly string[], organizerRegion: string): string[] {
  return [...new Set([...current.filter((r) => !regionCovers(organizerRegion, r)), ...fromFile])].sort();
}

/** Compares two region lists as sets. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

/** Splits a list into chunks (batched IN lists and inserts). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows per INSERT: about 3,000 values. Far under SQLite's 32,766 and PostgreSQL's
 * 65,535 parameters, and small enough that building one statement (Kysely compiles
 * it on the request thread) takes a few milliseconds: a 30,000-value INSERT held the
 * event loop for 50–100 ms (issue 13, point 7).
 */
export const INSERT_VALUES = 3_000;
export function insertBatchSize(columns: number): number {
  return Math.max(1, Math.floor(INSERT_VALUES / columns));
}

/**
 * The distinct values, in first-seen order, with a turn of the event loop when the
 * slice is used up: a Set of 100,000 names built in one go held the event loop for a
 * tenth of a second or more (issue 13, point 7).
 */
export async function distinct(values: Iterable<string>): Promise<string[]> {
  const seen = new Set<string>();
  let n = 0;
  for (const v of values) {
    seen.add(v);
    if (++n % 1000 === 0) await breathe();
  }
  return [...seen];
}

/** Values per `IN (…)` lookup. */
export const LOOKUP_CHUNK = 500;
