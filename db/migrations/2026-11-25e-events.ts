// Frozen in time: takes Kysely<any> and never imports app code.
// Matchmaking sessions (对接会): invitations, representatives, 1:1 meeting requests,
// availability and the placements the scheduler makes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('event_date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('venue', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('registration_deadline', 'text', (c) => c.notNull())
    .addColumn('open_registration', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('slot_count', 'integer', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('table_count', 'integer', (c) => c.notNull())
    .addColumn('first_slot_time', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('schedule_placed', 'integer')
    .addColumn('schedule_bound', 'integer')
    .addColumn('scheduled_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_region_date').on('events').columns(['region_code', 'event_date']).execute();
  await db.schema.createIndex('events_status_date').on('events').columns(['status', 'event_date']).execute();

  await db.schema
    .createTable('event_agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('speaker', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_agenda_items_event').on('event_agenda_items').columns(['event_id', 'sort_order']).execute();

  await db.schema
    .createTable('event_participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('checkin_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('event_participants_event_org', ['event_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('event_participants_org').on('event_participants').columns(['organization_id', 'status']).execute();

  await db.schema
    .createTable('event_representatives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('event_participants.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'text')
    .addColumn('checked_in_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('event_representatives_event_phone', ['event_id', 'phone'])
    .execute();
  await db.schema.createIndex('event_representatives_participant').on('event_representatives').columns(['participant_id']).execute();

  await db.schema
    .createTable('meeting_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('requested_by_org_id', 'text', (c) => c.notNull())
    .addColumn('requested_by_user_id', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('responded_by', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meeting_requests_pair', ['event_id', 'enterprise_org_id', 'bank_org_id'])
    .execute();
  await db.schema.createIndex('meeting_requests_event_status').on('meeting_requests').columns(['event_id', 'status']).execute();

  await db.schema
    .createTable('event_unavailability')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_unavailability_pk', ['event_id', 'organization_id', 'slot'])
    .execute();

  await db.schema
    .createTable('meeting_placements')
    .addColumn('request_id', 'text', (c) => c.primaryKey().references('meeting_requests.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('table_no', 'integer', (c) => c.notNull())
    .addColumn('manual', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meeting_placements_cell', ['event_id', 'slot', 'table_no'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'meeting_placements',
    'event_unavailability',
    'meeting_requests',
    'event_representatives',
    'event_participants',
    'event_agenda_items',
    'events',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
