import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, validateCreditCode, withCheckChar } from '~/modules/organizations/credit-code';
import { contactPhone } from '~/modules/organizations/schema';
import { INDUSTRIES } from '~/modules/organizations/reference';
import {
  choiceListField,
  codeLookup,
  columnLetter,
  creditCodeField,
  mapHeader,
  moneyField,
  parseDateText,
  phoneField,
  regionListField,
  rowRecord,
  templateHeader,
} from './columns';
import { ENTERPRISE_COLUMNS, industryLookup, sizeLookup } from './enterprises.server';
import { guaranteeLookup } from './products.server';
import { bankTypeLookup } from './banks.server';

const actor = { id: 'u', regionCode: '410400', organizationId: null };

describe('header mapping', () => {
  it('accepts the template header, the label without * or spaces, half-width brackets, English and field names', () => {
    const header = [
      '*企业名称',
      ' 统一社会信用代码 ',
      '所在地区代码',
      'Industry section',
      'SIZE',
      '注册资本(万元)',
      'contact_name',
      'contactPhone',
    ];
    const r = mapHeader(header, ENTERPRISE_COLUMNS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.fromEntries(r.map.index)).toEqual({
      name: 0,
      creditCode: 1,
      regionCode: 2,
      industry: 3,
      size: 4,
      registeredCapital: 5,
      contactName: 6,
      contactPhone: 7,
    });
    expect(rowRecord(['甲', ' 91 ', '410481', 'C', '小型', '1', '张', '139'], ENTERPRISE_COLUMNS, r.map)).toMatchObject({
      name: '甲',
      creditCode: '91',
      employees: '',
    });
  });

  it('maps every template header back to its column', () => {
    const r = mapHeader(ENTERPRISE_COLUMNS.map(templateHeader), ENTERPRISE_COLUMNS);
    expect(r.ok && r.map.index.size).toBe(ENTERPRISE_COLUMNS.length);
  });

  it('names missing, unknown, repeated and unnamed columns', () => {
    const r = mapHeader(['企业名称', '企业名称', '注册资本（元）', '', '行业门类'], ENTERPRISE_COLUMNS, [
      { cells: ['a', 'b', 'c', 'd', 'C'] },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(4);
    expect(r.errors[0]).toBe('imports.file.missingColumns|{"columns":"统一社会信用代码、所在地区代码、企业规模、联系人、联系电话"}');
    expect(r.errors[1]).toMatch(/^imports\.file\.unknownColumns\|\{"columns":"注册资本（元）","expected":"企业名称、统一社会信用代码/);
    expect(r.errors[2]).toBe('imports.file.duplicateColumns|{"columns":"企业名称"}');
    expect(r.errors[3]).toBe('imports.file.unnamedColumns|{"columns":"D"}');
  });

  it('ignores a column without header when it is empty', () => {
    const r = mapHeader([...ENTERPRISE_COLUMNS.map(templateHeader), ''], ENTERPRISE_COLUMNS, [{ cells: [] }]);
    expect(r.ok).toBe(true);
  });

  it('letters columns as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('cells', () => {
  it('reads dates written in the usual ways', () => {
    expect(parseDateText('2026-03-18')).toBe('2026-03-18');
    expect(parseDateText('2026/3/8')).toBe('2026-03-08');
    expect(parseDateText('2026.3.8')).toBe('2026-03-08');
    expect(parseDateText('2026年3月8日')).toBe('2026-03-08');
    expect(parseDateText('２０２６－０３－１８')).toBe('2026-03-18');
    expect(parseDateText('20260318')).toBe('2026-03-18');
    expect(parseDateText('2026-03-18 00:00:00')).toBe('2026-03-18');
    expect(parseDateText('46099')).toBe('2026-03-18');
    for (const bad of ['2026-02-30', '2026-13-01', '18/03/2026', '明天', '2026-3', '', '1899-12-31'])
      expect(parseDateText(bad), bad).toBeNull();
  });

  it('takes money in 万元, or with its own unit, as integer 元, refusing negatives and non-numbers', () => {
    const f = moneyField({ optional: true });
    expect(f('500')).toEqual({ ok: true, value: 5_000_000 });
    expect(f('1,200.5')).toEqual({ ok: true, value: 12_005_000 });
    expect(f('3.177亿')).toEqual({ ok: true, value: 317_700_000 });
    expect(f('800元')).toEqual({ ok: true, value: 800 });
    expect(f('')).toEqual({ ok: true, value: null });
    expect(f('-5')).toEqual({ ok: false, message: 'money.negative' });
    expect(f('五百')).toEqual({ ok: false, message: 'money.invalid' });
    expect(f('0.00001')).toEqual({ ok: false, message: 'money.tooPrecise' });
    expect(moneyField({ min: 1 })('0')).toEqual({ ok: false, message: 'imports.e.amountPositive' });
  });

  it('checks credit codes as the forms do', () => {
    const body = fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET.split('')), minLength: 17, maxLength: 17 });
    fc.assert(
      fc.property(body, fc.constantFrom(...CREDIT_CODE_ALPHABET.split('')), (b, last) => {
        const code = b + last;
        const r = creditCodeField(code.toLowerCase());
        const expected = validateCreditCode(code);
        expect(r.ok ? { ok: true, code: r.value } : { ok: false, error: r.message }).toEqual(expected);
      }),
    );
    expect(creditCodeField('')).toEqual({ ok: false, message: 'v.required' });
    expect(creditCodeField(withCheckChar('91410400MA0000001'))).toEqual({ ok: true, value: withCheckChar('91410400MA0000001') });
  });

  it('checks phone numbers exactly like the organization form (property)', () => {
    const phone = fc.string({
      unit: fc.constantFrom('0', '1', '3', '5', '8', '9', '-', ' ', '+', '(', ')', '6'),
      minLength: 1,
      maxLength: 16,
    });
    fc.assert(
      fc.property(phone, (s) => {
        const mine = phoneField(s);
        const form = contactPhone.safeParse(s);
        expect(mine.ok).toBe(form.success);
        if (mine.ok && form.success) expect(mine.value).toBe(form.data);
      }),
      { numRuns: 2000 },
    );
    expect(phoneField('+86 139 1234 5678')).toEqual({ ok: true, value: '13912345678' });
    expect(phoneField('0375-2345678')).toEqual({ ok: true, value: '0375-2345678' });
  });
});

describe('code lists', () => {
  it('accepts codes, Chinese and English labels, parts of a/b labels and common names', () => {
    expect(['C', 'c', '制造业', 'Manufacturing', ' 制造业 '].map(industryLookup.find)).toEqual(['C', 'C', 'C', 'C', 'C']);
    expect(['小型', '小型企业', 'small', 'Micro'].map(sizeLookup.find)).toEqual(['small', 'small', 'small', 'micro']);
    expect(['农商行', '农信社', '农村商业银行/农信社', '城商行', '村镇银行'].map(bankTypeLookup.find)).toEqual([
      'rural',
      'rural',
      'rural',
      'city',
      'village',
    ]);
    expect(['保证', '担保', '保证/担保'].map(guaranteeLookup.find)).toEqual(['guarantee', 'guarantee', 'guarantee']);
    expect(industryLookup.find('造船业')).toBeUndefined();
  });

  it('splits lists on 、 , ; and spaces without breaking labels that contain 、', () => {
    const f = choiceListField(codeLookup(INDUSTRIES));
    expect(f('农、林、牧、渔业、C，信息传输、软件和信息技术服务业; F')).toEqual({ ok: true, value: ['A', 'C', 'F', 'I'] });
    expect(f('')).toEqual({ ok: true, value: [] });
    expect(f('C、造船')).toEqual({ ok: false, message: 'imports.e.choice|{"value":"造船"}' });
  });

  it('keeps region lists inside the organizer’s region', () => {
    const f = regionListField(actor);
    expect(f('410481、410425 410481')).toEqual({ ok: true, value: ['410425', '410481'] });
    expect(f('410102')).toEqual({ ok: false, message: 'v.regionOutOfScope' });
    expect(f('410499')).toEqual({ ok: false, message: 'v.region' });
  });
});
