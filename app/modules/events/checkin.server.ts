/**
 * Check-in on the day (签到): the organizer marks a representative as arrived,
 * or undoes it. Marking twice keeps the first arrival time (idempotent); only
 * representatives of attending organizations (accepted / registered) of this
 * very event can be marked.
 */
import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { escapeLike, normalizeSearch } from '~/modules/search/text-search.server';
import type { CheckinVia } from '#db/schema';
import type { DB } from '~/utils/db.server';
import { notFound } from '~/utils/errors';
import type { Flash } from '~/utils/flash.server';
import { msg } from '~/i18n/translate';
import { nowIso } from '~/utils/ids';
import { optionalText, text } from '~/utils/zod-helpers';
import { ATTENDING_STATUSES, beijingTime, ROSTER_GROUPS, type RosterCounts, type RosterGroup } from './roster.server';

/* ------------------------------------------------------------- forms */

const intent = <T extends [string, ...string[]]>(values: T) => z.enum(values, { errorMap: () => ({ message: 'v.required' }) });

/** The check-in page's buttons: mark or undo one representative; `q` keeps the search. */
export const CheckinFormSchema = z.object({ intent: intent(['checkin', 'undo']), repId: text(64), q: optionalText(100) });

/** One organization's check-in page: one representative, or everyone at once. */
export const TokenCheckinFormSchema = z
  .object({ intent: intent(['checkin', 'undo', 'all']), repId: optionalText(64) })
  .superRefine((v, ctx) => {
    if (v.intent !== 'all' && !v.repId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['repId'], message: 'v.required' });
  });

/* ---------------------------------------------------------- queries */

export interface CheckinRepresentative {
  id: string;
  name: string;
  title: string;
  phone: string;
  checkedInAt: string | null;
  orgId: string;
  orgName: string;
  role: RosterGroup;
  checkinToken: string;
}

function representativesQuery(db: DB, eventId: string) {
  return db
    .selectFrom('event_representatives as r')
    .innerJoin('event_participants as p', 'p.id', 'r.participant_id')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['r.id', 'r.name', 'r.title', 'r.phone', 'r.checked_in_at', 'o.id as orgId', 'o.name as orgName', 'p.role', 'p.checkin_token'])
    .where('r.event_id', '=', eventId)
    .where('p.event_id', '=', eventId)
    .where('p.status', 'in', ATTENDING_STATUSES);
}

type RepRow = {
  id: string;
  name: string;
  title: string;
  phone: string;
  checked_in_at: string | null;
  orgId: string;
  orgName: string;
  role: RosterGroup;
  checkin_token: string;
};

function toRep(r: RepRow): CheckinRepresentative {
  return {
    id: r.id,
    name: r.name,
    title: r.title,
    phone: r.phone,
    checkedInAt: r.checked_in_at,
    orgId: r.orgId,
    orgName: r.orgName,
    role: r.role,
    checkinToken: r.checkin_token,
  };
}

/** Arrivals against registered representatives, by group and in total (attending organizations only). */
export async function checkinCounts(db: DB, eventId: string): Promise<RosterCounts> {
  const rows = await db
    .selectFrom('event_participants as p')
    .leftJoin('event_representatives as r', 'r.participant_id', 'p.id')
    .select((eb) => [
      'p.role',
      eb.fn.count<number | string>('r.id').as('reps'),
      eb.fn.count<number | string>('r.checked_in_at').as('arrived'),
      eb.fn.count<number | string>('p.id').distinct().as('orgs'),
    ])
    .where('p.event_id', '=', eventId)
    .where('p.status', 'in', ATTENDING_STATUSES)
    .groupBy('p.role')
    .execute();
  const counts = {} as RosterCounts;
  for (const key of [...ROSTER_GROUPS, 'total'] as const) counts[key] = { organizations: 0, representatives: 0, checkedIn: 0 };
  for (const r of rows) {
    const c = { organizations: Number(r.orgs), representatives: Number(r.reps), checkedIn: Number(r.arrived) };
    counts[r.role] = c;
    counts.total.organizations += c.organizations;
    counts.total.representatives += c.representatives;
    counts.total.checkedIn += c.checkedIn;
  }
  return counts;
}

export const SEARCH_LIMIT = 30;

/**
 * Representatives whose name, phone or organization contains every term of `q`
 * (case-insensitive, full-width folded). Empty `q`: everyone, in roster order.
 * Returns at most `limit` rows and whether there were more.
 */
export async function searchRepresentatives(
  db: DB,
  eventId: string,
  q: string,
  limit = SEARCH_LIMIT,
): Promise<{ rows: CheckinRepresentative[]; more: boolean }> {
  const terms = normalizeSearch(q.slice(0, 100)).split(' ').filter(Boolean).slice(0, 5);
  let query = representativesQuery(db, eventId);
  const lower = (col: string) => sql`lower(${sql.ref(col)})`;
  for (const term of terms) {
    const pattern = `%${escapeLike(term)}%`;
    query = query.where(
      sql<SqlBool>`(${lower('r.name')} like ${pattern} escape '\\' or ${sql.ref('r.phone')} like ${pattern} escape '\\' or ${lower('o.name')} like ${pattern} escape '\\')`,
    );
  }
  const rows = await query
    .orderBy('p.role')
    .orderBy('o.name')
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit).map(toRep), more: rows.length > limit };
}

/** The participation behind a check-in token of this event, attending or not; undefined for another event's token. */
export async function findParticipantByToken(db: DB, eventId: string, token: string) {
  return db
    .selectFrom('event_participants as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.id', 'p.status', 'p.role', 'p.checkin_token', 'o.id as orgId', 'o.name as orgName'])
    .where('p.event_id', '=', eventId)
    .where('p.checkin_token', '=', token)
    .executeTakeFirst();
}

/** One organization's representatives (by its check-in token). */
export async function representativesOfToken(db: DB, eventId: string, token: string): Promise<CheckinRepresentative[]> {
  const rows = await representativesQuery(db, eventId)
    .where('p.checkin_token', '=', token)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  return rows.map(toRep);
}

/** What a check-in did; a representative not of an attending organization of this event is a 404 (AppError). */
export interface CheckinResult {
  changed: boolean;
  name: string;
  checkedInAt: string | null;
}

/** The representative if it belongs to an attending organization of this event. */
async function findRep(db: DB, eventId: string, repId: string) {
  return representativesQuery(db, eventId).where('r.id', '=', repId).executeTakeFirst();
}

/** Marks arrival. Already arrived: nothing changes and the first arrival time is returned. */
export async function checkIn(
  db: DB,
  eventId: string,
  repId: string,
  userId: string | null,
  at = nowIso(),
  via: CheckinVia = 'desk',
): Promise<CheckinResult> {
  const rep = await findRep(db, eventId, repId);
  if (!rep) throw notFound();
  const res = await db
    .updateTable('event_representatives')
    .set({ checked_in_at: at, checked_in_by: userId, checked_in_via: via })
    .where('id', '=', repId)
    .where('event_id', '=', eventId)
    .where('checked_in_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return { changed: true, name: rep.name, checkedInAt: at };
  const now = await db.selectFrom('event_representatives').select('checked_in_at').where('id', '=', repId).executeTakeFirst();
  return { changed: false, name: rep.name, checkedInAt: now?.checked_in_at ?? null };
}

/** Undoes an arrival (a mistaken tap). Not arrived: nothing changes. */
export async function undoCheckIn(db: DB, eventId: string, repId: string): Promise<CheckinResult> {
  const rep = await findRep(db, eventId, repId);
  if (!rep) throw notFound();
  const res = await db
    .updateTable('event_representatives')
    .set({ checked_in_at: null, checked_in_by: null, checked_in_via: null })
    .where('id', '=', repId)
    .where('event_id', '=', eventId)
    .where('checked_in_at', 'is not', null)
    .executeTakeFirst();
  return { changed: Number(res.numUpdatedRows) === 1, name: rep.name, checkedInAt: null };
}

/** Marks or undoes one representative's arrival (a check-in desk's button); returns the flash that says what happened. */
export async function markArrival(db: DB, eventId: string, intent: string, repId: string, userId: string): Promise<Flash> {
  const result = intent === 'checkin' ? await checkIn(db, eventId, repId, userId) : await undoCheckIn(db, eventId, repId);
  const message =
    intent === 'undo'
      ? msg(result.changed ? 'roster.checkin.flash.undone' : 'roster.checkin.flash.notCheckedIn', { name: result.name })
      : msg(result.changed ? 'roster.checkin.flash.done' : 'roster.checkin.flash.already', {
          name: result.name,
          time: result.checkedInAt ? beijingTime(result.checkedInAt) : '',
        });
  return { tone: result.changed ? 'success' : 'info', message };
}

/** One representative as a check-in list shows it: arrival as "HH:MM" Beijing time, or null. */
export function arrivalRow(r: { id: string; name: string; title: string; phone: string; checkedInAt: string | null }) {
  return { id: r.id, name: r.name, title: r.title, phone: r.phone, arrivedAt: r.checkedInAt ? beijingTime(r.checkedInAt) : null };
}

/** Marks every not-yet-arrived representative of one organization (by token); returns how many were marked. */
export async function checkInAllOfToken(
  db: DB,
  eventId: string,
  token: string,
  userId: string,
  at = nowIso(),
): Promise<{ marked: number }> {
  const participant = await db
    .selectFrom('event_participants')
    .select(['id', 'status'])
    .where('event_id', '=', eventId)
    .where('checkin_token', '=', token)
    .executeTakeFirst();
  if (!participant || !(ATTENDING_STATUSES as readonly string[]).includes(participant.status)) throw notFound();
  const res = await db
    .updateTable('event_representatives')
    .set({ checked_in_at: at, checked_in_by: userId, checked_in_via: 'desk' })
    .where('event_id', '=', eventId)
    .where('participant_id', '=', participant.id)
    .where('checked_in_at', 'is', null)
    .executeTakeFirst();
  return { marked: Number(res.numUpdatedRows) };
}
