// Frozen in time: takes Kysely<any> and never imports app code.
//
// 问题诉求台账, second step (issue 18): a sequence number per ledger (the
// enterprise's district and the year: 舞钢-问题-2026-0007), three deadlines per
// clock (contact, reply, close — working days per region setting), the handler's
// first contact, the stage the overdue sweep escalated, and attachments linked
// from the enterprise's documents.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('problems').addColumn('ledger_year', 'integer').execute();
  await db.schema.alterTable('problems').addColumn('seq_no', 'integer').execute();
  // e.g. 舞钢-问题-2026-0007, fixed when the item is recorded
  await db.schema.alterTable('problems').addColumn('ledger_code', 'text').execute();
  await db.schema.alterTable('problems').addColumn('contact_due_on', 'text').execute();
  await db.schema.alterTable('problems').addColumn('reply_due_on', 'text').execute();
  await db.schema.alterTable('problems').addColumn('contacted_at', 'text').execute();
  // contact | reply | close: which deadline the sweep found missed
  await db.schema.alterTable('problems').addColumn('escalated_stage', 'text').execute();

  // items recorded before this step get their numbers in the order they were recorded
  const rows = await db.selectFrom('problems').select(['id', 'region_code', 'created_at']).orderBy('created_at').orderBy('id').execute();
  const next = new Map<string, number>();
  for (const r of rows as { id: string; region_code: string; created_at: string }[]) {
    const year = Number(new Date(new Date(r.created_at).getTime() + 8 * 3600_000).toISOString().slice(0, 4));
    const key = `${r.region_code}:${year}`;
    const seq = (next.get(key) ?? 0) + 1;
    next.set(key, seq);
    await db
      .updateTable('problems')
      .set({ ledger_year: year, seq_no: seq, ledger_code: `${r.region_code}-${year}-${String(seq).padStart(4, '0')}` })
      .where('id', '=', r.id)
      .execute();
  }
  await db.schema.createIndex('problems_ledger_seq').on('problems').columns(['region_code', 'ledger_year', 'seq_no']).unique().execute();

  await db.schema
    .createTable('problem_documents')
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('problem_documents_pk', ['problem_id', 'document_id'])
    .execute();
  await db.schema.createIndex('problem_documents_document').on('problem_documents').column('document_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('problem_documents').execute();
  await db.schema.dropIndex('problems_ledger_seq').execute();
  for (const c of ['escalated_stage', 'contacted_at', 'reply_due_on', 'contact_due_on', 'ledger_code', 'seq_no', 'ledger_year'])
    await db.schema.alterTable('problems').dropColumn(c).execute();
}
