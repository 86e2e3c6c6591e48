/**
 * Representatives (参会代表) of attending organizations: name, title, mobile.
 *
 * - Capacity: the event's representatives, all organizations together, never
 *   exceed `events.capacity`. The check runs inside the transaction after the
 *   event row is locked (lockEvent), so concurrent requests cannot both take
 *   the last place. A representative named while the session is full goes to the
 *   waiting list (候补, waitlist.server.ts) instead of being refused; a removal
 *   promotes the first waiting one in the same transaction (decision 036d).
 * - One phone registers once per event (unique (event_id, phone)): a second
 *   time is a field error on `phone`, also when two requests race (the unique
 *   constraint's error is mapped).
 * - A participant reads and changes only its own representatives; the
 *   organizer any participant's.
 */
import type { DB } from '~/utils/db.server';
import { uniqueViolation } from '~/utils/db-errors';
import { AppError } from '~/utils/errors';
import { todayInChina } from '~/modules/needs/schema';
import { newId, nowIso } from '~/utils/ids';
import { agendaToken } from './publish.server';
import { isAttending } from './access.server';
import { representativesError } from './lifecycle';
import type { RepresentativeValues } from './schema';
import { inTransaction } from '~/utils/db.server';
import { countRepresentatives, lockEvent } from './events.server';
import { addToWaitlist, promoteWaiting, removeFromWaitlist } from './waitlist.server';

/** Who acts: the organizer (any participant of the event) or a member of the participant's own organization. */
export type RepActor = { by: 'organizer'; userId: string } | { by: 'participant'; userId: string; orgId: string };

export interface Representative {
  id: string;
  name: string;
  title: string;
  phone: string;
  checkedIn: boolean;
}

/** The representatives of one organization in one event, with phones (the caller is that organization or the organizer). */
export async function listOwnRepresentatives(db: DB, eventId: string, orgId: string): Promise<Representative[]> {
  const rows = await db
    .selectFrom('event_representatives')
    .select(['id', 'name', 'title', 'phone', 'checked_in_at'])
    .where('event_id', '=', eventId)
    .where('organization_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, title: r.title, phone: r.phone, checkedIn: r.checked_in_at !== null }));
}

/**
 * Adds a representative to participant `participantId`, or, when the session's
 * capacity is full, puts them on the waiting list (`waiting`: their position).
 * Throws AppError: 404 (no such participant, or not the actor's), 400 not
 * attending / deadline, 400 with field `phone` when the phone is already
 * registered or waiting.
 */
export async function addRepresentative(
  db: DB,
  eventId: string,
  participantId: string,
  values: RepresentativeValues,
  actor: RepActor,
): Promise<{ id: string; waiting: number | null }> {
  const id = newId();
  try {
    return await inTransaction(db, async (trx) => {
      const event = await lockEvent(trx, eventId);
      if (!event) throw new AppError(404, 'error.notFound');
      let q = trx
        .selectFrom('event_participants')
        .select(['id', 'organization_id', 'status'])
        .where('id', '=', participantId)
        .where('event_id', '=', eventId);
      if (actor.by === 'participant') q = q.where('organization_id', '=', actor.orgId);
      const p = await q.executeTakeFirst();
      if (!p) throw new AppError(404, 'error.notFound');
      if (!isAttending(p)) throw new AppError(400, 'events.reps.notAttending');
      const closed = representativesError(event.status, event.registration_deadline, todayInChina(), actor.by);
      if (closed) throw new AppError(400, closed);
      const taken = await trx
        .selectFrom('event_representatives')
        .select('id')
        .where('event_id', '=', eventId)
        .where('phone', '=', values.phone)
        .executeTakeFirst();
      const waitingPhone = await trx
        .selectFrom('event_waitlist')
        .select('id')
        .where('event_id', '=', eventId)
        .where('phone', '=', values.phone)
        .executeTakeFirst();
      if (taken || waitingPhone) throw new AppError(400, 'events.reps.phoneTaken', { field: 'phone' });
      const count = await countRepresentatives(trx, eventId);
      if (count >= event.capacity) {
        const w = await addToWaitlist(trx, eventId, p, values, actor.userId);
        return { id: w.id, waiting: w.position };
      }
      await trx
        .insertInto('event_representatives')
        .values({
          id,
          event_id: eventId,
          participant_id: p.id,
          organization_id: p.organization_id,
          name: values.name,
          title: values.title,
          phone: values.phone,
          checked_in_at: null,
          checked_in_by: null,
          created_at: nowIso(),
          agenda_token: agendaToken(),
        })
        .execute();
      return { id, waiting: null };
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError(400, 'events.reps.phoneTaken', { field: 'phone' });
    throw e;
  }
}

/** Removes a representative who has not checked in yet; the first waiting one takes the place. */
export async function removeRepresentative(db: DB, eventId: string, representativeId: string, actor: RepActor): Promise<void> {
  await inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    let q = trx
      .selectFrom('event_representatives')
      .select(['id', 'checked_in_at'])
      .where('id', '=', representativeId)
      .where('event_id', '=', eventId);
    if (actor.by === 'participant') q = q.where('organization_id', '=', actor.orgId);
    const rep = await q.executeTakeFirst();
    if (!rep) throw new AppError(404, 'error.notFound');
    const closed = representativesError(event.status, event.registration_deadline, todayInChina(), actor.by);
    if (closed) throw new AppError(400, closed);
    if (rep.checked_in_at) throw new AppError(409, 'events.reps.checkedIn');
    await trx.deleteFrom('event_representatives').where('id', '=', rep.id).execute();
    await promoteWaiting(trx, event);
  });
}

/** Takes an entry off the waiting list: its own organization (up to the deadline) or the organizer. */
export async function removeWaiting(db: DB, eventId: string, entryId: string, actor: RepActor): Promise<void> {
  await inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    const closed = representativesError(event.status, event.registration_deadline, todayInChina(), actor.by);
    if (closed) throw new AppError(400, closed);
    await removeFromWaitlist(trx, eventId, entryId, actor.by === 'participant' ? actor.orgId : null);
  });
}
