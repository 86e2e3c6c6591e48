import { parseWithZod } from '@conform-to/zod';
import { describe, expect, it } from 'vitest';
import { withCheckChar } from './credit-code';
import {
  bankProfileSchema,
  bankSignupSchema,
  contactPhone,
  enterpriseProfileSchema,
  enterpriseSignupSchema,
  VerificationDecisionSchema,
  type OrgSchemaContext,
} from './schema';

const CODE = withCheckChar('91410481MA4000001');
const KNOWN = new Set(['410000', '410400', '410402', '410481']);
const server: OrgSchemaContext = { regionExists: (c) => KNOWN.has(c) };

/** Parses like a form post: FormData through conform, as the routes do. */
function parse<S extends Parameters<typeof parseWithZod>[1]['schema']>(schema: S, fields: Record<string, string | string[]>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return parseWithZod(fd, { schema });
}

function errorsOf(result: ReturnType<typeof parse>): Record<string, string[]> {
  const reply = result.reply();
  return Object.fromEntries(Object.entries(reply.error ?? {}).filter(([, v]) => v && v.length)) as Record<string, string[]>;
}

const enterprise = {
  name: '张伟',
  phone: '139-1234-5678',
  email: ' Zhang@Example.CN ',
  password: 'Abcdefghij1',
  confirmPassword: 'Abcdefghij1',
  orgName: '舞钢市测试有限公司',
  creditCode: ` ${CODE.toLowerCase()} `,
  regionCode: '410481',
  industry: 'C',
  size: 'small',
  foundedYear: '2012',
  registeredCapital: '2000',
  annualRevenue: '0.5亿',
  employees: '186',
  contactName: '李红梅',
  contactPhone: '13937500002',
  contactEmail: '',
  description: '',
  code: '482913',
};

const bank = {
  name: '王建国',
  phone: '13837500001',
  email: 'bank@example.cn',
  password: 'Abcdefghij1',
  confirmPassword: 'Abcdefghij1',
  orgName: '中国银行平顶山分行',
  creditCode: '',
  bankType: 'state',
  branchLevel: 'city',
  regionCode: '410400',
  regionsServed: ['410481', '410400', '410481'],
  contactName: '王建国',
  contactPhone: '0375-2345678',
  contactEmail: '',
  description: '',
  code: '482913',
};

describe('enterprise sign-up schema', () => {
  it('asks for the 6-digit SMS code of the number (sign-up verifies it)', () => {
    const { code: _code, ...withoutCode } = enterprise;
    expect(errorsOf(parse(enterpriseSignupSchema(server), withoutCode)).code).toEqual(['signup.v.code']);
    expect(errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, code: '12345' })).code).toEqual(['signup.v.code']);
    expect(errorsOf(parse(bankSignupSchema(server), { ...bank, code: 'abcdef' })).code).toEqual(['signup.v.code']);
  });

  it('normalises what people type: email, phone, credit code, money in 万元 to 元', () => {
    const r = parse(enterpriseSignupSchema(server), enterprise);
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.value).toMatchObject({
      email: 'zhang@example.cn',
      phone: '13912345678',
      creditCode: CODE,
      registeredCapital: 20_000_000,
      annualRevenue: 50_000_000,
      foundedYear: 2012,
      employees: 186,
      contactEmail: undefined,
      description: undefined,
    });
  });

  it('names a wrong check character, a wrong length and forbidden letters', () => {
    const wrong = CODE.slice(0, 17) + (CODE[17] === '0' ? '1' : '0');
    expect(errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, creditCode: wrong })).creditCode).toEqual(['creditCode.check']);
    expect(errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, creditCode: CODE.slice(0, 17) })).creditCode).toEqual([
      'creditCode.length',
    ]);
    expect(errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, creditCode: `${CODE.slice(0, 16)}IO` })).creditCode).toEqual([
      'creditCode.chars',
    ]);
    expect(errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, creditCode: '' })).creditCode).toEqual(['v.required']);
  });

  it('reports mismatched passwords even when other fields fail too', () => {
    const errors = errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, phone: '12345', confirmPassword: 'Abcdefghij2' }));
    expect(errors.phone).toEqual(['v.phone']);
    expect(errors.confirmPassword).toEqual(['v.passwordMismatch']);
    expect(
      errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, password: 'short', confirmPassword: 'short' })).password,
    ).toEqual(['v.passwordWeak']);
  });

  it('checks regions against the list on the server, only the format in the browser', () => {
    expect(errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, regionCode: '410999' })).regionCode).toEqual(['v.region']);
    expect(parse(enterpriseSignupSchema(), { ...enterprise, regionCode: '410999' }).status).toBe('success');
    expect(errorsOf(parse(enterpriseSignupSchema(), { ...enterprise, regionCode: '4104' })).regionCode).toEqual(['v.region']);
  });

  it('rejects codes off the lists, future years, bad amounts and negative headcounts', () => {
    const errors = errorsOf(
      parse(enterpriseSignupSchema(server), {
        ...enterprise,
        industry: 'U',
        size: 'huge',
        foundedYear: String(new Date().getUTCFullYear() + 1),
        registeredCapital: '1.00001',
        annualRevenue: '-5',
        employees: '-1',
      }),
    );
    expect(errors.industry).toEqual(['v.industry']);
    expect(errors.size).toEqual(['v.choice']);
    expect(errors.foundedYear?.[0]).toMatch(/^v\.year\|/);
    expect(errors.registeredCapital).toEqual(['money.tooPrecise']);
    expect(errors.annualRevenue).toEqual(['money.negative']);
    expect(errors.employees?.[0]).toMatch(/^v\.range\|/);
  });

  it('accepts a landline for the contact but not for the person', () => {
    expect(contactPhone.safeParse('0375-2345678').success).toBe(true);
    expect(contactPhone.safeParse('(0371)12345678').success).toBe(true);
    expect(contactPhone.safeParse('+86 139 1234 5678').success).toBe(true);
    expect(contactPhone.safeParse('12345').success).toBe(false);
    expect(errorsOf(parse(enterpriseSignupSchema(server), { ...enterprise, phone: '0375-2345678' })).phone).toEqual(['v.phone']);
  });
});

describe('bank sign-up schema', () => {
  it('takes an optional credit code and de-duplicates the regions served', () => {
    const r = parse(bankSignupSchema(server), bank);
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.value.creditCode).toBeUndefined();
    expect(r.value.regionsServed).toEqual(['410400', '410481']);
    expect(r.value.contactPhone).toBe('0375-2345678');
  });

  it('checks a credit code when one is given', () => {
    expect(errorsOf(parse(bankSignupSchema(server), { ...bank, creditCode: 'ABC' })).creditCode).toEqual(['creditCode.length']);
    const ok = parse(bankSignupSchema(server), { ...bank, creditCode: CODE });
    expect(ok.status === 'success' && ok.value.creditCode).toBe(CODE);
  });

  it('needs at least one known region served; one ticked box is enough', () => {
    expect(errorsOf(parse(bankSignupSchema(server), { ...bank, regionsServed: [] })).regionsServed).toEqual(['org.v.regionsServed']);
    const one = parse(bankSignupSchema(server), { ...bank, regionsServed: '410402' });
    expect(one.status === 'success' && one.value.regionsServed).toEqual(['410402']);
    const unknown = errorsOf(parse(bankSignupSchema(server), { ...bank, regionsServed: ['410400', '999999'] }));
    expect(unknown['regionsServed[1]']).toEqual(['v.region']);
  });

  it('rejects unknown bank types and branch levels', () => {
    const errors = errorsOf(parse(bankSignupSchema(server), { ...bank, bankType: 'shadow', branchLevel: '' }));
    expect(errors.bankType).toEqual(['v.choice']);
    expect(errors.branchLevel).toEqual(['v.choice']);
  });
});

describe('profile schemas', () => {
  it('are the organization part of sign-up, without the person', () => {
    const { name: _n, phone: _p, email: _e, password: _pw, confirmPassword: _c, ...orgOnly } = enterprise;
    expect(parse(enterpriseProfileSchema(server), orgOnly).status).toBe('success');
    const { name: _bn, phone: _bp, email: _be, password: _bpw, confirmPassword: _bc, ...bankOnly } = bank;
    expect(parse(bankProfileSchema(server), bankOnly).status).toBe('success');
    expect(errorsOf(parse(enterpriseProfileSchema(server), { ...orgOnly, orgName: '' })).orgName).toEqual(['v.required']);
  });
});

describe('verification decision schema', () => {
  it('requires a reason to reject, not to verify', () => {
    expect(parse(VerificationDecisionSchema, { intent: 'verify' }).status).toBe('success');
    expect(errorsOf(parse(VerificationDecisionSchema, { intent: 'reject', reason: '   ' })).reason).toEqual(['v.required']);
    const ok = parse(VerificationDecisionSchema, { intent: 'reject', reason: ' 材料不全 ' });
    expect(ok.status === 'success' && ok.value).toEqual({ intent: 'reject', reason: '材料不全' });
    expect(parse(VerificationDecisionSchema, { intent: 'delete' }).status).toBe('error');
  });
});
