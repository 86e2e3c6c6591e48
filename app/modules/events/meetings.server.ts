/**
 * 1:1 meeting requests at a matchmaking event (对接会), the participants' side:
 * suggestions from matching, requests between attending enterprises and banks,
 * answers, withdrawals, availability, and each organization's own agenda.
 *
 * Every function takes the acting organization and filters by it: an organization
 * sees and changes only requests it is a party to. Phones are never selected here.
 */
import type { Selectable } from 'kysely';
import type { EventsTable, EventStatus, MeetingRequestStatus, OrgKind } from '#db/schema';
import { loadMatchContext, loadNeedForMatch, loadPublishedNeeds, loadPublishedProducts } from '~/modules/matching/queries.server';
import { rankNeedsForProduct, rankProductsForNeed, type Criterion } from '~/modules/matching';
import { type DB, inTransaction } from '~/utils/db.server';
import { uniqueViolation } from '~/utils/db-errors';
import { AppError } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { activeUsersOf, notifyUsers } from '~/modules/notifications/notifications.server';
import { agendaOf, type AgendaItem, type PlacedMeeting } from './agenda';
import { syncPublishedSchedule } from './publish.server';

export type EventRow = Selectable<EventsTable>;

/** Requests, answers and availability are taken while the event is open or scheduled (before it is held). */
export function meetingsOpen(status: EventStatus): boolean {
  return status === 'open' || status === 'scheduled';
}

/** A participant organization attends when it accepted the invitation or registered itself. */
export function attends(status: string | null | undefined): boolean {
  return status === 'accepted' || status === 'registered';
}

export interface MeetingActor {
  orgId: string;
  orgKind: OrgKind;
  userId: string;
}

/**
 * Reads the event inside a transaction after taking its row lock (a no-op update),
 * so that changes to one event's requests and grid run one after another on
 * PostgreSQL as they do on SQLite.
 */
export async function lockEvent(trx: DB, eventId: string): Promise<EventRow | undefined> {
  await trx
    .updateTable('events')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', eventId)
    .execute();
  return trx.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
}

/* ---------- notifications (text: notifications.kind.<kind> in app/i18n/messages/meetings.ts) ---------- */

export type MeetingNotificationKind = 'meeting.requested' | 'meeting.accepted' | 'meeting.declined' | 'meeting.withdrawn';

async function notifyOrg(
  db: DB,
  orgId: string,
  kind: MeetingNotificationKind,
  payload: Record<string, string>,
  link: string,
  now: string,
): Promise<void> {
  await notifyUsers(db, await activeUsersOf(db, [orgId]), kind, payload, link, now);
}

export const meetingsPath = (eventId: string) => `/events/${eventId}/meetings`;

/* ---------- participants ---------- */

export interface AttendingOrg {
  id: string;
  name: string;
  kind: 'enterprise' | 'bank';
}

/** Enterprises and banks attending the event (accepted or registered), by name. */
export async function attendingOrganizations(db: DB, eventId: string, kind?: 'enterprise' | 'bank'): Promise<AttendingOrg[]> {
  let q = db
    .selectFrom('event_participants as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['o.id', 'o.name', 'o.kind'])
    .where('p.event_id', '=', eventId)
    .where('p.status', 'in', ['accepted', 'registered']);
  q = kind ? q.where('o.kind', '=', kind) : q.where('o.kind', 'in', ['enterprise', 'bank']);
  const rows = await q.orderBy('o.name').orderBy('o.id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as 'enterprise' | 'bank' }));
}

async function participantStatus(db: DB, eventId: string, orgId: string): Promise<string | null> {
  const row = await db
    .selectFrom('event_participants')
    .select('status')
    .where('event_id', '=', eventId)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return row?.status ?? null;
}

/* ---------- reasons (from matching) ---------- */

/** One line of explanation: an i18n key (meetings.* or matching.*) and its parameters. */
export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

/** Reasons read back from meeting_requests.reasons; anything malformed is dropped. */
export function parseReasons(raw: string | null | undefined): Reason[] {
  if (!raw) return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const out: Reason[] = [];
  for (const item of v) {
    if (!item || typeof item !== 'object') continue;
    const { key, params } = item as { key?: unknown; params?: unknown };
    if (typeof key !== 'string' || !/^(meetings|matching)\.[\w.]+$/.test(key)) continue;
    const p: Record<string, string | number> = {};
    if (params && typeof params === 'object' && !Array.isArray(params)) {
      for (const [k, x] of Object.entries(params)) if (typeof x === 'string' || typeof x === 'number') p[k] = x;
    }
    out.push({ key, params: p });
  }
  return out;
}

interface MatchedPair {
  needTitle: string;
  productName: string;
  score: number;
  criteria: Criterion[];
}

const MAX_PAIRS = 3;
const MAX_CRITERIA = 2;

/** Best pairs first: "product X fits need Y (score)", then the best pair's strongest favourable criteria. */
export function reasonsOf(pairs: readonly MatchedPair[]): Reason[] {
  const sorted = [...pairs].sort(
    (a, b) => b.score - a.score || a.productName.localeCompare(b.productName) || a.needTitle.localeCompare(b.needTitle),
  );
  const reasons: Reason[] = sorted
    .slice(0, MAX_PAIRS)
    .map((p) => ({ key: 'meetings.reason.pair', params: { product: p.productName, need: p.needTitle, score: p.score } }));
  if (sorted.length > MAX_PAIRS) reasons.push({ key: 'meetings.reason.more', params: { n: sorted.length - MAX_PAIRS } });
  const best = sorted[0];
  if (best) {
    const strong = best.criteria
      .filter((c) => !c.hard && c.met)
      .sort((a, b) => Number(b.params.points ?? 0) - Number(a.params.points ?? 0))
      .slice(0, MAX_CRITERIA);
    for (const c of strong) reasons.push({ key: c.messageKey, params: { ...c.params } });
  }
  return reasons;
}

export interface Suggestion {
  orgId: string;
  name: string;
  /** the best pair's score */
  score: number;
  reasons: Reason[];
}

/**
 * Organizations of the other side, attending the event, that matching pairs with
 * the actor: for an enterprise, banks whose published products fit its published
 * financing needs; for a bank, enterprises whose published needs fit its products.
 * Best first. `exclude`: organizations to leave out (already asked).
 */
export async function suggestionsFor(
  db: DB,
  eventId: string,
  actor: Pick<MeetingActor, 'orgId' | 'orgKind'>,
  opts: { exclude?: ReadonlySet<string>; limit?: number } = {},
): Promise<Suggestion[]> {
  if (actor.orgKind !== 'enterprise' && actor.orgKind !== 'bank') return [];
  const others = await attendingOrganizations(db, eventId, actor.orgKind === 'enterprise' ? 'bank' : 'enterprise');
  const candidates = new Map(others.filter((o) => !opts.exclude?.has(o.id)).map((o) => [o.id, o]));
  if (candidates.size === 0) return [];
  const ctx = await loadMatchContext(db);
  const pairs = new Map<string, MatchedPair[]>();
  const add = (orgId: string, pair: MatchedPair) => {
    const list = pairs.get(orgId);
    if (list) list.push(pair);
    else pairs.set(orgId, [pair]);
  };

  if (actor.orgKind === 'enterprise') {
    const needRows = await db
      .selectFrom('financing_needs')
      .select(['id', 'title'])
      .where('organization_id', '=', actor.orgId)
      .where('status', '=', 'published')
      .orderBy('id')
      .execute();
    if (needRows.length === 0) return [];
    const needs = (await Promise.all(needRows.map((n) => loadNeedForMatch(db, n.id)))).filter((n) => n !== undefined);
    if (needs.length === 0) return [];
    const products = (await loadPublishedProducts(db, { regionCode: needs[0].enterprise.regionCode })).filter((p) =>
      candidates.has(p.bankId),
    );
    if (products.length === 0) return [];
    const title = new Map(needRows.map((n) => [n.id, n.title]));
    for (const need of needs) {
      for (const m of rankProductsForNeed(need, products, ctx, { limit: products.length })) {
        if (m.eligible)
          add(m.bankId, { needTitle: title.get(need.id) ?? '', productName: m.product.name, score: m.score, criteria: m.criteria });
      }
    }
  } else {
    const products = await loadPublishedProducts(db, { bankId: actor.orgId });
    if (products.length === 0) return [];
    const regions = [...new Set(products.flatMap((p) => p.regions))];
    const needs = (await loadPublishedNeeds(db, { regions })).filter((n) => candidates.has(n.enterprise.id));
    if (needs.length === 0) return [];
    const titles = await db
      .selectFrom('financing_needs')
      .select(['id', 'title'])
      .where(
        'id',
        'in',
        needs.map((n) => n.id),
      )
      .execute();
    const title = new Map(titles.map((n) => [n.id, n.title]));
    for (const product of products) {
      for (const m of rankNeedsForProduct(product, needs, ctx, { limit: needs.length })) {
        if (m.eligible)
          add(m.need.enterprise.id, {
            needTitle: title.get(m.needId) ?? '',
            productName: product.name,
            score: m.score,
            criteria: m.criteria,
          });
      }
    }
  }

  const out: Suggestion[] = [];
  for (const [orgId, list] of pairs) {
    const org = candidates.get(orgId);
    if (!org) continue;
    out.push({ orgId, name: org.name, score: Math.max(...list.map((p) => p.score)), reasons: reasonsOf(list) });
  }
  out.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN') || (a.orgId < b.orgId ? -1 : 1));
  return opts.limit ? out.slice(0, opts.limit) : out;
}

/* ---------- requests ---------- */

export interface MeetingRequestView {
  id: string;
  direction: 'incoming' | 'outgoing';
  counterpartId: string;
  counterpartName: string;
  status: MeetingRequestStatus;
  message: string | null;
  reasons: Reason[];
  createdAt: string;
  respondedAt: string | null;
}

/** The requests the organization is a party to (either side), newest first. */
export async function requestsOfOrg(db: DB, eventId: string, orgId: string): Promise<MeetingRequestView[]> {
  const rows = await db
    .selectFrom('meeting_requests as r')
    .innerJoin('organizations as e', 'e.id', 'r.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'r.bank_org_id')
    .select([
      'r.id',
      'r.enterprise_org_id',
      'r.bank_org_id',
      'r.requested_by_org_id',
      'r.status',
      'r.message',
      'r.reasons',
      'r.created_at',
      'r.responded_at',
      'e.name as enterprise_name',
      'b.name as bank_name',
    ])
    .where('r.event_id', '=', eventId)
    .where((eb) => eb.or([eb('r.enterprise_org_id', '=', orgId), eb('r.bank_org_id', '=', orgId)]))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => {
    const iAmEnterprise = r.enterprise_org_id === orgId;
    return {
      id: r.id,
      direction: r.requested_by_org_id === orgId ? 'outgoing' : 'incoming',
      counterpartId: iAmEnterprise ? r.bank_org_id : r.enterprise_org_id,
      counterpartName: iAmEnterprise ? r.bank_name : r.enterprise_name,
      status: r.status,
      message: r.message,
      reasons: parseReasons(r.reasons),
      createdAt: r.created_at,
      respondedAt: r.responded_at,
    };
  });
}

/**
 * The actor asks an attending organization of the other side for a 1:1 meeting.
 * The reasons are the matching's, computed here (never taken from the form).
 * AppError: 409 closed event; 403 the actor does not attend; 400 (field
 * counterpartId) own side, not attending, or a request for the pair already exists.
 */
export async function requestMeeting(
  db: DB,
  eventId: string,
  actor: MeetingActor,
  input: { counterpartId: string; message?: string | null },
): Promise<string> {
  if (actor.orgKind !== 'enterprise' && actor.orgKind !== 'bank') throw new AppError(403, 'error.forbidden');
  const field = { field: 'counterpartId' };
  if (input.counterpartId === actor.orgId) throw new AppError(400, 'meetings.error.sameSide', field);
  const reasons = (await suggestionsFor(db, eventId, actor)).find((s) => s.orgId === input.counterpartId)?.reasons ?? [];
  try {
    return await inTransaction(db, async (trx) => {
      const event = await lockEvent(trx, eventId);
      if (!event) throw new AppError(404, 'error.notFound');
      if (!meetingsOpen(event.status)) throw new AppError(409, 'meetings.error.closed');
      if (!attends(await participantStatus(trx, eventId, actor.orgId))) throw new AppError(403, 'events.notAttending');
      const other = await trx
        .selectFrom('organizations')
        .select(['id', 'kind', 'name'])
        .where('id', '=', input.counterpartId)
        .executeTakeFirst();
      if (other && other.kind !== (actor.orgKind === 'enterprise' ? 'bank' : 'enterprise'))
        throw new AppError(400, 'meetings.error.sameSide', field);
      if (!other || !attends(await participantStatus(trx, eventId, other.id)))
        throw new AppError(400, 'meetings.error.notAttending', field);
      const enterpriseId = actor.orgKind === 'enterprise' ? actor.orgId : other.id;
      const bankId = actor.orgKind === 'bank' ? actor.orgId : other.id;
      const existing = await trx
        .selectFrom('meeting_requests')
        .select(['id', 'status'])
        .where('event_id', '=', eventId)
        .where('enterprise_org_id', '=', enterpriseId)
        .where('bank_org_id', '=', bankId)
        .executeTakeFirst();
      if (existing && existing.status !== 'withdrawn') throw new AppError(400, `meetings.error.duplicate.${existing.status}`, field);
      const now = nowIso();
      const values = {
        requested_by_org_id: actor.orgId,
        requested_by_user_id: actor.userId,
        message: input.message?.trim() || null,
        reasons: JSON.stringify(reasons),
        status: 'pending' as const,
        responded_by: null,
        responded_at: null,
        created_at: now,
      };
      let id: string;
      if (existing) {
        // a withdrawn request is asked again: same row (the pair is unique per event), back to pending
        id = existing.id;
        const res = await trx
          .updateTable('meeting_requests')
          .set(values)
          .where('id', '=', id)
          .where('status', '=', 'withdrawn')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError(400, 'meetings.error.duplicate.pending', field);
      } else {
        id = newId();
        await trx
          .insertInto('meeting_requests')
          .values({ id, event_id: eventId, enterprise_org_id: enterpriseId, bank_org_id: bankId, ...values })
          .execute();
      }
      const me = await trx.selectFrom('organizations').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
      await notifyOrg(trx, other.id, 'meeting.requested', { org: me.name, event: event.title }, meetingsPath(eventId), now);
      return id;
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError(400, 'meetings.error.duplicate.pending', field);
    throw e;
  }
}

async function requestOfParty(trx: DB, eventId: string, orgId: string, requestId: string) {
  const r = await trx
    .selectFrom('meeting_requests')
    .selectAll()
    .where('id', '=', requestId)
    .where('event_id', '=', eventId)
    .where((eb) => eb.or([eb('enterprise_org_id', '=', orgId), eb('bank_org_id', '=', orgId)]))
    .executeTakeFirst();
  if (!r) throw new AppError(404, 'error.notFound');
  return r;
}

/**
 * The asked organization accepts or declines. A pending request may be accepted or
 * declined; an accepted one may still be declined (it then leaves the grid).
 */
export async function respondToMeeting(
  db: DB,
  eventId: string,
  actor: MeetingActor,
  requestId: string,
  decision: 'accept' | 'decline',
): Promise<MeetingRequestStatus> {
  return inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    const r = await requestOfParty(trx, eventId, actor.orgId, requestId);
    if (!meetingsOpen(event.status)) throw new AppError(409, 'meetings.error.closed');
    if (r.requested_by_org_id === actor.orgId) throw new AppError(409, 'meetings.error.ownRequest');
    const allowed = decision === 'accept' ? r.status === 'pending' : r.status === 'pending' || r.status === 'accepted';
    if (!allowed) throw new AppError(409, `meetings.error.already.${r.status}`);
    if (decision === 'accept' && !attends(await participantStatus(trx, eventId, r.requested_by_org_id)))
      throw new AppError(409, 'meetings.error.counterpartGone');
    const next: MeetingRequestStatus = decision === 'accept' ? 'accepted' : 'declined';
    const now = nowIso();
    const res = await trx
      .updateTable('meeting_requests')
      .set({ status: next, responded_by: actor.userId, responded_at: now })
      .where('id', '=', r.id)
      .where('status', '=', r.status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'meetings.error.changed');
    if (next === 'declined') {
      await trx.deleteFrom('meeting_placements').where('request_id', '=', r.id).execute();
      await syncPublishedSchedule(trx, eventId, now);
    }
    const me = await trx.selectFrom('organizations').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
    await notifyOrg(
      trx,
      r.requested_by_org_id,
      next === 'accepted' ? 'meeting.accepted' : 'meeting.declined',
      { org: me.name, event: event.title },
      meetingsPath(eventId),
      now,
    );
    return next;
  });
}

/** The asking organization withdraws its pending or accepted request (it then leaves the grid). */
export async function withdrawMeeting(db: DB, eventId: string, actor: MeetingActor, requestId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    const r = await requestOfParty(trx, eventId, actor.orgId, requestId);
    if (!meetingsOpen(event.status)) throw new AppError(409, 'meetings.error.closed');
    if (r.requested_by_org_id !== actor.orgId) throw new AppError(409, 'meetings.error.notYours');
    if (r.status !== 'pending' && r.status !== 'accepted') throw new AppError(409, `meetings.error.already.${r.status}`);
    const now = nowIso();
    const res = await trx
      .updateTable('meeting_requests')
      .set({ status: 'withdrawn', responded_by: actor.userId, responded_at: now })
      .where('id', '=', r.id)
      .where('status', '=', r.status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'meetings.error.changed');
    await trx.deleteFrom('meeting_placements').where('request_id', '=', r.id).execute();
    await syncPublishedSchedule(trx, eventId, now);
    const other = r.enterprise_org_id === actor.orgId ? r.bank_org_id : r.enterprise_org_id;
    const me = await trx.selectFrom('organizations').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
    await notifyOrg(trx, other, 'meeting.withdrawn', { org: me.name, event: event.title }, meetingsPath(eventId), now);
  });
}

/* ---------- availability ---------- */

/** 0-based slots in which the organization cannot meet. */
export async function unavailableSlotsOf(db: DB, eventId: string, orgId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('event_unavailability')
    .select('slot')
    .where('event_id', '=', eventId)
    .where('organization_id', '=', orgId)
    .orderBy('slot')
    .execute();
  return rows.map((r) => r.slot);
}

/**
 * Replaces the organization's unavailable slots (0-based). Its meetings placed in a
 * slot it is now away are taken out of the grid (the organizer re-runs the scheduler),
 * so the stored schedule never breaks availability. Returns how many were taken out.
 */
export async function setUnavailability(
  db: DB,
  eventId: string,
  actor: MeetingActor,
  slots: readonly number[],
): Promise<{ removed: number }> {
  return inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    if (!meetingsOpen(event.status)) throw new AppError(409, 'meetings.error.closed');
    if (!attends(await participantStatus(trx, eventId, actor.orgId))) throw new AppError(403, 'events.notAttending');
    const unique = [...new Set(slots)].sort((a, b) => a - b);
    if (unique.some((s) => !Number.isInteger(s) || s < 0 || s >= event.slot_count))
      throw new AppError(400, 'meetings.availability.outOfRange', { field: 'unavailable' });
    await trx.deleteFrom('event_unavailability').where('event_id', '=', eventId).where('organization_id', '=', actor.orgId).execute();
    if (unique.length) {
      await trx
        .insertInto('event_unavailability')
        .values(unique.map((slot) => ({ event_id: eventId, organization_id: actor.orgId, slot })))
        .execute();
    }
    if (unique.length === 0) return { removed: 0 };
    const clashing = await trx
      .selectFrom('meeting_placements as p')
      .innerJoin('meeting_requests as r', 'r.id', 'p.request_id')
      .select('p.request_id')
      .where('p.event_id', '=', eventId)
      .where('p.slot', 'in', unique)
      .where((eb) => eb.or([eb('r.enterprise_org_id', '=', actor.orgId), eb('r.bank_org_id', '=', actor.orgId)]))
      .execute();
    if (clashing.length)
      await trx
        .deleteFrom('meeting_placements')
        .where(
          'request_id',
          'in',
          clashing.map((c) => c.request_id),
        )
        .execute();
    await syncPublishedSchedule(trx, eventId);
    return { removed: clashing.length };
  });
}

/* ---------- the grid as stored ---------- */

/** Placed meetings of the event with both names; with `orgId`, only that organization's. */
export async function placedMeetings(db: DB, eventId: string, opts: { orgId?: string } = {}): Promise<PlacedMeeting[]> {
  let q = db
    .selectFrom('meeting_placements as p')
    .innerJoin('meeting_requests as r', 'r.id', 'p.request_id')
    .innerJoin('organizations as e', 'e.id', 'r.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'r.bank_org_id')
    .select([
      'p.request_id',
      'p.slot',
      'p.table_no',
      'p.manual',
      'r.enterprise_org_id',
      'r.bank_org_id',
      'e.name as enterprise_name',
      'b.name as bank_name',
    ])
    .where('p.event_id', '=', eventId)
    .where('r.status', '=', 'accepted');
  const orgId = opts.orgId;
  if (orgId !== undefined) q = q.where((eb) => eb.or([eb('r.enterprise_org_id', '=', orgId), eb('r.bank_org_id', '=', orgId)]));
  const rows = await q.orderBy('p.slot').orderBy('p.table_no').execute();
  return rows.map((r) => ({
    requestId: r.request_id,
    enterpriseId: r.enterprise_org_id,
    enterpriseName: r.enterprise_name,
    bankId: r.bank_org_id,
    bankName: r.bank_name,
    slot: r.slot,
    table: r.table_no,
    manual: r.manual === 1,
  }));
}

/** The organization's own agenda: time, table number, counterpart. Never another organization's. */
export async function agendaForOrg(
  db: DB,
  event: Pick<EventRow, 'id' | 'first_slot_time' | 'slot_minutes'>,
  orgId: string,
): Promise<AgendaItem[]> {
  return agendaOf(orgId, await placedMeetings(db, event.id, { orgId }), event);
}
