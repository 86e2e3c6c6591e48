/**
 * Monthly ranking and the live signing screen over HTTP: an organizer sees only
 * its region; the bulletin PDF (read back with unpdf) and the workbook (read back
 * with exceljs) carry the names and the amounts; bad months are refused; the live
 * JSON of a session equals the sum of its confirmed agreements, its news sentence
 * carries the same total, and a new confirmation shows on the next poll.
 * Fixtures live in 漯河市 (411100), away from the demo data of 平顶山市.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newsAmount } from '../../app/modules/reports/news';
import { chinaMonth, previousMonth } from '../../app/modules/reports/ranking-month';
import { chinaDate } from '../../app/modules/calendar/working-days';
import mammoth from 'mammoth';
import { mkdirSync, writeFileSync } from 'node:fs';
import { rebuildRollups } from '../../app/modules/reports/rollups.server';
import { eventTotals } from '../../app/modules/reports/totals.server';
import type { Database } from '../../db/schema';
import { DEMO } from '../support/http-client';
import { reportFixtures } from '../support/report-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
const WAN = 10_000;
const now = () => new Date().toISOString();

const NAMES = {
  A: '中国农业发展银行漯河市分行',
  B: '中国银行漯河分行',
  C: '漯河排名测试银行',
  D: '临颍排名测试村镇银行',
  Z: '郑州排名测试银行',
  E1: '舞阳县排名测试盐化有限公司',
  E2: '临颍县排名测试食品有限公司',
  E3: '源汇区排名测试包装有限公司',
  EZ: '郑州排名测试机械有限公司',
  X: '许昌排名测试甲银行',
  Y: '许昌排名测试乙银行',
  W: '许昌排名测试丙银行',
  V: '许昌排名测试丁银行',
  EX: '许昌排名测试陶瓷有限公司',
};

const fx = {} as Record<
  'A' | 'B' | 'C' | 'D' | 'Z' | 'E1' | 'E2' | 'E3' | 'EZ' | 'X' | 'Y' | 'W' | 'V' | 'EX' | 'event' | 'otherEvent' | 'proposedAtEvent',
  string
> & {
  city: { id: string; email: string };
  xc: { id: string; email: string };
  county: { id: string; email: string };
};

const { org, organizer, agreement, event, client } = reportFixtures({
  prefix: 'rk',
  label: 'ranking',
  theme: '排名测试',
  eventRegion: '411100',
  venue: '漯河市会展中心',
  db: () => db,
  passwordHash: () => passwordHash,
  actingUserId: () => fx.city.id,
  serverUrl: () => server.url,
});

async function pdfText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return text;
}

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow())
    .password_hash;
  fx.city = await organizer('411100');
  fx.county = await organizer('411121');
  fx.A = await org('bank', NAMES.A, '411100', '411100');
  fx.B = await org('bank', NAMES.B, '411100', '411100');
  fx.C = await org('bank', NAMES.C, '411102', '411100');
  fx.D = await org('bank', NAMES.D, '411122', '411122');
  fx.Z = await org('bank', NAMES.Z, '410100', '410100');
  fx.E1 = await org('enterprise', NAMES.E1, '411121');
  fx.E2 = await org('enterprise', NAMES.E2, '411122');
  fx.E3 = await org('enterprise', NAMES.E3, '411102');
  fx.EZ = await org('enterprise', NAMES.EZ, '410102');

  // September: C 4000, B 2000, A 1000
  await agreement({
    bank: fx.A,
    ent: fx.E1,
    region: '411121',
    wan: 1000,
    signedOn: '2026-09-05',
    tranches: [
      ['2026-09-25', 600],
      ['2026-11-10', 200],
    ],
  });
  await agreement({ bank: fx.B, ent: fx.E2, region: '411122', wan: 2000, signedOn: '2026-09-10' });
  await agreement({ bank: fx.C, ent: fx.E3, region: '411102', wan: 4000, signedOn: '2026-09-15' });
  // October: A 8000, B 5000 + 1000, C 1000 (terminated after confirmation), D 500 — total 1.55亿
  await agreement({ bank: fx.A, ent: fx.E1, region: '411121', wan: 8000, signedOn: '2026-10-08' });
  await agreement({ bank: fx.B, ent: fx.E2, region: '411122', wan: 5000, signedOn: '2026-10-09' });
  await agreement({ bank: fx.B, ent: fx.E3, region: '411102', wan: 1000, signedOn: '2026-10-10' });
  await agreement({ bank: fx.C, ent: fx.E1, region: '411121', wan: 1000, signedOn: '2026-10-11', status: 'terminated' });
  await agreement({ bank: fx.D, ent: fx.E2, region: '411122', wan: 500, signedOn: '2026-10-12' });
  // not counted: unconfirmed, declined, another city
  await agreement({ bank: fx.C, ent: fx.E3, region: '411102', wan: 3000, signedOn: '2026-10-13', status: 'proposed' });
  await agreement({ bank: fx.A, ent: fx.E2, region: '411122', wan: 9000, signedOn: '2026-10-14', status: 'declined' });
  await agreement({ bank: fx.Z, ent: fx.EZ, region: '410102', wan: 7000, signedOn: '2026-10-15' });

  // a session with its own signings (November, so the October figures above stay as they are)
  fx.event = await event('漯河排名测试对接会');
  fx.otherEvent = await event('漯河排名测试另一场对接会');
  await agreement({ bank: fx.A, ent: fx.E1, region: '411121', wan: 8000, signedOn: '2026-11-20', eventId: fx.event });
  await agreement({ bank: fx.B, ent: fx.E2, region: '411122', wan: 1770, signedOn: '2026-11-20', eventId: fx.event, status: 'terminated' });
  fx.proposedAtEvent = await agreement({
    bank: fx.C,
    ent: fx.E3,
    region: '411102',
    wan: 3000,
    signedOn: '2026-11-20',
    eventId: fx.event,
    status: 'proposed',
  });
  await agreement({ bank: fx.D, ent: fx.E2, region: '411122', wan: 500, signedOn: '2026-11-20', eventId: fx.event, status: 'declined' });
  await agreement({ bank: fx.D, ent: fx.E2, region: '411122', wan: 600, signedOn: '2026-11-20', eventId: fx.otherEvent });

  // 许昌市 (411000), for the rules of decision 030a: a tie at the top, a new entry, a bank with nothing in either month
  fx.xc = await organizer('411000');
  fx.X = await org('bank', NAMES.X, '411000', '411000');
  fx.Y = await org('bank', NAMES.Y, '411000', '411000');
  fx.W = await org('bank', NAMES.W, '411000', '411000');
  fx.V = await org('bank', NAMES.V, '411000', '411000');
  fx.EX = await org('enterprise', NAMES.EX, '411002');
  // September: Y 500, W 100. October: X 300 (new), Y 300 (tied with X), W 100
  await agreement({ bank: fx.Y, ent: fx.EX, region: '411002', wan: 500, signedOn: '2026-09-03' });
  await agreement({ bank: fx.W, ent: fx.EX, region: '411002', wan: 100, signedOn: '2026-09-04' });
  await agreement({ bank: fx.X, ent: fx.EX, region: '411002', wan: 300, signedOn: '2026-10-03' });
  await agreement({ bank: fx.Y, ent: fx.EX, region: '411002', wan: 300, signedOn: '2026-10-04' });
  await agreement({ bank: fx.W, ent: fx.EX, region: '411002', wan: 100, signedOn: '2026-10-05' });

  // the rows were written directly: bring the pre-aggregated totals in step
  await rebuildRollups(db);
});

afterAll(async () => {
  await server?.stop();
});

describe('monthly ranking', () => {
  it('shows a city organizer its banks and districts ranked, with the change since last month, and nothing of other regions', async () => {
    const c = await client(fx.city.email);
    const res = await c.get('/organizer/rankings?month=2026-10');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of [NAMES.A, NAMES.B, NAMES.C, NAMES.D, '舞阳县', '临颍县', '源汇区', '郾城区']) expect(html).toContain(name);
    expect(html).not.toContain(NAMES.Z);
    // A (8000) before B (6000) before C (1000) before D (500)
    const pos = [NAMES.A, NAMES.B, NAMES.C, NAMES.D].map((n) => html.indexOf(n));
    expect(pos).toEqual([...pos].sort((x, y) => x - y));
    expect(html).toContain('8,000万元');
    expect(html).toContain('6,000万元');
    expect(html).toContain('1.55亿元');
    // A moved from 3rd to 1st, C from 1st to 3rd
    expect(html).toContain('↑2');
    expect(html).toContain('上升2位');
    expect(html).toContain('↓2');
    expect(html).toContain(
      '农发行、中行等4家银行与舞阳县排名测试盐化有限公司等3家企业初步达成合作意向，签订合作意向书，签约金额1.55亿元。',
    );
  });

  it('shows a county organizer only its county', async () => {
    const c = await client(fx.county.email);
    const html = await (await c.get('/organizer/rankings?month=2026-10')).text();
    expect(html).toContain('舞阳县');
    expect(html).toContain(NAMES.A);
    expect(html).toContain('9,000万元'); // A 8000 + C 1000 in 舞阳县
    expect(html).not.toContain('临颍县');
    expect(html).not.toContain(NAMES.D);
    expect(html).not.toContain(NAMES.Z);
    expect(html).not.toContain('1.55亿元');
  });

  it('refuses an impossible month with a field error, on the page and the downloads', async () => {
    const c = await client(fx.city.email);
    const res = await c.get('/organizer/rankings?month=2026-13');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('请选择有效的月份');
    expect((await c.get('/organizer/rankings.pdf?month=2026-13')).status).toBe(400);
    expect((await c.get('/organizer/rankings.xlsx?month=abc')).status).toBe(400);
  });

  it('downloads the bulletin as a PDF with the bank names, the amounts and the news line', async () => {
    const c = await client(fx.city.email);
    const res = await c.get('/organizer/rankings.pdf?month=2026-10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('ranking-411100-2026-10.pdf');
    const text = (await pdfText(res)).replace(/\s+/g, '');
    for (const name of [NAMES.A, NAMES.B, NAMES.C, NAMES.D, '舞阳县', '临颍县']) expect(text).toContain(name);
    expect(text).not.toContain(NAMES.Z);
    for (const amount of ['8,000', '6,000', '1,000', '500', '1.55亿元']) expect(text).toContain(amount);
    expect(text).toContain('漯河市政银企对接工作情况通报');
    expect(text).toContain('2026年10月');
    expect(text).toContain('农发行、中行等4家银行');
  });

  it('exports the workbook with the two sheets, one row per bank / district and number cells', async () => {
    const c = await client(fx.city.email);
    const res = await c.get('/organizer/rankings.xlsx?month=2026-10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    // the follow-through figures (decision 037d) follow the ranking's sheets
    expect(wb.worksheets.map((w) => w.name)).toEqual(['银行排名', '县区排名', '口径说明', '跟进成效', '跟进成效口径说明']);
    const banks = wb.getWorksheet('银行排名')!;
    // header + 4 banks + total
    expect(banks.rowCount).toBe(6);
    const header = (banks.getRow(1).values as unknown[]).slice(1);
    const col = (title: string) => header.indexOf(title) + 1;
    expect(col('本月签约金额（万元）')).toBeGreaterThan(0);
    const rowOf = (name: string) => {
      for (let r = 2; r <= banks.rowCount; r++) if (banks.getRow(r).getCell(2).value === name) return banks.getRow(r);
      throw new Error(`no row for ${name}`);
    };
    const a = rowOf(NAMES.A);
    expect(a.getCell(col('排名')).value).toBe(1);
    expect(a.getCell(col('本月签约金额（万元）')).value).toBe(8000);
    expect(a.getCell(col('上月签约金额（万元）')).value).toBe(1000);
    expect(a.getCell(col('签约笔数')).value).toBe(1);
    expect(a.getCell(col('名次变化')).value).toBe(2);
    // D signed nothing in September: 新上榜, not a drop
    expect(rowOf(NAMES.D).getCell(col('名次变化')).value).toBe('新上榜');
    expect(rowOf(NAMES.D).getCell(col('备注')).value).toBe('新上榜');
    expect(banks.getColumn(col('本月签约金额（万元）')).numFmt).toBe('#,##0.00');
    // cumulative 9000, disbursed by 10-31: 600 (the November tranche is later)
    expect(a.getCell(col('截至月末累计签约（万元）')).value).toBe(9000);
    expect(a.getCell(col('截至月末累计放款（万元）')).value).toBe(600);
    expect(a.getCell(col('履约率')).value).toBeCloseTo(600 / 9000, 4);
    expect(rowOf(NAMES.C).getCell(col('名次变化')).value).toBe(-2);
    const total = banks.getRow(banks.rowCount);
    expect(total.getCell(2).value).toBe('合计');
    expect(total.getCell(col('本月签约金额（万元）')).value).toBe(15_500);
    for (let r = 2; r < banks.rowCount; r++) expect(typeof banks.getRow(r).getCell(col('本月签约金额（万元）')).value).toBe('number');
    const districts = wb.getWorksheet('县区排名')!;
    // every district of 漯河市 (6 in GB/T 2260 incl. the development zone) + header + total
    expect(districts.rowCount).toBe(1 + 6 + 1);
    let sum = 0;
    for (let r = 2; r < districts.rowCount; r++) sum += districts.getRow(r).getCell(col('本月签约金额（万元）')).value as number;
    expect(sum).toBe(15_500);
    // districts with nothing: no rank, noted 本月无签约
    const idle = [];
    for (let r = 2; r < districts.rowCount; r++)
      if (districts.getRow(r).getCell(col('备注')).value === '本月无签约') idle.push(districts.getRow(r).getCell(col('排名')).value);
    expect(idle.length).toBe(3);
    expect(idle.every((v) => v === null)).toBe(true);
  });
});

describe('rankings that cannot mislead (decision 030a)', () => {
  it('shows ties as 并列, a first signing as 新上榜 and banks with nothing apart, on the page', async () => {
    const c = await client(fx.xc.email);
    const html = await (await c.get('/organizer/rankings?month=2026-10')).text();
    const table = html.slice(html.indexOf('data-testid="bank-ranking"'), html.indexOf('data-testid="bank-idle"'));
    expect(table).toContain(NAMES.X);
    expect(table).toContain(NAMES.Y);
    expect(table).not.toContain(NAMES.V);
    expect(table.match(/并列1/g)?.length).toBe(2);
    expect(table).toContain('新上榜');
    // W: 2nd in September, 3rd now (not 2nd: two banks share the 1st place)
    expect(table).toMatch(/>3<\/span>/);
    expect(table).toContain('↓1');
    const idle = html.slice(html.indexOf('data-testid="bank-idle"'));
    expect(idle).toContain('本月无签约');
    expect(idle).toContain(NAMES.V);
    expect(html).toContain('口径说明');
    expect(html).toContain('标准竞争排名');
  });

  it('carries the same ranking into the PDF and the workbook, with the definitions', async () => {
    const c = await client(fx.xc.email);
    const text = (await pdfText(await c.get('/organizer/rankings.pdf?month=2026-10'))).replace(/\s+/g, '');
    expect(text).toContain('并列1');
    expect(text).toContain('新上榜');
    expect(text).toContain(`本月无签约：${NAMES.V}`);
    expect(text).toContain('标准竞争排名');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await c.get('/organizer/rankings.xlsx?month=2026-10')).arrayBuffer());
    const banks = wb.getWorksheet('银行排名')!;
    const rows = [];
    for (let r = 2; r < banks.rowCount; r++) rows.push([banks.getRow(r).getCell(1).value, banks.getRow(r).getCell(2).value]);
    // ties by name (乙 before 甲 in code-point order, as in the page)
    expect(rows).toEqual([
      [1, NAMES.Y],
      [1, NAMES.X],
      [3, NAMES.W],
      [null, NAMES.V],
    ]);
    const notes = wb.getWorksheet('口径说明')!;
    const all = notes.getColumn(1).values.join('');
    expect(all).toContain('标准竞争排名');
  });

  it('opens on the last complete month; the current month is marked 截至; a future month is refused', async () => {
    const c = await client(fx.xc.email);
    const current = chinaMonth();
    const html = await (await c.get('/organizer/rankings')).text();
    expect(html).toContain(`value="${previousMonth(current)}"`);
    expect(html).not.toContain('data-testid="ranking-as-of"');
    const running = await (await c.get(`/organizer/rankings?month=${current}`)).text();
    expect(running).toContain('data-testid="ranking-as-of"');
    expect(running).toContain('数据截至');
    const [y, m] = current.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const future = await c.get(`/organizer/rankings?month=${next}`);
    expect(future.status).toBe(400);
    expect(await future.text()).toContain('不能选择未来的月份');
  });

  it('does not rank a county against itself', async () => {
    const c = await client(fx.county.email);
    const html = await (await c.get('/organizer/rankings?month=2026-10')).text();
    expect(html).toContain('data-testid="district-single"');
    expect(html).not.toContain('data-testid="district-ranking"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await c.get('/organizer/rankings.xlsx?month=2026-10')).arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['银行排名', '口径说明', '跟进成效', '跟进成效口径说明']);
  });
});

describe('the formal 通报 (decision 030c)', () => {
  const year = chinaDate(new Date()).slice(0, 4);
  const [y, m, d] = chinaDate(new Date()).split('-').map(Number);
  const dateZh = `${y}年${m}月${d}日`;

  it('takes the office settings, numbers the bulletins per year once each, and refuses a pattern without {no}', async () => {
    const c = await client(fx.xc.email);
    // before any setting: defaults, and a draft number in the PDF
    const draft = (await pdfText(await c.get('/organizer/rankings.pdf?month=2026-10'))).replace(/\s+/g, '');
    expect(draft).toContain(`许金融〔${year}〕□号`);
    const bad = await c.post('/organizer/bulletin', {
      intent: 'bulletinSettings',
      issuer: '许昌市地方金融管理局',
      numberPattern: '许金融〔{year}〕',
      mainTo: '各县（市、区）',
      signature: '许昌市地方金融管理局',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('文号格式须包含');
    const ok = await c.post('/organizer/bulletin', {
      intent: 'bulletinSettings',
      issuer: '许昌市地方金融管理局',
      numberPattern: '许金融〔{year}〕{no}号',
      mainTo: '各县（市、区）金融工作部门，各银行业金融机构：',
      cc: '市政府办公室，国家金融监督管理总局许昌监管分局',
      signature: '许昌市地方金融管理局',
      redHeader: 'on',
    });
    expect(ok.status).toBe(302);
    expect((await c.post('/organizer/bulletin', { intent: 'issueBulletin', month: '2026-10' })).status).toBe(302);
    expect((await c.post('/organizer/bulletin', { intent: 'issueBulletin', month: '2026-09' })).status).toBe(302);
    expect((await c.post('/organizer/bulletin', { intent: 'issueBulletin', month: '2026-10' })).status).toBe(302);
    const rows = await db
      .selectFrom('bulletins')
      .select(['month', 'document_no'])
      .where('region_code', '=', '411000')
      .orderBy('number')
      .execute();
    expect(rows).toEqual([
      { month: '2026-10', document_no: `许金融〔${year}〕1号` },
      { month: '2026-09', document_no: `许金融〔${year}〕2号` },
    ]);
    const page = await (await c.get('/organizer/rankings?month=2026-10')).text();
    expect(page).toContain(`已编号：许金融〔${year}〕1号`);
    // another region numbers on its own
    const other = await client(fx.city.email);
    await other.post('/organizer/bulletin', { intent: 'issueBulletin', month: '2026-10' });
    expect((await db.selectFrom('bulletins').select('number').where('region_code', '=', '411100').executeTakeFirstOrThrow()).number).toBe(
      1,
    );
  });

  it('writes the PDF as a 公文: red header, 文号, title, 主送, body from the honest ranking, 落款 with the Chinese date, 抄送, page numbers', async () => {
    const c = await client(fx.xc.email);
    const res = await c.get('/organizer/rankings.pdf?month=2026-10');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // kept for a look (pdftoppm) and for the screenshot in docs/screens
    mkdirSync('tests/.tmp', { recursive: true });
    writeFileSync('tests/.tmp/bulletin-2026-10.pdf', bytes);
    const doc = await getDocumentProxy(bytes);
    const { text: pages } = await extractText(doc, { mergePages: false });
    const first = (pages as string[])[0].replace(/\s+/g, '');
    expect(first).toContain('许昌市地方金融管理局文件');
    expect(first).toContain(`许金融〔${year}〕1号`);
    expect(first).toContain('许昌市政银企对接工作情况通报');
    expect(first).toContain('各县（市、区）金融工作部门，各银行业金融机构：');
    expect(first).toContain('—1—');
    // the body and the 落款 may run onto the next page, as in any 公文
    const all = (pages as string[]).join('').replace(/\s+/g, '');
    expect(all).toContain(`${NAMES.Y}（并列第1名`);
    expect(all).toContain(`新上榜：${NAMES.X}`);
    expect(all).toContain(`本月无签约：${NAMES.V}`);
    expect(all.indexOf(dateZh)).toBeGreaterThan(all.indexOf('请各单位对照通报情况'));
    expect(all).toContain('抄送：市政府办公室');
    expect(all).toContain('—2—');
    const page = await doc.getPage(1);
    const [, , w, h] = page.view;
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]); // A4 portrait
  });

  it('exports the same 通报 as an editable Word document', async () => {
    const c = await client(fx.xc.email);
    const res = await c.get('/organizer/rankings.docx?month=2026-10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) });
    const text = value.replace(/\s+/g, '');
    for (const s of [
      '许昌市地方金融管理局文件',
      `许金融〔${year}〕1号`,
      '许昌市政银企对接工作情况通报',
      `${NAMES.Y}（并列第1名`,
      `新上榜：${NAMES.X}`,
      `本月无签约：${NAMES.V}`,
      dateZh,
      '抄送：市政府办公室',
      '口径说明',
      '标准竞争排名',
    ]) {
      expect(text).toContain(s);
    }
  });
});

describe('live signing screen', () => {
  const confirmedSum = async (eventId: string) =>
    Number(
      (
        await db
          .selectFrom('agreements')
          .select((eb) => eb.fn.sum<string | number>('amount').as('s'))
          .where('event_id', '=', eventId)
          .where('confirmed_at', 'is not', null)
          .executeTakeFirstOrThrow()
      ).s,
    );

  it('gives the sum of the session’s confirmed agreements, and the news line carries the same total', async () => {
    const c = await client(fx.city.email);
    const res = await c.get(`/organizer/events/${fx.event}/live.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const live = (await res.json()) as {
      total: number;
      totalText: string;
      news: string;
      bankCount: number;
      enterpriseCount: number;
      agreementCount: number;
      latest: { bankName: string }[];
    };
    const sum = await confirmedSum(fx.event);
    expect(sum).toBe(9770 * WAN);
    expect(live.total).toBe(sum);
    expect(live.totalText).toBe(newsAmount(sum, 'zh-CN'));
    expect(live.totalText).toBe('9770万元');
    expect(live.news).toContain(`签约金额${live.totalText}。`);
    expect(live.news).toBe('农发行、中行2家银行与舞阳县排名测试盐化有限公司等2家企业初步达成合作意向，签订合作意向书，签约金额9770万元。');
    expect([live.bankCount, live.enterpriseCount, live.agreementCount]).toEqual([2, 2, 2]);
    // the same figure as the dashboard's session total (pre-aggregated rollups)
    expect((await eventTotals(db, fx.event)).signedAmount).toBe(live.total);
    expect(live.latest.map((l) => l.bankName).sort()).toEqual([NAMES.A, NAMES.B].sort());

    // a signing gets confirmed: the next poll shows it
    await db
      .updateTable('agreements')
      .set({ status: 'signed', confirmed_at: now(), confirmed_by_user_id: fx.city.id })
      .where('id', '=', fx.proposedAtEvent)
      .execute();
    const after = (await (await c.get(`/organizer/events/${fx.event}/live.json`)).json()) as typeof live;
    expect(after.total).toBe(await confirmedSum(fx.event));
    await rebuildRollups(db); // what the agreements module's write would have done
    expect((await eventTotals(db, fx.event)).signedAmount).toBe(after.total);
    expect(after.totalText).toBe('1.277亿元');
    expect(after.news).toContain('签约金额1.277亿元。');
    expect(after.news).toContain('农发行、漯河排名测试银行等3家银行');
    expect(after.latest[0].bankName).toBe(NAMES.C);

    // the page shows the same figure; in English too
    const page = await (await c.get(`/organizer/events/${fx.event}/live`)).text();
    expect(page).toContain('1.277亿元');
    expect(page).toContain('漯河排名测试对接会');
    c.cookies.set('finmatch_lang', 'en');
    const en = (await (await c.get(`/organizer/events/${fx.event}/live.json`)).json()) as typeof live;
    expect(en.news).toContain('3 banks including 农发行 and 漯河排名测试银行');
    expect(en.news).toContain('1.277 hundred million yuan');
  });

  it('is not found for an organizer of another region', async () => {
    const other = await client(DEMO.organizer);
    expect((await other.get(`/organizer/events/${fx.event}/live.json`)).status).toBe(404);
    expect((await other.get(`/organizer/events/${fx.event}/live`)).status).toBe(404);
    const county = await client(fx.county.email);
    expect((await county.get(`/organizer/events/${fx.event}/live.json`)).status).toBe(404);
  });
});
