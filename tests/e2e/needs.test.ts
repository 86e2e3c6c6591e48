/**
 * Needs in a real browser (with JavaScript): a hiring need from the fixed
 * position rows, an edit of a published need with its reason in the history,
 * client-side errors in Chinese, and the directory's filters for a bank —
 * each page free of console errors and serious accessibility problems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

describe('needs in the browser', () => {
  it('posts a hiring need from the position rows and edits it with a reason', async () => {
    const page = session.page();
    await loginAs(page, DEMO.enterprise, DEMO.password);
    await page.goto('/enterprise/needs/hiring/new');
    expect(await page.locator('input[name$=".title"][name^="positions["]').count()).toBe(5);
    const form = page.locator('form:has([name="positions[0].title"])');
    await form.locator('[name="title"]').fill('浏览器测试：新车间招工');
    await form.locator('[name="positions[0].title"]').fill('挡车工');
    await form.locator('[name="positions[0].headcount"]').fill('20');
    await form.locator('[name="positions[0].wage_min"]').fill('4500');
    await form.locator('[name="positions[0].wage_max"]').fill('6000');
    await form.locator('[name="positions[2].title"]').fill('机修工');
    await form.locator('[name="positions[2].headcount"]').fill('4');
    await form.locator('[name="positions[2].wage_min"]').fill('6000');
    await form.locator('[name="positions[2].wage_max"]').fill('8000');
    await Promise.all([
      page.waitForURL(/\/enterprise\/needs\/hiring\/[a-z0-9]+$/),
      form.locator('button[name="intent"][value="publish"]').click(),
    ]);
    await page.getByText('需求已发布', { exact: true }).waitFor();
    expect(await page.locator('main, body').first().innerText()).toContain('24 人');
    expect(formatViolations(page.url(), await seriousAxeViolations(page))).toBe('');

    // a published need: the edit asks for a reason, then keeps it in the history
    const edit = page.locator('form:has(button[name="intent"][value="save"])');
    await edit.locator('[name="positions[0].headcount"]').fill('30');
    await edit.locator('button[name="intent"][value="save"]').click();
    await page.getByText('已发布的需求修改时必须填写修改原因').waitFor();
    await edit.locator('[name="reason"]').fill('新增一个班组');
    await edit.locator('button[name="intent"][value="save"]').click();
    await page.getByText('修改已保存', { exact: true }).waitFor();
    const history = page.locator('ol[aria-label="修改记录"]');
    await expect.poll(() => history.innerText()).toContain('新增一个班组');
    expect(await history.innerText()).toContain('挡车工 30 人');
  });

  it('shows client-side errors in Chinese before anything is sent', async () => {
    const page = session.page();
    await loginAs(page, DEMO.enterprise, DEMO.password);
    await page.goto('/enterprise/needs/financing/new');
    const form = page.locator('form:has([name="term_months"])');
    await form.locator('[name="title"]').fill('浏览器测试：校验');
    await form.locator('[name="amount"]').fill('abc');
    await form.locator('[name="term_months"]').fill('0');
    await form.locator('[name="max_rate"]').fill('120');
    await form.locator('[name="max_rate"]').press('Tab'); // errors shown on blur move the buttons: blur first
    await form.locator('button[name="intent"][value="draft"]').click();
    await page.getByText('请输入 1 到 360 之间的数').waitFor();
    await page.getByText('利率须在 0–100% 之间').waitFor();
    await page.getByText('请至少选择一种担保方式').waitFor();
    expect(new URL(page.url()).pathname).toBe('/enterprise/needs/financing/new');
  });

  it('lets a bank filter the directory', async () => {
    const page = session.page();
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/needs');
    expect(await page.locator('table a[href^="/needs/financing/"]').count()).toBeGreaterThan(0);
    expect(formatViolations(page.url(), await seriousAxeViolations(page))).toBe('');
    await page.locator('#q').fill('纺织');
    await page.locator('#region').selectOption('410481');
    await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: '筛选' }).click()]);
    const text = await page.locator('table').innerText();
    expect(text).toContain('舞钢市龙山纺织科技有限公司');
    expect(text).toContain('注册资本');
    await page.getByRole('link', { name: '用工需求' }).click();
    await page.waitForURL(/kind=hiring/);
    await page.locator('table a[href^="/needs/hiring/"]').first().waitFor();
    expect(await page.locator('table').innerText()).toContain('挡车工');
  });
});
