/**
 * Issue 14, "Done when": an enterprise adopts the platform in a real browser.
 * It signs up with the SMS code of its mobile number (the demo SMS provider sends
 * nothing: the code is read from the outbox row /admin/outbox shows) and
 * uploads its 营业执照; the organizer rejects it with a reason; the enterprise
 * uploads the licence again and presses 保存并重新提交审核; the organizer verifies;
 * the enterprise receives the e-mail (read back from a real SMTP server started
 * here) and signs in by SMS code.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckChar } from '~/modules/organizations/credit-code';
import { DEMO } from '../support/http-client';
import { freePort, startServer, type TestServer } from '../support/server';
import { startSmtp, type TestSmtp, until } from '../support/smtp';
import { loginAs, useBrowser } from './support/browser';

let server: TestServer;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp(await freePort());
  server = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, JOBS_POLL_MS: '200' } });
});
afterAll(async () => {
  if (process.env.DEBUG_ADOPTION) process.stdout.write(server?.logs() ?? '');
  await server?.stop();
  await smtp?.close();
});

const session = useBrowser(() => server.url);

/** A valid 1×1 PNG: the licence scan. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const ENT = {
  name: '孙立新',
  phone: '13937512614',
  email: 'adoption-e2e@example.com',
  password: 'Licence-flow-2026',
  orgName: '舞钢市立新精密铸造有限公司',
  creditCode: withCheckChar('91410481MA4ADP0T1'),
  regionCode: '410481',
  foundedYear: '2016',
  registeredCapital: '800',
  employees: '64',
  annualRevenue: '2400',
  contactName: '孙立新',
  contactPhone: '13937512614',
};
const REASON = '营业执照照片不清晰，请重新上传';

let adminPage: Page | null = null;

/**
 * The newest SMS code for `purpose` to `phone`, read where a demo office reads it: the administrator's
 * /admin/outbox page (the demo provider sends nothing). The page runs its scripts, so a
 * browser-side error there shows as 出错了 instead of the code.
 */
async function codeInOutbox(phone: string, purpose: '注册' | '登录'): Promise<string> {
  // contexts end with each test: sign in again when the last one closed
  if (!adminPage || adminPage.isClosed()) {
    adminPage = await (await session.newContext()).newPage();
    await loginAs(adminPage, DEMO.admin, DEMO.password);
  }
  const page = adminPage;
  let code: string | undefined;
  await until(
    async () => {
      await page.goto('/admin/outbox');
      await page.waitForLoadState('networkidle');
      expect(await page.getByText('出错了').count()).toBe(0);
      // the page shows the number partly hidden, as 139****2614
      const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
      const row = page
        .locator('tr', { has: page.locator(`[data-recipient]:text-is("${masked}")`), hasText: `您的${purpose}验证码为` })
        .first();
      if ((await row.count()) === 0) return false;
      code = /验证码为 (\d{6})/.exec((await row.textContent()) ?? '')?.[1];
      return Boolean(code);
    },
    15_000,
    `a ${purpose} code to ${phone} on /admin/outbox`,
  );
  return code!;
}

async function uploadLicence(page: Page) {
  await page.goto('/org/documents');
  await page.locator('#doc-kind').selectOption('licence');
  await page.locator('#doc-file').setInputFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: PNG });
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '上传', exact: true }).click()]);
  await page.getByText('营业执照.png').first().waitFor();
}

describe('an enterprise adopts the platform (issue 14)', () => {
  let orgId = '';

  it('signs up with its phone code and uploads its licence', async () => {
    const page = session.page();
    await page.goto('/signup/enterprise');
    const form = page.locator('form:has([name="creditCode"])');
    for (const [field, value] of Object.entries(ENT)) {
      if (field === 'regionCode') continue;
      await form.locator(`[name="${field}"]`).fill(value);
    }
    await form.locator('[name="confirmPassword"]').fill(ENT.password);
    await form.getByRole('combobox', { name: '输入名称搜索' }).fill('舞钢');
    await form.getByRole('combobox', { name: '输入名称搜索' }).press('Enter');
    await expect(form.locator('input[name="regionCode"]').inputValue()).resolves.toBe(ENT.regionCode);
    await form.locator('select[name="industry"]').selectOption('C');
    await form.locator('select[name="size"]').selectOption('small');
    await form.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(`验证码已发送至 ${ENT.phone}`).waitFor();
    await form.locator('[name="code"]').fill(await codeInOutbox(ENT.phone, '注册'));
    await Promise.all([page.waitForURL((u) => u.pathname === '/org/documents'), form.locator('button[type="submit"]').last().click()]);
    await uploadLicence(page);
    const { db } = await server.database();
    const user = await db.selectFrom('users').selectAll().where('email', '=', ENT.email).executeTakeFirstOrThrow();
    expect(user.phone).toBe(ENT.phone);
    expect(user.phone_verified_at).not.toBeNull();
    orgId = user.organization_id!;
  });

  it('is rejected by the organizer with a reason, which the enterprise reads by e-mail and on its profile', async () => {
    const organizer = await (await session.newContext()).newPage();
    await loginAs(organizer, DEMO.organizer, DEMO.password);
    await organizer.goto(`/organizer/verifications/${orgId}`);
    await expect(organizer.locator('img[src^="/documents/"]').count()).resolves.toBeGreaterThan(0); // the licence beside the data
    await organizer.locator('form:has(input[value="reject"]) textarea[name="reason"]').fill(REASON);
    await Promise.all([organizer.waitForLoadState('load'), organizer.getByRole('button', { name: '驳回', exact: true }).click()]);
    await until(() => smtp.to(ENT.email).length >= 1, 30_000, 'the rejection e-mail');
    expect(smtp.to(ENT.email)[0].text).toContain(REASON);

    const page = session.page();
    await loginAs(page, ENT.email, ENT.password);
    await page.goto('/org/profile');
    await page.getByText(REASON).first().waitFor();
  });

  it('uploads the licence again and resubmits; the organizer verifies; the enterprise gets the e-mail', async () => {
    const page = session.page();
    await loginAs(page, ENT.email, ENT.password);
    await uploadLicence(page);
    await page.goto('/org/profile');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '保存并重新提交审核' }).click()]);
    const { db } = await server.database();
    await until(
      async () =>
        (await db.selectFrom('organizations').select('status').where('id', '=', orgId).executeTakeFirstOrThrow()).status === 'pending',
      15_000,
      'the resubmission',
    );
    expect((await db.selectFrom('documents').select('id').where('organization_id', '=', orgId).execute()).length).toBe(2);

    const organizer = await (await session.newContext()).newPage();
    await loginAs(organizer, DEMO.organizer, DEMO.password);
    await organizer.goto(`/organizer/verifications/${orgId}`);
    await organizer.getByText('重新提交审核').first().waitFor();
    await Promise.all([organizer.waitForLoadState('load'), organizer.getByRole('button', { name: '审核通过' }).click()]);
    await until(
      async () =>
        (await db.selectFrom('organizations').select('status').where('id', '=', orgId).executeTakeFirstOrThrow()).status === 'verified',
      15_000,
      'the verification',
    );
    await until(() => smtp.to(ENT.email).some((m) => (m.text ?? '').includes('已通过审核')), 30_000, 'the approval e-mail');
  });

  it('signs in by SMS code', async () => {
    const page = await (await session.newContext()).newPage();
    await page.goto('/login/phone');
    const form = page.locator('#phone-code');
    await form.locator('[name="phone"]').fill(ENT.phone);
    await form.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码').first().waitFor();
    await until(
      async () => {
        const { db } = await server.database();
        return Boolean(
          await db
            .selectFrom('outbox_messages')
            .select('id')
            .where('kind', '=', 'code.login')
            .where('recipient', '=', ENT.phone)
            .executeTakeFirst(),
        );
      },
      10_000,
      'the sign-in code',
    );
    await form.locator('[name="code"]').fill(await codeInOutbox(ENT.phone, '登录'));
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), form.getByRole('button', { name: '登录', exact: true }).click()]);
    await page.getByText(ENT.orgName).first().waitFor();
    await expect(page.getByText('您的机构正在等待政府部门审核').count()).resolves.toBe(0);
  });
});
