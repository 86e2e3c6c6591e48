/**
 * Notifications. A notification is addressed to one user; events for an
 * organization fan out to its active users. The text is rendered at display
 * time from `kind` (an i18n key suffix) and `payload` (its parameters), so each
 * reader sees it in their own language.
 *
 * `notifyUsers` is the one place a notification is created: it writes the in-app
 * rows and queues the outbound copies (e-mail, SMS) that each addressee chose for
 * the kind (./outbound.server.ts, decision 033a) — all with the caller's `db`, so
 * inside the caller's transaction everything commits or rolls back with the change.
 */
import { regionCovers } from '~/modules/regions/cover';
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { DEFAULT_PAGE_SIZE } from '~/utils/pagination';
import { precompiledCount } from '~/utils/precompiled.server';
import { queueOutboundCopies } from './outbound.server';

export const NOTIFICATION_KINDS = [
  'interest.new',
  'interest.accepted',
  'interest.declined',
  'interest.withdrawn',
  'agreement.proposed',
  'agreement.confirmed',
  'agreement.declined',
  'agreement.terminated',
  // issue 13: wrong passwords for the account (the owner hears of an attack)
  'account.loginAttack',
  // issue 13: an organizer decided a verified organization's change of name, credit code, region or bank type
  'org.changeApproved',
  'org.changeRejected',
  // issue 14: a published need without an answer past its deadline (the overdue sweep)
  'need.overdue',
  // issue 14: verification decided (members of the organization), a rejected organization resubmitted (organizers)
  'org.verified',
  'org.rejected',
  'org.resubmitted',
  // issue 18: a 推荐清单 pushed to the bank, to answer per enterprise by a deadline
  'list.pushed',
  // issue 18: a problem assigned (交办) to the handler, reopened by the enterprise, overdue (督办, organizers)
  'problem.assigned',
  'problem.reopened',
  'problem.overdue',
  // issue 18: needs nobody answered dispatched (派单) to the bank; dispatches left unanswered (organizers)
  'dispatch.assigned',
  'dispatch.silent',
  // issue 18: the handler replied; the enterprise rates it
  'problem.replied',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationPayload = Record<string, string | number>;

export interface NotificationRow {
  id: string;
  kind: string;
  payload: NotificationPayload;
  link: string | null;
  readAt: string | null;
  createdAt: string;
  /**
   * A request to act that is no longer open (issue 16): a letter of intent proposed
   * to the reader that has since been signed, declined or terminated — by the reader,
   * the other side or an organizer. The list shows the settled state, not the call to act.
   */
  settled?: SettledState;
}

export type SettledState = 'signed' | 'declined' | 'terminated';

const AGREEMENT_LINK = /^\/agreements\/([A-Za-z0-9_-]{1,64})$/;

/** The settled state of the letters that proposals in `rows` point at. */
async function settledStates(db: DB, rows: readonly { kind: string; link: string | null }[]): Promise<Map<string, SettledState>> {
  const ids = [
    ...new Set(rows.filter((r) => r.kind === 'agreement.proposed').flatMap((r) => AGREEMENT_LINK.exec(r.link ?? '')?.[1] ?? [])),
  ];
  const out = new Map<string, SettledState>();
  if (ids.length === 0) return out;
  const letters = await db.selectFrom('agreements').select(['id', 'status']).where('id', 'in', ids).execute();
  for (const a of letters) {
    if (a.status === 'declined' || a.status === 'terminated') out.set(a.id, a.status);
    else if (a.status !== 'proposed') out.set(a.id, 'signed');
  }
  return out;
}

/**
 * THE place a notification is created: one in-app row per user (duplicates
 * dropped) and the outbound copies their channel choices ask for. `kind` is the
 * i18n key suffix (`notifications.kind.<kind>`). Returns how many users were notified.
 */
export async function notifyUsers(
  db: DB,
  userIds: readonly string[],
  kind: string,
  payload: NotificationPayload,
  link: string | null,
  now = nowIso(),
): Promise<number> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return 0;
  const body = JSON.stringify(payload);
  const rows = ids.map((user_id) => ({ id: newId(), user_id, kind, payload: body, link, read_at: null, created_at: now }));
  // a few hundred rows per statement keeps well under SQLite's bound-parameter limit
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('notifications')
      .values(rows.slice(i, i + 200))
      .execute();
  await queueOutboundCopies(db, ids, kind, payload, link);
  return ids.length;
}

/** The active users of the organizations. */
/**
 * The active organizers with a region, loaded once: the returned function gives
 * the ids of those whose region covers a code (a city's cover its counties).
 * For sweeps that tell many items' organizers.
 */
export async function regionalOrganizers(db: DB): Promise<(regionCode: string) => string[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'region_code'])
    .where('role', '=', 'organizer')
    .where('active', '=', 1)
    .where('region_code', 'is not', null)
    .execute();
  return (regionCode) => rows.filter((u) => u.region_code && regionCovers(u.region_code, regionCode)).map((u) => u.id);
}

export async function activeUsersOf(db: DB, organizationIds: readonly string[]): Promise<string[]> {
  if (organizationIds.length === 0) return [];
  const users = await db
    .selectFrom('users')
    .select('id')
    .where('organization_id', 'in', [...organizationIds])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  return users.map((u) => u.id);
}

/** Sends one notification to every active user of `organizationId`. Returns how many were written. */
export async function notifyOrganization(
  db: DB,
  organizationId: string,
  kind: NotificationKind,
  payload: NotificationPayload,
  link: string | null,
  now = nowIso(),
): Promise<number> {
  return notifyUsers(db, await activeUsersOf(db, [organizationId]), kind, payload, link, now);
}

/** Sends one notification to one user (issue 13: the owner of an attacked account). */
export async function notifyUser(
  db: DB,
  userId: string,
  kind: NotificationKind,
  payload: NotificationPayload,
  link: string | null,
  now = nowIso(),
): Promise<void> {
  await notifyUsers(db, [userId], kind, payload, link, now);
}

function parsePayload(raw: string): NotificationPayload {
  try {
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: NotificationPayload = {};
      for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number') out[k] = x;
      return out;
    }
  } catch {
    /* fall through */
  }
  return {};
}

/** Newest first. */
export async function listNotifications(
  db: DB,
  userId: string,
  page: number,
  pageSize = DEFAULT_PAGE_SIZE,
): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
  const [rows, totals] = await Promise.all([
    db
      .selectFrom('notifications')
      .select(['id', 'kind', 'payload', 'link', 'read_at', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('notifications')
      .select((eb) => [eb.fn.countAll<string | number>().as('total'), eb.fn.count<string | number>('read_at').as('read')])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  const total = Number(totals.total);
  const settled = await settledStates(db, rows);
  return {
    rows: rows.map((r) => {
      const state = r.kind === 'agreement.proposed' ? settled.get(AGREEMENT_LINK.exec(r.link ?? '')?.[1] ?? '') : undefined;
      return {
        id: r.id,
        kind: r.kind,
        payload: parsePayload(r.payload),
        link: r.link,
        readAt: r.read_at,
        createdAt: r.created_at,
        ...(state ? { settled: state } : {}),
      };
    }),
    total,
    unread: total - Number(totals.read),
  };
}

// every home asks for it: compiled once (decision 047b)
const unreadOf = precompiledCount('notifications.unreadCount', (db, a: { userId: string }) =>
  db.selectFrom('notifications').where('user_id', '=', a.userId).where('read_at', 'is', null),
);

export function unreadCount(db: DB, userId: string): Promise<number> {
  return unreadOf(db, { userId });
}

/** Marks one of the user's own notifications read; false when it is not theirs. */
export async function markRead(db: DB, userId: string, id: string, now = nowIso()): Promise<boolean> {
  const res = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) return true;
  const exists = await db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return !!exists;
}

export async function markAllRead(db: DB, userId: string, now = nowIso()): Promise<number> {
  const res = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
