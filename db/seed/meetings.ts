/**
 * Demo 1:1 meeting requests, availability and a schedule for the open demo session
 * `demoevt000000001` (created by ./events.ts). Does nothing when that session, or
 * attending enterprises and banks, do not exist.
 *
 * - the demo enterprise ↔ demo bank: accepted (both demo accounts see it on their agenda);
 * - another enterprise → the demo bank and another bank → the demo enterprise: pending
 *   (each demo account has a request to answer);
 * - every attending enterprise asks up to three banks; mostly accepted, some pending,
 *   declined or withdrawn; reasons from matching where it pairs them;
 * - two organizations cannot attend some slots;
 * - the scheduler has run over the accepted requests (placements and figures stored).
 *   The session's status is left as the sessions seed made it (registration may go on).
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, MeetingRequestStatus, MeetingRequestsTable } from '../schema';
import { attendingOrganizations, suggestionsFor, type Reason } from '../../app/modules/events/meetings.server';
import { acceptedRequests, unavailability } from '../../app/modules/events/schedule.server';
import { schedule } from '../../app/modules/events/scheduler';

export const DEMO_EVENT_ID = 'demoevt000000001';
const DEMO_ENTERPRISE_ID = 'demoent000000001';
const DEMO_BANK_ID = 'demobank00000001';
const HOUR_MS = 3_600_000;

function seedId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;
}

const MESSAGES = [
  '希望了解贵行普惠小微贷款的申请条件和审批时限。',
  '我司有扩产计划，想当面沟通中长期贷款方案。',
  '贵企业的融资需求与我行产品较为契合，希望现场详谈。',
  null,
];

export async function seedMeetings(db: Kysely<Database>): Promise<void> {
  const event = await db.selectFrom('events').selectAll().where('id', '=', DEMO_EVENT_ID).executeTakeFirst();
  if (!event || event.status === 'draft') return;
  const [enterprises, banks] = await Promise.all([
    attendingOrganizations(db, event.id, 'enterprise'),
    attendingOrganizations(db, event.id, 'bank'),
  ]);
  if (enterprises.length === 0 || banks.length === 0) return;
  const existing = await db.selectFrom('meeting_requests').select('id').where('event_id', '=', event.id).limit(1).executeTakeFirst();
  if (existing) return;

  const now = Date.now();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR_MS).toISOString();
  const byId = new Map([...enterprises, ...banks].map((o) => [o.id, o]));

  // pairs → (status, asked by)
  type Plan = { enterprise: string; bank: string; status: MeetingRequestStatus; by: 'enterprise' | 'bank' };
  const plans = new Map<string, Plan>();
  const put = (p: Plan) => plans.set(`${p.enterprise}|${p.bank}`, p);
  let n = 0;
  enterprises.forEach((e, i) => {
    const picks = [...new Set([i % banks.length, (i + 1) % banks.length, (i + 3) % banks.length])].slice(0, i % 4 === 3 ? 1 : 3);
    for (const j of picks) {
      n++;
      const status: MeetingRequestStatus = n % 11 === 10 ? 'withdrawn' : n % 7 === 5 ? 'pending' : n % 7 === 6 ? 'declined' : 'accepted';
      put({ enterprise: e.id, bank: banks[j].id, status, by: n % 3 === 0 ? 'bank' : 'enterprise' });
    }
  });
  if (byId.has(DEMO_ENTERPRISE_ID) && byId.has(DEMO_BANK_ID))
    put({ enterprise: DEMO_ENTERPRISE_ID, bank: DEMO_BANK_ID, status: 'accepted', by: 'enterprise' });
  const otherEnterprise = enterprises.find((e) => e.id !== DEMO_ENTERPRISE_ID);
  if (otherEnterprise && byId.has(DEMO_BANK_ID))
    put({ enterprise: otherEnterprise.id, bank: DEMO_BANK_ID, status: 'pending', by: 'enterprise' });
  const otherBank = banks.find((b) => b.id !== DEMO_BANK_ID);
  if (otherBank && byId.has(DEMO_ENTERPRISE_ID)) put({ enterprise: DEMO_ENTERPRISE_ID, bank: otherBank.id, status: 'pending', by: 'bank' });

  // who asked: the organization's first user; reasons: the matching's, as the page would store them
  const users = await db
    .selectFrom('users')
    .select(['id', 'organization_id'])
    .where('organization_id', 'in', [...byId.keys()])
    .orderBy('id')
    .execute();
  const userOf = new Map<string, string>();
  for (const u of users) if (u.organization_id && !userOf.has(u.organization_id)) userOf.set(u.organization_id, u.id);
  const reasonsCache = new Map<string, Map<string, Reason[]>>();
  const reasonsFor = async (orgId: string, kind: 'enterprise' | 'bank', other: string) => {
    let m = reasonsCache.get(orgId);
    if (!m) {
      m = new Map((await suggestionsFor(db, event.id, { orgId, orgKind: kind })).map((s) => [s.orgId, s.reasons]));
      reasonsCache.set(orgId, m);
    }
    return m.get(other) ?? [];
  };

  const rows: Insertable<MeetingRequestsTable>[] = [];
  let k = 0;
  for (const p of plans.values()) {
    k++;
    const asker = p.by === 'enterprise' ? p.enterprise : p.bank;
    const asked = p.by === 'enterprise' ? p.bank : p.enterprise;
    const hoursAgo = 100 - Math.min(k, 190) / 2;
    rows.push({
      id: seedId('demomtg', k),
      event_id: event.id,
      enterprise_org_id: p.enterprise,
      bank_org_id: p.bank,
      requested_by_org_id: asker,
      requested_by_user_id: userOf.get(asker) ?? event.created_by,
      message: MESSAGES[k % MESSAGES.length],
      reasons: JSON.stringify(await reasonsFor(asker, p.by, asked)),
      status: p.status,
      responded_by: p.status === 'pending' ? null : ((p.status === 'withdrawn' ? userOf.get(asker) : userOf.get(asked)) ?? null),
      responded_at: p.status === 'pending' ? null : at(hoursAgo / 2),
      created_at: at(hoursAgo),
    });
  }

  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 100)
      await trx
        .insertInto('meeting_requests')
        .values(rows.slice(i, i + 100))
        .execute();
    // a bank arrives late (first slot), an enterprise leaves early (last two slots)
    const away: { event_id: string; organization_id: string; slot: number }[] = [];
    const lateBank = banks.find((b) => b.id !== DEMO_BANK_ID);
    if (lateBank && event.slot_count > 1) away.push({ event_id: event.id, organization_id: lateBank.id, slot: 0 });
    const earlyEnterprise = enterprises.filter((e) => e.id !== DEMO_ENTERPRISE_ID)[1];
    if (earlyEnterprise && event.slot_count > 2) {
      for (const slot of [event.slot_count - 2, event.slot_count - 1])
        away.push({ event_id: event.id, organization_id: earlyEnterprise.id, slot });
    }
    if (away.length) await trx.insertInto('event_unavailability').values(away).execute();

    // the scheduler's run over the accepted requests
    const requests = (await acceptedRequests(trx, event.id))
      .filter((r) => r.attending)
      .map(({ id, enterpriseId, bankId }) => ({ id, enterpriseId, bankId }));
    const result = schedule({
      slots: event.slot_count,
      tables: event.table_count,
      requests,
      unavailable: await unavailability(trx, event.id),
    });
    const ranAt = at(2);
    const placements = result.placements.map((p) => ({
      request_id: p.requestId,
      event_id: event.id,
      slot: p.slot,
      table_no: p.table,
      manual: 0,
      placed_at: ranAt,
    }));
    for (let i = 0; i < placements.length; i += 100)
      await trx
        .insertInto('meeting_placements')
        .values(placements.slice(i, i + 100))
        .execute();
    await trx
      .updateTable('events')
      .set({ schedule_placed: result.placed, schedule_bound: result.bound, scheduled_at: ranAt })
      .where('id', '=', event.id)
      .execute();
  });
}
