/**
 * Event notifications. They go into the shared `notifications` table and are
 * shown by /notifications like every other kind: the text is the i18n key
 * `notifications.kind.<kind>` (defined in app/i18n/messages/events.ts) with the
 * payload as its parameters.
 */
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';

export const EVENT_NOTIFICATION_KINDS = ['event.invited', 'event.accepted', 'event.declined', 'event.registered'] as const;
export type EventNotificationKind = (typeof EVENT_NOTIFICATION_KINDS)[number];

/** One notification to every active user of each organization. Returns how many were written. */
export async function notifyOrganizations(
  db: DB,
  organizationIds: readonly string[],
  kind: EventNotificationKind,
  payload: Record<string, string | number>,
  link: string | null,
  now = nowIso(),
): Promise<number> {
  if (organizationIds.length === 0) return 0;
  const users = await db.selectFrom('users').select('id').where('organization_id', 'in', [...organizationIds]).where('active', '=', 1).execute();
  return notifyUsers(db, users.map((u) => u.id), kind, payload, link, now);
}

export async function notifyUsers(
  db: DB,
  userIds: readonly string[],
  kind: EventNotificationKind,
  payload: Record<string, string | number>,
  link: string | null,
  now = nowIso(),
): Promise<number> {
  if (userIds.length === 0) return 0;
  const body = JSON.stringify(payload);
  const rows = [...new Set(userIds)].map((user_id) => ({ id: newId(), user_id, kind, payload: body, link, read_at: null, created_at: now }));
  // a few hundred rows per statement keeps well under SQLite's bound-parameter limit
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('notifications').values(rows.slice(i, i + 200)).execute();
  return rows.length;
}
