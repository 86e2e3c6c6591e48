/**
 * The foundation in a real browser: an enterprise signs up, the organizer
 * verifies it, the enterprise sees itself verified; the language switch
 * persists; the main pages pass axe and fit a phone screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckChar } from '~/modules/organizations/credit-code';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { signupCodeSentTo } from '../support/signup';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

const NEW_ENTERPRISE = {
  name: '赵晓明',
  phone: '13937599901',
  email: 'e2e-enterprise@example.com',
  password: 'E2e-password-2026',
  orgName: '平顶山市鹰城智造测试有限公司',
  creditCode: withCheckChar('91410402MA4E2E0T1'),
  regionCode: '410402', // 新华区
  industry: 'C',
  size: 'small',
  foundedYear: '2019',
  registeredCapital: '500', // 万元
  employees: '58',
  annualRevenue: '1200.5', // 万元
  contactName: '赵晓明',
  contactPhone: '13937599901',
  contactEmail: 'e2e-enterprise@example.com',
  description: '端到端测试用企业：精密零部件加工。',
};

const PENDING_NOTICE = '您的机构正在等待政府部门审核';

describe('sign-up, verification and the verified enterprise', () => {
  it('signs up an enterprise through /signup/enterprise', async () => {
    const page = session.page();
    await page.goto('/signup/enterprise');
    const form = page.locator('form:has([name="creditCode"])');
    for (const field of [
      'name',
      'phone',
      'email',
      'password',
      'confirmPassword',
      'orgName',
      'creditCode',
      'foundedYear',
      'registeredCapital',
      'employees',
      'annualRevenue',
      'contactName',
      'contactPhone',
      'contactEmail',
      'description',
    ] as const) {
      const value = field === 'confirmPassword' ? NEW_ENTERPRISE.password : NEW_ENTERPRISE[field];
      await form.locator(`[name="${field}"]`).fill(value);
    }
    // the region picker (decision 037a): typed, then picked by keyboard
    await form.getByRole('combobox', { name: '输入名称搜索' }).fill('平顶山 新华');
    await form.getByRole('combobox', { name: '输入名称搜索' }).press('Enter');
    await expect(form.locator('input[name="regionCode"]').inputValue()).resolves.toBe(NEW_ENTERPRISE.regionCode);
    await form.locator('select[name="industry"]').selectOption(NEW_ENTERPRISE.industry);
    await form.locator('select[name="size"]').selectOption(NEW_ENTERPRISE.size);
    // sign-up verifies the number: 获取验证码, then the code from the SMS (the demo provider's outbox)
    await form.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText(`验证码已发送至 ${NEW_ENTERPRISE.phone}`).waitFor()).resolves.toBeUndefined();
    const code = await signupCodeSentTo((await server.database()).db, NEW_ENTERPRISE.phone);
    await form.locator('[name="code"]').fill(code ?? '');
    // nothing typed was lost while the code was sent
    await expect(form.locator('[name="password"]').inputValue()).resolves.toBe(NEW_ENTERPRISE.password);
    // every field has a visible label a screen reader announces
    for (const field of ['orgName', 'creditCode', 'registeredCapital']) {
      const id = await form.locator(`[name="${field}"]`).getAttribute('id');
      expect(id, `${field} has an id`).toBeTruthy();
      await expect(page.locator(`label[for="${id}"]`).count(), `${field} has a label`).resolves.toBe(1);
    }
    await Promise.all([page.waitForURL((u) => u.pathname !== '/signup/enterprise'), form.locator('button[type="submit"]').last().click()]);

    // signed in, waiting for verification
    if (new URL(page.url()).pathname === '/login') await loginAs(page, NEW_ENTERPRISE.email, NEW_ENTERPRISE.password);
    await page.goto('/');
    await expect(page.getByText(PENDING_NOTICE).count()).resolves.toBe(1);

    const { db } = await server.database();
    const org = await db
      .selectFrom('organizations')
      .selectAll()
      .where('credit_code', '=', NEW_ENTERPRISE.creditCode)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({
      kind: 'enterprise',
      status: 'pending',
      name: NEW_ENTERPRISE.orgName,
      region_code: '410402',
      registered_capital: 5_000_000,
      annual_revenue: 12_005_000,
      employees: 58,
      founded_year: 2019,
    });
  });

  it('lets the organizer of 平顶山市 verify the new enterprise', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/verifications');
    await page.getByRole('link', { name: NEW_ENTERPRISE.orgName }).first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/organizer/verifications/'));
    await expect(page.getByText(NEW_ENTERPRISE.creditCode).count()).resolves.toBeGreaterThan(0);
    // the decision form posts intent=verify
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/organizer/verifications'),
      page.locator('form:has(input[name="intent"][value="verify"]) button[type="submit"]').click(),
    ]);

    const { db } = await server.database();
    await expect
      .poll(
        async () =>
          (await db.selectFrom('organizations').select('status').where('credit_code', '=', NEW_ENTERPRISE.creditCode).executeTakeFirst())
            ?.status,
      )
      .toBe('verified');
  });

  it('shows the enterprise as verified, with no pending notice', async () => {
    const page = session.page();
    await loginAs(page, NEW_ENTERPRISE.email, NEW_ENTERPRISE.password);
    await page.goto('/');
    await expect(page.locator('h1').first().textContent()).resolves.toContain('企业工作台');
    await expect(page.getByText(NEW_ENTERPRISE.orgName).count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText(PENDING_NOTICE).count()).resolves.toBe(0);
  });
});

describe('language switch', () => {
  it('switches to English and back, and the choice persists', async () => {
    const page = session.page();
    await page.goto('/login');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('h1').first().textContent()).resolves.not.toMatch(/登录/);

    // across client-side navigation
    await page.getByRole('link', { name: 'Home', exact: true }).first().click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect(page.getByRole('link', { name: 'Log in', exact: true }).count()).resolves.toBeGreaterThan(0);
    // across a full page load, and in a new tab
    await page.reload();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    const tab = await session.context().newPage();
    await tab.goto('/login');
    await expect(tab.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(tab.getByRole('button', { name: '中文', exact: true }).count()).resolves.toBe(1);

    // and back to Chinese
    await tab.getByRole('button', { name: '中文', exact: true }).click();
    await expect.poll(() => tab.locator('html').getAttribute('lang')).toBe('zh-CN');
    await tab.goto('/');
    await expect(tab.getByRole('link', { name: '登录', exact: true }).count()).resolves.toBeGreaterThan(0);
  });
});

describe('accessibility (axe: no serious or critical violations)', () => {
  it('public pages', async () => {
    const page = session.page();
    const problems: string[] = [];
    for (const url of ['/', '/login', '/signup', '/signup/enterprise']) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
      const v = await seriousAxeViolations(page);
      if (v.length) problems.push(formatViolations(url, v));
    }
    expect(problems.join('\n')).toBe('');
  });

  it.each([
    ['admin', DEMO.admin],
    ['organizer', DEMO.organizer],
    ['bank', DEMO.bank],
    ['enterprise', DEMO.enterprise],
  ])('the %s home page', async (_role, email) => {
    const page = session.page();
    await loginAs(page, email, DEMO.password);
    await page.goto('/');
    expect(formatViolations(`/ as ${email}`, await seriousAxeViolations(page))).toBe('');
  });
});

describe('phone-sized screen (375×812)', () => {
  it('home and login pages have no horizontal overflow', async () => {
    const context = await session.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    for (const url of ['/', '/login']) {
      await page.goto(url);
      const o = await horizontalOverflow(page);
      expect(o.scrollWidth, `${url} is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
    }
    await loginAs(page, DEMO.enterprise, DEMO.password);
    await page.goto('/');
    const o = await horizontalOverflow(page);
    expect(o.scrollWidth, `/ (enterprise) is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
  });
});
