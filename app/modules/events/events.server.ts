/**
 * Matchmaking events (对接会): create, edit, status changes, lists and counts.
 *
 * The caller has already checked access (access.server.ts); these functions
 * check it again where a write depends on it (region of the organizer) and
 * throw AppError with an i18n key: 404 (not found / not yours), 409 (stale
 * version, locked status), 400 (rule broken, with `field` when it is one field's).
 */
import { sql } from 'kysely';
import type { EventStatus, ParticipantRole, ParticipantStatus } from '#db/schema';
import { msg } from '~/i18n/translate';
import { todayInChina } from '~/modules/calendar/working-days';
import { regionCovers, regionName, regionPrefix } from '~/modules/regions/regions.server';
import { type DB, inTransaction } from '~/utils/db.server';
import { uniqueViolation } from '~/utils/db-errors';
import { AppError } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import type { EventRow } from './access.server';
import { isEditable, transitionError } from './lifecycle';
import { formatEventNumber } from './number';
import { notifyOrganizations } from './notify.server';
import { syncPublishedSchedule } from './publish.server';
import { countRepresentatives, promoteWaiting } from './waitlist.server';
import type { AgendaItemValues, EventFormValues } from './schema';

export interface ActingOrganizer {
  id: string;
  regionCode: string;
}

/**
 * Takes the event row's write lock for the rest of the transaction (a no-op
 * update: PostgreSQL locks the row, SQLite the database). Every write that
 * depends on counts of the event (capacity) starts with it, so concurrent
 * requests run one after the other. Returns the locked row, or undefined.
 */
export async function lockEvent(trx: DB, eventId: string): Promise<EventRow | undefined> {
  const res = await trx.updateTable('events').set({ capacity: sql`capacity` }).where('id', '=', eventId).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return undefined;
  return trx.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
}

function columnsOf(v: EventFormValues) {
  return {
    title: v.title,
    theme: v.theme,
    event_date: v.eventDate,
    start_time: v.startTime,
    venue: v.venue,
    region_code: v.regionCode,
    capacity: v.capacity,
    registration_deadline: v.registrationDeadline,
    slot_count: v.slotCount,
    slot_minutes: v.slotMinutes,
    table_count: v.tableCount,
    first_slot_time: v.firstSlotTime,
    description: v.description || null,
    desk_mode: v.deskMode ?? 'fixed',
  };
}

async function writeAgenda(trx: DB, eventId: string, items: readonly AgendaItemValues[]): Promise<void> {
  await trx.deleteFrom('event_agenda_items').where('event_id', '=', eventId).execute();
  if (items.length === 0) return;
  await trx
    .insertInto('event_agenda_items')
    .values(
      items.map((it, i) => ({
        id: newId(),
        event_id: eventId,
        starts_at: it.startsAt,
        title: it.title,
        speaker: it.speaker,
        sort_order: i,
      })),
    )
    .execute();
}

/**
 * A new session in draft, or — `recordPast` — one that already took place (补录):
 * created held, registration closed, nobody invited or notified; the organizer then
 * adds its participants and agreements. The region must lie within the organizer's
 * own. The session gets the next number of its region and year (number.ts); two
 * organizers creating at once on PostgreSQL may collide on it: the loser retries.
 */
export async function createEvent(db: DB, organizer: ActingOrganizer, values: EventFormValues): Promise<string> {
  if (!regionCovers(organizer.regionCode, values.regionCode)) throw new AppError(400, 'v.regionOutOfScope', { field: 'regionCode' });
  if (values.recordPast && values.eventDate > todayInChina()) throw new AppError(400, 'events.v.pastInFuture', { field: 'eventDate' });
  const id = newId();
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(db, async (trx) => {
        const now = nowIso();
        const year = values.eventDate.slice(0, 4);
        const last = await trx
          .selectFrom('events')
          .select((eb) => eb.fn.max('number_seq').as('n'))
          .where('number_region', '=', values.regionCode)
          .where('number_year', '=', year)
          .executeTakeFirst();
        await trx
          .insertInto('events')
          .values({
            id,
            created_by: organizer.id,
            ...columnsOf(values),
            open_registration: 0,
            status: values.recordPast ? 'held' : 'draft',
            recorded_past: values.recordPast ? 1 : 0,
            schedule_placed: null,
            schedule_bound: null,
            scheduled_at: null,
            number_region: values.regionCode,
            number_year: year,
            number_seq: Number(last?.n ?? 0) + 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await writeAgenda(trx, id, values.agenda);
      });
      return id;
    } catch (e) {
      if (attempt < 3 && !db.isTransaction && uniqueViolation(e)) continue;
      throw e;
    }
  }
}

/**
 * Saves the form over the event, based on `version`. Refused: another edit
 * came first (409 stale), the event is held or closed (409), the capacity is
 * below the representatives already named, or the meeting grid would leave
 * placed meetings outside it (400, see docs/decisions/014-matchmaking-events.md).
 */
export async function updateEvent(
  db: DB,
  organizer: ActingOrganizer,
  eventId: string,
  version: number,
  values: EventFormValues,
): Promise<{ version: number }> {
  if (!regionCovers(organizer.regionCode, values.regionCode)) throw new AppError(400, 'v.regionOutOfScope', { field: 'regionCode' });
  return inTransaction(db, async (trx) => {
    const current = await lockEvent(trx, eventId);
    if (!current || !regionCovers(organizer.regionCode, current.region_code)) throw new AppError(404, 'error.notFound');
    if (!isEditable(current.status)) throw new AppError(409, 'events.locked');
    if (current.version !== version) throw new AppError(409, 'events.stale');
    const reps = await countRepresentatives(trx, eventId);
    if (values.capacity < reps) throw new AppError(400, msg('events.v.capacityBelowReps', { n: reps }), { field: 'capacity' });
    const outside = await trx
      .selectFrom('meeting_placements')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('event_id', '=', eventId)
      .where((eb) => eb.or([eb('slot', '>=', values.slotCount), eb('table_no', '>=', values.tableCount)]))
      .executeTakeFirstOrThrow();
    if (Number(outside.n) > 0) {
      throw new AppError(400, msg('events.v.gridOrphans', { n: Number(outside.n) }), {
        field: values.slotCount < current.slot_count ? 'slotCount' : 'tableCount',
      });
    }
    const res = await trx
      .updateTable('events')
      .set({ ...columnsOf(values), version: sql`version + 1`, updated_at: nowIso() })
      .where('id', '=', eventId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'events.stale');
    await writeAgenda(trx, eventId, values.agenda);
    // a new date or time of a published schedule moves the meetings: their participants hear of it
    await syncPublishedSchedule(trx, eventId);
    // a raised capacity gives its new places to the waiting list, in order (decision 036d)
    if (values.capacity > current.capacity) await promoteWaiting(trx, { id: eventId, title: values.title, capacity: values.capacity });
    return { version: version + 1 };
  });
}

/**
 * Moves an event to `to` following the life cycle (lifecycle.ts). Exported for
 * the scheduler page too (open → scheduled), which may pass its own transaction
 * as `db`. Throws AppError 404 (not the organizer's region), 400 (transition not
 * allowed, with the reason) or 409 (the status changed meanwhile). Opening a
 * event notifies the organizations invited while it was a draft.
 */
export async function changeEventStatus(
  db: DB,
  event: Pick<EventRow, 'id' | 'status' | 'event_date' | 'region_code' | 'title'>,
  to: EventStatus,
  user: { id: string; regionCode: string | null },
): Promise<{ status: EventStatus; version: number }> {
  if (!user.regionCode || !regionCovers(user.regionCode, event.region_code)) throw new AppError(404, 'error.notFound');
  const error = transitionError(event.status, to, { today: todayInChina(), eventDate: event.event_date });
  if (error) throw new AppError(400, error);
  return inTransaction(db, async (trx) => {
    const now = nowIso();
    const res = await trx
      .updateTable('events')
      .set({ status: to, version: sql`version + 1`, updated_at: now })
      .where('id', '=', event.id)
      .where('status', '=', event.status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'events.stale');
    const row = await trx
      .selectFrom('events')
      .select(['version', 'event_date', 'title'])
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    if (to === 'open') {
      const invited = await trx
        .selectFrom('event_participants')
        .select('organization_id')
        .where('event_id', '=', event.id)
        .where('status', '=', 'invited')
        .where('role', '!=', 'government')
        .execute();
      await notifyOrganizations(
        trx,
        invited.map((p) => p.organization_id),
        'event.invited',
        { title: row.title, date: row.event_date },
        `/events/${event.id}`,
        now,
      );
    }
    return { status: to, version: row.version };
  });
}

/* ---------- reading ---------- */

export interface AgendaItem {
  id: string;
  startsAt: string;
  title: string;
  speaker: string | null;
}

export async function listAgenda(db: DB, eventId: string): Promise<AgendaItem[]> {
  const rows = await db
    .selectFrom('event_agenda_items')
    .select(['id', 'starts_at', 'title', 'speaker', 'sort_order'])
    .where('event_id', '=', eventId)
    .orderBy('sort_order')
    .orderBy('starts_at')
    .execute();
  return rows.map((r) => ({ id: r.id, startsAt: r.starts_at, title: r.title, speaker: r.speaker }));
}

export { countRepresentatives };

/** Meetings placed in the event's grid (by the scheduler page or by hand). */
export async function countPlacedMeetings(db: DB, eventId: string): Promise<number> {
  const row = await db
    .selectFrom('meeting_placements')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type StatusCounts = Record<ParticipantStatus, number>;

export interface EventCounts {
  /** participants by status */
  status: StatusCounts;
  /** attending organizations (accepted + registered) by role */
  attending: Record<ParticipantRole, number>;
  representatives: number;
  capacity: number;
}

const emptyStatusCounts = (): StatusCounts => ({ invited: 0, accepted: 0, declined: 0, registered: 0 });

/** The overview figures of one event. */
export async function eventCounts(db: DB, event: Pick<EventRow, 'id' | 'capacity'>): Promise<EventCounts> {
  const [byStatus, reps] = await Promise.all([
    db
      .selectFrom('event_participants')
      .select(['status', 'role', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('event_id', '=', event.id)
      .groupBy(['status', 'role'])
      .execute(),
    countRepresentatives(db, event.id),
  ]);
  const status = emptyStatusCounts();
  const attending: Record<ParticipantRole, number> = { bank: 0, enterprise: 0, government: 0 };
  for (const r of byStatus) {
    status[r.status] += Number(r.n);
    if (r.status === 'accepted' || r.status === 'registered') attending[r.role] += Number(r.n);
  }
  return { status, attending, representatives: reps, capacity: event.capacity };
}

export interface OrganizerEventRow {
  id: string;
  title: string;
  theme: string;
  eventDate: string;
  startTime: string;
  venue: string;
  regionCode: string;
  status: EventStatus;
  capacity: number;
  openRegistration: boolean;
  /** accepted + registered organizations */
  attending: number;
  invited: number;
  representatives: number;
  /** 舞钢-2026-003, or null */
  number: string | null;
  recordedPast: boolean;
  signing: EventSigningFigures;
}

/** The events of an organizer's region (its code covers theirs), newest date first. */
export async function listOrganizerEvents(
  db: DB,
  regionCode: string,
  opts: { status?: EventStatus; page: number; pageSize: number },
): Promise<{ rows: OrganizerEventRow[]; total: number }> {
  let q = db.selectFrom('events').where('region_code', 'like', `${regionPrefix(regionCode)}%`);
  if (opts.status) q = q.where('status', '=', opts.status);
  const [events, count] = await Promise.all([
    q
      .select([
        'id',
        'title',
        'theme',
        'event_date',
        'start_time',
        'venue',
        'region_code',
        'status',
        'capacity',
        'open_registration',
        'number_region',
        'number_year',
        'number_seq',
        'recorded_past',
      ])
      .orderBy('event_date', 'desc')
      .orderBy('id')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = events.map((e) => e.id);
  const [participants, reps, figures] = ids.length
    ? await Promise.all([
        db
          .selectFrom('event_participants')
          .select(['event_id', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
          .where('event_id', 'in', ids)
          .groupBy(['event_id', 'status'])
          .execute(),
        db
          .selectFrom('event_representatives')
          .select(['event_id', (eb) => eb.fn.countAll<string | number>().as('n')])
          .where('event_id', 'in', ids)
          .groupBy('event_id')
          .execute(),
        eventSigningFigures(db, ids),
      ])
    : [[], [], new Map<string, EventSigningFigures>()];
  const counts = new Map<string, StatusCounts>();
  for (const p of participants) {
    const c = counts.get(p.event_id) ?? emptyStatusCounts();
    c[p.status] += Number(p.n);
    counts.set(p.event_id, c);
  }
  const repCounts = new Map(reps.map((r) => [r.event_id, Number(r.n)]));
  return {
    total: Number(count.n),
    rows: events.map((e) => {
      const c = counts.get(e.id) ?? emptyStatusCounts();
      return {
        id: e.id,
        title: e.title,
        theme: e.theme,
        eventDate: e.event_date,
        startTime: e.start_time,
        venue: e.venue,
        regionCode: e.region_code,
        status: e.status,
        capacity: e.capacity,
        openRegistration: e.open_registration === 1,
        attending: c.accepted + c.registered,
        invited: c.invited,
        representatives: repCounts.get(e.id) ?? 0,
        number: formatEventNumber(e, regionName),
        recordedPast: e.recorded_past === 1,
        signing: figures.get(e.id) ?? noFigures(),
      };
    }),
  };
}

export interface EventSigningFigures {
  /** confirmed agreements (the live screen's rule: a confirmed one terminated later keeps counting) */
  agreements: number;
  /** 元 */
  signedTotal: number;
  banks: number;
  enterprises: number;
  /** meetings placed in the grid */
  meetings: number;
}

const noFigures = (): EventSigningFigures => ({ agreements: 0, signedTotal: 0, banks: 0, enterprises: 0, meetings: 0 });

/** Signing figures and meetings of several sessions at once (list and overview pages). */
export async function eventSigningFigures(db: DB, eventIds: readonly string[]): Promise<Map<string, EventSigningFigures>> {
  const out = new Map<string, EventSigningFigures>(eventIds.map((id) => [id, noFigures()]));
  if (eventIds.length === 0) return out;
  const ids = [...eventIds];
  const [signed, meetings] = await Promise.all([
    db
      .selectFrom('agreements')
      .select([
        'event_id',
        (eb) => eb.fn.countAll<string | number>().as('n'),
        sql<string | number>`coalesce(sum(amount), 0)`.as('total'),
        sql<string | number>`count(distinct bank_org_id)`.as('banks'),
        sql<string | number>`count(distinct enterprise_org_id)`.as('enterprises'),
      ])
      .where('event_id', 'in', ids)
      .where('confirmed_at', 'is not', null)
      .groupBy('event_id')
      .execute(),
    db
      .selectFrom('meeting_placements')
      .select(['event_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('event_id', 'in', ids)
      .groupBy('event_id')
      .execute(),
  ]);
  for (const r of signed) {
    if (!r.event_id) continue;
    const f = out.get(r.event_id)!;
    f.agreements = Number(r.n);
    f.signedTotal = Number(r.total);
    f.banks = Number(r.banks);
    f.enterprises = Number(r.enterprises);
  }
  for (const m of meetings) out.get(m.event_id)!.meetings = Number(m.n);
  return out;
}
