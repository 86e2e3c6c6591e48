import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, decodeText, ImportFileError, numberText, parseCsv, readSpreadsheet, sniff } from './parse.server';
import { csvField } from './templates.server';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function fileError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportFileError) return e.messageKey;
    throw e;
  }
  throw new Error('no error');
}

async function workbook(sheets: Record<string, (wb: ExcelJS.Worksheet) => void>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, fill] of Object.entries(sheets)) fill(wb.addWorksheet(name));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('CSV', () => {
  it('reads quotes, doubled quotes, separators and line breaks inside quotes, CRLF, LF and CR', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\n1,2,3\r4,,6';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
  });

  it('round-trips any table written with quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\r', '\n', ' ', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (records) => {
        const text = `${records.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
        expect(parseCsv(text)).toEqual(records);
      }),
    );
  });

  it('refuses an unclosed quote', () => {
    expect(() => parseCsv('a,"b\r\nc')).toThrow(ImportFileError);
  });

  it('strips a UTF-8 BOM, reads GBK, numbers rows as a spreadsheet shows them and skips blank rows', async () => {
    const withBom = await readSpreadsheet(utf8('\uFEFF企业名称,代码\r\n甲,1\r\n\r\n乙,2\r\n'));
    expect(withBom.encoding).toBe('utf-8');
    expect(withBom.sheets[0].rows).toEqual([
      { n: 1, cells: ['企业名称', '代码'] },
      { n: 2, cells: ['甲', '1'] },
      { n: 4, cells: ['乙', '2'] },
    ]);
    // "企业名称,代码\r\n甲,1" in GBK
    const gbk = new Uint8Array([
      0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb4, 0xfa, 0xc2, 0xeb, 0x0d, 0x0a, 0xbc, 0xd7, 0x2c, 0x31,
    ]);
    const book = await readSpreadsheet(gbk);
    expect(book.encoding).toBe('gb18030');
    expect(book.sheets[0].rows.map((r) => r.cells)).toEqual([
      ['企业名称', '代码'],
      ['甲', '1'],
    ]);
  });

  it('reads tab-separated text saved from a spreadsheet', async () => {
    const book = await readSpreadsheet(utf8('名称\t代码\n甲\t1\n'));
    expect(book.sheets[0].rows.map((r) => r.cells)).toEqual([
      ['名称', '代码'],
      ['甲', '1'],
    ]);
  });

  it('drops trailing empty cells but keeps empty cells in the middle', async () => {
    const book = await readSpreadsheet(utf8('a,b,c,,\r\n1,,3,,\r\n'));
    expect(book.sheets[0].rows.map((r) => r.cells)).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
  });
});

describe('what is not a spreadsheet', () => {
  it('tells formats apart by their bytes', () => {
    expect(sniff(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1]))).toBe('xlsx');
    expect(sniff(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('xls');
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d]))).toBe('binary');
    expect(sniff(utf8('%PDF-1.7'))).toBe('binary');
    expect(sniff(utf8('a,b'))).toBe('text');
    expect(sniff(new Uint8Array(0))).toBe('empty');
  });

  it('refuses binary content whatever the name', async () => {
    expect(await fileError(readSpreadsheet(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))).toBe(
      'imports.file.notSpreadsheet',
    );
    expect(await fileError(readSpreadsheet(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])))).toBe('imports.file.xls');
    expect(await fileError(readSpreadsheet(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 9, 9])))).toBe(
      'imports.file.notSpreadsheet',
    );
    expect(await fileError(readSpreadsheet(new Uint8Array(0)))).toBe('imports.file.empty');
    expect(() => decodeText(new Uint8Array([0x61, 0x00, 0x62]))).toThrow(ImportFileError);
  });

  it('refuses random bytes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 64, maxLength: 512 }), async (bytes) => {
        // random bytes nearly always hold control characters or invalid sequences; a few are printable text by chance
        const printable = bytes.every((b) => b >= 0x20 && b < 0x7f);
        if (printable) return;
        const key = await fileError(readSpreadsheet(bytes)).catch(() => 'parsed');
        expect(['imports.file.notSpreadsheet', 'imports.file.xls', 'imports.file.csvUnclosedQuote']).toContain(key);
      }),
      { numRuns: 200 },
    );
  });

  it('stops at the row limit', async () => {
    const text = `a\r\n${'1\r\n'.repeat(11)}`;
    expect(await fileError(readSpreadsheet(utf8(text), { maxRows: 10 }))).toBe('imports.file.tooManyRows|{"max":10}');
    await expect(readSpreadsheet(utf8(`a\r\n${'1\r\n'.repeat(10)}`), { maxRows: 10 })).resolves.toMatchObject({ dataRows: 10 });
  });

  it('refuses a file over the size limit before reading it', async () => {
    expect(await fileError(readSpreadsheet(utf8('a,b\r\n1,2\r\n'), { maxBytes: 4 }))).toBe('imports.file.tooLarge|{"max":0}');
  });
});

describe('XLSX', () => {
  it('turns every kind of cell into text', async () => {
    const bytes = await workbook({
      企业: (ws) => {
        ws.addRow(['富文本', '公式', '链接', '日期', '日期时间', '布尔', '错误', '小数', '百分比', '整数', '大数']);
        const r = ws.addRow([]);
        r.getCell(1).value = { richText: [{ text: '舞钢' }, { font: { bold: true }, text: '纺织' }] };
        r.getCell(2).value = { formula: 'J2*2', result: 84 };
        r.getCell(3).value = { text: '官网', hyperlink: 'https://example.com' };
        r.getCell(4).value = new Date(Date.UTC(2026, 2, 18));
        r.getCell(5).value = new Date(Date.UTC(2026, 2, 18, 9, 30));
        r.getCell(6).value = true;
        r.getCell(7).value = { error: '#N/A' };
        r.getCell(8).value = 0.1 + 0.2;
        r.getCell(9).value = 0.0345;
        r.getCell(9).numFmt = '0.00%';
        r.getCell(10).value = 42;
        r.getCell(11).value = 91410400123456;
      },
    });
    const book = await readSpreadsheet(bytes);
    expect(book.format).toBe('xlsx');
    expect(book.sheets[0].rows[1].cells).toEqual([
      '舞钢纺织',
      '84',
      '官网',
      '2026-03-18',
      '2026-03-18 09:30:00',
      'TRUE',
      '#N/A',
      '0.3',
      '3.45%',
      '42',
      '91410400123456',
    ]);
  });

  it('reads every sheet of a workbook, every time (exceljs writes the workbook part last)', async () => {
    const names = ['企业', '银行', '金融产品', '合作意向书', '填写说明'];
    const bytes = await workbook(
      Object.fromEntries(
        names.map((n, i) => [
          n,
          (ws: ExcelJS.Worksheet) =>
            [
              ['列', '值'],
              [n, i],
            ].forEach((r) => ws.addRow(r)),
        ]),
      ),
    );
    for (let i = 0; i < 15; i++) {
      const book = await readSpreadsheet(bytes);
      expect(book.sheets.map((s) => [s.name, s.rows.length])).toEqual(names.map((n) => [n, 2]));
    }
  });

  it('keeps the row numbers of the sheet and skips empty rows', async () => {
    const bytes = await workbook({
      Sheet1: (ws) => {
        ws.getCell('A1').value = 'h';
        ws.getCell('A3').value = 'x';
        ws.getCell('A4').value = '   ';
      },
    });
    expect((await readSpreadsheet(bytes)).sheets[0].rows).toEqual([
      { n: 1, cells: ['h'] },
      { n: 3, cells: ['x'] },
    ]);
  });
});

describe('cell values', () => {
  it('prints numbers as Excel shows them', () => {
    expect(numberText(1200.35)).toBe('1200.35');
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(123456789012)).toBe('123456789012');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 9999 }), (i, f) => {
        const x = Number(`${i}.${String(f).padStart(4, '0')}`);
        expect(Number(numberText(x))).toBe(x);
      }),
    );
  });

  it('handles nested values', () => {
    expect(cellText({ formula: 'A1', result: { richText: [{ text: 'a' }, { text: 'b' }] } })).toBe('ab');
    expect(cellText({ sharedFormula: 'A1', result: new Date(Date.UTC(2026, 0, 5)) })).toBe('2026-01-05');
    expect(cellText({ text: { richText: [{ text: '链' }] }, hyperlink: 'x' })).toBe('链');
    expect(cellText(null)).toBe('');
  });
});
