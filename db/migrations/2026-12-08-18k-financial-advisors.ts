// Frozen in time: takes Kysely<any> and never imports app code.
//
// 金融顾问 / 首席金融服务官 (issue 18): an organizer pairs a bank officer (a user of a
// verified bank serving the region) with enterprises of its region; an enterprise has
// at most one current advisor (a partial unique index), and re-pairing ends the old
// row instead of overwriting it, so the history stays. The officer logs contacts
// (走访 / 电话 / 线上) with the firms paired with them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('advisor_pairings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // the enterprise's district (organizer scope)
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('officer_user_id', 'text', (c) => c.notNull().references('users.id'))
    // China date the pairing started
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('paired_by', 'text', (c) => c.notNull().references('users.id'))
    // null while current
    .addColumn('ended_at', 'text')
    .addColumn('ended_on', 'text')
    .addColumn('ended_by', 'text')
    // repaired | ended
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema
    .createIndex('advisor_pairings_current')
    .on('advisor_pairings')
    .column('enterprise_org_id')
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
  await db.schema.createIndex('advisor_pairings_officer').on('advisor_pairings').columns(['officer_user_id', 'ended_at']).execute();
  await db.schema.createIndex('advisor_pairings_region').on('advisor_pairings').columns(['region_code']).execute();
  await db.schema.createIndex('advisor_pairings_enterprise').on('advisor_pairings').columns(['enterprise_org_id', 'started_at']).execute();

  await db.schema
    .createTable('advisor_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pairing_id', 'text', (c) => c.notNull().references('advisor_pairings.id'))
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('officer_user_id', 'text', (c) => c.notNull().references('users.id'))
    // visit | phone | online
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('contact_on', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('next_step', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('advisor_contacts_pairing').on('advisor_contacts').columns(['pairing_id', 'contact_on']).execute();
  await db.schema.createIndex('advisor_contacts_enterprise').on('advisor_contacts').columns(['enterprise_org_id', 'contact_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('advisor_contacts').execute();
  await db.schema.dropTable('advisor_pairings').execute();
}
