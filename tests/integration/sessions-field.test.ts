/**
 * Sessions as they are really run (issue 16) over HTTP: a past session recorded
 * after the fact (held, nobody invited or notified, then its participants and
 * agreements), the human-readable session number, the labels of the session page,
 * the new form's pre-filled agenda, the desk mode, signing figures on the session
 * page and list, and a terminated agreement marked on the live screen. Runs on
 * SQLite and, with TEST_PG_URL, on PostgreSQL.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO, type HttpClient } from '../support/http-client';
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;

const DAY_MS = 86_400_000;
/** China-local date `days` from today. */
const inDays = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
const DEMO_BANK = 'demobank00000001';
const DEMO_ENTERPRISE = 'demoent000000001';

const fixtures = orgFixtures({
  db: () => db,
  passwordHash: () => '',
  serverUrl: () => server.url,
  orgPrefix: (kind) => (kind === 'bank' ? 'fdbank' : 'fdent'),
  userPrefix: 'fdusr',
  label: 'sessions',
});
const { client } = fixtures;

function sessionForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: '舞钢市政银企对接会（补录测试）',
    theme: '纺织产业专场',
    eventDate: inDays(20),
    startTime: '09:00',
    venue: '舞钢市会议中心',
    regionCode: '410481',
    capacity: '80',
    registrationDeadline: inDays(10),
    slotCount: '6',
    slotMinutes: '20',
    tableCount: '10',
    firstSlotTime: '10:00',
    intent: 'create',
    ...over,
  };
}

async function create(c: HttpClient, over: Record<string, string> = {}): Promise<string> {
  const res = await c.post('/organizer/events/new', sessionForm(over));
  expect(res.status, (await res.clone().text()).slice(0, 400)).toBe(302);
  return res.headers.get('location')!.split('/').pop()!;
}

const eventRow = (id: string) => db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

let organizer: HttpClient;
let bank: HttpClient;

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  [organizer, bank] = await Promise.all([client(DEMO.organizer), client(DEMO.bank)]);
});
afterAll(async () => {
  await server?.stop();
});

describe('a session recorded after it took place', () => {
  let pastId = '';

  it('is created held with registration closed, its deadline its date, and a number of its region and year', async () => {
    const date = inDays(-30);
    pastId = await create(organizer, { recordPast: 'on', eventDate: date, registrationDeadline: '' });
    const row = await eventRow(pastId);
    expect(row).toMatchObject({
      status: 'held',
      recorded_past: 1,
      open_registration: 0,
      registration_deadline: date,
      number_region: '410481',
      number_year: date.slice(0, 4),
    });
    const html = await (await organizer.get(`/organizer/events/${pastId}`)).text();
    expect(html).toContain(`data-testid="event-number">舞钢-${date.slice(0, 4)}-${String(row.number_seq).padStart(3, '0')}<`);
    expect(html).toContain('补录');
    const list = await (await organizer.get('/organizer/events?status=held')).text();
    expect(list).toContain(`舞钢-${date.slice(0, 4)}-${String(row.number_seq).padStart(3, '0')}`);
  });

  it('refuses a “past” session dated after today, and a normal one dated in the past points to 补录', async () => {
    const future = await organizer.post('/organizer/events/new', sessionForm({ recordPast: 'on', eventDate: inDays(3) }));
    expect(future.status).toBe(400);
    expect(await future.text()).toContain('补录的对接会日期不能晚于今天');
    const past = await organizer.post('/organizer/events/new', sessionForm({ eventDate: inDays(-3), registrationDeadline: inDays(-5) }));
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('补录已举办的对接会');
  });

  it('takes its participants as attended without invitations or notifications, and no open registration', async () => {
    const notesBefore = await db.selectFrom('notifications').select('id').where('link', '=', `/events/${pastId}`).execute();
    const res = await organizer.post(`/organizer/events/${pastId}/invitations`, { intent: 'invite', orgIds: [DEMO_BANK, DEMO_ENTERPRISE] });
    expect(res.status).toBe(302);
    const parts = await db
      .selectFrom('event_participants')
      .select(['organization_id', 'status', 'responded_at'])
      .where('event_id', '=', pastId)
      .execute();
    expect(parts.map((p) => p.status).sort()).toEqual(['accepted', 'accepted']);
    expect(parts.every((p) => p.responded_at !== null)).toBe(true);
    const notesAfter = await db.selectFrom('notifications').select('id').where('link', '=', `/events/${pastId}`).execute();
    expect(notesAfter.length).toBe(notesBefore.length);
    const page = await (await organizer.get(`/organizer/events/${pastId}/invitations`)).text();
    expect(page).toContain('本场对接会为补录');
    const version = String((await eventRow(pastId)).version);
    expect(
      (await organizer.post(`/organizer/events/${pastId}/invitations`, { intent: 'openRegistration', open: '1', version })).status,
    ).toBe(409);
  });

  it('takes its agreements; the session page and list show the signed total, counts and meetings', async () => {
    const res = await organizer.post('/agreements/new', {
      bankId: DEMO_BANK,
      enterpriseId: DEMO_ENTERPRISE,
      eventId: pastId,
      amount: '3000',
      termMonths: '12',
      signedOn: (await eventRow(pastId)).event_date,
      bankSignatory: '张行长',
      enterpriseSignatory: '李总',
    });
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(302);
    const agreement = await db.selectFrom('agreements').selectAll().where('event_id', '=', pastId).executeTakeFirstOrThrow();
    expect(agreement.confirmed_at).not.toBeNull();
    const html = await (await organizer.get(`/organizer/events/${pastId}`)).text();
    const block = html.slice(
      html.indexOf('data-testid="event-signing"'),
      html.indexOf('</dl>', html.indexOf('data-testid="event-signing"')),
    );
    expect(block).toContain('3,000万元');
    expect(block).toContain('1 / 1');
    const list = await (await organizer.get('/organizer/events?status=held')).text();
    expect(list).toMatch(/data-testid="event-signed">3,000万元/);
  });

  it('marks an agreement terminated after signing on the live screen and keeps it in the total', async () => {
    const agreement = await db.selectFrom('agreements').selectAll().where('event_id', '=', pastId).executeTakeFirstOrThrow();
    const step = await organizer.post(`/agreements/${agreement.id}`, {
      intent: 'terminate',
      version: String(agreement.version),
      reason: '企业转向其他融资渠道',
    });
    expect(step.status, (await step.clone().text()).slice(0, 300)).toBe(302);
    const live = (await (await organizer.get(`/organizer/events/${pastId}/live.json`)).json()) as {
      total: number;
      terminatedCount: number;
      latest: { terminated: boolean }[];
    };
    expect(live.total).toBe(30_000_000);
    expect(live.terminatedCount).toBe(1);
    expect(live.latest[0].terminated).toBe(true);
    const page = await (await organizer.get(`/organizer/events/${pastId}/live`)).text();
    expect(page).toContain('data-terminated="true"');
    expect(page).toContain('已终止');
  });
});

describe('numbers, labels and the new-session form', () => {
  it('numbers sessions of one region and year in sequence', async () => {
    const a = await eventRow(await create(organizer));
    const b = await eventRow(await create(organizer));
    expect(b.number_region).toBe('410481');
    expect(b.number_year).toBe(a.number_year);
    expect(b.number_seq).toBe(a.number_seq! + 1);
  });

  it('pre-fills an agenda that saves as it is, defaults to fixed bank desks, and labels status and self-registration apart', async () => {
    const form = await (await organizer.get('/organizer/events/new')).text();
    expect(form).toContain('领导致辞、银行推介');
    expect(form).toContain('补录已举办的对接会');
    // the browser sends the pre-filled rows back unchanged
    const id = await create(organizer, {
      'agenda[0].startsAt': '09:00',
      'agenda[0].title': '领导致辞、银行推介',
      'agenda[1].startsAt': '10:00',
      'agenda[1].title': '银企一对一洽谈',
    });
    expect((await eventRow(id)).desk_mode).toBe('fixed');
    const html = await (await organizer.get(`/organizer/events/${id}`)).text();
    expect(html).toContain('发出邀请、开始报名');
    expect(html).toContain('允许未受邀机构自主报名');
    expect(html).not.toContain('>开放报名<');
    expect(html).toContain('金融机构固定桌位');
    const free = await create(organizer, { deskMode: 'free' });
    expect((await eventRow(free)).desk_mode).toBe('free');
    expect((await organizer.post('/organizer/events/new', sessionForm({ deskMode: 'round' }))).status).toBe(400);
  });

  it('a bank cannot record a past session', async () => {
    expect((await bank.post('/organizer/events/new', sessionForm({ recordPast: 'on', eventDate: inDays(-3) }))).status).toBe(403);
  });
});

describe('fixed bank desks', () => {
  let eventId = '';
  const banks: string[] = [];
  const ents: string[] = [];
  const req: Record<string, { ent: string; bank: string }> = {};

  /** A verified bank (平顶山, serving no region of its own) or enterprise (舞钢). */
  const org = (kind: 'bank' | 'enterprise', name: string): Promise<string> =>
    fixtures.org(kind, name, kind === 'enterprise' ? '410481' : '410400', {
      serves: false,
      founded_year: null,
      contact_phone: '13900000000',
    });

  beforeAll(async () => {
    eventId = await create(organizer, { tableCount: '4', slotCount: '6' });
    const now = new Date().toISOString();
    const orgIds = [];
    for (const name of ['舞钢桌牌测试乙银行', '舞钢桌牌测试甲银行']) banks.push(await org('bank', name));
    for (const name of ['舞钢桌牌测试一公司', '舞钢桌牌测试二公司', '舞钢桌牌测试三公司']) ents.push(await org('enterprise', name));
    orgIds.push(...banks, ...ents);
    const organizerId = (await eventRow(eventId)).created_by;
    for (const o of orgIds) {
      await db
        .insertInto('event_participants')
        .values({
          id: `fdp${o.slice(3, 16)}`,
          event_id: eventId,
          organization_id: o,
          role: banks.includes(o) ? 'bank' : 'enterprise',
          status: 'accepted',
          invited_by: organizerId,
          responded_by: null,
          responded_at: now,
          checkin_token: `fdtok${o}`.padEnd(32, 'x'),
          created_at: now,
        })
        .execute();
    }
    let n = 0;
    for (const e of ents) {
      for (const b of banks) {
        const id = `fdreq${String(++n).padStart(11, '0')}`;
        req[id] = { ent: e, bank: b };
        await db
          .insertInto('meeting_requests')
          .values({
            id,
            event_id: eventId,
            enterprise_org_id: e,
            bank_org_id: b,
            requested_by_org_id: e,
            requested_by_user_id: organizerId,
            message: null,
            reasons: '[]',
            status: 'accepted',
            responded_by: organizerId,
            responded_at: now,
            created_at: now,
          })
          .execute();
      }
    }
    await db.updateTable('events').set({ status: 'open' }).where('id', '=', eventId).execute();
  });

  const placements = () => db.selectFrom('meeting_placements').selectAll().where('event_id', '=', eventId).execute();
  const deskOf = async () =>
    new Map(
      (
        await db
          .selectFrom('event_participants')
          .select(['organization_id', 'desk_no'])
          .where('event_id', '=', eventId)
          .where('role', '=', 'bank')
          .execute()
      ).map((p) => [p.organization_id, p.desk_no]),
    );

  it('gives each bank one desk in name order and schedules every meeting of a bank at its desk, reaching the bound', async () => {
    const res = await organizer.post(`/organizer/events/${eventId}/schedule`, { intent: 'run' });
    expect(res.status).toBe(302);
    const desks = await deskOf();
    // 甲 before 乙 in pinyin order
    expect(desks.get(banks[1])).toBe(0);
    expect(desks.get(banks[0])).toBe(1);
    const placed = await placements();
    expect(placed).toHaveLength(6);
    for (const p of placed) expect(p.table_no).toBe(desks.get(req[p.request_id].bank));
    const row = await eventRow(eventId);
    expect(row.schedule_placed).toBe(6);
    expect(row.schedule_bound).toBe(6);
    const html = await (await organizer.get(`/organizer/events/${eventId}/schedule`)).text();
    expect(html).toContain('金融机构桌位（桌牌）');
    expect(html).toMatch(/1 号桌<\/span><span[^>]*>舞钢桌牌测试甲银行/);
  });

  it('keeps a hand-moved meeting at its bank’s desk whatever table was chosen', async () => {
    const html = await (await organizer.get(`/organizer/events/${eventId}/schedule`)).text();
    const stamp = /name="stamp" value="([^"]+)"/.exec(html)![1];
    const placed = await placements();
    const m = placed.find((p) => p.slot === 0)!;
    const free = [0, 1, 2, 3, 4, 5].find(
      (s) =>
        s !== m.slot &&
        !placed.some(
          (p) =>
            p.slot === s &&
            (req[p.request_id].ent === req[m.request_id].ent || req[p.request_id].bank === req[m.request_id].bank) &&
            p.request_id !== m.request_id,
        ),
    );
    // 6 slots: the bank has 3 free, the enterprise 4, so they share one
    expect(free).toBeDefined();
    const res = await organizer.post(`/organizer/events/${eventId}/schedule`, {
      intent: 'move',
      requestId: m.request_id,
      slot: String(free! + 1),
      table: '4',
      stamp,
    });
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(302);
    const after = (await placements()).find((p) => p.request_id === m.request_id)!;
    expect(after.slot).toBe(free);
    expect(after.manual).toBe(1);
    expect(after.table_no).toBe((await deskOf()).get(req[m.request_id].bank));
  });

  it('moves a bank to another desk (swapping with the bank there), its meetings follow, and prints the desk signs', async () => {
    const participant = await db
      .selectFrom('event_participants')
      .select('id')
      .where('event_id', '=', eventId)
      .where('organization_id', '=', banks[0])
      .executeTakeFirstOrThrow();
    expect(
      (await organizer.post(`/organizer/events/${eventId}/schedule`, { intent: 'desk', participantId: participant.id, desk: '9' })).status,
    ).toBe(400);
    const res = await organizer.post(`/organizer/events/${eventId}/schedule`, { intent: 'desk', participantId: participant.id, desk: '1' });
    expect(res.status).toBe(302);
    const desks = await deskOf();
    expect(desks.get(banks[0])).toBe(0);
    expect(desks.get(banks[1])).toBe(1);
    for (const p of await placements()) expect(p.table_no).toBe(desks.get(req[p.request_id].bank));

    const pdf = await organizer.get(`/organizer/events/${eventId}/desks.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const { extractText, getDocumentProxy } = await import('unpdf');
    const doc = await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer()));
    expect(doc.numPages).toBe(2);
    const { text } = await extractText(doc, { mergePages: false });
    expect(text[0]).toContain('1号桌');
    expect(text[0]).toContain('舞钢桌牌测试乙银行');
    expect(text[1]).toContain('2号桌');
    expect(text[1]).toContain('舞钢桌牌测试甲银行');
  });
});
