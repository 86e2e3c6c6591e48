import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bombPart, crc32, crc32Combine, xlsxBomb } from '../../../tests/support/xlsx-bomb';
import { ImportFileError, readSpreadsheet } from './parse.server';
import { checkDeclaredSizes, checkUnpackedSize, MAX_UNPACKED_BYTES, readZipEntries, ZipTooLargeError } from './zip.server';

const MB = 1024 * 1024;

async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('not refused');
}

describe('the bomb builder (test support) makes real archives', () => {
  it('combines CRCs as zlib does and deflates the part to what it declares', () => {
    const a = new TextEncoder().encode('企业名称,统一社会信用代码');
    const b = new Uint8Array(5000).fill(0x41);
    expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
    const part = bombPart(3 * MB);
    const inflated = zlib.inflateRawSync(part.data);
    expect(inflated.length).toBe(part.size);
    expect(crc32(inflated)).toBe(part.crc);
    expect(part.data.length).toBeLessThan(part.size / 500);
  });
});

describe('unpacked size of an archive (decompression bombs)', () => {
  it('passes an ordinary workbook, whose parts inflate to exactly what they declare', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('企业').addRow(['名称', '代码']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const entries = readZipEntries(bytes);
    expect(await checkUnpackedSize(bytes, entries)).toBe(entries.reduce((n, e) => n + e.size, 0));
  });

  it('refuses a part that declares more than the limit at once, from the central directory alone', async () => {
    const bytes = await xlsxBomb({ unpackedBytes: 1024 * MB });
    expect(bytes.length).toBeLessThan(1.5 * MB);
    const entries = readZipEntries(bytes);
    expect(() => checkDeclaredSizes(entries)).toThrow(ZipTooLargeError);
    // a limit set lower for the test: the sizes add up across parts
    expect(() =>
      checkDeclaredSizes(
        [
          { ...entries[0], size: 60 * MB },
          { ...entries[0], size: 60 * MB },
        ],
        100 * MB,
      ),
    ).toThrow(ZipTooLargeError);
    expect(checkDeclaredSizes([{ ...entries[0], size: 60 * MB }], 100 * MB)).toBe(60 * MB);
    const t0 = performance.now();
    expect(await refusal(checkUnpackedSize(bytes, entries))).toBeInstanceOf(ZipTooLargeError);
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('refuses a part whose header lies about its size as soon as it inflates beyond the declaration', async () => {
    const bytes = await xlsxBomb({ unpackedBytes: 1024 * MB, lie: true });
    const entries = readZipEntries(bytes);
    expect(checkDeclaredSizes(entries)).toBeLessThan(MB);
    const t0 = performance.now();
    expect(await refusal(checkUnpackedSize(bytes, entries))).toBeInstanceOf(ZipTooLargeError);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('reading a bomb workbook is refused with the unpacked-size message within a second, honest or lying', async () => {
    for (const lie of [false, true]) {
      const bytes = await xlsxBomb({ unpackedBytes: 1024 * MB, lie });
      const t0 = performance.now();
      const error = await refusal(readSpreadsheet(bytes));
      const ms = performance.now() - t0;
      expect(error).toBeInstanceOf(ImportFileError);
      expect((error as ImportFileError).messageKey).toBe(
        `imports.file.unpackedTooLarge|${JSON.stringify({ max: MAX_UNPACKED_BYTES / MB })}`,
      );
      expect(ms).toBeLessThan(1000);
    }
  });
});
