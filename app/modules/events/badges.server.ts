/**
 * 参会证 and check-in by QR code (issue 16, decision record 036b).
 *
 * - Every representative of an attending organization has a personal badge
 *   token `<representative id>.<mac>`, where mac = HMAC-SHA256 of the event and
 *   the representative under a key derived from SESSION_SECRET, 128 bits,
 *   base64url. Nothing is stored: the token is recomputed to print it again and
 *   to check it, so a copy of the database reveals no token, and removing the
 *   representative revokes it. The QR code holds the staff scanner's URL with the
 *   token (`/organizer/events/:id/scan?t=…`), so a phone's own camera app also
 *   lands on the scanner; only a signed-in organizer of the region gets past it.
 * - The session's door QR points at `/checkin/:eventId/:doorToken` (doorToken the
 *   HMAC of the event), where a representative confirms with their mobile number.
 *   Wrong numbers are throttled per client address and per session.
 * - A second check-in changes nothing and answers with the first arrival time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { CheckinVia, ParticipantRole } from '#db/schema';
import { msg } from '~/i18n/translate';
import { todayInChina } from '~/modules/calendar/working-days';
import { retryMinutes } from '~/modules/auth/throttle.server';
import { countInWindow } from '~/modules/auth/password-reset.server';
import type { DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { checkIn } from './checkin.server';
import { ATTENDING_STATUSES, beijingTime } from './roster.server';

/* ------------------------------------------------------------- tokens */

const MAC_BYTES = 16;
const MAC_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

let cachedKey: { secret: string; key: Buffer } | null = null;

/** The badge key, derived from SESSION_SECRET (the development fallback matches the flash cookie's). */
function badgeKey(): Buffer {
  const secret = process.env.SESSION_SECRET || 'finmatch-dev-secret-not-for-production';
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: createHmac('sha256', secret).update('finmatch badge and door tokens v1').digest() };
  }
  return cachedKey.key;
}

function mac(...parts: string[]): string {
  return createHmac('sha256', badgeKey()).update(parts.join('\u0000')).digest().subarray(0, MAC_BYTES).toString('base64url');
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The personal badge token of a representative of an event. */
export function badgeToken(eventId: string, repId: string): string {
  return `${repId}.${mac('badge', eventId, repId)}`;
}

/** The token in the session's door QR code. */
export function doorToken(eventId: string): string {
  return mac('door', eventId);
}

export function isDoorToken(eventId: string, token: string): boolean {
  return MAC_PATTERN.test(token) && sameMac(token, doorToken(eventId));
}

/**
 * The badge token in what a scanner read or a person typed: the token itself or
 * a URL carrying it in `t` (surrounding spaces ignored). Undefined when it has
 * not the form of a token.
 */
export function parseBadgeText(text: string): { repId: string; mac: string } | undefined {
  let raw = text.trim();
  if (/^https?:\/\//i.test(raw)) {
    try {
      raw = new URL(raw).searchParams.get('t') ?? '';
    } catch {
      return undefined;
    }
  }
  const dot = raw.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const repId = raw.slice(0, dot);
  const m = raw.slice(dot + 1);
  if (!ID_PATTERN.test(repId) || !MAC_PATTERN.test(m)) return undefined;
  return { repId, mac: m };
}

/** The site's address for QR codes: APP_URL when configured, else the request's own origin. */
export function qrOrigin(requestUrl: string): string {
  return (process.env.APP_URL || new URL(requestUrl).origin).replace(/\/+$/, '');
}

/** What a badge's QR code holds: the staff scanner's URL with the token. */
export function badgeUrl(origin: string, eventId: string, token: string): string {
  return `${origin}/organizer/events/${encodeURIComponent(eventId)}/scan?t=${encodeURIComponent(token)}`;
}

/** The self check-in page of the session (the path the door QR code points at). */
export function doorPath(eventId: string): string {
  return `/checkin/${encodeURIComponent(eventId)}/${doorToken(eventId)}`;
}

/** What the door QR code holds: the self check-in page of the session. */
export function doorUrl(origin: string, eventId: string): string {
  return `${origin}${doorPath(eventId)}`;
}

/* ------------------------------------------------------------- badges */

export interface Badge {
  repId: string;
  name: string;
  title: string;
  orgName: string;
  role: ParticipantRole;
  token: string;
  checkedInAt: string | null;
}

/**
 * The badges of an event's attending organizations, in roster order (role,
 * organization, registration); only `orgId`'s when given.
 */
export async function listBadges(db: DB, eventId: string, opts: { orgId?: string; repId?: string } = {}): Promise<Badge[]> {
  let q = db
    .selectFrom('event_representatives as r')
    .innerJoin('event_participants as p', 'p.id', 'r.participant_id')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['r.id', 'r.name', 'r.title', 'r.checked_in_at', 'o.name as orgName', 'p.role'])
    .where('r.event_id', '=', eventId)
    .where('p.event_id', '=', eventId)
    .where('p.status', 'in', ATTENDING_STATUSES);
  if (opts.orgId) q = q.where('p.organization_id', '=', opts.orgId);
  if (opts.repId) q = q.where('r.id', '=', opts.repId);
  const rows = await q.orderBy('p.role').orderBy('o.name').orderBy('r.created_at').orderBy('r.id').execute();
  return rows.map((r) => ({
    repId: r.id,
    name: r.name,
    title: r.title,
    orgName: r.orgName,
    role: r.role,
    token: badgeToken(eventId, r.id),
    checkedInAt: r.checked_in_at,
  }));
}

/* ---------------------------------------------------------- check-in */

/** The answer to a scan or a self check-in: arrived now, or already (with the first time, HH:MM China time). */
export interface ArrivalResult {
  status: 'done' | 'already';
  name: string;
  orgName: string;
  role: ParticipantRole;
  /** HH:MM, China time */
  time: string;
}

async function arrive(db: DB, eventId: string, repId: string, userId: string | null, via: CheckinVia): Promise<ArrivalResult> {
  const rep = await db
    .selectFrom('event_representatives as r')
    .innerJoin('event_participants as p', 'p.id', 'r.participant_id')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['o.name as orgName', 'p.role'])
    .where('r.id', '=', repId)
    .executeTakeFirstOrThrow();
  const res = await checkIn(db, eventId, repId, userId, nowIso(), via);
  return {
    status: res.changed ? 'done' : 'already',
    name: res.name,
    orgName: rep.orgName,
    role: rep.role,
    time: res.checkedInAt ? beijingTime(res.checkedInAt) : '',
  };
}

/**
 * Staff scanned (or typed) a badge at `eventId`. Throws AppError 400
 * `checkin.scan.unknown` for anything that is not a valid badge, 400
 * `checkin.scan.otherEvent` for a valid badge of another session (with its
 * title), 400 `checkin.scan.notAttending` when the organization no longer attends.
 */
export async function checkInByBadge(db: DB, eventId: string, text: string, userId: string): Promise<ArrivalResult> {
  const parsed = parseBadgeText(text);
  if (!parsed) throw new AppError(400, 'checkin.scan.unknown', { field: 'code' });
  const rep = await db
    .selectFrom('event_representatives as r')
    .innerJoin('event_participants as p', 'p.id', 'r.participant_id')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.id', 'r.event_id', 'p.status', 'e.title'])
    .where('r.id', '=', parsed.repId)
    .executeTakeFirst();
  if (!rep || !sameMac(parsed.mac, mac('badge', rep.event_id, rep.id))) {
    throw new AppError(400, 'checkin.scan.unknown', { field: 'code' });
  }
  if (rep.event_id !== eventId) throw new AppError(400, msg('checkin.scan.otherEvent', { title: rep.title }), { field: 'code' });
  if (!(ATTENDING_STATUSES as readonly string[]).includes(rep.status)) {
    throw new AppError(400, 'checkin.scan.notAttending', { field: 'code' });
  }
  return arrive(db, eventId, rep.id, userId, 'badge');
}

/* ------------------------------------------------------ self check-in */

/** Wrong numbers from one client address for one session within the window before it must wait. */
export const SELF_FAILURES_PER_IP = 5;
/** Wrong numbers for one session from all addresses together within the window. */
export const SELF_FAILURES_PER_EVENT = 60;
export const SELF_WINDOW_MS = 15 * 60 * 1000;

/** Session statuses in which the door is open for self check-in (on the session's day). */
const SELF_CHECKIN_STATUSES = ['open', 'scheduled', 'held'] as const;

/** Whether the door page takes check-ins today; the reason key when not. */
export function selfCheckinClosed(event: { status: string; event_date: string }, today = todayInChina()): string | null {
  if (!(SELF_CHECKIN_STATUSES as readonly string[]).includes(event.status)) return 'checkin.self.closed';
  if (today !== event.event_date) return msg('checkin.self.notToday', { date: event.event_date });
  return null;
}

async function giveBack(db: DB, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ attempts: sql`case when attempts > 0 then attempts - 1 else 0 end` })
    .where('throttle_key', '=', key)
    .execute();
}

/**
 * A representative at the door confirms with their mobile number. Every attempt
 * is counted first (per client address and session, and per session) and given
 * back when the number matched, so only wrong numbers use up the allowance.
 * Throws AppError 429 `checkin.self.throttled`, 400 `checkin.self.closed` /
 * `checkin.self.notToday`, 400 `checkin.self.unknownPhone` on `phone`.
 */
export async function selfCheckIn(
  db: DB,
  event: { id: string; status: string; event_date: string },
  phone: string,
  ip: string | null,
  now = new Date(),
): Promise<ArrivalResult> {
  const closed = selfCheckinClosed(event, todayInChina(now));
  if (closed) throw new AppError(400, closed);
  const keys = [
    { key: `self-checkin-ip:${event.id}:${ip ?? 'unknown'}`, limit: SELF_FAILURES_PER_IP },
    { key: `self-checkin-event:${event.id}`, limit: SELF_FAILURES_PER_EVENT },
  ];
  for (const [i, k] of keys.entries()) {
    const c = await countInWindow(db, k.key, now, SELF_WINDOW_MS);
    if (c.attempts > k.limit) {
      for (const earlier of keys.slice(0, i + 1)) await giveBack(db, earlier.key);
      const wait = Date.parse(c.startedAt) + SELF_WINDOW_MS - now.getTime();
      throw new AppError(429, msg('checkin.self.throttled', { minutes: retryMinutes(wait) }));
    }
  }
  const rep = await db
    .selectFrom('event_representatives as r')
    .innerJoin('event_participants as p', 'p.id', 'r.participant_id')
    .select('r.id')
    .where('r.event_id', '=', event.id)
    .where('p.event_id', '=', event.id)
    .where('p.status', 'in', ATTENDING_STATUSES)
    .where('r.phone', '=', phone)
    .executeTakeFirst();
  if (!rep) throw new AppError(400, 'checkin.self.unknownPhone', { field: 'phone' });
  for (const k of keys) await giveBack(db, k.key);
  return arrive(db, event.id, rep.id, null, 'self');
}
