/**
 * Targets (decision 030d) over HTTP: an organizer sets yearly and quarterly
 * targets for its region, a district and its banks (amounts typed in 万元); a
 * bank cannot, another region's organizer cannot touch them; the dashboard, its
 * workbook and the 通报 (PDF and DOCX, read back) show 完成率, 时序进度 and who is
 * behind. Measured at the end of November 2026 (`?to=2026-11`, `?month=2026-11`).
 * Fixtures live in 濮阳市 (410900), away from the demo data.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../app/modules/reports/rollups.server';
import type { Database } from '../../db/schema';
import { DEMO } from '../support/http-client';
import { reportFixtures } from '../support/report-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
const WAN = 10_000;

const NAMES = { P1: '濮阳目标测试甲银行', P2: '濮阳目标测试乙银行', E1: '清丰县目标测试家具有限公司', E2: '南乐县目标测试食品有限公司' };
const fx = {} as Record<'P1' | 'P2' | 'E1' | 'E2', string> & { org: { id: string; email: string }; other: { id: string; email: string } };

const { org, organizer, agreement, client } = reportFixtures({
  prefix: 'tg',
  label: 'targets',
  theme: '目标测试',
  eventRegion: '410900',
  venue: '濮阳市会展中心',
  db: () => db,
  passwordHash: () => passwordHash,
  actingUserId: () => fx.org.id,
  serverUrl: () => server.url,
});

const flat = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow())
    .password_hash;
  fx.org = await organizer('410900');
  fx.other = await organizer('411100');
  fx.P1 = await org('bank', NAMES.P1, '410900', '410900');
  fx.P2 = await org('bank', NAMES.P2, '410900', '410900');
  fx.E1 = await org('enterprise', NAMES.E1, '410922');
  fx.E2 = await org('enterprise', NAMES.E2, '410923');
  await agreement({ bank: fx.P1, ent: fx.E1, region: '410922', wan: 6000, signedOn: '2026-03-10', tranches: [['2026-04-01', 3000]] });
  await agreement({ bank: fx.P2, ent: fx.E2, region: '410923', wan: 1000, signedOn: '2026-10-15' });
  await agreement({ bank: fx.P1, ent: fx.E2, region: '410923', wan: 2000, signedOn: '2026-11-02' });
  // not counted: not confirmed
  await agreement({ bank: fx.P2, ent: fx.E1, region: '410922', wan: 9000, signedOn: '2026-11-03', status: 'proposed' });
  await rebuildRollups(db);
});

afterAll(async () => {
  await server?.stop();
});

describe('targets (decision 030d)', () => {
  it('lets the organizer set targets in 万元 and counts, refuses bad values, foreign units and other users', async () => {
    const c = await client(fx.org.email);
    expect((await c.get('/organizer/targets')).status).toBe(200);
    const set = (body: Record<string, string>) => c.post('/organizer/targets', { intent: 'setTarget', ...body });
    // the region's yearly signed amount, first set too low and then replaced
    expect((await set({ period: '2026', unit: 'region:410900', metric: 'signed', value: '5000' })).status).toBe(302);
    expect((await set({ period: '2026', unit: 'region:410900', metric: 'signed', value: '1亿' })).status).toBe(302);
    expect((await set({ period: '2026', unit: 'region:410922', metric: 'disbursed', value: '3,000' })).status).toBe(302);
    expect((await set({ period: '2026', unit: `bank:${fx.P1}`, metric: 'signed', value: '5000' })).status).toBe(302);
    expect((await set({ period: '2026-Q4', unit: `bank:${fx.P2}`, metric: 'enterprises', value: '2' })).status).toBe(302);
    const rows = await db
      .selectFrom('report_targets')
      .select(['unit_id', 'period', 'metric', 'value'])
      .where('region_code', '=', '410900')
      .orderBy('unit_id')
      .orderBy('metric')
      .execute();
    expect(rows.map((r) => ({ ...r, value: Number(r.value) }))).toEqual(
      [
        { unit_id: '410900', period: '2026', metric: 'signed', value: 100_000_000 },
        { unit_id: '410922', period: '2026', metric: 'disbursed', value: 3000 * WAN },
        { unit_id: fx.P1, period: '2026', metric: 'signed', value: 5000 * WAN },
        { unit_id: fx.P2, period: '2026-Q4', metric: 'enterprises', value: 2 },
      ].sort((a, b) => (a.unit_id < b.unit_id ? -1 : a.unit_id > b.unit_id ? 1 : a.metric < b.metric ? -1 : 1)),
    );

    const bad = await set({ period: '2026', unit: 'region:410900', metric: 'signed', value: '12.345678' });
    expect(bad.status).toBe(400);
    const count = await set({ period: '2026', unit: 'region:410900', metric: 'enterprises', value: '2.5' });
    expect(count.status).toBe(400);
    expect(await count.text()).toContain('请填写整数');
    expect((await set({ period: '2026-Q5', unit: 'region:410900', metric: 'signed', value: '1' })).status).toBe(400);
    // a district of another city, and a bank that does not serve this one
    const foreign = await set({ period: '2026', unit: 'region:411102', metric: 'signed', value: '1' });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('该对象不属于本地区');
    const demoBank = await db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'bank')
      .where('region_code', 'like', '4104%')
      .executeTakeFirstOrThrow();
    expect((await set({ period: '2026', unit: `bank:${demoBank.id}`, metric: 'signed', value: '1' })).status).toBe(400);

    // a bank cannot set targets; another region's organizer cannot delete these
    const bank = await client(DEMO.bank);
    expect((await bank.get('/organizer/targets')).status).toBe(403);
    expect(
      (await bank.post('/organizer/targets', { intent: 'setTarget', period: '2026', unit: 'region:410400', metric: 'signed', value: '1' }))
        .status,
    ).toBe(403);
    const id = (await db.selectFrom('report_targets').select('id').where('unit_id', '=', fx.P1).executeTakeFirstOrThrow()).id;
    const other = await client(fx.other.email);
    expect((await other.post('/organizer/targets', { intent: 'deleteTarget', id })).status).toBe(404);
    expect(await db.selectFrom('report_targets').select('id').where('id', '=', id).executeTakeFirst()).toBeTruthy();
    // an administrator manages a chosen region's targets
    const admin = await client(DEMO.admin);
    const page = await (await admin.get('/organizer/targets?region=410900')).text();
    expect(page).toContain(NAMES.P2);
  });

  it('shows 完成率, 时序进度 and who is behind on the dashboard and in its workbook', async () => {
    const c = await client(fx.org.email);
    const html = flat(await (await c.get('/dashboard?to=2026-11')).text());
    expect(html).toContain('目标完成情况');
    expect(html).toContain('截至2026-11-30');
    // 2026: 334 of 365 days = 91.5%; Q4: 61 of 92 days = 66.3%
    expect(html).toContain('落后于时序进度：2项');

    const res = await c.get('/dashboard.xlsx?to=2026-11');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('目标完成')!;
    const lines = ws
      .getSheetValues()
      .slice(2, 6)
      .map((r) => (r as unknown[]).slice(1));
    expect(lines).toEqual([
      ['濮阳市', '2026年', '签约金额', 10000, 9000, 0.9, 0.915, '落后于时序进度'],
      [NAMES.P1, '2026年', '签约金额', 5000, 8000, 1.6, 0.915, '不落后'],
      ['清丰县', '2026年', '放款金额', 3000, 3000, 1, 0.915, '不落后'],
      [NAMES.P2, '2026年第4季度', '服务企业数', 2, 1, 0.5, 0.663, '落后于时序进度'],
    ]);
    expect(ws.getRow(2).getCell(4).numFmt).toBe('#,##0.00');
    expect(ws.getRow(2).getCell(5).numFmt).toBe('#,##0.00');
  });

  it('writes the progress and the units behind into the 通报, PDF and Word alike', async () => {
    const c = await client(fx.org.email);
    const pdf = new Uint8Array(await (await c.get('/organizer/rankings.pdf?month=2026-11')).arrayBuffer());
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    const { value } = await mammoth.extractRawText({
      buffer: Buffer.from(await (await c.get('/organizer/rankings.docx?month=2026-11')).arrayBuffer()),
    });
    for (const doc of [flat(text as string), flat(value)]) {
      expect(doc).toContain('目标完成情况：截至2026-11-30');
      expect(doc).toContain('濮阳市2026年签约金额目标1.00亿元，已完成9,000万元，完成率90.0%，时序进度91.5%');
      expect(doc).toContain(`${NAMES.P2}2026年第4季度服务企业数目标2家，已完成1家，完成率50.0%，时序进度66.3%`);
      expect(doc).toContain(`完成率低于时序进度的：濮阳市（2026年签约金额90.0%）、${NAMES.P2}（2026年第4季度服务企业数50.0%）`);
    }
  });
});
