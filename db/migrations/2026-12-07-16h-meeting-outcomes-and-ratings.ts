// Frozen in time: takes Kysely<any> and never imports app code.
//
// After the meeting (issue 16) and satisfaction (issue 18), decision 036c:
// - meeting_outcomes: a scheduled meeting (an accepted meeting request) marked
//   held or no-show, by either side or the organizer; one row per request, the
//   last mark wins;
// - ratings: one rating per item and rater (a meeting, an interest, an
//   application, a problem), 1–5 with reason codes; changed in place;
// - meeting_followups: three months after a session, each enterprise–bank pair
//   that met is asked once "是否达成融资？" (unique per session and pair).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meeting_outcomes')
    .addColumn('request_id', 'text', (c) => c.primaryKey().references('meeting_requests.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    // held | no_show
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('marked_by_user_id', 'text', (c) => c.notNull().references('users.id'))
    // the organization that marked it, or null for the organizer
    .addColumn('marked_by_org_id', 'text')
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_outcomes_event').on('meeting_outcomes').columns(['event_id', 'outcome']).execute();

  await db.schema
    .createTable('ratings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // meeting | interest | application | problem
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('rater_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    // enterprise | bank
    .addColumn('rater_kind', 'text', (c) => c.notNull())
    // the bank, the enterprise (a bank rating a meeting) or the department rated
    .addColumn('rated_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('rated_kind', 'text', (c) => c.notNull())
    // the rating enterprise's district (the district ranking)
    .addColumn('region_code', 'text', (c) => c.notNull())
    // 1..5
    .addColumn('score', 'integer', (c) => c.notNull())
    // JSON array of reason codes
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    // YYYY-MM (China) of the last change: the month the rating counts in
    .addColumn('rated_month', 'text', (c) => c.notNull())
    .addColumn('rated_by_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ratings_subject_rater')
    .unique()
    .on('ratings')
    .columns(['subject_kind', 'subject_id', 'rater_org_id'])
    .execute();
  await db.schema.createIndex('ratings_month_region').on('ratings').columns(['rated_month', 'region_code']).execute();

  await db.schema
    .createTable('meeting_followups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('asked_at', 'text', (c) => c.notNull())
    // null until answered; yes | no
    .addColumn('answer', 'text')
    .addColumn('answered_by_user_id', 'text')
    .addColumn('answered_by_org_id', 'text')
    .addColumn('answered_at', 'text')
    // the letter of intent recorded after a yes
    .addColumn('agreement_id', 'text')
    .execute();
  await db.schema
    .createIndex('meeting_followups_pair')
    .unique()
    .on('meeting_followups')
    .columns(['event_id', 'enterprise_org_id', 'bank_org_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('meeting_followups').execute();
  await db.schema.dropTable('ratings').execute();
  await db.schema.dropTable('meeting_outcomes').execute();
}
