/**
 * Reads an uploaded spreadsheet into sheets of string rows.
 *
 * The format is decided by the content, never by the file name: a ZIP holding an
 * Excel workbook is XLSX (read with exceljs' streaming reader, so a 100,000-row
 * sheet does not build a full object model); the old binary .xls and every other
 * binary format (images, PDF, archives…) are refused; anything else must decode
 * as text — UTF-8 (with or without BOM), else GBK/GB18030 — without control
 * characters, and is read as CSV (RFC 4180: quotes, doubled quotes, CRLF/LF/CR,
 * comma or tab separated).
 *
 * Every cell becomes a string: numbers without binary noise (15 significant
 * digits, as Excel shows them), dates as YYYY-MM-DD, rich text joined, formulas
 * as their cached result, hyperlinks as their text, booleans as TRUE/FALSE.
 */
import { Readable } from 'node:stream';
import ExcelJS from '~/utils/exceljs.server';
import { msg } from '~/i18n/translate';
import {
  checkUnpackedSize,
  MAX_UNPACKED_BYTES,
  readZipEntries,
  reorderXlsx,
  worksheetCount,
  ZipError,
  ZipTooLargeError,
} from './zip.server';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Data rows per file (all sheets together), header rows not counted. */
export const MAX_DATA_ROWS = 200_000;
/** Columns per row; anything wider is not one of our tables. */
export const MAX_COLUMNS = 100;
/** One cell's text. */
export const MAX_CELL_LENGTH = 10_000;
/** Non-empty cells per file, header rows included (200,000 rows of a 13-column table is 2.6 million). */
export const MAX_CELLS = 4_000_000;
/** Rows an XLSX may hold, blank ones included (blank rows are not data, but reading them costs too). */
export const MAX_SHEET_ROWS = 1_000_000;
export { MAX_UNPACKED_BYTES };

/** A problem with the whole file; `messageKey` is an i18n key (maybe with params). */
export class ImportFileError extends Error {
  constructor(
    readonly messageKey: string,
    options?: { cause?: unknown },
  ) {
    super(messageKey, options);
    this.name = 'ImportFileError';
  }
}

export interface SheetRow {
  /** 1-based row number as a spreadsheet program shows it */
  n: number;
  cells: string[];
}

export interface Sheet {
  name: string;
  /** non-empty rows only (numbers keep their gaps); the first one is the header */
  rows: SheetRow[];
}

export interface Spreadsheet {
  format: 'xlsx' | 'csv';
  /** CSV only */
  encoding: 'utf-8' | 'gb18030' | null;
  sheets: Sheet[];
  dataRows: number;
}

export type Sniffed = 'xlsx' | 'xls' | 'binary' | 'text' | 'empty';

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

/** What the bytes are, from their first bytes (magic numbers). */
export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx'; // ZIP: confirmed by reading it as a workbook
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls'; // OLE2: .xls / .doc
  // Two-byte signatures such as gzip's or "MZ"/"BM" are left to the control-character test of decodeText.
  const binary: number[][] = [
    [0x50, 0x4b, 0x05, 0x06], // empty ZIP
    [0x89, 0x50, 0x4e, 0x47], // PNG
    [0xff, 0xd8, 0xff], // JPEG
    [0x47, 0x49, 0x46, 0x38], // GIF
    [0x25, 0x50, 0x44, 0x46], // %PDF
    [0x52, 0x61, 0x72, 0x21], // RAR
    [0x37, 0x7a, 0xbc, 0xaf], // 7z
    [0x7f, 0x45, 0x4c, 0x46], // ELF
  ];
  for (const sig of binary) if (startsWith(bytes, sig)) return 'binary';
  return 'text';
}

// Allowed in text: tab, LF, CR; everything else below U+0020 (and DEL) means binary.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** UTF-8 (BOM stripped) if the bytes are valid UTF-8, else GB18030 (a superset of GBK); binary → error. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  let text: string | null = null;
  let encoding: 'utf-8' | 'gb18030' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      encoding = 'gb18030';
    } catch {
      throw new ImportFileError('imports.file.notSpreadsheet');
    }
  }
  if (CONTROL_CHARS.test(text)) throw new ImportFileError('imports.file.notSpreadsheet');
  return { text, encoding };
}

/**
 * RFC 4180 CSV → records of fields. Quoted fields may hold separators, doubled
 * quotes and line breaks; records end at CRLF, LF or CR. A quote inside an
 * unquoted field is kept as is (lenient, as Excel does).
 */
export function parseCsv(text: string, separator = ','): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let quoted = false;
  let fieldStart = true;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (ch === separator) {
      record.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    fieldStart = false;
    i++;
  }
  if (quoted) throw new ImportFileError('imports.file.csvUnclosedQuote');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Comma, unless the first line has tabs and no commas (a TSV saved from a spreadsheet). */
export function guessSeparator(text: string): string {
  const end = text.search(/[\r\n]/);
  const first = end < 0 ? text : text.slice(0, end);
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

/* ---------------------------------------------------------- cell values */

/** Numbers as Excel shows them: 15 significant digits, no exponent for ordinary sizes. */
export function numberText(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  if (!Number.isFinite(n)) return '';
  const clean = Number(n.toPrecision(15));
  if (Number.isInteger(clean) && Math.abs(clean) < 1e21) return clean.toFixed(0);
  const s = String(clean);
  if (!/e/i.test(s)) return s;
  // 1e-7 and the like: fixed notation, trimmed
  return clean.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

const pad2 = (v: number) => String(v).padStart(2, '0');

/** exceljs gives date cells as Date objects holding the wall-clock time in UTC. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || m || s ? `${day} ${pad2(h)}:${pad2(m)}:${pad2(s)}` : day;
}

/** Any exceljs cell value → its text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('hyperlink' in v || 'text' in v) return cellText(v.text);
    if ('error' in v) return String(v.error ?? '');
    if ('result' in v) return cellText(v.result);
  }
  return '';
}

function trimRow(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1].trim() === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

interface Counter {
  rows: number;
  cells: number;
}

function checkRow(cells: string[], counter: Counter, isHeader: boolean, maxRows: number) {
  if (cells.length > MAX_COLUMNS) throw new ImportFileError(msg('imports.file.tooManyColumns', { max: MAX_COLUMNS }));
  for (const c of cells) {
    if (c.length > MAX_CELL_LENGTH) throw new ImportFileError(msg('imports.file.cellTooLong', { max: MAX_CELL_LENGTH }));
    if (c !== '') counter.cells++;
  }
  if (counter.cells > MAX_CELLS) throw new ImportFileError(msg('imports.file.tooManyCells', { max: MAX_CELLS }));
  if (!isHeader && ++counter.rows > maxRows) throw new ImportFileError(msg('imports.file.tooManyRows', { max: maxRows }));
}

const unpackedTooLarge = (error: unknown) =>
  new ImportFileError(msg('imports.file.unpackedTooLarge', { max: Math.round(MAX_UNPACKED_BYTES / 1024 / 1024) }), { cause: error });

/* ---------------------------------------------------------------- readers */

async function readXlsx(bytes: Uint8Array, maxRows: number): Promise<Spreadsheet> {
  const counter: Counter = { rows: 0, cells: 0 };
  let rowsRead = 0;
  const sheets: Sheet[] = [];
  // a ZIP that is a workbook, its parts reordered for the streaming reader (zip.server.ts)
  let ordered: Uint8Array;
  let expected: number;
  try {
    const entries = readZipEntries(bytes);
    expected = worksheetCount(entries);
    if (!entries.some((e) => e.name === 'xl/workbook.xml') || expected === 0) throw new ZipError('no workbook');
    // a decompression bomb is refused here, before exceljs inflates anything
    await checkUnpackedSize(bytes, entries);
    ordered = reorderXlsx(bytes, entries);
  } catch (error) {
    if (error instanceof ZipTooLargeError) throw unpackedTooLarge(error);
    throw new ImportFileError('imports.file.notSpreadsheet', { cause: error });
  }
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(
      Readable.from([Buffer.from(ordered.buffer, ordered.byteOffset, ordered.byteLength)]),
      {
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'cache', // needed to tell date cells from numbers
        worksheets: 'emit',
        entries: 'emit',
      },
    );
    for await (const ws of reader) {
      const worksheet = ws as unknown as AsyncIterable<{ number: number; values: unknown; getCell: (c: number) => { numFmt?: string } }> & {
        name?: string;
        id?: number;
      };
      const sheet: Sheet = { name: String(worksheet.name ?? `Sheet${worksheet.id ?? sheets.length + 1}`), rows: [] };
      sheets.push(sheet);
      for await (const row of worksheet) {
        if (++rowsRead > MAX_SHEET_ROWS) throw new ImportFileError(msg('imports.file.tooManyRows', { max: maxRows }));
        const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
        const cells: string[] = [];
        // row.values is 1-based (index 0 empty)
        for (let c = 1; c < values.length; c++) {
          const v = values[c];
          // a rate typed as 3.45% is stored as 0.0345: keep what the person sees
          if (typeof v === 'number' && !Number.isInteger(v) && /%/.test(row.getCell(c).numFmt ?? '')) cells.push(`${numberText(v * 100)}%`);
          else cells.push(cellText(v));
        }
        const trimmed = trimRow(cells);
        if (trimmed.length === 0) continue;
        checkRow(trimmed, counter, sheet.rows.length === 0, maxRows);
        sheet.rows.push({ n: row.number, cells: trimmed });
      }
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('imports.file.notSpreadsheet', { cause: error });
  }
  // every worksheet of the archive was read (a reader that skipped one would import part of the file)
  if (sheets.length !== expected)
    throw new ImportFileError('imports.file.notSpreadsheet', { cause: new Error(`read ${sheets.length} of ${expected} worksheets`) });
  return { format: 'xlsx', encoding: null, sheets, dataRows: counter.rows };
}

function readCsv(bytes: Uint8Array, maxRows: number): Spreadsheet {
  const { text, encoding } = decodeText(bytes);
  const records = parseCsv(text, guessSeparator(text));
  const counter: Counter = { rows: 0, cells: 0 };
  const rows: SheetRow[] = [];
  records.forEach((cells, i) => {
    const trimmed = trimRow(cells);
    if (trimmed.length === 0) return;
    checkRow(trimmed, counter, rows.length === 0, maxRows);
    rows.push({ n: i + 1, cells: trimmed });
  });
  return { format: 'csv', encoding, sheets: [{ name: 'CSV', rows }], dataRows: counter.rows };
}

/**
 * The checks of readSpreadsheet that cost the request thread nothing, before a worker
 * reads the file: the upload's size and, for a ZIP, its unpacked size (the declared
 * sizes, then the parts inflated to nowhere on libuv's thread pool): a decompression
 * bomb is refused at once, without waiting for the worker. Throws ImportFileError.
 */
export async function precheckUpload(bytes: Uint8Array, maxBytes = MAX_UPLOAD_BYTES): Promise<void> {
  if (bytes.length > maxBytes) throw new ImportFileError(msg('imports.file.tooLarge', { max: Math.round(maxBytes / 1024 / 1024) }));
  if (sniff(bytes) !== 'xlsx') return;
  let entries: ReturnType<typeof readZipEntries>;
  try {
    entries = readZipEntries(bytes);
  } catch {
    return; // the full read reports it
  }
  try {
    // inflating runs on libuv's thread pool, the request thread only counts the chunks
    await checkUnpackedSize(bytes, entries);
  } catch (error) {
    if (error instanceof ZipTooLargeError) throw unpackedTooLarge(error);
    // corrupt data: the full read reports it
  }
}

/**
 * Reads an upload. Throws ImportFileError for: an empty file, a file that is
 * not a spreadsheet, an .xls file, a file without any data, too many rows.
 */
export async function readSpreadsheet(bytes: Uint8Array, opts: { maxRows?: number; maxBytes?: number } = {}): Promise<Spreadsheet> {
  const maxRows = opts.maxRows ?? MAX_DATA_ROWS;
  const maxBytes = opts.maxBytes ?? MAX_UPLOAD_BYTES;
  if (bytes.length > maxBytes) throw new ImportFileError(msg('imports.file.tooLarge', { max: Math.round(maxBytes / 1024 / 1024) }));
  const kind = sniff(bytes);
  if (kind === 'empty') throw new ImportFileError('imports.file.empty');
  if (kind === 'xls') throw new ImportFileError('imports.file.xls');
  if (kind === 'binary') throw new ImportFileError('imports.file.notSpreadsheet');
  const book = kind === 'xlsx' ? await readXlsx(bytes, maxRows) : readCsv(bytes, maxRows);
  if (book.sheets.every((s) => s.rows.length === 0)) throw new ImportFileError('imports.file.empty');
  return book;
}
