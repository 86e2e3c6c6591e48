/**
 * 参会证 and check-in by QR code over HTTP (issue 16): the member's badge page and
 * PDF (read back with unpdf), the organizer's PDF of every badge and the door
 * sign; the staff scanner (a badge token typed or the URL its QR code holds; a
 * second scan answers "已签到 HH:MM"; another session's badge, a forged or an
 * unknown code are refused with a clear message); self check-in at the door with
 * the mobile number, its second-time answer, and the throttle on wrong numbers;
 * arrivals show in the live counts.
 */
import type { Kysely } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, EventStatus, ParticipantRole, ParticipantStatus } from '../../db/schema';
import { todayInChina } from '../../app/modules/calendar/working-days';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let organizerId = '';
let seq = 0;
const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
const now = () => new Date().toISOString();
const DEMO_ENTERPRISE = 'demoent000000001';
const DEMO_BANK = 'demobank00000001';
const TITLE = '参会证测试对接会';
const OTHER_TITLE = '另一场参会证测试对接会';

interface Rep {
  id: string;
  name: string;
  phone: string;
}

async function insertEvent(title: string, date: string, status: EventStatus = 'scheduled'): Promise<string> {
  const id = fid('bdgevt');
  await db
    .insertInto('events')
    .values({
      id,
      region_code: '410400',
      created_by: organizerId,
      title,
      theme: '参会证',
      event_date: date,
      start_time: '09:00',
      venue: '平顶山市会展中心',
      capacity: 100,
      registration_deadline: date,
      open_registration: 0,
      slot_count: 4,
      slot_minutes: 20,
      table_count: 2,
      first_slot_time: '10:00',
      description: null,
      status,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
}

async function insertOrg(kind: ParticipantRole, name: string): Promise<string> {
  const id = fid('bdgorg');
  await db
    .insertInto('organizations')
    .values({
      id,
      kind: kind === 'government' ? 'enterprise' : kind,
      name,
      status: 'verified',
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: '410400',
      industry: null,
      size: null,
      founded_year: null,
      registered_capital: null,
      employees: null,
      annual_revenue: null,
      bank_type: kind === 'bank' ? 'rural' : null,
      branch_level: null,
      contact_name: '联系人',
      contact_phone: '13800000000',
      contact_email: null,
      description: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
}

async function participate(
  eventId: string,
  orgId: string,
  role: ParticipantRole,
  status: ParticipantStatus,
  reps: [string, string][],
): Promise<Rep[]> {
  const pid = fid('bdgpar');
  await db
    .insertInto('event_participants')
    .values({
      id: pid,
      event_id: eventId,
      organization_id: orgId,
      role,
      status,
      invited_by: organizerId,
      responded_by: null,
      responded_at: null,
      checkin_token: `${fid('bdgtok')}abcdefgh`,
      created_at: now(),
    })
    .execute();
  const out: Rep[] = [];
  for (const [name, phone] of reps) {
    const id = fid('bdgrep');
    await db
      .insertInto('event_representatives')
      .values({
        id,
        event_id: eventId,
        participant_id: pid,
        organization_id: orgId,
        name,
        title: '经理',
        phone,
        checked_in_at: null,
        checked_in_by: null,
        created_at: now(),
      })
      .execute();
    out.push({ id, name, phone });
  }
  return out;
}

async function client(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

async function pdfText(res: Response): Promise<{ text: string; pages: number }> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text: text.replace(/\s+/g, ''), pages: totalPages };
}

/** HTML text with React's comment separators removed */
const plain = (html: string) => html.replace(/<!-- -->/g, '');

const fx = {
  eventId: '',
  otherEventId: '',
  futureEventId: '',
  entName: '',
  bankName: '',
  gov: '平顶山市参会证测试工业和信息化局',
  ent: [] as Rep[],
  bank: [] as Rep[],
  govReps: [] as Rep[],
  declined: [] as Rep[],
  other: [] as Rep[],
};

let organizer: HttpClient;
let enterprise: HttpClient;

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  organizerId = (await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow()).id;
  const today = todayInChina();
  fx.eventId = await insertEvent(TITLE, today);
  fx.otherEventId = await insertEvent(OTHER_TITLE, today);
  fx.futureEventId = await insertEvent('明年的参会证测试对接会', '2099-01-15', 'open');
  fx.entName = (await db.selectFrom('organizations').select('name').where('id', '=', DEMO_ENTERPRISE).executeTakeFirstOrThrow()).name;
  fx.bankName = (await db.selectFrom('organizations').select('name').where('id', '=', DEMO_BANK).executeTakeFirstOrThrow()).name;
  fx.ent = await participate(fx.eventId, DEMO_ENTERPRISE, 'enterprise', 'accepted', [
    ['欧阳参会', '13900002001'],
    ['李证件', '13900002002'],
  ]);
  fx.bank = await participate(fx.eventId, DEMO_BANK, 'bank', 'accepted', [['王扫码', '13900002003']]);
  fx.govReps = await participate(fx.eventId, await insertOrg('government', fx.gov), 'government', 'accepted', [['赵局长', '13900002004']]);
  fx.declined = await participate(fx.eventId, await insertOrg('enterprise', '已婉拒参会证测试公司'), 'enterprise', 'declined', [
    ['钱婉拒', '13900002005'],
  ]);
  fx.other = await participate(fx.otherEventId, DEMO_ENTERPRISE, 'enterprise', 'accepted', [['孙别场', '13900002006']]);
  await participate(fx.futureEventId, DEMO_ENTERPRISE, 'enterprise', 'accepted', [['周明年', '13900002007']]);
  organizer = await client(DEMO.organizer);
  enterprise = await client(DEMO.enterprise);
});

afterAll(async () => {
  await server?.stop();
});

/** The badge code shown on the member's badge page, by representative id. */
async function badgeCodes(eventId: string): Promise<Map<string, { code: string; qrUrl: string }>> {
  const res = await enterprise.get(`/events/${eventId}/badges`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toContain('no-store');
  const html = plain(await res.text());
  const out = new Map<string, { code: string; qrUrl: string }>();
  for (const m of html.matchAll(/id="badge-([^"]+)"[\s\S]*?data-testid="badge-code">([^<]+)</g)) out.set(m[1], { code: m[2], qrUrl: '' });
  return out;
}

describe('badges (参会证)', () => {
  it('shows the member its own representatives’ badges with QR codes, no one else’s', async () => {
    const res = await enterprise.get(`/events/${fx.eventId}/badges`);
    const html = plain(await res.text());
    for (const r of fx.ent) expect(html).toContain(r.name);
    expect(html).not.toContain(fx.bank[0].name);
    expect(html).not.toContain(fx.govReps[0].name);
    expect((html.match(/data-testid="badge-qr"/g) ?? []).length).toBe(2);
    expect(html).toMatch(/src="data:image\/png;base64,/);
    const codes = await badgeCodes(fx.eventId);
    expect([...codes.keys()].sort()).toEqual(fx.ent.map((r) => r.id).sort());
    for (const [id, { code }] of codes) expect(code).toMatch(new RegExp(`^${id}\\.[A-Za-z0-9_-]{22}$`));
    // the session page links to it
    expect(await (await enterprise.get(`/events/${fx.eventId}`)).text()).toContain(`/events/${fx.eventId}/badges`);
  });

  it('prints the member’s badges as a PDF with name, organization and role; one badge with ?rep=', async () => {
    const all = await pdfText(await enterprise.get(`/events/${fx.eventId}/badges.pdf`));
    expect(all.pages).toBe(2);
    for (const r of fx.ent) expect(all.text).toContain(r.name);
    expect(all.text).toContain(fx.entName.replace(/\s+/g, ''));
    expect(all.text).toContain('参会证');
    expect(all.text).toContain('企业');
    expect(all.text).not.toContain(fx.bank[0].name);
    const one = await pdfText(await enterprise.get(`/events/${fx.eventId}/badges.pdf?rep=${fx.ent[1].id}`));
    expect(one.pages).toBe(1);
    expect(one.text).toContain(fx.ent[1].name);
    expect(one.text).not.toContain(fx.ent[0].name);
    // another organization's representative is not the member's to print
    expect((await enterprise.get(`/events/${fx.eventId}/badges.pdf?rep=${fx.bank[0].id}`)).status).toBe(404);
  });

  it('prints every badge of the session for the organizer, role colours by group', async () => {
    const res = await organizer.get(`/organizer/events/${fx.eventId}/badges.pdf`);
    const { text, pages } = await pdfText(res);
    expect(pages).toBe(4); // the declined organization's representative has no badge
    for (const r of [...fx.ent, ...fx.bank, ...fx.govReps]) expect(text).toContain(r.name);
    expect(text).toContain(fx.gov);
    expect(text).toContain('金融机构');
    expect(text).toContain('政府部门');
    expect(text).not.toContain(fx.declined[0].name);
  });

  it('prints the door sign with the self check-in QR code', async () => {
    const { text, pages } = await pdfText(await organizer.get(`/organizer/events/${fx.eventId}/door.pdf`));
    expect(pages).toBe(1);
    expect(text).toContain(TITLE);
    expect(text).toContain('扫码签到');
    const page = await (await organizer.get(`/organizer/events/${fx.eventId}`)).text();
    expect(page).toContain(`/organizer/events/${fx.eventId}/door.pdf`);
    expect(page).toContain(`/organizer/events/${fx.eventId}/scan`);
  });
});

describe('staff scanner', () => {
  const scan = (code: string, eventId = fx.eventId) => organizer.post(`/organizer/events/${eventId}/scan`, { code });

  it('checks a representative in from the badge code, and a second scan says 已签到 with the first time', async () => {
    const codes = await badgeCodes(fx.eventId);
    const { code } = codes.get(fx.ent[0].id)!;
    let res = await scan(code);
    expect(res.status).toBe(200);
    let html = plain(await res.text());
    const first = html.match(/data-testid="scan-status">签到成功 (\d\d:\d\d)</);
    expect(first, html.slice(0, 400)).not.toBeNull();
    expect(html).toContain(fx.ent[0].name);
    const row = await db
      .selectFrom('event_representatives')
      .select(['checked_in_at', 'checked_in_via', 'checked_in_by'])
      .where('id', '=', fx.ent[0].id)
      .executeTakeFirstOrThrow();
    expect(row.checked_in_via).toBe('badge');
    expect(row.checked_in_by).toBe(organizerId);
    const at = row.checked_in_at!;

    // the URL the QR code holds works the same, and changes nothing the second time
    res = await scan(`  ${server.url}/organizer/events/${fx.eventId}/scan?t=${encodeURIComponent(code)} `);
    html = plain(await res.text());
    expect(html).toContain(`data-testid="scan-status">已签到 ${first![1]}<`);
    const again = await db
      .selectFrom('event_representatives')
      .select('checked_in_at')
      .where('id', '=', fx.ent[0].id)
      .executeTakeFirstOrThrow();
    expect(again.checked_in_at).toBe(at);

    // arrivals show in the live counts of the check-in page
    const checkin = plain(await (await organizer.get(`/organizer/events/${fx.eventId}/checkin`)).text());
    const m = checkin.match(/data-testid="checkin-count-enterprise"[\s\S]*?data-testid="arrived">(\d+)<\/span>[\s\S]*?\/ (\d+)/);
    expect(m?.slice(1)).toEqual(['1', '2']);
  });

  it('opens with the code filled in when a phone camera app followed the QR link, without checking in on GET', async () => {
    const { code } = (await badgeCodes(fx.eventId)).get(fx.ent[1].id)!;
    const res = await organizer.get(`/organizer/events/${fx.eventId}/scan?t=${encodeURIComponent(code)}`);
    expect(res.status).toBe(200);
    const html = plain(await res.text());
    expect(html).toContain(`value="${code}"`);
    expect(html).toContain('已从二维码链接读取参会证');
    const row = await db
      .selectFrom('event_representatives')
      .select('checked_in_at')
      .where('id', '=', fx.ent[1].id)
      .executeTakeFirstOrThrow();
    expect(row.checked_in_at).toBeNull();
  });

  it('refuses another session’s badge, a forged one and anything that is no badge, with a clear message', async () => {
    const other = (await badgeCodes(fx.otherEventId)).get(fx.other[0].id)!.code;
    let res = await scan(other);
    expect(res.status).toBe(400);
    expect(plain(await res.text())).toContain(`此参会证属于另一场对接会：${OTHER_TITLE}`);
    const forged = `${fx.bank[0].id}.${'A'.repeat(22)}`;
    for (const code of [forged, 'hello', `${fx.bank[0].id}.`, 'https://example.com/?t=x.y']) {
      res = await scan(code);
      expect(res.status, code).toBe(400);
      expect(plain(await res.text())).toContain('无法识别的参会证');
    }
    res = await scan('');
    expect(res.status).toBe(400);
    const untouched = await db
      .selectFrom('event_representatives')
      .select('checked_in_at')
      .where('id', 'in', [fx.bank[0].id, fx.other[0].id])
      .execute();
    expect(untouched.every((r) => r.checked_in_at === null)).toBe(true);
  });

  it('answers in English for a user who chose English', async () => {
    const { code } = (await badgeCodes(fx.eventId)).get(fx.ent[0].id)!;
    organizer.cookies.set('finmatch_lang', 'en');
    try {
      const res = await organizer.post(`/organizer/events/${fx.eventId}/scan`, { code });
      expect(plain(await res.text())).toMatch(/Already checked in \d\d:\d\d/);
      const other = (await badgeCodes(fx.otherEventId)).get(fx.other[0].id)!.code;
      expect(plain(await (await organizer.post(`/organizer/events/${fx.eventId}/scan`, { code: other })).text())).toContain(
        `This badge is for another session: ${OTHER_TITLE}`,
      );
    } finally {
      organizer.cookies.delete('finmatch_lang');
    }
  });
});

describe('self check-in at the door', () => {
  /** The self check-in page as linked from the organizer's session page (the door QR code holds the same URL). */
  async function doorPath(eventId: string): Promise<string> {
    const html = await (await organizer.get(`/organizer/events/${eventId}`)).text();
    const m = html.match(/href="(\/checkin\/[^"]+)"[^>]*data-testid="door-link"/);
    expect(m).not.toBeNull();
    return m![1];
  }

  it('opens for everyone with the right door token only', async () => {
    const anon = new HttpClient(server.url);
    const path = await doorPath(fx.eventId);
    const res = await anon.get(path);
    expect(res.status).toBe(200);
    const html = plain(await res.text());
    expect(html).toContain(TITLE);
    expect(html).toContain('name="phone"');
    expect((await anon.get(`/checkin/${fx.eventId}/${'A'.repeat(22)}`)).status).toBe(404);
    expect((await anon.get(path.replace(fx.eventId, fx.otherEventId))).status).toBe(404);
  });

  it('checks a representative in with their mobile number; the second time says 已签到 with the first time', async () => {
    const anon = new HttpClient(server.url);
    const path = await doorPath(fx.eventId);
    let res = await anon.post(path, { phone: '139 0000 2004' });
    expect(res.status).toBe(200);
    let html = plain(await res.text());
    const first = html.match(/data-testid="self-status">签到成功 (\d\d:\d\d)</);
    expect(first, html.slice(0, 300)).not.toBeNull();
    expect(html).toContain(fx.govReps[0].name);
    const row = await db
      .selectFrom('event_representatives')
      .select(['checked_in_via', 'checked_in_by'])
      .where('id', '=', fx.govReps[0].id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ checked_in_via: 'self', checked_in_by: null });
    res = await anon.post(path, { phone: '13900002004' });
    html = plain(await res.text());
    expect(html).toContain(`data-testid="self-status">已签到 ${first![1]}<`);
    // a badge scan after it agrees
    const gov = await db
      .selectFrom('event_representatives')
      .select('checked_in_at')
      .where('id', '=', fx.govReps[0].id)
      .executeTakeFirstOrThrow();
    expect(gov.checked_in_at).not.toBeNull();
  });

  it('refuses a number that is not a representative of this session, and a malformed one', async () => {
    const anon = new HttpClient(server.url);
    const path = await doorPath(fx.eventId);
    let res = await anon.post(path, { phone: fx.declined[0].phone });
    expect(res.status).toBe(400);
    expect(plain(await res.text())).toContain('该手机号码未登记为本场参会代表');
    res = await anon.post(path, { phone: '12345' });
    expect(res.status).toBe(400);
    expect(plain(await res.text())).toContain('请输入有效的 11 位手机号码');
    const declined = await db
      .selectFrom('event_representatives')
      .select('checked_in_at')
      .where('id', '=', fx.declined[0].id)
      .executeTakeFirstOrThrow();
    expect(declined.checked_in_at).toBeNull();
  });

  it('is open on the session’s day only', async () => {
    const anon = new HttpClient(server.url);
    const path = await doorPath(fx.futureEventId);
    const page = plain(await (await anon.get(path)).text());
    expect(page).toContain('自助签到仅在对接会当天（2099-01-15）开放');
    const res = await anon.post(path, { phone: '13900002007' });
    expect(res.status).toBe(400);
  });

  it('throttles guessing: after five wrong numbers from one address even a right one waits', async () => {
    const anon = new HttpClient(server.url);
    const path = await doorPath(fx.otherEventId);
    // the earlier wrong number at the other session does not count here
    for (let i = 0; i < 5; i++) {
      const res = await anon.post(path, { phone: `1370000100${i}` });
      expect(res.status).toBe(400);
    }
    const res = await anon.post(path, { phone: fx.other[0].phone });
    expect(res.status).toBe(429);
    expect(plain(await res.text())).toMatch(/尝试次数过多，请 \d+ 分钟后再试/);
    const row = await db
      .selectFrom('event_representatives')
      .select('checked_in_at')
      .where('id', '=', fx.other[0].id)
      .executeTakeFirstOrThrow();
    expect(row.checked_in_at).toBeNull();
  });
});
