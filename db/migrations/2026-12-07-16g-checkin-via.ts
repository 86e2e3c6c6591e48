// Frozen in time: takes Kysely<any> and never imports app code.
//
// How a representative was checked in (issue 16, 参会证 and self check-in):
// 'desk' (the organizer's list), 'badge' (staff scanned the personal QR code of
// the badge) or 'self' (the representative confirmed their mobile number after
// scanning the session's door QR). Null while not checked in, and for arrivals
// recorded before this column existed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_representatives').addColumn('checked_in_via', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_representatives').dropColumn('checked_in_via').execute();
}
