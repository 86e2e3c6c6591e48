// Frozen in time: takes Kysely<any> and never imports app code.
//
// Held identity changes of verified organizations (issue 13, point 1; decision
// 031c): a verified enterprise or bank that changes its name, credit code, region
// or bank type proposes the change here; the organizations row keeps serving the
// verified values until an organizer approves. At most one open (pending) request
// per organization. `organization_audit` keeps who proposed, approved or rejected
// what, with the values before and after.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('org_change_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    // pending | approved | rejected | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    // the proposed identity (all four, changed or not)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('bank_type', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // one open request per organization (both databases know partial indexes)
  await sql`create unique index org_change_requests_one_pending on org_change_requests (organization_id) where status = 'pending'`.execute(
    db,
  );
  await db.schema.createIndex('org_change_requests_org').on('org_change_requests').columns(['organization_id', 'requested_at']).execute();

  await db.schema
    .createTable('organization_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    // change.requested | change.approved | change.rejected | change.withdrawn
    .addColumn('action', 'text', (c) => c.notNull())
    // JSON: { field: [before, after] }
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organization_audit_org').on('organization_audit').columns(['organization_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organization_audit').execute();
  await db.schema.dropTable('org_change_requests').execute();
}
