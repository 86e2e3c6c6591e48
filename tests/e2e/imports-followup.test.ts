/**
 * Import of a 推荐清单 and of a 问题诉求台账 in a real browser (issue 18): the
 * organizer uploads a file with one bad row and sees it named in Chinese, uploads
 * the corrected file and imports it; the list appears on the lists page with its
 * firms and the bank to push to ticked, the items on the ledger page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../app/modules/calendar/working-days';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
const POLL = { timeout: 30_000 };

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

function csvFile(name: string, lines: string[]) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8') };
}

async function expectAccessible(page: import('playwright-core').Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
}

/** Chooses the kind and the file, runs the dry run and waits for its report. */
async function dryRun(page: import('playwright-core').Page, kind: string, file: ReturnType<typeof csvFile>, ok: boolean) {
  await page.getByLabel(kind, { exact: true }).check();
  await page.locator('input[type="file"][name="file"]').setInputFiles(file);
  await page.getByRole('button', { name: '上传并预检' }).click();
  await expect.poll(() => page.locator('[data-testid="import-report"]').getAttribute('data-ok'), POLL).toBe(ok ? 'true' : 'false');
}

describe('import of lists and problems', () => {
  it('shows the bad row, imports the corrected file, and the list and the items appear on their pages', async () => {
    const { db } = await server.database();
    const firms = await db
      .selectFrom('organizations')
      .select(['name', 'credit_code'])
      .where('kind', '=', 'enterprise')
      .where('status', '=', 'verified')
      .where('region_code', 'like', '4104%')
      .where('credit_code', 'is not', null)
      .orderBy('name')
      .limit(2)
      .execute();
    expect(firms).toHaveLength(2);
    const [a, b] = firms;
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/imports');
    await page.getByRole('heading', { name: '批量导入' }).waitFor();

    // 1. a list: one enterprise the directory does not know
    const title = `端到端导入清单${Date.now().toString(36)}`;
    const header = '清单名称,企业统一社会信用代码,企业名称,推送银行';
    await dryRun(
      page,
      '推荐清单',
      csvFile('推荐清单.csv', [header, `${title},${a.credit_code},,平顶山银行`, `${title},,没有这家企业有限公司,`]),
      false,
    );
    const errors = page.locator('[data-testid="row-errors"]');
    expect(await errors.innerText()).toContain('您管辖区域的企业名录中没有该名称的企业');
    expect(await errors.locator('tbody tr td').first().innerText()).toBe('3');
    expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    await expectAccessible(page);

    await dryRun(
      page,
      '推荐清单',
      csvFile('推荐清单-修正.csv', [header, `${title},${a.credit_code},,平顶山银行`, `${title},,${b.name},`]),
      true,
    );
    expect(await page.locator('[data-testid="import-preview"]').innerText()).toContain(b.name);
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('导入完成：共 2 行，新增 2 行，更新 0 行，无变化 0 行。').waitFor(POLL);

    await page.goto('/organizer/lists');
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title }).waitFor(POLL);
    const onList = await page.getByTestId('firms').innerText();
    expect(onList).toContain(a.name);
    expect(onList).toContain(b.name);
    expect(await page.getByRole('checkbox', { name: '平顶山银行' }).isChecked()).toBe(true);
    await expectAccessible(page);

    // 2. a ledger: one row with a category that does not exist
    const text = `端到端导入问题：设备更新贷款利率偏高${Date.now().toString(36)}`;
    const today = todayInChina();
    const pHeader = '企业统一社会信用代码,问题类别,问题描述,登记日期,交办单位,状态,办结日期';
    await page.goto('/organizer/imports');
    await page.getByRole('heading', { name: '批量导入' }).waitFor();
    const rows = (category: string) => [
      pHeader,
      `${a.credit_code},融资,${text},${today},平顶山市地方金融管理局,已办结,${today}`,
      `${b.credit_code},${category},${text}（用工）,${today},,,`,
    ];
    await dryRun(page, '问题诉求台账', csvFile('台账.csv', rows('税务')), false);
    expect(await page.locator('[data-testid="row-errors"]').innerText()).toContain('问题类别应为 融资、用工、政策 或 其他');
    await dryRun(page, '问题诉求台账', csvFile('台账-修正.csv', rows('用工')), true);
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('导入完成：共 2 行，新增 2 行，更新 0 行，无变化 0 行。').waitFor(POLL);

    await page.goto('/organizer/problems');
    await page.getByText(text, { exact: false }).first().waitFor(POLL);
    const ledger = await page.locator('main').innerText();
    expect(ledger).toContain(`${text}（用工）`);
    await expectAccessible(page);
  });
});
