/**
 * Bulk import in a real browser: the organizer uploads a CSV with one bad row,
 * sees the row error, uploads the corrected file and imports it; the page is
 * accessible and fits a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { uniqueCreditCode, wrongCheckChar } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

const HEADER = '*企业名称,*统一社会信用代码,*所在地区代码,*行业门类,*企业规模,注册资本（万元）,*联系人,*联系电话';

function csvFile(name: string, rows: string[]) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8') };
}

describe('bulk import', () => {
  it('shows the bad row, then imports the corrected file', async () => {
    const page = session.page();
    await page.setViewportSize({ width: 375, height: 800 });
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/imports');
    await page.getByRole('heading', { name: '批量导入' }).waitFor();
    let violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);

    const good = uniqueCreditCode();
    const second = uniqueCreditCode();
    const okRow = `端到端导入测试甲有限公司,${good},410425,制造业,小型,300,张伟,13912345678`;
    const badRow = `端到端导入测试乙有限公司,${wrongCheckChar(second)},410425,批发和零售业,微型,50,李娜,0375-2345678`;

    // 1. one bad row: the file is refused and the row is named
    await page.getByLabel('企业', { exact: true }).check();
    await page.locator('input[type="file"][name="file"]').setInputFiles(csvFile('企业名单.csv', [okRow, badRow]));
    await page.getByRole('button', { name: '上传并预检' }).click();
    const report = page.locator('[data-testid="import-report"]');
    await expect.poll(() => report.getAttribute('data-ok')).toBe('false');
    const errors = page.locator('[data-testid="row-errors"]');
    await errors.waitFor();
    const errorText = await errors.innerText();
    expect(errorText).toContain('统一社会信用代码校验位不正确');
    expect(errorText).toContain('统一社会信用代码');
    expect(await errors.locator('tbody tr').count()).toBe(1);
    expect(await errors.locator('tbody tr td').first().innerText()).toBe('3');
    expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
    expect((await horizontalOverflow(page)).offenders).toEqual([]);

    // 2. the corrected file passes the check; importing writes both rows
    const fixedRow = badRow.replace(wrongCheckChar(second), second);
    await page.locator('input[type="file"][name="file"]').setInputFiles(csvFile('企业名单-修正.csv', [okRow, fixedRow]));
    await page.getByRole('button', { name: '上传并预检' }).click();
    await expect.poll(() => page.locator('[data-testid="import-report"]').getAttribute('data-ok')).toBe('true');
    expect(await page.locator('[data-testid="import-report"]').innerText()).toContain('端到端导入测试乙有限公司');
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('导入完成：共 2 行，新增 2 行，更新 0 行，无变化 0 行。').waitFor();
    expect(await page.getByRole('cell', { name: '企业名单-修正.csv' }).count()).toBe(1);
    violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);

    const { db } = await server.database();
    const stored = await db
      .selectFrom('organizations')
      .select(['name', 'status', 'registered_capital'])
      .where('credit_code', 'in', [good, second])
      .orderBy('name')
      .execute();
    expect(stored).toEqual([
      { name: '端到端导入测试乙有限公司', status: 'verified', registered_capital: 500_000 },
      { name: '端到端导入测试甲有限公司', status: 'verified', registered_capital: 3_000_000 },
    ]);

    // 3. corrected on the platform (300万 → 320万), then the file imported again with another change:
    //    the page shows stored → new, the corrected row is kept unless ticked (issue 13, point 11)
    await db.updateTable('organizations').set({ registered_capital: 3_200_000 }).where('credit_code', '=', good).execute();
    const again = [okRow, fixedRow.replace(',50,', ',60,')];
    await page.locator('input[type="file"][name="file"]').setInputFiles(csvFile('企业名单-再次.csv', again));
    await page.getByRole('button', { name: '上传并预检' }).click();
    await expect.poll(() => page.locator('[data-testid="import-preview"]').count()).toBe(1);
    const preview = await page.locator('[data-testid="import-preview"]').innerText();
    expect(preview).toContain('320万元 → 300万元');
    expect(preview).toContain('50万元 → 60万元');
    expect(preview).toContain('平台上已修改');
    const tick = page.getByRole('checkbox', { name: '第 2 行：仍按文件覆盖平台上的修改' });
    expect(await tick.isChecked()).toBe(false);
    violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('导入完成：共 2 行，新增 0 行，更新 1 行，无变化 0 行，保留平台修改 1 行。').waitFor();
    const after = await db
      .selectFrom('organizations')
      .select(['name', 'registered_capital'])
      .where('credit_code', 'in', [good, second])
      .orderBy('name')
      .execute();
    expect(after).toEqual([
      { name: '端到端导入测试乙有限公司', registered_capital: 600_000 },
      { name: '端到端导入测试甲有限公司', registered_capital: 3_200_000 },
    ]);
  });
});
