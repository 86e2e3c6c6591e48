/**
 * The public results page (decision 030e): no sign-in, a region's figures by
 * year and month, aggregates only (no bank, enterprise or person named), only the
 * figures its organizer publishes; linked from every page's footer.
 * Fixtures live in 濮阳市 (410900), away from the demo data.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../app/modules/reports/rollups.server';
import type { Database } from '../../db/schema';
import { DEMO, HttpClient } from '../support/http-client';
import { reportFixtures } from '../support/report-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';

const NAMES = { P1: '濮阳公开测试甲银行', E1: '清丰县公开测试家具有限公司', E2: '南乐县公开测试食品有限公司' };
const fx = {} as Record<'P1' | 'E1' | 'E2', string> & { org: { id: string; email: string } };

const { org, organizer, agreement, event, client } = reportFixtures({
  prefix: 'pu',
  label: 'results',
  theme: '公开测试',
  eventRegion: '410900',
  venue: '濮阳市会展中心',
  db: () => db,
  passwordHash: () => passwordHash,
  actingUserId: () => fx.org.id,
  serverUrl: () => server.url,
});

const flat = (s: string) => s.replace(/\s+/g, '');
const anon = () => new HttpClient(server.url);

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow())
    .password_hash;
  fx.org = await organizer('410900');
  fx.P1 = await org('bank', NAMES.P1, '410900', '410900');
  fx.E1 = await org('enterprise', NAMES.E1, '410922');
  fx.E2 = await org('enterprise', NAMES.E2, '410923');
  await agreement({ bank: fx.P1, ent: fx.E1, region: '410922', wan: 6000, signedOn: '2026-03-10', tranches: [['2026-04-01', 2500]] });
  await agreement({ bank: fx.P1, ent: fx.E2, region: '410923', wan: 1000, signedOn: '2026-03-15' });
  await agreement({ bank: fx.P1, ent: fx.E2, region: '410923', wan: 2000, signedOn: '2026-11-02' });
  await agreement({ bank: fx.P1, ent: fx.E1, region: '410922', wan: 9000, signedOn: '2026-11-03', status: 'proposed' });
  await event('濮阳公开测试对接会');
  await rebuildRollups(db);
});

afterAll(async () => {
  await server?.stop();
});

describe('public results page (decision 030e)', () => {
  it('shows the region’s aggregated figures to anyone, by year and month, with the 口径说明 and no names', async () => {
    const res = await anon().get('/results?region=410900&year=2026');
    expect(res.status).toBe(200);
    const html = flat(await res.text());
    expect(html).toContain('政银企对接成效');
    // the year: 2 enterprises (distinct), 9,000万元 signed, 2,500万元 disbursed, 1 session
    expect(html).toMatch(/data-testid="results-enterprises">2家</);
    expect(html).toMatch(/data-testid="results-signed">9,000万元</);
    expect(html).toMatch(/data-testid="results-disbursed">2,500万元</);
    expect(html).toMatch(/data-testid="results-sessions">1场</);
    // March: both enterprises and 7,000万元; every month up to the current one is listed
    expect(html).toContain('2026-03');
    expect(html).toContain('7,000万元');
    expect(html).toContain('2026-01');
    expect(html).toContain('口径说明');
    expect(html).toContain('年度数为全年去重');
    for (const name of [...Object.values(NAMES), '13800000007', '濮阳公开测试对接会']) expect(html).not.toContain(name);
  });

  it('shows only the figures the organizer publishes; a bank cannot change them', async () => {
    const c = await client(fx.org.email);
    expect((await c.get('/organizer/results')).status).toBe(200);
    const bank = await client(DEMO.bank);
    expect((await bank.post('/organizer/results', { intent: 'publicFigures', figures: ['signed'] })).status).toBe(403);
    expect((await c.post('/organizer/results', { intent: 'publicFigures', figures: ['nonsense'] })).status).toBe(400);
    expect((await c.post('/organizer/results', { intent: 'publicFigures', figures: ['signed', 'sessions'] })).status).toBe(302);
    const html = flat(await (await anon().get('/results?region=410900&year=2026')).text());
    expect(html).toMatch(/data-testid="results-signed">9,000万元</);
    expect(html).toMatch(/data-testid="results-sessions">1场</);
    expect(html).not.toContain('results-enterprises');
    expect(html).not.toContain('results-disbursed');
    expect(html).not.toContain('放款金额');
    expect(html).not.toContain('服务企业');
    // nothing published: the page says so
    expect((await c.post('/organizer/results', { intent: 'publicFigures' })).status).toBe(302);
    expect(flat(await (await anon().get('/results?region=410900')).text())).toContain('该地区暂未公开数据');
  });

  it('is linked from the footer of the home page', async () => {
    expect(await (await anon().get('/')).text()).toContain('href="/results"');
  });
});
