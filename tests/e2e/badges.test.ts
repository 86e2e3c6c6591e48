/**
 * 参会证 and check-in in a real browser (issue 16), on a 375×812 phone:
 * the demo enterprise opens its representatives' badges and downloads one as a
 * PDF (read back: name and organization); the organizer's staff scanner reads
 * that badge's QR image (decoded in the page by BarcodeDetector or jsQR) and
 * checks the person in, the live counts follow, and the typed code a second time
 * answers "已签到 HH:MM"; a representative opens the door page and checks in
 * with their mobile number. Every page passes axe and has no horizontal overflow.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { todayInChina } from '../../app/modules/calendar/working-days';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
let db: Kysely<Database>;
const EVENT = 'e2ebadgeevent001';
const TITLE = '端到端参会证测试对接会';
const ENT_REPS = [
  { id: 'e2ebadgerep00001', name: '欧阳扫码', phone: '13911113001' },
  { id: 'e2ebadgerep00002', name: '上官自助', phone: '13911113002' },
];
let entName = '';

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  const organizerId = (await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow()).id;
  entName = (await db.selectFrom('organizations').select('name').where('id', '=', 'demoent000000001').executeTakeFirstOrThrow()).name;
  const now = new Date().toISOString();
  const today = todayInChina();
  await db
    .insertInto('events')
    .values({
      id: EVENT,
      region_code: '410400',
      created_by: organizerId,
      title: TITLE,
      theme: '参会证',
      event_date: today,
      start_time: '09:00',
      venue: '舞钢市会议中心',
      capacity: 50,
      registration_deadline: today,
      open_registration: 0,
      slot_count: 3,
      slot_minutes: 20,
      table_count: 2,
      first_slot_time: '10:00',
      description: null,
      status: 'scheduled',
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const [pid, org, role] of [
    ['e2ebadgepart0001', 'demoent000000001', 'enterprise'],
    ['e2ebadgepart0002', 'demobank00000001', 'bank'],
  ] as const) {
    await db
      .insertInto('event_participants')
      .values({
        id: pid,
        event_id: EVENT,
        organization_id: org,
        role,
        status: 'accepted',
        invited_by: organizerId,
        responded_by: null,
        responded_at: null,
        checkin_token: `${pid}tokentoken`,
        created_at: now,
      })
      .execute();
  }
  const reps = [...ENT_REPS.map((r) => ({ ...r, pid: 'e2ebadgepart0001', org: 'demoent000000001' }))];
  reps.push({ id: 'e2ebadgerep00003', name: '王银行', phone: '13911113003', pid: 'e2ebadgepart0002', org: 'demobank00000001' });
  for (const r of reps) {
    await db
      .insertInto('event_representatives')
      .values({
        id: r.id,
        event_id: EVENT,
        participant_id: r.pid,
        organization_id: r.org,
        name: r.name,
        title: '经理',
        phone: r.phone,
        checked_in_at: null,
        checked_in_by: null,
        created_at: now,
      })
      .execute();
  }
});
afterAll(async () => {
  await server?.stop();
});

const browser = useBrowser(() => server.url);
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };

async function expectAccessible(page: Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
  const overflow = await horizontalOverflow(page);
  expect(overflow.scrollWidth, overflow.offenders.join('\n')).toBeLessThanOrEqual(overflow.viewport);
}

async function pdfText(file: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(fs.readFileSync(file)));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, '');
}

describe('badges and check-in in the browser', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-badges-'));
  const qrFile = path.join(tmp, 'badge-qr.png');
  let badgeCode = '';

  it('shows a representative’s badge on a phone and downloads it as a PDF', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await loginAs(page, DEMO.enterprise, DEMO.password);
    await page.goto(`/events/${EVENT}`);
    await page.getByRole('link', { name: '参会证' }).first().click();
    await page.waitForURL(`**/events/${EVENT}/badges`);
    await page.getByRole('heading', { name: '参会证', level: 1 }).waitFor();
    const card = page.getByTestId('badge').filter({ hasText: ENT_REPS[0].name });
    await card.getByRole('img', { name: `${ENT_REPS[0].name}的参会证二维码` }).waitFor();
    await expectAccessible(page);
    badgeCode = (await card.getByTestId('badge-code').innerText()).trim();
    const src = await card.getByTestId('badge-qr').getAttribute('src');
    fs.writeFileSync(qrFile, Buffer.from(src!.replace(/^data:image\/png;base64,/, ''), 'base64'));

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      card.getByRole('link', { name: '下载参会证（PDF）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${TITLE}-参会证.pdf`);
    const text = await pdfText((await download.path())!);
    expect(text).toContain(ENT_REPS[0].name);
    expect(text).toContain(entName.replace(/\s+/g, ''));
    expect(text).not.toContain(ENT_REPS[1].name);
  }, 120_000);

  it('lets staff scan the badge’s QR code on a phone; a second scan says 已签到 with the time', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto(`/organizer/events/${EVENT}/checkin`);
    await page.getByRole('link', { name: '扫码签到（工作人员）' }).click();
    await page.waitForURL(`**/organizer/events/${EVENT}/scan`);
    const arrived = page.getByTestId('checkin-count-total').getByTestId('arrived');
    await expect.poll(() => arrived.innerText()).toBe('0');
    await expectAccessible(page);

    // the badge's QR image, decoded in the page (BarcodeDetector where Chromium has it, else jsQR)
    await page.getByTestId('qr-image').setInputFiles(qrFile);
    const status = page.getByTestId('scan-status');
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/^签到成功 \d\d:\d\d$/);
    const time = (await status.innerText()).slice(-5);
    expect(await page.getByTestId('scan-result').innerText()).toContain(ENT_REPS[0].name);
    expect(await page.getByTestId('qr-decoder').innerText()).toMatch(/BarcodeDetector|jsQR/);
    await expect.poll(() => arrived.innerText()).toBe('1');
    await expectAccessible(page);

    // typed (the fallback when the camera cannot read it): the same person again
    await page.getByLabel('参会证号码或二维码链接').fill(badgeCode);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await expect.poll(() => status.innerText()).toBe(`已签到 ${time}`);
    expect(await arrived.innerText()).toBe('1');
    const row = await db
      .selectFrom('event_representatives')
      .select('checked_in_via')
      .where('id', '=', ENT_REPS[0].id)
      .executeTakeFirstOrThrow();
    expect(row.checked_in_via).toBe('badge');
  }, 120_000);

  it('lets a representative check in at the door with their mobile number on a phone', async () => {
    const staff = await browser.newContext();
    const staffPage = await staff.newPage();
    await loginAs(staffPage, DEMO.organizer, DEMO.password);
    await staffPage.goto(`/organizer/events/${EVENT}`);
    const door = await staffPage.getByTestId('door-link').getAttribute('href');
    expect(door).toMatch(new RegExp(`^/checkin/${EVENT}/[A-Za-z0-9_-]{22}$`));

    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(door!);
    await page.getByRole('heading', { name: '自助签到', level: 1 }).waitFor();
    expect(await page.locator('body').innerText()).toContain(TITLE);
    await expectAccessible(page);
    await page.getByLabel('手机号码').fill(ENT_REPS[1].phone);
    await page.getByRole('button', { name: '确认签到' }).click();
    const status = page.getByTestId('self-status');
    await expect.poll(() => status.innerText()).toMatch(/^签到成功 \d\d:\d\d$/);
    const time = (await status.innerText()).slice(-5);
    expect(await page.getByTestId('self-result').innerText()).toContain(ENT_REPS[1].name);
    await expectAccessible(page);

    await page.getByLabel('手机号码').fill(ENT_REPS[1].phone);
    await page.getByRole('button', { name: '确认签到' }).click();
    await expect.poll(() => status.innerText()).toBe(`已签到 ${time}`);

    // the organizer's check-in page counts both arrivals
    await staffPage.goto(`/organizer/events/${EVENT}/checkin`);
    await expect.poll(() => staffPage.getByTestId('checkin-count-total').getByTestId('arrived').innerText()).toBe('2');
  }, 120_000);
});
