/**
 * Matchmaking sessions in a real browser: the organizer creates a session with
 * an agenda, invites the demo bank and the demo enterprise and opens
 * registration; the enterprise accepts and names a representative; the
 * organizer sees the representative with the phone. Every page is checked with
 * axe, and the participant page for horizontal overflow on a phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

// the machine may be shared and slow: the flow has many pages and axe runs
const session = useBrowser(() => server.url);

const TITLE = '端到端测试：2026年平顶山市政银企对接会（专精特新专场）';
const inDays = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function axe(page: Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
}

describe('matchmaking sessions', () => {
  it('creates a session, invites, and the enterprise accepts and names a representative', async () => {
    // 1. the organizer creates a session with an agenda
    const org = session.page();
    await loginAs(org, DEMO.organizer, DEMO.password);
    await org.goto('/organizer/events');
    await org.getByRole('heading', { name: '对接会' }).waitFor();
    await axe(org);
    await Promise.all([org.waitForURL('**/organizer/events/new'), org.getByRole('link', { name: '新建对接会' }).click()]);
    await axe(org);
    const form = org.locator('form:has([name="venue"])');
    await form.locator('[name="title"]').fill(TITLE);
    await form.locator('[name="theme"]').fill('专精特新企业专场');
    await form.locator('[name="eventDate"]').fill(inDays(30));
    await form.locator('[name="registrationDeadline"]').fill(inDays(20));
    await form.locator('[name="venue"]').fill('平顶山市会展中心三楼');
    await form.locator('[name="capacity"]').fill('60');
    await form.locator('[name="agenda[0].title"]').fill('领导致辞');
    await form.locator('[name="agenda[0].speaker"]').fill('平顶山市地方金融管理局');
    // a second agenda row, added in the page
    await form.getByRole('button', { name: '添加议程' }).click();
    await form.locator('[name="agenda[1].startsAt"]').fill('09:20');
    await form.locator('[name="agenda[1].title"]').fill('专精特新企业融资产品推介');
    await Promise.all([
      org.waitForURL((u) => /^\/organizer\/events\/[a-z0-9]{16}$/.test(u.pathname)),
      form.getByRole('button', { name: '保存草稿' }).click(),
    ]);
    const eventId = new URL(org.url()).pathname.split('/').pop()!;
    await org.getByText('已创建对接会草稿').waitFor();
    const agenda = org.locator('[data-testid="agenda"]');
    expect(await agenda.innerText()).toMatch(/09:00\s*领导致辞[\s\S]*09:20\s*专精特新企业融资产品推介/);
    await axe(org);

    // 2. it invites the demo bank and the demo enterprise
    await org.getByRole('link', { name: '邀请与报名' }).click();
    await org.getByRole('heading', { name: '参会机构与代表' }).waitFor();
    await axe(org);
    for (const [kind, q, name] of [
      ['bank', '中国银行', '中国银行平顶山分行'],
      ['enterprise', '龙山纺织', '舞钢市龙山纺织科技有限公司'],
    ]) {
      await org.locator('select[name="kind"]').selectOption(kind);
      await org.locator('input[name="q"]').fill(q);
      await Promise.all([org.waitForURL((u) => u.searchParams.get('q') === q), org.getByRole('button', { name: '搜索' }).click()]);
      const candidates = org.locator('[data-testid="candidates"]');
      await candidates.getByLabel(name).check();
      await candidates.getByRole('button', { name: '邀请所选机构' }).click();
      await org.getByText(/已邀请 1 家机构/).waitFor();
    }
    const participants = org.locator('[data-testid="participant"]');
    expect(await participants.count()).toBe(2);

    // 3. and opens registration: the invitees are told
    await org.goto(`/organizer/events/${eventId}`);
    await org.getByRole('button', { name: '发出邀请、开始报名' }).click();
    await org.getByText('已发出邀请、开始报名，已通知受邀机构').waitFor();

    // 4. the enterprise finds the invitation, accepts, names a representative
    const entContext = await session.newContext();
    const ent = await entContext.newPage();
    await loginAs(ent, DEMO.enterprise, DEMO.password);
    await ent.goto('/events');
    const toAnswer = ent.locator('[data-testid="events-to-answer"]');
    await toAnswer.getByRole('link', { name: TITLE }).waitFor();
    await axe(ent);
    await Promise.all([ent.waitForURL(`**/events/${eventId}`), toAnswer.getByRole('link', { name: TITLE }).click()]);
    expect(await ent.locator('[data-testid="agenda"]').innerText()).toContain('领导致辞');
    await axe(ent);
    await ent.getByRole('button', { name: '接受邀请' }).click();
    await ent.getByText('已接受邀请，请登记参会代表').waitFor();
    const repForm = ent.getByRole('form', { name: '添加参会代表' });
    await repForm.getByLabel('姓名').fill('李红梅');
    await repForm.getByLabel('职务').fill('总经理');
    await repForm.getByLabel('手机号').fill('13912345678');
    await repForm.getByRole('button', { name: '添加' }).click();
    await ent.getByText('已添加参会代表').waitFor();
    const reps = ent.locator('[data-testid="representative"]');
    expect(await reps.count()).toBe(1);
    expect(await reps.first().innerText()).toContain('13912345678');
    // the same phone twice is a field error in Chinese
    await repForm.getByLabel('姓名').fill('李红梅');
    await repForm.getByLabel('职务').fill('总经理');
    await repForm.getByLabel('手机号').fill('13912345678');
    await repForm.getByRole('button', { name: '添加' }).click();
    await ent.getByText('该手机号已登记为本场代表').waitFor();
    expect(await reps.count()).toBe(1);
    await axe(ent);
    // a phone: no horizontal scrolling
    await ent.setViewportSize({ width: 375, height: 800 });
    await ent.reload();
    const overflow = await horizontalOverflow(ent);
    expect(overflow.offenders, JSON.stringify(overflow)).toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.viewport);

    // 5. the organizer sees the answer and the representative with the phone
    await org.goto(`/organizer/events/${eventId}/invitations`);
    const entRow = org.locator('[data-testid="participant"]', { hasText: '舞钢市龙山纺织科技有限公司' });
    expect(await entRow.innerText()).toContain('已接受邀请');
    expect(await entRow.innerText()).toContain('13912345678');
    await org.goto(`/organizer/events/${eventId}`);
    expect(await org.locator('[data-testid="event-counts"]').innerText()).toContain('1 / 60');
  }, 300_000);

  it('shows the seeded open session to the demo bank, accessibly, also on a phone', async () => {
    const page = session.page();
    await page.setViewportSize({ width: 375, height: 800 });
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/events/demoevt000000001');
    await page.getByRole('heading', { name: /科技企业专场/ }).waitFor();
    expect(await page.locator('[data-testid="representative"]').count()).toBeGreaterThan(0);
    await axe(page);
    const overflow = await horizontalOverflow(page);
    expect(overflow.offenders, JSON.stringify(overflow)).toEqual([]);
    const orgContext = await session.newContext({ viewport: { width: 375, height: 800 } });
    const org = await orgContext.newPage();
    await loginAs(org, DEMO.organizer, DEMO.password);
    await org.goto('/organizer/events/demoevt000000001/invitations');
    await org.getByRole('heading', { name: '参会机构与代表' }).waitFor();
    await axe(org);
    const orgOverflow = await horizontalOverflow(org);
    expect(orgOverflow.offenders, JSON.stringify(orgOverflow)).toEqual([]);
  }, 180_000);
});
