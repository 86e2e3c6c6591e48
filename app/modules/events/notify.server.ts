/**
 * Event notifications. They go into the shared `notifications` table and are
 * shown by /notifications like every other kind: the text is the i18n key
 * `notifications.kind.<kind>` (defined in app/i18n/messages/events.ts) with the
 * payload as its parameters.
 */
import { activeUsersOf, notifyUsers as notify } from '~/modules/notifications/notifications.server';
import type { DB } from '~/utils/db.server';
import { nowIso } from '~/utils/ids';

export const EVENT_NOTIFICATION_KINDS = [
  'event.invited',
  'event.accepted',
  'event.declined',
  'event.registered',
  'event.scheduled',
  // issue 16: a published schedule changed for the addressee; reminders
  'event.scheduleChanged',
  'event.responseReminder',
  'event.dayBefore',
  'event.meetingSoon',
  'event.promoted',
] as const;
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
  return notify(db, await activeUsersOf(db, organizationIds), kind, payload, link, now);
}

/** Through the one place notifications are created (in-app and outbound copies). */
export async function notifyUsers(
  db: DB,
  userIds: readonly string[],
  kind: EventNotificationKind,
  payload: Record<string, string | number>,
  link: string | null,
  now = nowIso(),
): Promise<number> {
  return notify(db, userIds, kind, payload, link, now);
}
