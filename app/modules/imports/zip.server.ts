/**
 * Reorders the entries of an XLSX (a ZIP archive) without decompressing them,
 * so that exceljs' streaming reader sees the workbook, its relationships, the
 * shared strings and the styles BEFORE the worksheets.
 *
 * Why: Excel, WPS and exceljs itself write `xl/workbook.xml` or
 * `xl/sharedStrings.xml` after the sheets. The streaming reader then parks the
 * sheets in temporary files and, depending on timing, loses the entry that
 * follows (observed: `xl/workbook.xml` read as empty in about half the runs,
 * "Cannot read properties of undefined (reading 'sheets')"). With the parts it
 * needs first, every sheet is parsed as it streams by: reliable, and faster.
 *
 * Only what an XLSX needs is supported: stored or deflated entries, no ZIP64,
 * no encryption, one disk. Anything else is "not a spreadsheet".
 */

import zlib from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** where the compressed bytes start */
  dataOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

/** The entries listed in the central directory. Throws ZipError when it is not a readable ZIP. */
export function readZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.byteLength;
  if (len < 22) throw new ZipError('too short');
  let eocd = -1;
  for (let i = len - 22; i >= Math.max(0, len - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (view.getUint16(eocd + 4, true) !== 0 || count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('multi-disk or ZIP64');
  if (cdOffset + cdSize > len) throw new ZipError('central directory out of range');
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > len || view.getUint32(p, true) !== SIG_CENTRAL) throw new ZipError('bad central directory entry');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const time = view.getUint16(p + 12, true);
    const date = view.getUint16(p + 14, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) throw new ZipError('encrypted');
    if (method !== 0 && method !== 8) throw new ZipError(`compression method ${method}`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw new ZipError('ZIP64');
    if (localOffset + 30 > len || view.getUint32(localOffset, true) !== SIG_LOCAL) throw new ZipError('bad local header');
    const dataOffset = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataOffset + compressedSize > len) throw new ZipError('entry out of range');
    entries.push({ name, method, flags, time, date, crc, compressedSize, size, dataOffset });
  }
  return entries;
}

/** Parts the streaming reader must have before any worksheet, in this order. */
const FIRST = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/sharedStrings.xml',
  'xl/styles.xml',
];
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

function rank(name: string): [number, number] {
  const first = FIRST.indexOf(name);
  if (first >= 0) return [0, first];
  const sheet = SHEET.exec(name);
  if (sheet) return [2, Number(sheet[1])];
  return [1, 0];
}

/** The archive with the same entries (bytes untouched), metadata first, worksheets last in number order. */
export function reorderXlsx(bytes: Uint8Array, entries = readZipEntries(bytes)): Uint8Array {
  const ordered = entries
    .filter((e) => !e.name.endsWith('/'))
    .map((e, i) => ({ e, i, r: rank(e.name) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map((x) => x.e);
  const encoder = new TextEncoder();
  const names = ordered.map((e) => encoder.encode(e.name));
  let total = 22;
  ordered.forEach((e, i) => (total += 30 + names[i].length + e.compressedSize + 46 + names[i].length));
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let p = 0;
  ordered.forEach((e, i) => {
    offsets.push(p);
    view.setUint32(p, SIG_LOCAL, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, (e.flags & ~0x08) | 0x800, true); // sizes known up front; UTF-8 names
    view.setUint16(p + 8, e.method, true);
    view.setUint16(p + 10, e.time, true);
    view.setUint16(p + 12, e.date, true);
    view.setUint32(p + 14, e.crc, true);
    view.setUint32(p + 18, e.compressedSize, true);
    view.setUint32(p + 22, e.size, true);
    view.setUint16(p + 26, names[i].length, true);
    view.setUint16(p + 28, 0, true);
    out.set(names[i], p + 30);
    p += 30 + names[i].length;
    out.set(bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize), p);
    p += e.compressedSize;
  });
  const cdStart = p;
  ordered.forEach((e, i) => {
    view.setUint32(p, SIG_CENTRAL, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 20, true);
    view.setUint16(p + 8, (e.flags & ~0x08) | 0x800, true);
    view.setUint16(p + 10, e.method, true);
    view.setUint16(p + 12, e.time, true);
    view.setUint16(p + 14, e.date, true);
    view.setUint32(p + 16, e.crc, true);
    view.setUint32(p + 20, e.compressedSize, true);
    view.setUint32(p + 24, e.size, true);
    view.setUint16(p + 28, names[i].length, true);
    // extra, comment, disk, internal and external attributes: 0
    view.setUint32(p + 42, offsets[i], true);
    out.set(names[i], p + 46);
    p += 46 + names[i].length;
  });
  view.setUint32(p, SIG_EOCD, true);
  view.setUint16(p + 8, ordered.length, true);
  view.setUint16(p + 10, ordered.length, true);
  view.setUint32(p + 12, p - cdStart, true);
  view.setUint32(p + 16, cdStart, true);
  return out;
}

/** Worksheet parts of the archive (what the reader must emit). */
export function worksheetCount(entries: ZipEntry[]): number {
  return entries.filter((e) => SHEET.test(e.name)).length;
}

/* ------------------------------------------------- decompression bombs */

/**
 * What the parts of an uploaded archive may inflate to, all together. Measured: a
 * 100,000-row enterprise workbook is 8.5 MB and unpacks to 58 MB, so the largest
 * legitimate upload (200,000 rows, under 20 MB) unpacks to about 120 MB.
 */
export const MAX_UNPACKED_BYTES = 150 * 1024 * 1024;

/** The archive would inflate beyond the limit: by its own declaration, or caught while inflating (a lying header). */
export class ZipTooLargeError extends ZipError {
  constructor(
    readonly limit: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'ZipTooLargeError';
  }
}

/** The parts' declared uncompressed sizes, added up; throws ZipTooLargeError above `limit` without inflating anything. */
export function checkDeclaredSizes(entries: ZipEntry[], limit = MAX_UNPACKED_BYTES): number {
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > limit) throw new ZipTooLargeError(limit, `declared sizes exceed ${limit} bytes at ${e.name}`);
  }
  return total;
}

/** Inflates one deflated part, keeping nothing; rejects once more than `cap` bytes came out. Resolves with the inflated size. */
function inflatedSize(compressed: Uint8Array, cap: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
    let out = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      inflate.destroy();
      reject(error);
    };
    inflate.on('data', (chunk: Buffer) => {
      out += chunk.byteLength;
      if (out > cap) fail(new ZipTooLargeError(cap, `inflates beyond ${cap} bytes`));
    });
    inflate.on('error', (error) => fail(new ZipError(`corrupt deflate data: ${error.message}`)));
    inflate.on('end', () => {
      if (done) return;
      done = true;
      resolve(out);
    });
    inflate.end(compressed);
  });
}

/**
 * Refuses an archive whose parts would inflate beyond `limit` bytes in total,
 * BEFORE anything parses them (a 1 MB workbook can inflate to gigabytes):
 * 1. the sizes the central directory declares are added up — a bomb that tells
 *    the truth is refused at once, without inflating a byte;
 * 2. every part is then inflated to nowhere (nothing kept), stopping as soon as
 *    it yields more than it declared — so a header that lies costs at most
 *    `limit` bytes of inflating, and what the parser inflates later (the same
 *    compressed bytes) is known to stay within the declared sizes.
 * Throws ZipTooLargeError, or ZipError for corrupt data.
 */
export async function checkUnpackedSize(bytes: Uint8Array, entries: ZipEntry[], limit = MAX_UNPACKED_BYTES): Promise<number> {
  const declared = checkDeclaredSizes(entries, limit);
  for (const e of entries) {
    const data = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw new ZipError(`stored entry ${e.name}: size ${e.size} ≠ ${e.compressedSize}`);
      continue;
    }
    const actual = await inflatedSize(data, e.size);
    if (actual !== e.size) throw new ZipError(`entry ${e.name}: inflates to ${actual}, declared ${e.size}`);
  }
  return declared;
}
