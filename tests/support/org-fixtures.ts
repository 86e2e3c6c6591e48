/**
 * Organizations, users and needs for the tests: form bodies for sign-up tests
 * (valid by default, override what a test is about), and rows written straight
 * into the test server's database by `orgFixtures` (verified organizations with
 * the regions a bank serves, users who sign in with the demo password, published
 * financing needs), one set per test file.
 */
import type { Insertable, Kysely } from 'kysely';
import { CREDIT_CODE_ALPHABET, withCheckChar } from '../../app/modules/organizations/credit-code';
import type { Database, FinancingNeedsTable, OrganizationsTable, OrgKind, Role, UsersTable } from '../../db/schema';
import { DEMO, HttpClient } from './http-client';

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

/**
 * Rows of one test file. What differs between files (id prefixes, e-mail label,
 * default user names and phones) is passed in; what differs between rows is
 * passed as column values to each call.
 */
export function orgFixtures(o: {
  db: () => Kysely<Database>;
  /** the hash of DEMO.password the users get */
  passwordHash: () => string;
  serverUrl: () => string;
  /** id prefix of an organization of this kind, e.g. (kind) => `adv${kind.slice(0, 3)}` */
  orgPrefix: (kind: OrgKind) => string;
  /** id prefixes of users and financing needs, e.g. 'advusr' */
  userPrefix: string;
  needPrefix?: string;
  /** users are <id>@<label>.finmatch.test */
  label: string;
  /** a user's name when the test gives none: theme and sequence number */
  theme?: string;
  /** a user's phone when the test gives none, from the sequence number */
  phone?: (seq: number) => string;
}) {
  let seq = 0;
  const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
  const now = () => new Date().toISOString();

  /**
   * A verified organization; a bank serves its own region unless `serves` says
   * another one or `false`. Column values override the defaults.
   */
  async function org(
    kind: OrgKind,
    name: string,
    region: string,
    { serves, ...values }: Partial<Insertable<OrganizationsTable>> & { serves?: string | false } = {},
  ) {
    const id = values.id ?? fid(o.orgPrefix(kind));
    await o
      .db()
      .insertInto('organizations')
      .values({
        id,
        kind,
        name,
        status: 'verified',
        status_reason: null,
        status_changed_by: null,
        status_changed_at: null,
        credit_code: null,
        region_code: region,
        industry: kind === 'enterprise' ? 'C' : null,
        size: kind === 'enterprise' ? 'small' : null,
        founded_year: 2012,
        registered_capital: null,
        employees: null,
        annual_revenue: null,
        bank_type: kind === 'bank' ? 'city' : null,
        branch_level: null,
        contact_name: '联系人',
        contact_phone: '13800000000',
        contact_email: null,
        description: null,
        created_at: now(),
        updated_at: now(),
        ...values,
      })
      .execute();
    if (kind === 'bank' && serves !== false) {
      await o
        .db()
        .insertInto('bank_regions')
        .values({ organization_id: id, region_code: serves ?? region })
        .execute();
    }
    return id;
  }

  /** A user of this role and organization (null for an organizer of no department). */
  async function user(role: Role, orgId: string | null, values: Partial<Insertable<UsersTable>> = {}) {
    const id = fid(o.userPrefix);
    const email = `${id}@${o.label}.finmatch.test`;
    await o
      .db()
      .insertInto('users')
      .values({
        id,
        email,
        name: `${o.theme ?? '测试'}${seq}`,
        phone: o.phone ? o.phone(seq) : '13800000008',
        password_hash: o.passwordHash(),
        role,
        organization_id: orgId,
        region_code: null,
        created_at: now(),
        updated_at: now(),
        ...values,
      })
      .execute();
    return { id, email };
  }

  /** A published financing need of 500万元 over 12 months. */
  async function need(orgId: string, title: string, region: string, values: Partial<Insertable<FinancingNeedsTable>> = {}) {
    const id = fid(o.needPrefix ?? 'need');
    await o
      .db()
      .insertInto('financing_needs')
      .values({
        id,
        organization_id: orgId,
        title,
        amount: 5_000_000,
        term_months: 12,
        purpose: 'working_capital',
        guarantee_mask: 1,
        max_rate_bp: 450,
        wanted_by: null,
        description: null,
        attachments: '[]',
        status: 'published',
        region_code: region,
        search_text: title,
        published_at: now(),
        closed_at: null,
        status_reason: null,
        created_at: now(),
        updated_at: now(),
        ...values,
      })
      .execute();
    return id;
  }

  async function client(email: string): Promise<HttpClient> {
    const c = new HttpClient(o.serverUrl());
    await c.login(email, DEMO.password);
    return c;
  }

  /** the sequence shared by all ids of the file: the next value, and the last one */
  const next = () => ++seq;
  const last = () => seq;

  return { fid, next, last, org, user, need, client };
}
