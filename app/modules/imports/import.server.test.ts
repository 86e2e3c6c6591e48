// The import against a real (temporary SQLite) database, through its public
// functions: dry runs write nothing, products and agreements keyed and updated,
// and a 100,000-row enterprise sheet imported completely.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/schema';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { benchCreditCode, enterpriseSheet } from '../../../scripts/bench/import-enterprises';
import { withCheckChar } from '~/modules/organizations/credit-code';
import { chunks, insertBatchSize, templateHeader } from './columns';
import { commitUpload, dryRunUpload, runImport } from './import.server';
import { csvField } from './templates.server';
import { PRODUCT_COLUMNS } from './products.server';
import { AGREEMENT_COLUMNS } from './agreements.server';
import { BANK_COLUMNS } from './banks.server';
import type { ColumnDef, ImportActor } from './types';

let handle: TempDatabase;
let db: Kysely<Database>;
let actor: ImportActor;
let bankId: string;
let bankCode: string;
let entCode: string;

const csv = (columns: readonly ColumnDef[], rows: Record<string, string>[]) =>
  new TextEncoder().encode(
    [columns.map(templateHeader), ...rows.map((r) => columns.map((c) => r[c.key] ?? ''))]
      .map((l) => l.map(csvField).join(','))
      .join('\r\n'),
  );

const product = (over: Record<string, string> = {}) => ({
  bankCreditCode: bankCode,
  name: '模块测试贷',
  category: '信用贷',
  amountMin: '10',
  amountMax: '300',
  termMin: '1',
  termMax: '12',
  rateType: '固定利率',
  rateMin: '3.5',
  rateMax: '5',
  guarantees: '信用',
  ...over,
});

const count = async (table: 'organizations' | 'loan_products' | 'agreements' | 'import_uploads') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  handle = await createTempDatabase();
  db = handle.db;
  const id = await insertUser(db, { role: 'organizer', regionCode: '410400' });
  actor = { id, regionCode: '410400', organizationId: null };
  bankCode = withCheckChar('91410400MAB000001');
  entCode = withCheckChar('91410400MAE000001');
  bankId = await insertOrg(db, { kind: 'bank', region: '410481' });
  await db.updateTable('organizations').set({ credit_code: bankCode, bank_type: 'rural' }).where('id', '=', bankId).execute();
  await db
    .insertInto('bank_regions')
    .values([
      { organization_id: bankId, region_code: '410481' },
      { organization_id: bankId, region_code: '410102' },
    ])
    .execute();
  const entId = await insertOrg(db, { kind: 'enterprise', region: '410481' });
  await db.updateTable('organizations').set({ credit_code: entCode, industry: 'C' }).where('id', '=', entId).execute();
});
afterAll(async () => {
  await handle?.cleanup();
});

describe('batches', () => {
  it('keeps every INSERT under both databases’ parameter limits', () => {
    for (const cols of [2, 25, 27, 30]) {
      const size = insertBatchSize(cols);
      expect(size * cols).toBeLessThanOrEqual(32_766);
      expect(chunks(Array.from({ length: 100_001 }), size).every((c) => c.length * cols <= 32_766)).toBe(true);
    }
  });
});

describe('dry run', () => {
  it('writes nothing but the stored upload, which commits once', async () => {
    const before = await count('loan_products');
    const r = await dryRunUpload(db, actor, { kind: 'products', fileName: 'p.csv', bytes: csv(PRODUCT_COLUMNS, [product()]) });
    expect(r.errors).toEqual([]);
    expect(r.totals).toEqual({ rows: 1, create: 1, update: 0, unchanged: 0, kept: 0 });
    expect(await count('loan_products')).toBe(before);
    const uploads = await count('import_uploads');
    const c = await commitUpload(db, actor, r.token!);
    expect(c.committed).toBe(true);
    expect(await count('loan_products')).toBe(before + 1);
    await expect(commitUpload(db, actor, r.token!)).rejects.toMatchObject({ status: 400, messageKey: 'imports.file.alreadyCommitted' });
    await expect(commitUpload(db, { ...actor, id: 'someoneelse' }, r.token!)).rejects.toMatchObject({
      status: 400,
      messageKey: 'imports.file.tokenExpired',
    });
    expect(await count('import_uploads')).toBe(uploads);
    const stored = await db.selectFrom('import_uploads').select(['content', 'summary', 'committed_at']).executeTakeFirstOrThrow();
    expect(stored.content).toBe('');
    expect(JSON.parse(stored.summary!)).toEqual({ rows: 1, create: 1, update: 0, unchanged: 0, kept: 0 });
  });
});

describe('banks', () => {
  it('replaces the regions served inside the organizer’s region and keeps the others', async () => {
    const row = {
      name: '模块测试农商银行',
      creditCode: bankCode,
      bankType: '农商行',
      branchLevel: '县级支行',
      regionCode: '410481',
      regionsServed: '410481、410425',
      contactName: '王',
      contactPhone: '13903751234',
    };
    // the bank signed up on the platform (no import wrote it): kept unless the clerk ticks it
    const kept = await runImport(db, actor, { kind: 'banks', fileName: 'b.csv', bytes: csv(BANK_COLUMNS, [row]) }, { dryRun: false });
    expect(kept.totals).toMatchObject({ update: 0, kept: 1 });
    expect(kept.preview[0]).toMatchObject({ action: 'kept', edited: { importedAt: null }, overrideId: 'banks:2' });
    const r = await runImport(
      db,
      actor,
      { kind: 'banks', fileName: 'b.csv', bytes: csv(BANK_COLUMNS, [row]) },
      { dryRun: false, override: ['banks:2'] },
    );
    expect(r.totals).toMatchObject({ update: 1 });
    const served = await db
      .selectFrom('bank_regions')
      .select('region_code')
      .where('organization_id', '=', bankId)
      .orderBy('region_code')
      .execute();
    expect(served.map((x) => x.region_code)).toEqual(['410102', '410425', '410481']);
    expect(
      await db.selectFrom('organizations').select(['name', 'bank_type', 'branch_level']).where('id', '=', bankId).executeTakeFirstOrThrow(),
    ).toEqual({ name: '模块测试农商银行', bank_type: 'rural', branch_level: 'county' });
    const again = await runImport(db, actor, { kind: 'banks', fileName: 'b.csv', bytes: csv(BANK_COLUMNS, [row]) }, { dryRun: true });
    expect(again.totals).toMatchObject({ unchanged: 1 });
  });
});

describe('products', () => {
  it('offers a new product where the bank serves inside the organizer’s region, and updates it by bank + name', async () => {
    const r = await runImport(
      db,
      actor,
      { kind: 'products', fileName: 'p.csv', bytes: csv(PRODUCT_COLUMNS, [product({ name: '区域默认贷' })]) },
      { dryRun: false },
    );
    expect(r.committed).toBe(true);
    const p = await db.selectFrom('loan_products').selectAll().where('name', '=', '区域默认贷').executeTakeFirstOrThrow();
    expect(p).toMatchObject({
      organization_id: bankId,
      status: 'published',
      amount_min: 100_000,
      amount_max: 3_000_000,
      rate_type: 'fixed',
      rate_min_bp: 350,
      rate_max_bp: 500,
      version: 1,
    });
    // 410102 (郑州) is served by the bank but outside 平顶山: not offered by this organizer's import
    expect(
      (await db.selectFrom('product_regions').select('region_code').where('product_id', '=', p.id).orderBy('region_code').execute()).map(
        (x) => x.region_code,
      ),
    ).toEqual(['410425', '410481']);

    const again = await runImport(
      db,
      actor,
      { kind: 'products', fileName: 'p.csv', bytes: csv(PRODUCT_COLUMNS, [product({ name: '区域默认贷' })]) },
      { dryRun: false },
    );
    expect(again.totals).toMatchObject({ create: 0, unchanged: 1 });
    const upd = await runImport(
      db,
      actor,
      { kind: 'products', fileName: 'p2.csv', bytes: csv(PRODUCT_COLUMNS, [product({ name: '区域默认贷', rateMax: '5.5' })]) },
      { dryRun: false },
    );
    expect(upd.totals).toMatchObject({ update: 1 });
    expect(
      await db.selectFrom('loan_products').select(['rate_max_bp', 'version']).where('id', '=', p.id).executeTakeFirstOrThrow(),
    ).toEqual({ rate_max_bp: 550, version: 2 });
  });

  it('refuses unknown banks, enterprises named as banks, unverified banks and ambiguous names', async () => {
    const pending = withCheckChar('91410400MAB000002');
    const pid = await insertOrg(db, { kind: 'bank', status: 'pending', region: '410481' });
    await db.updateTable('organizations').set({ credit_code: pending }).where('id', '=', pid).execute();
    const now = new Date().toISOString();
    for (const n of [1, 2]) {
      await db
        .insertInto('loan_products')
        .values({
          id: `dupprod${n}`,
          organization_id: bankId,
          name: '重名贷',
          category: 'credit',
          amount_min: 100_000,
          amount_max: 200_000,
          term_min_months: 1,
          term_max_months: 12,
          rate_type: 'fixed',
          rate_min_bp: 300,
          rate_max_bp: 400,
          guarantee_mask: 1,
          industry_mask: 0,
          size_mask: 0,
          min_years: 0,
          employment_linked: 0,
          min_new_hires: 0,
          materials: null,
          description: null,
          status: 'published',
          search_text: '',
          published_at: now,
          retired_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const rows = [
      product({ bankCreditCode: withCheckChar('91410400MAB000099') }),
      product({ bankCreditCode: entCode }),
      product({ bankCreditCode: pending }),
      product({ name: '重名贷' }),
    ];
    const r = await runImport(db, actor, { kind: 'products', fileName: 'bad.csv', bytes: csv(PRODUCT_COLUMNS, rows) }, { dryRun: false });
    expect(r.committed).toBe(false);
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [2, 'imports.e.bankNotFound'],
      [3, 'imports.e.codeNotBank'],
      [4, 'imports.e.orgNotVerified'],
      [5, 'imports.e.productAmbiguous'],
    ]);
  });
});

describe('agreements', () => {
  const letter = (over: Record<string, string> = {}) => ({
    documentNo: 'MOD-1',
    bankCreditCode: bankCode,
    enterpriseCreditCode: entCode,
    amount: '120',
    signedOn: '2026-01-05',
    ...over,
  });

  it('creates signed letters through the agreements module and refuses corrections of a terminated one', async () => {
    const r = await runImport(
      db,
      actor,
      {
        kind: 'agreements',
        fileName: 'a.csv',
        bytes: csv(AGREEMENT_COLUMNS, [letter(), letter({ documentNo: 'MOD-2', productName: '区域默认贷' })]),
      },
      { dryRun: false },
    );
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    const rows = await db
      .selectFrom('agreements')
      .selectAll()
      .where('document_no', 'in', ['MOD-1', 'MOD-2'])
      .orderBy('document_no')
      .execute();
    expect(rows.map((a) => [a.status, a.amount, a.confirmed_by_user_id, a.proposed_by_org_id, a.product_category])).toEqual([
      ['signed', 1_200_000, actor.id, `region:${actor.regionCode}`, null],
      ['signed', 1_200_000, actor.id, `region:${actor.regionCode}`, 'credit'],
    ]);
    await db
      .updateTable('agreements')
      .set({ status: 'terminated', status_reason: '测试', terminated_at: new Date().toISOString() })
      .where('document_no', '=', 'MOD-1')
      .execute();
    const same = await runImport(
      db,
      actor,
      { kind: 'agreements', fileName: 'a.csv', bytes: csv(AGREEMENT_COLUMNS, [letter()]) },
      { dryRun: true },
    );
    expect(same.totals).toMatchObject({ unchanged: 1 });
    const changed = await runImport(
      db,
      actor,
      { kind: 'agreements', fileName: 'a2.csv', bytes: csv(AGREEMENT_COLUMNS, [letter({ amount: '130' })]) },
      { dryRun: false },
    );
    expect(changed.errors.map((e) => [e.row, e.message])).toEqual([[2, 'agreements.err.final']]);
    expect((await db.selectFrom('agreements').select('amount').where('document_no', '=', 'MOD-1').executeTakeFirstOrThrow()).amount).toBe(
      1_200_000,
    );
  });

  it('refuses a document number used for other parties, and an enterprise outside the region', async () => {
    const other = withCheckChar('91410100MAE000001');
    const oid = await insertOrg(db, { kind: 'enterprise', region: '410102' });
    await db.updateTable('organizations').set({ credit_code: other }).where('id', '=', oid).execute();
    const secondEnt = withCheckChar('91410400MAE000002');
    const sid = await insertOrg(db, { kind: 'enterprise', region: '410481' });
    await db.updateTable('organizations').set({ credit_code: secondEnt }).where('id', '=', sid).execute();
    const r = await runImport(
      db,
      actor,
      {
        kind: 'agreements',
        fileName: 'b.csv',
        bytes: csv(AGREEMENT_COLUMNS, [
          letter({ documentNo: 'MOD-2', enterpriseCreditCode: secondEnt }),
          letter({ documentNo: 'MOD-3', enterpriseCreditCode: other }),
        ]),
      },
      { dryRun: true },
    );
    expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'imports.col.agreement.documentNo', 'imports.e.documentNoOtherParties'],
      [3, 'imports.col.agreement.enterpriseCreditCode', 'imports.e.codeOutsideRegion'],
    ]);
  });
});

describe('agreements naming an event (对接会)', () => {
  const letter = (over: Record<string, string> = {}) => ({
    documentNo: 'EVT-1',
    bankCreditCode: bankCode,
    enterpriseCreditCode: entCode,
    amount: '200',
    signedOn: '2026-01-06',
    ...over,
  });
  const ev = {
    live: 'evtlive000000001',
    draft: 'evtdraft00000001',
    far: 'evtfar0000000001',
    twinA: 'evttwina00000001',
    twinB: 'evttwinb00000001',
  };

  beforeAll(async () => {
    const now = new Date().toISOString();
    const event = (id: string, region: string, title: string, date: string, status: 'draft' | 'open' | 'held') => ({
      id,
      region_code: region,
      created_by: actor.id,
      title,
      theme: '主题',
      event_date: date,
      start_time: '09:00',
      venue: '会场',
      capacity: 50,
      registration_deadline: date,
      open_registration: 0,
      slot_count: 4,
      slot_minutes: 20,
      table_count: 4,
      first_slot_time: '10:00',
      description: null,
      status,
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: now,
      updated_at: now,
    });
    await db
      .insertInto('events')
      .values([
        event(ev.live, '410481', '舞钢市政银企对接会（模块测试）', '2026-01-05', 'held'),
        event(ev.draft, '410400', '筹备中的对接会（模块测试）', '2026-12-20', 'draft'),
        event(ev.far, '410102', '郑州市政银企对接会（模块测试）', '2026-01-05', 'held'),
        event(ev.twinA, '410400', '季度对接会（模块测试）', '2026-01-08', 'held'),
        event(ev.twinB, '410481', '季度对接会（模块测试）', '2026-04-08', 'open'),
      ])
      .execute();
  });

  it('reports each bad event cell on its row and column in the dry run, and imports nothing', async () => {
    const before = await count('agreements');
    const rows = [
      letter({ documentNo: 'EVT-1', event: ev.live }), // 2: by id
      letter({ documentNo: 'EVT-2', event: '舞钢市政银企对接会（模块测试）' }), // 3: by exact title
      letter({ documentNo: 'EVT-3', event: ev.draft }), // 4: a draft
      letter({ documentNo: 'EVT-4', event: ev.far }), // 5: another region's event, by id
      letter({ documentNo: 'EVT-5', event: '郑州市政银企对接会（模块测试）' }), // 6: another region's event, by title
      letter({ documentNo: 'EVT-6', event: '季度对接会（模块测试）' }), // 7: two events of that title
      letter({ documentNo: 'EVT-7', event: '2026-04-08 季度对接会（模块测试）' }), // 8: date + title
      letter({ documentNo: 'EVT-8', event: '没有这场对接会' }), // 9: unknown
      letter({ documentNo: 'EVT-9', event: '筹备中的对接会（模块测试）' }), // 10: a draft, by title
    ];
    for (const dryRun of [true, false]) {
      const r = await runImport(db, actor, { kind: 'agreements', fileName: 'events.csv', bytes: csv(AGREEMENT_COLUMNS, rows) }, { dryRun });
      expect(r.committed).toBe(false);
      expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
        [4, 'imports.col.agreement.event', 'imports.e.eventDraft'],
        [5, 'imports.col.agreement.event', 'imports.e.eventNotFound'],
        [6, 'imports.col.agreement.event', 'imports.e.eventNotFound'],
        [7, 'imports.col.agreement.event', 'imports.e.eventAmbiguous'],
        [9, 'imports.col.agreement.event', 'imports.e.eventNotFound'],
        [10, 'imports.col.agreement.event', 'imports.e.eventDraft'],
      ]);
    }
    expect(await count('agreements')).toBe(before);
  });

  it('ties new letters to the event named by id, title or date and title; never moves an existing letter to another event', async () => {
    const rows = [
      letter({ documentNo: 'EVT-1', event: ev.live }),
      letter({ documentNo: 'EVT-2', event: '舞钢市政银企对接会（模块测试）' }),
      letter({ documentNo: 'EVT-7', event: '2026-04-08 季度对接会（模块测试）' }),
      letter({ documentNo: 'EVT-10' }),
    ];
    const r = await runImport(
      db,
      actor,
      { kind: 'agreements', fileName: 'events.csv', bytes: csv(AGREEMENT_COLUMNS, rows) },
      { dryRun: false },
    );
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    const stored = await db
      .selectFrom('agreements')
      .select(['document_no', 'event_id', 'status'])
      .where('document_no', 'like', 'EVT-%')
      .orderBy('document_no')
      .execute();
    expect(stored).toEqual([
      { document_no: 'EVT-1', event_id: ev.live, status: 'signed' },
      { document_no: 'EVT-10', event_id: null, status: 'signed' },
      { document_no: 'EVT-2', event_id: ev.live, status: 'signed' },
      { document_no: 'EVT-7', event_id: ev.twinB, status: 'signed' },
    ]);
    // the same file, or the rows with the event left blank: unchanged
    const again = await runImport(
      db,
      actor,
      { kind: 'agreements', fileName: 'events.csv', bytes: csv(AGREEMENT_COLUMNS, rows) },
      { dryRun: true },
    );
    expect(again.totals).toMatchObject({ create: 0, update: 0, unchanged: 4 });
    const blank = await runImport(
      db,
      actor,
      {
        kind: 'agreements',
        fileName: 'events.csv',
        bytes: csv(
          AGREEMENT_COLUMNS,
          rows.map((x) => ({ ...x, event: '' })),
        ),
      },
      { dryRun: true },
    );
    expect(blank.totals).toMatchObject({ unchanged: 4 });
    // another event for an existing letter, or an event for one recorded without: row errors
    const moved = await runImport(
      db,
      actor,
      {
        kind: 'agreements',
        fileName: 'moved.csv',
        bytes: csv(AGREEMENT_COLUMNS, [letter({ documentNo: 'EVT-1', event: ev.twinA }), letter({ documentNo: 'EVT-10', event: ev.live })]),
      },
      { dryRun: false },
    );
    expect(moved.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'imports.col.agreement.event', 'imports.e.eventOfOtherRegion'],
      [3, 'imports.col.agreement.event', 'imports.e.eventNotLinked'],
    ]);
    expect(
      (await db.selectFrom('agreements').select('event_id').where('document_no', '=', 'EVT-1').executeTakeFirstOrThrow()).event_id,
    ).toBe(ev.live);
  });

  it('accepts the header 对接会编号 as well as 对接会', async () => {
    const columns = AGREEMENT_COLUMNS.filter((c) => c.required);
    const header = [...columns.map(templateHeader), '对接会编号'];
    const line = [...columns.map((c) => letter({ documentNo: 'EVT-11' })[c.key as keyof ReturnType<typeof letter>] ?? ''), ev.twinA];
    const bytes = new TextEncoder().encode([header, line].map((l) => l.map(csvField).join(',')).join('\r\n'));
    const r = await runImport(db, actor, { kind: 'agreements', fileName: 'alias.csv', bytes }, { dryRun: false });
    expect(r.fileErrors).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(
      (await db.selectFrom('agreements').select('event_id').where('document_no', '=', 'EVT-11').executeTakeFirstOrThrow()).event_id,
    ).toBe(ev.twinA);
  });
});

describe('a 100,000-row enterprise sheet', () => {
  it('imports completely, in one transaction, with the values of the file', async () => {
    const rows = 100_000;
    const bytes = await enterpriseSheet(rows);
    const before = await count('organizations');
    const started = Date.now();
    const report = await runImport(db, actor, { kind: 'enterprises', fileName: 'big.xlsx', bytes }, { dryRun: false });
    const seconds = (Date.now() - started) / 1000;
    expect(report.fileErrors).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(report.committed).toBe(true);
    expect(report.totals).toEqual({ rows, create: rows, update: 0, unchanged: 0, kept: 0 });
    expect(await count('organizations')).toBe(before + rows);
    for (const i of [0, 4_567, rows - 1]) {
      const o = await db.selectFrom('organizations').selectAll().where('credit_code', '=', benchCreditCode(i)).executeTakeFirstOrThrow();
      expect(o).toMatchObject({
        name: `基准测试企业${i}有限公司`,
        kind: 'enterprise',
        status: 'verified',
        founded_year: 2000 + (i % 25),
        registered_capital: (100 + (i % 900)) * 10_000 + 5_000,
        employees: 10 + (i % 500),
      });
    }
    console.info(`100,000-row import: ${seconds.toFixed(1)} s`);
  }, 300_000);
});
