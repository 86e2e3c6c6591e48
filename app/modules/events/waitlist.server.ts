/**
 * The waiting list (候补) of a full session (issue 16, decision 036d).
 *
 * - A representative named while the session's representatives fill its capacity
 *   is not refused: the entry waits in `event_waitlist`, ordered by `seq` (1, 2, …
 *   per session in the order the entries came; a number is never reused).
 * - When a place frees (a representative removed by its organization or the
 *   organizer, an invitation declined, the capacity raised) the first waiting
 *   entries are promoted, in `seq` order, while there is a free place; each
 *   promoted organization is notified (in-app and outbound copies) in the same
 *   transaction.
 * - Every function here runs inside a transaction that holds the event's write lock
 *   (`lockEvent`), so two frees at the same time run one after the other: the
 *   second sees the first's promotion, and each entry is promoted once (the delete
 *   of the waiting row must hit exactly one row, else the transaction fails).
 */
import type { EventsTable } from '#db/schema';
import type { DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { notifyOrganizations } from './notify.server';

export interface WaitingEntry {
  id: string;
  /** 1-based place in the queue right now */
  position: number;
  organizationId: string;
  organizationName: string;
  name: string;
  title: string;
  phone: string;
  createdAt: string;
}

type LockedEvent = Pick<EventsTable, 'id' | 'title' | 'capacity'>;

/** Places taken: the event's representatives (checked in or not). */
export async function countRepresentatives(trx: DB, eventId: string): Promise<number> {
  const row = await trx
    .selectFrom('event_representatives')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Puts a representative on the waiting list (the caller checked the phone and that the session is full). Returns the entry id and its position. */
export async function addToWaitlist(
  trx: DB,
  eventId: string,
  participant: { id: string; organization_id: string },
  values: { name: string; title: string; phone: string },
  userId: string,
): Promise<{ id: string; position: number }> {
  const last = await trx
    .selectFrom('event_waitlist')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const id = newId();
  await trx
    .insertInto('event_waitlist')
    .values({
      id,
      event_id: eventId,
      participant_id: participant.id,
      organization_id: participant.organization_id,
      name: values.name,
      title: values.title,
      phone: values.phone,
      seq,
      created_by: userId,
      created_at: nowIso(),
    })
    .execute();
  const ahead = await trx
    .selectFrom('event_waitlist')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('event_id', '=', eventId)
    .where('seq', '<', seq)
    .executeTakeFirstOrThrow();
  return { id, position: Number(ahead.n) + 1 };
}

/**
 * Promotes waiting entries in order while the session has a free place. Never
 * past the capacity: it stops when the places are taken or nobody waits. Returns
 * the ids of the new representatives, in promotion order.
 */
export async function promoteWaiting(trx: DB, event: LockedEvent): Promise<string[]> {
  const free = event.capacity - (await countRepresentatives(trx, event.id));
  if (free <= 0) return [];
  const next = await trx.selectFrom('event_waitlist').selectAll().where('event_id', '=', event.id).orderBy('seq').limit(free).execute();
  const promoted: string[] = [];
  const now = nowIso();
  for (const w of next) {
    const gone = await trx.deleteFrom('event_waitlist').where('id', '=', w.id).executeTakeFirst();
    // someone else promoted or removed it: the lock makes this impossible; refuse rather than promote twice
    if (Number(gone.numDeletedRows) !== 1) throw new AppError(409, 'events.stale');
    const id = newId();
    await trx
      .insertInto('event_representatives')
      .values({
        id,
        event_id: event.id,
        participant_id: w.participant_id,
        organization_id: w.organization_id,
        name: w.name,
        title: w.title,
        phone: w.phone,
        checked_in_at: null,
        checked_in_by: null,
        created_at: now,
      })
      .execute();
    await notifyOrganizations(trx, [w.organization_id], 'event.promoted', { name: w.name, title: event.title }, `/events/${event.id}`, now);
    promoted.push(id);
  }
  if ((await countRepresentatives(trx, event.id)) > event.capacity) throw new AppError(409, 'events.stale');
  return promoted;
}

/** The session's waiting list in order, with positions; `orgId` limits it to one organization's entries (positions stay the session's). */
export async function listWaitlist(db: DB, eventId: string, orgId?: string): Promise<WaitingEntry[]> {
  const rows = await db
    .selectFrom('event_waitlist as w')
    .innerJoin('organizations as o', 'o.id', 'w.organization_id')
    .select(['w.id', 'w.organization_id', 'o.name as org_name', 'w.name', 'w.title', 'w.phone', 'w.created_at'])
    .where('w.event_id', '=', eventId)
    .orderBy('w.seq')
    .execute();
  return rows
    .map((r, i) => ({
      id: r.id,
      position: i + 1,
      organizationId: r.organization_id,
      organizationName: r.org_name,
      name: r.name,
      title: r.title,
      phone: r.phone,
      createdAt: r.created_at,
    }))
    .filter((r) => !orgId || r.organizationId === orgId);
}

/** Takes an entry off the waiting list (its organization withdraws it, or the organizer removes it). 404 when it is not there (or not the organization's). */
export async function removeFromWaitlist(trx: DB, eventId: string, entryId: string, orgId: string | null): Promise<void> {
  let q = trx.deleteFrom('event_waitlist').where('id', '=', entryId).where('event_id', '=', eventId);
  if (orgId) q = q.where('organization_id', '=', orgId);
  const res = await q.executeTakeFirst();
  if (Number(res.numDeletedRows) !== 1) throw new AppError(404, 'error.notFound');
}
