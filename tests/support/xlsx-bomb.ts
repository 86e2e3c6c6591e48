/**
 * Decompression bombs shaped as workbooks, built without ever holding the inflated
 * bytes: a real small XLSX (exceljs) whose `xl/sharedStrings.xml` is replaced by one
 * shared string of `unpackedBytes` letters. The part is deflated as independent
 * segments (each ends on a sync flush, so they can be concatenated), and one 1 MB
 * segment of "A" is repeated: a 1 GB part costs about 1 MB on disk and no time.
 * `lie` writes a small uncompressed size into the headers, as an attacker would to
 * slip past a check of the declared sizes.
 */
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { readZipEntries } from '../../app/modules/imports/zip.server';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i];
  return sum >>> 0;
}
function gf2Square(square: Uint32Array, mat: Uint32Array) {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]);
}

/** CRC-32 of A‖B from crc(A), crc(B) and |B| (zlib's crc32_combine). */
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row >>> 0;
  gf2Square(even, odd);
  gf2Square(odd, even);
  let c = crc1;
  do {
    gf2Square(even, odd);
    if (len2 & 1) c = gf2Times(even, c);
    len2 = Math.floor(len2 / 2);
    if (len2 === 0) break;
    gf2Square(odd, even);
    if (len2 & 1) c = gf2Times(odd, c);
    len2 = Math.floor(len2 / 2);
  } while (len2 !== 0);
  return (c ^ crc2) >>> 0;
}

export interface RawEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  crc: number;
  size: number;
  data: Uint8Array;
}

/** A ZIP archive of already compressed entries. */
export function zipArchive(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const names = entries.map((e) => enc.encode(e.name));
  let total = 22;
  entries.forEach((e, i) => (total += 30 + names[i].length + e.data.length + 46 + names[i].length));
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  const offsets: number[] = [];
  let p = 0;
  entries.forEach((e, i) => {
    offsets.push(p);
    v.setUint32(p, 0x04034b50, true);
    v.setUint16(p + 4, 20, true);
    v.setUint16(p + 6, 0x800, true);
    v.setUint16(p + 8, e.method, true);
    v.setUint32(p + 14, e.crc, true);
    v.setUint32(p + 18, e.data.length, true);
    v.setUint32(p + 22, e.size, true);
    v.setUint16(p + 26, names[i].length, true);
    out.set(names[i], p + 30);
    p += 30 + names[i].length;
    out.set(e.data, p);
    p += e.data.length;
  });
  const cd = p;
  entries.forEach((e, i) => {
    v.setUint32(p, 0x02014b50, true);
    v.setUint16(p + 4, 20, true);
    v.setUint16(p + 6, 20, true);
    v.setUint16(p + 8, 0x800, true);
    v.setUint16(p + 10, e.method, true);
    v.setUint32(p + 16, e.crc, true);
    v.setUint32(p + 20, e.data.length, true);
    v.setUint32(p + 24, e.size, true);
    v.setUint16(p + 28, names[i].length, true);
    v.setUint32(p + 42, offsets[i], true);
    out.set(names[i], p + 46);
    p += 46 + names[i].length;
  });
  v.setUint32(p, 0x06054b50, true);
  v.setUint16(p + 8, entries.length, true);
  v.setUint16(p + 10, entries.length, true);
  v.setUint32(p + 12, p - cd, true);
  v.setUint32(p + 16, cd, true);
  return out;
}

const SEGMENT = 1024 * 1024;

/** The shared-strings part of the bomb: its deflated bytes, CRC and inflated size. */
export function bombPart(unpackedBytes: number): RawEntry {
  const enc = new TextEncoder();
  const head = enc.encode(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
  );
  const tail = enc.encode('</t></si></sst>');
  const sync = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const letters = new Uint8Array(SEGMENT).fill(0x41);
  const letterSegment = zlib.deflateRawSync(letters, sync);
  const letterCrc = crc32(letters);
  const count = Math.max(1, Math.ceil((unpackedBytes - head.length - tail.length) / SEGMENT));
  const parts: Uint8Array[] = [zlib.deflateRawSync(head, sync)];
  let crc = crc32(head);
  for (let i = 0; i < count; i++) {
    parts.push(letterSegment);
    crc = crc32Combine(crc, letterCrc, SEGMENT);
  }
  parts.push(zlib.deflateRawSync(tail)); // the final block
  crc = crc32Combine(crc, crc32(tail), tail.length);
  return { name: 'xl/sharedStrings.xml', method: 8, crc, size: head.length + count * SEGMENT + tail.length, data: Buffer.concat(parts) };
}

/** A workbook (one sheet 企业, a header and a row) whose shared strings inflate to about `unpackedBytes`. */
export async function xlsxBomb(opts: { unpackedBytes: number; lie?: boolean }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业');
  ws.addRow(['*企业名称', '*统一社会信用代码']);
  ws.addRow(['炸弹测试有限公司', '91410400MA00000000']);
  const base = new Uint8Array(await wb.xlsx.writeBuffer());
  const bomb = bombPart(opts.unpackedBytes);
  if (opts.lie) bomb.size = 4096;
  const entries: RawEntry[] = readZipEntries(base)
    .filter((e) => e.name !== bomb.name && !e.name.endsWith('/'))
    .map((e) => ({
      name: e.name,
      method: e.method,
      crc: e.crc,
      size: e.size,
      data: base.subarray(e.dataOffset, e.dataOffset + e.compressedSize),
    }));
  entries.push(bomb);
  return zipArchive(entries);
}
