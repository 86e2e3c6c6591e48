import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaForOrg, attendingOrganizations, parseReasons } from '~/modules/events/meetings.server';
import { createTempDatabase, type TempDatabase } from '../../tests/support/temp-db';
import { seedFoundation } from '../seed';
import { seedEvents } from './events';
import { DEMO_EVENT_ID, seedMeetings } from './meetings';
import { seedNeeds } from './needs';
import { seedOrganizations } from './organizations';
import { seedProducts } from './products';

let handle: TempDatabase;

/** The open demo session, as the sessions seed makes it (inserted here when that seed does not). */
async function ensureDemoEvent(db: TempDatabase['db']) {
  await seedEvents(db);
  if (await db.selectFrom('events').select('id').where('id', '=', DEMO_EVENT_ID).executeTakeFirst()) return;
  const now = new Date().toISOString();
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  await db
    .insertInto('events')
    .values({
      id: DEMO_EVENT_ID,
      region_code: '410400',
      created_by: 'demousr000000002',
      title: '演示对接会',
      theme: '普惠金融',
      event_date: inDays(20),
      start_time: '09:00',
      venue: '平顶山市会展中心',
      capacity: 200,
      registration_deadline: inDays(15),
      open_registration: 1,
      slot_count: 6,
      slot_minutes: 20,
      table_count: 8,
      first_slot_time: '10:00',
      description: null,
      status: 'open',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const orgs = await db
    .selectFrom('organizations')
    .select(['id', 'kind'])
    .where('status', '=', 'verified')
    .where('kind', 'in', ['enterprise', 'bank'])
    .orderBy('id')
    .execute();
  let i = 0;
  for (const o of orgs.slice(0, 20)) {
    i++;
    await db
      .insertInto('event_participants')
      .values({
        id: `seedtestpar${String(i).padStart(5, '0')}`,
        event_id: DEMO_EVENT_ID,
        organization_id: o.id,
        role: o.kind as 'enterprise' | 'bank',
        status: i === 5 || i === 14 ? 'invited' : 'accepted',
        invited_by: null,
        responded_by: null,
        responded_at: null,
        checkin_token: `seedtesttok${i}`,
        created_at: now,
      })
      .execute();
  }
}

beforeAll(async () => {
  handle = await createTempDatabase();
  await seedFoundation(handle.db);
  await seedOrganizations(handle.db);
  await seedProducts(handle.db);
  await seedNeeds(handle.db);
});
afterAll(async () => {
  await handle?.cleanup();
});

describe('demo meetings seed', () => {
  it('does nothing while the demo session does not exist', async () => {
    await seedMeetings(handle.db);
    expect(await handle.db.selectFrom('meeting_requests').select('id').execute()).toEqual([]);
  });

  it('makes accepted, pending and declined requests between attending organizations, with a stored schedule', async () => {
    await ensureDemoEvent(handle.db);
    await seedMeetings(handle.db);
    const db = handle.db;
    const event = await db.selectFrom('events').selectAll().where('id', '=', DEMO_EVENT_ID).executeTakeFirstOrThrow();
    const requests = await db.selectFrom('meeting_requests').selectAll().where('event_id', '=', DEMO_EVENT_ID).execute();
    const statuses = new Set(requests.map((r) => r.status));
    for (const s of ['accepted', 'pending', 'declined']) expect(statuses).toContain(s);

    const attending = new Set((await attendingOrganizations(db, DEMO_EVENT_ID)).map((o) => o.id));
    const kinds = new Map((await db.selectFrom('organizations').select(['id', 'kind']).execute()).map((o) => [o.id, o.kind]));
    for (const r of requests) {
      expect(attending.has(r.enterprise_org_id) && attending.has(r.bank_org_id)).toBe(true);
      expect(kinds.get(r.enterprise_org_id)).toBe('enterprise');
      expect(kinds.get(r.bank_org_id)).toBe('bank');
      expect([r.enterprise_org_id, r.bank_org_id]).toContain(r.requested_by_org_id);
    }
    expect(requests.some((r) => parseReasons(r.reasons).some((x) => x.key === 'meetings.reason.pair'))).toBe(true);

    // the schedule: accepted requests only, nobody and no table twice in a slot, availability respected
    const placements = await db.selectFrom('meeting_placements').selectAll().where('event_id', '=', DEMO_EVENT_ID).execute();
    expect(placements.length).toBeGreaterThan(0);
    expect(event.schedule_placed).toBe(placements.length);
    expect(event.schedule_bound).toBeGreaterThanOrEqual(placements.length);
    expect(event.scheduled_at).not.toBeNull();
    const byId = new Map(requests.map((r) => [r.id, r]));
    const away = await db.selectFrom('event_unavailability').selectAll().where('event_id', '=', DEMO_EVENT_ID).execute();
    expect(away.length).toBeGreaterThan(0);
    const busy = new Set<string>();
    for (const p of placements) {
      const r = byId.get(p.request_id)!;
      expect(r.status).toBe('accepted');
      for (const org of [r.enterprise_org_id, r.bank_org_id]) {
        expect(busy.has(`${org}|${p.slot}`)).toBe(false);
        busy.add(`${org}|${p.slot}`);
        expect(away.some((a) => a.organization_id === org && a.slot === p.slot)).toBe(false);
      }
    }

    // both demo accounts meet each other on their agendas
    const pair = requests.find((r) => r.enterprise_org_id === 'demoent000000001' && r.bank_org_id === 'demobank00000001');
    expect(attending.has('demoent000000001') && attending.has('demobank00000001')).toBe(true);
    {
      expect(pair?.status).toBe('accepted');
      const agenda = await agendaForOrg(db, event, 'demoent000000001');
      expect(agenda.some((a) => a.counterpartId === 'demobank00000001')).toBe(true);
    }
  });
});
