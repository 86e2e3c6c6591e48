/**
 * Issue 14, points 1–3: notifications that matter leave the app through the
 * outbox, per each user's channel choice; e-mail over a real SMTP server (read
 * back), SMS through the 阿里云短信 provider against a local stand-in that checks
 * the signature; failures are retried or recorded and shown on /admin/outbox,
 * never failing the user's action. SQLite; PostgreSQL with TEST_PG_URL.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { startFakeAliyun, type FakeAliyun } from '../support/aliyun-sms';
import { DEMO, HttpClient } from '../support/http-client';
import { freePort, startServer, type TestServer } from '../support/server';
import { startSmtp, until, type TestSmtp } from '../support/smtp';
import { insertOrg, insertUser } from '../support/temp-db';

const APP_URL = 'https://finmatch.example.gov.cn';
const KEY = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-不可外传' };

let server: TestServer;
let db: Kysely<Database>;
let smtpPort: number;
let smtp: TestSmtp | null = null;
let aliyun: FakeAliyun;
let seq = 0;
const fx = {} as {
  ent: string;
  bank: string;
  bank2: string;
  bank3: string;
  entA: { id: string; email: string };
  entB: { id: string; email: string };
  organizer: { id: string; email: string };
  bankUser: string;
  bank2User: string;
  bank3User: string;
  needs: string[];
};

async function user(
  role: 'enterprise' | 'bank' | 'organizer',
  orgId: string | null,
  passwordHash: string,
  regionCode: string | null = null,
) {
  const email = `out${++seq}-${Math.random().toString(36).slice(2, 7)}@outbound.finmatch.test`;
  const id = await insertUser(db, { role, email, organizationId: orgId, passwordHash, regionCode });
  return { id, email };
}

async function need(title: string, publishedDaysAgo: number) {
  const id = `obneed${++seq}${Math.random().toString(36).slice(2, 8)}`.slice(0, 16);
  const at = new Date(Date.now() - publishedDaysAgo * 86_400_000).toISOString();
  await db
    .insertInto('financing_needs')
    .values({
      id,
      organization_id: fx.ent,
      title,
      amount: 3_000_000,
      term_months: 12,
      purpose: 'working_capital',
      guarantee_mask: 1,
      max_rate_bp: null,
      wanted_by: null,
      description: '外发消息测试',
      attachments: '[]',
      status: 'published',
      region_code: '411102',
      search_text: title,
      published_at: at,
      closed_at: null,
      status_reason: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

async function client(email: string) {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

/** Whether the checkbox `name` for `kind` is ticked in the page. */
function ticked(html: string, name: 'email' | 'sms', kind: string): boolean {
  const input = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="${kind.replace('.', '\\.')}"[^>]*>`));
  if (!input) throw new Error(`no ${name} checkbox for ${kind}`);
  return /\schecked(=""|\s|\/|>)/.test(input[0]);
}

const rowsFor = (userId: string) =>
  db.selectFrom('outbox_messages').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();

beforeAll(async () => {
  smtpPort = await freePort();
  aliyun = await startFakeAliyun(KEY);
  server = await startServer({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      APP_URL,
      JOBS_POLL_MS: '200',
      OUTBOX_RETRY_DELAY_S: '1',
      SMS_PROVIDER: 'aliyun',
      SMS_ENDPOINT: aliyun.url,
      SMS_ACCESS_KEY_ID: KEY.accessKeyId,
      SMS_ACCESS_KEY_SECRET: KEY.accessKeySecret,
      SMS_SIGN_NAME: '政银企对接',
      SMS_TEMPLATE_INTEREST_NEW: 'SMS_1001',
    },
  });
  db = (await server.database()).db;
  const hash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent = await insertOrg(db, { kind: 'enterprise', region: '411102', name: '漯河外发测试食品有限公司' });
  fx.bank = await insertOrg(db, { kind: 'bank', region: '411100', name: '外发测试甲银行' });
  fx.bank2 = await insertOrg(db, { kind: 'bank', region: '411100', name: '外发测试乙银行' });
  fx.bank3 = await insertOrg(db, { kind: 'bank', region: '411100', name: '外发测试丙银行' });
  fx.entA = await user('enterprise', fx.ent, hash);
  fx.entB = await user('enterprise', fx.ent, hash);
  fx.organizer = await user('organizer', null, hash, '411100');
  fx.bankUser = (await user('bank', fx.bank, hash)).email;
  fx.bank2User = (await user('bank', fx.bank2, hash)).email;
  fx.bank3User = (await user('bank', fx.bank3, hash)).email;
  fx.needs = [await need('冷链设备融资', 0), await need('原料采购融资', 0), await need('厂房改造融资', 0)];
});
afterAll(async () => {
  if (process.env.DEBUG_OUTBOUND) console.log(server?.logs());
  await smtp?.close();
  await aliyun?.close();
  await server?.stop();
});

describe('channel preferences (/account/notifications)', () => {
  it('shows 站内 always on, 邮件 on by default, 短信 off; saves a choice; refuses a kind the role does not have', async () => {
    const b = await client(fx.entB.email);
    const page = await (await b.get('/account/notifications')).text();
    expect(page).toContain('通知方式');
    expect(page).toContain('金融机构对我方需求表达意向');
    expect(ticked(page, 'email', 'interest.new')).toBe(true);
    expect(ticked(page, 'sms', 'interest.new')).toBe(false);
    expect(page).not.toContain('企业接受了我方的意向'); // a bank's kind

    expect((await b.post('/account/notifications', { intent: 'save', email: 'interest.accepted' })).status).toBe(400);
    expect((await b.post('/account/notifications', { email: 'interest.new' })).status).toBe(400);
    expect(await db.selectFrom('notification_preferences').select('kind').where('user_id', '=', fx.entB.id).execute()).toEqual([]);

    // B: SMS only for interests, e-mail for the rest
    const save = await b.post('/account/notifications', {
      intent: 'save',
      sms: 'interest.new',
      email: ['agreement.proposed', 'event.invited', 'event.scheduled', 'need.overdue', 'account.loginAttack'],
    });
    expect(save.status).toBe(302);
    const after = await (await b.get('/account/notifications')).text();
    expect(ticked(after, 'sms', 'interest.new')).toBe(true);
    expect(ticked(after, 'email', 'interest.new')).toBe(false);
    expect(ticked(after, 'email', 'need.overdue')).toBe(true);
  });
});

describe('outbound copies of notifications', () => {
  it('keeps the message while the SMTP server is down, does not fail the action, shows the error to administrators, and delivers once it is back', async () => {
    const bank = await client(fx.bankUser);
    const res = await bank.post(`/needs/financing/${fx.needs[0]}`, { intent: 'express', message: '我行可提供信用贷款' });
    expect(res.status).toBe(302);
    // in-app for both, in the same change
    expect(
      await db
        .selectFrom('notifications')
        .select('user_id')
        .where('kind', '=', 'interest.new')
        .where('user_id', 'in', [fx.entA.id, fx.entB.id])
        .execute(),
    ).toHaveLength(2);
    await until(async () => (await rowsFor(fx.entA.id)).some((r) => r.attempts >= 1 && r.last_error), 20_000, 'a failed attempt');
    const [mail] = await rowsFor(fx.entA.id);
    expect(mail).toMatchObject({ channel: 'email', status: 'pending', kind: 'interest.new', recipient: fx.entA.email });
    expect(mail.last_error).toMatch(/ECONNREFUSED|connect/i);

    const admin = await client(DEMO.admin);
    const page = await (await admin.get('/admin/outbox?status=pending')).text();
    expect(page).toContain('外发消息');
    expect(page).toContain('待发送');
    expect(page).toMatch(/ECONNREFUSED|connect/i);
    expect(page).not.toContain(fx.entA.email); // addressees are masked
    expect(page).toContain(`${fx.entA.email.slice(0, 2)}`);
    expect((await bank.get('/admin/outbox')).status).toBe(403);

    smtp = await startSmtp(smtpPort);
    await until(() => smtp!.to(fx.entA.email).length >= 1, 30_000, 'the e-mail');
    const [got] = smtp.to(fx.entA.email);
    expect(got.subject).toBe('【政银企对接平台】外发测试甲银行 对您的需求“冷链设备融资”表达了合作意向');
    expect(got.text).toContain(`${APP_URL}/enterprise/interests`);
    expect(got.text).toContain(`${APP_URL}/account/notifications`);
    // B chose SMS for this kind: no e-mail, one SMS through 阿里云, checked signature
    await until(() => aliyun.accepted.length >= 1, 20_000, 'the SMS');
    expect(aliyun.refused).toEqual([]);
    expect(aliyun.accepted[0]).toMatchObject({
      phone: '13800000008',
      signName: '政银企对接',
      templateCode: 'SMS_1001',
      params: { bank: '外发测试甲银行', need: '冷链设备融资' },
    });
    expect(smtp.to(fx.entB.email)).toHaveLength(0);
    // the mail and the SMS arrive before the worker records them as sent
    const sent = async (userId: string) => (await rowsFor(userId)).every((r) => r.status === 'sent');
    await until(async () => (await sent(fx.entA.id)) && (await sent(fx.entB.id)), 20_000, 'both messages recorded as sent');
    const rows = await rowsFor(fx.entA.id);
    expect(rows.map((r) => [r.channel, r.status, r.provider])).toEqual([['email', 'sent', 'smtp']]);
    expect((await rowsFor(fx.entB.id)).map((r) => [r.channel, r.status, r.provider, r.last_error])).toEqual([
      ['sms', 'sent', 'aliyun', null],
    ]);
  });

  it('retries an SMS the provider could not take, and records one it refuses for good, visible to administrators', async () => {
    aliyun.answers.push('http500');
    expect(
      (
        await (
          await client(fx.bank2User)
        ).post(`/needs/financing/${fx.needs[1]}`, { intent: 'express', message: '乙银行可提供流动资金贷款' })
      ).status,
    ).toBe(302);
    // the provider takes the message before the worker records it as sent: wait for the row
    await until(async () => (await rowsFor(fx.entB.id)).at(-1)?.status === 'sent', 30_000, 'the retried SMS');
    expect(aliyun.accepted.length).toBeGreaterThanOrEqual(2);
    const retried = (await rowsFor(fx.entB.id)).at(-1)!;
    expect(retried).toMatchObject({ status: 'sent', provider: 'aliyun', last_error: null });
    expect(retried.attempts).toBeGreaterThanOrEqual(2);

    aliyun.answers.push('isv.MOBILE_NUMBER_ILLEGAL');
    expect(
      (await (await client(fx.bank3User)).post(`/needs/financing/${fx.needs[2]}`, { intent: 'express', message: '丙银行可提供贷款' }))
        .status,
    ).toBe(302);
    await until(async () => (await rowsFor(fx.entB.id)).at(-1)?.status === 'failed', 20_000, 'the refused SMS');
    const refused = (await rowsFor(fx.entB.id)).at(-1)!;
    expect(refused.attempts).toBe(1); // not retried: another attempt cannot help
    expect(refused.last_error).toContain('isv.MOBILE_NUMBER_ILLEGAL');
    // the enterprise still has the interest and its in-app notification
    expect(
      await db.selectFrom('notifications').select('id').where('user_id', '=', fx.entB.id).where('kind', '=', 'interest.new').execute(),
    ).toHaveLength(3);

    const page = await (await (await client(DEMO.admin)).get('/admin/outbox?status=failed')).text();
    expect(page).toContain('发送失败');
    expect(page).toContain('isv.MOBILE_NUMBER_ILLEGAL');
    expect(page).toContain('138****0008');
    expect(page).not.toContain('13800000008');
    expect(aliyun.refused).toEqual([]);
  });

  it('announces a need overdue without an answer once: the enterprise and the region’s organizers, by their channels', async () => {
    const overdue = await need('久未响应的融资需求', 40);
    // the sweep runs here, as the server's hourly job would
    process.env.DATABASE_URL = server.databaseUrl;
    process.env.APP_URL = APP_URL;
    const { announceOverdueNeeds } = await import('../../app/modules/interests/overdue.server');
    const { closeJobQueue } = await import('../../app/modules/jobs/jobs.server');
    try {
      await announceOverdueNeeds(db);
      await announceOverdueNeeds(db);
    } finally {
      await closeJobQueue();
      delete process.env.DATABASE_URL;
      delete process.env.APP_URL;
    }
    expect(await db.selectFrom('need_overdue_notices').select('need_id').where('need_id', '=', overdue).execute()).toHaveLength(1);
    const notes = await db
      .selectFrom('notifications')
      .select(['user_id', 'link'])
      .where('kind', '=', 'need.overdue')
      .where('payload', 'like', '%久未响应的融资需求%')
      .execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([fx.entA.id, fx.entB.id, fx.organizer.id].sort());
    await until(
      () => smtp!.to(fx.organizer.email).some((m) => m.subject?.includes('久未响应的融资需求')),
      20_000,
      'the organizer’s e-mail',
    );
    await until(() => smtp!.to(fx.entB.email).some((m) => m.subject?.includes('久未响应的融资需求')), 20_000, 'the enterprise’s e-mail');
    expect(smtp!.to(fx.organizer.email).filter((m) => m.subject?.includes('久未响应的融资需求'))).toHaveLength(1);
    expect(smtp!.to(fx.organizer.email)[0].text).toContain(`${APP_URL}/organizer/needs?filter=overdue`);
  });
});
