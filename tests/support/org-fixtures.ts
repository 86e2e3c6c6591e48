/** Form bodies for sign-up tests: valid by default, override what a test is about. */
import { CREDIT_CODE_ALPHABET, withCheckChar } from '../../app/modules/organizations/credit-code';

let serial = 0;

/** A valid unified social credit code, different on every call. */
export function uniqueCreditCode(): string {
  serial++;
  let body = '';
  let n = Date.now() * 1000 + serial;
  for (let i = 0; i < 7; i++) {
    body += CREDIT_CODE_ALPHABET[n % 31];
    n = Math.floor(n / 31);
  }
  return withCheckChar(`91410400MA${body}`);
}

/** The same code with a wrong check character. */
export function wrongCheckChar(code: string): string {
  const last = code[17];
  const other = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(last) + 1) % 31];
  return code.slice(0, 17) + other;
}

export function uniqueEmail(label = 'user'): string {
  serial++;
  return `${label}.${Date.now().toString(36)}${serial}@test.finmatch.cn`;
}

export const TEST_PASSWORD = 'Signup-test-2026';

/** A mobile number of its own for every form (sign-up verifies it; a verified number is one account's). */
export function uniqueMobile(): string {
  serial++;
  return `139${String((Date.now() * 7 + serial) % 100_000_000).padStart(8, '0')}`;
}

export function enterpriseForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: '张伟',
    phone: uniqueMobile(),
    email: uniqueEmail('ent'),
    password: TEST_PASSWORD,
    confirmPassword: TEST_PASSWORD,
    orgName: `平顶山测试机械有限公司${serial}`,
    creditCode: uniqueCreditCode(),
    regionCode: '410481',
    industry: 'C',
    size: 'small',
    foundedYear: '2015',
    registeredCapital: '500',
    annualRevenue: '1200.5',
    employees: '86',
    contactName: '张伟',
    contactPhone: '0375-2345678',
    contactEmail: '',
    description: '精密铸件生产',
    ...overrides,
  };
}

export function bankForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: '刘洋',
    phone: uniqueMobile(),
    email: uniqueEmail('bank'),
    password: TEST_PASSWORD,
    confirmPassword: TEST_PASSWORD,
    orgName: `测试银行平顶山分行${serial}`,
    creditCode: '',
    bankType: 'city',
    branchLevel: 'city',
    regionCode: '410402',
    regionsServed: ['410400', '410481'],
    contactName: '刘洋',
    contactPhone: '13838012345',
    contactEmail: 'credit@bank.test.cn',
    description: '',
    ...overrides,
  };
}

/** Field error texts of a rendered form, by field name: `<ul id="<form>-<field>-error">`. */
export function fieldErrors(html: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of html.matchAll(/<ul id="[\w-]+?-(\w+)-error"[^>]*>(.*?)<\/ul>/g)) {
    out[m[1]] = [...m[2].matchAll(/<li>(.*?)<\/li>/g)].map((x) => x[1]);
  }
  return out;
}
