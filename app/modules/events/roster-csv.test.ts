import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTranslator } from '~/i18n/translate';
import { BOM, csvField, parseCsv, toCsv } from '~/utils/csv';
import { rosterCsv } from './roster-csv';

describe('CSV fields', () => {
  it('neutralizes cells a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+86 139', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(csvField(s).replace(/^"/, '').startsWith(`'${s[0]}`), s).toBe(true);
    expect(csvField('张三=李四')).toBe('张三=李四');
    expect(csvField(-5)).toBe('-5');
  });

  it('quotes commas, quotes, line breaks and edge spaces, and nothing else', () => {
    expect(csvField('平顶山"恒达",机械')).toBe('"平顶山""恒达"",机械"');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField(' 前后空格 ')).toBe('" 前后空格 "');
    expect(csvField('中国银行平顶山分行')).toBe('中国银行平顶山分行');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('round-trips any table through toCsv and parseCsv (formula cells come back with their apostrophe)', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('=A1', '"', ',', '\r\n', '中文,"引号"', ' ', ''), fc.integer());
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (rows) => {
        // a row of one empty field is an empty line, which a reader cannot tell from nothing
        fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
        const text = toCsv(rows);
        expect(text.startsWith(BOM)).toBe(true);
        const expected = rows.map((r) => r.map((v) => (typeof v === 'number' ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
        expect(parseCsv(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('rosterCsv', () => {
  it('lists every representative with organization, group, phone and check-in, headers translated', () => {
    const roster = {
      organizations: [
        {
          id: 'o1',
          name: '中国银行平顶山分行',
          role: 'bank' as const,
          checkinToken: 't1',
          financingNeeds: [],
          hiringNeeds: [],
          representatives: [{ id: 'r1', name: '王银行', title: '行长', phone: '13900000001', checkedInAt: '2026-12-18T01:05:00.000Z' }],
        },
        {
          id: 'o2',
          name: '平顶山市工信局',
          role: 'government' as const,
          checkinToken: 't2',
          financingNeeds: [],
          hiringNeeds: [],
          representatives: [{ id: 'r2', name: '吴局长', title: '=cmd', phone: '13900000002', checkedInAt: null }],
        },
      ],
    };
    const zh = parseCsv(rosterCsv(roster, makeTranslator('zh-CN')));
    expect(zh).toEqual([
      ['序号', '类别', '单位', '姓名', '职务', '手机', '签到状态', '签到时间'],
      ['1', '金融机构', '中国银行平顶山分行', '王银行', '行长', '13900000001', '已签到', '2026-12-18 09:05'],
      ['2', '政府部门', '平顶山市工信局', '吴局长', "'=cmd", '13900000002', '未签到', ''],
    ]);
    expect(parseCsv(rosterCsv(roster, makeTranslator('en')))[0][0]).toBe('No.');
  });
});
