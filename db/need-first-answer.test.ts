// A financing need's kept first answer (`financing_needs.first_answer_at`, migration
// 2026-12-13-a-need-first-answer, decision 041a) against the value computed from scratch:
// random sequences of interest creations (financing and, on the same ids, hiring ones),
// withdrawals, restorations, answers, deletions and moves to another need, application
// creations, deletions and moves, and needs deleted and inserted again after answers to
// them — after every step, every need's kept value equals the earliest creation time of
// its financing interests not withdrawn and of its applications. The migration's backfill
// and its `down` (then `up` again). On SQLite, and on PostgreSQL with TEST_PG_URL, where
// two transactions answering one need at once must also end with the right value.
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../tests/support/server';
import { createTempDatabase, insertOrg, insertUser } from '../tests/support/temp-db';
import { migrateToLatest, migratorOf } from './migrate';
import type { Database } from './schema';

const NEEDS = ['fa-need-1', 'fa-need-2', 'fa-need-3'];
const BANKS = ['fa-bank-1', 'fa-bank-2', 'fa-bank-3'];
const ENTERPRISE = 'fa-ent-1';
// few instants, so that ties and reorderings happen
const TIMES = [
  '2026-10-08T01:00:00.000Z',
  '2026-10-08T17:30:00.000Z',
  '2026-10-09T02:00:00.000Z',
  '2026-10-12T03:15:00.000Z',
  '2026-11-02T08:00:00.000Z',
];
const PUBLISHED = '2026-10-07T01:00:00.000Z';

function needRow(id: string) {
  return {
    id,
    organization_id: ENTERPRISE,
    title: `需求${id}`,
    amount: 5_000_000,
    term_months: 12,
    purpose: 'working_capital',
    guarantee_mask: 1,
    max_rate_bp: 450,
    wanted_by: null,
    description: null,
    attachments: '[]',
    status: 'published' as const,
    region_code: '410481',
    search_text: '',
    published_at: PUBLISHED,
    closed_at: null,
    status_reason: null,
    created_at: PUBLISHED,
    updated_at: PUBLISHED,
  };
}

async function insertFixture(db: Kysely<Database>): Promise<string> {
  await insertOrg(db, { id: ENTERPRISE, kind: 'enterprise', region: '410481' });
  for (const id of BANKS) await insertOrg(db, { id, kind: 'bank', region: '410400' });
  const user = await insertUser(db, { role: 'enterprise', organizationId: ENTERPRISE });
  for (const bank of BANKS)
    await db
      .insertInto('loan_products')
      .values({
        id: `${bank}-p`,
        organization_id: bank,
        name: bank,
        category: 'credit',
        amount_min: 1_000_000,
        amount_max: 10_000_000,
        term_min_months: 6,
        term_max_months: 36,
        rate_type: 'fixed',
        rate_min_bp: 345,
        rate_max_bp: 450,
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
        published_at: PUBLISHED,
        retired_at: null,
        created_at: PUBLISHED,
        updated_at: PUBLISHED,
      })
      .execute();
  return user;
}

/** Every need's kept value beside the value computed here from the interests and applications. */
async function keptAndWanted(db: Kysely<Database>) {
  const needs = await db.selectFrom('financing_needs').select(['id', 'first_answer_at']).orderBy('id').execute();
  const interests = await db.selectFrom('need_interests').select(['need_kind', 'need_id', 'status', 'created_at']).execute();
  const applications = await db.selectFrom('applications').select(['need_id', 'created_at']).execute();
  const first = new Map<string, string>();
  const see = (need: string, at: string) => {
    const m = first.get(need);
    if (m === undefined || at < m) first.set(need, at);
  };
  for (const i of interests) if (i.need_kind === 'financing' && i.status !== 'withdrawn') see(i.need_id, i.created_at);
  for (const a of applications) see(a.need_id, a.created_at);
  return {
    kept: needs.map((n) => [n.id, n.first_answer_at]),
    wanted: needs.map((n) => [n.id, first.get(n.id) ?? null]),
  };
}

const at = fc.nat(TIMES.length - 1);
const opArb = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('interest' as const),
      need: fc.nat(NEEDS.length - 1),
      bank: fc.nat(BANKS.length - 1),
      needKind: fc.constantFrom('financing' as const, 'financing' as const, 'financing' as const, 'hiring' as const),
      status: fc.constantFrom('pending' as const, 'pending' as const, 'accepted' as const, 'withdrawn' as const),
      at,
    }),
    weight: 5,
  },
  fc.record({ kind: fc.constant('withdraw' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('restore' as const), target: fc.nat(), at }),
  fc.record({ kind: fc.constant('answer' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('deleteInterest' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('moveInterest' as const), target: fc.nat(), need: fc.nat(NEEDS.length - 1) }),
  {
    arbitrary: fc.record({ kind: fc.constant('apply' as const), need: fc.nat(NEEDS.length - 1), bank: fc.nat(BANKS.length - 1), at }),
    weight: 3,
  },
  fc.record({ kind: fc.constant('deleteApplication' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('moveApplication' as const), target: fc.nat(), need: fc.nat(NEEDS.length - 1), at }),
  fc.record({ kind: fc.constant('renewNeed' as const), need: fc.nat(NEEDS.length - 1) }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

async function apply(db: Kysely<Database>, user: string, op: Op, seq: number): Promise<void> {
  const interestIds = async () => (await db.selectFrom('need_interests').select('id').orderBy('id').execute()).map((r) => r.id);
  const applicationIds = async () => (await db.selectFrom('applications').select('id').orderBy('id').execute()).map((r) => r.id);
  const pick = (ids: string[], target: number) => (ids.length ? ids[target % ids.length] : null);
  switch (op.kind) {
    case 'interest': {
      const need = NEEDS[op.need];
      const bank = BANKS[op.bank];
      const taken = await db
        .selectFrom('need_interests')
        .select('id')
        .where('need_kind', '=', op.needKind)
        .where('need_id', '=', need)
        .where('bank_org_id', '=', bank)
        .executeTakeFirst();
      if (taken) return;
      await db
        .insertInto('need_interests')
        .values({
          id: `fa-i-${String(seq).padStart(4, '0')}`,
          need_kind: op.needKind,
          need_id: need,
          enterprise_org_id: ENTERPRISE,
          bank_org_id: bank,
          product_id: null,
          user_id: user,
          message: '',
          status: op.status,
          created_at: TIMES[op.at],
        })
        .execute();
      return;
    }
    case 'withdraw':
    case 'answer': {
      const id = pick(await interestIds(), op.target);
      if (id)
        await db
          .updateTable('need_interests')
          .set({ status: op.kind === 'withdraw' ? 'withdrawn' : 'accepted' })
          .where('id', '=', id)
          .execute();
      return;
    }
    case 'restore': {
      // as the app does: a withdrawn interest expressed again, back to pending, created now
      const id = pick(await interestIds(), op.target);
      if (id)
        await db
          .updateTable('need_interests')
          .set({ status: 'pending', created_at: TIMES[op.at] })
          .where('id', '=', id)
          .where('status', '=', 'withdrawn')
          .execute();
      return;
    }
    case 'deleteInterest': {
      const id = pick(await interestIds(), op.target);
      if (id) await db.deleteFrom('need_interests').where('id', '=', id).execute();
      return;
    }
    case 'moveInterest': {
      const id = pick(await interestIds(), op.target);
      if (!id) return;
      const row = await db.selectFrom('need_interests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const taken = await db
        .selectFrom('need_interests')
        .select('id')
        .where('need_kind', '=', row.need_kind)
        .where('need_id', '=', NEEDS[op.need])
        .where('bank_org_id', '=', row.bank_org_id)
        .executeTakeFirst();
      if (!taken) await db.updateTable('need_interests').set({ need_id: NEEDS[op.need] }).where('id', '=', id).execute();
      return;
    }
    case 'apply':
      await db
        .insertInto('applications')
        .values({
          id: `fa-a-${String(seq).padStart(4, '0')}`,
          enterprise_org_id: ENTERPRISE,
          bank_org_id: BANKS[op.bank],
          product_id: `${BANKS[op.bank]}-p`,
          need_id: NEEDS[op.need],
          user_id: user,
          region_code: '410481',
          message: '',
          status: 'submitted',
          status_reason: null,
          agreement_id: null,
          responded_at: null,
          responded_by: null,
          created_at: TIMES[op.at],
          updated_at: TIMES[op.at],
        })
        .execute();
      return;
    case 'deleteApplication': {
      const id = pick(await applicationIds(), op.target);
      if (id) await db.deleteFrom('applications').where('id', '=', id).execute();
      return;
    }
    case 'moveApplication': {
      const id = pick(await applicationIds(), op.target);
      if (id)
        await db.updateTable('applications').set({ need_id: NEEDS[op.need], created_at: TIMES[op.at] }).where('id', '=', id).execute();
      return;
    }
    case 'renewNeed': {
      // a need deleted and written again (its interests, which have no foreign key, stay);
      // not while applications reference it
      const need = NEEDS[op.need];
      const applied = await db.selectFrom('applications').select('id').where('need_id', '=', need).executeTakeFirst();
      if (applied) return;
      await db.deleteFrom('financing_needs').where('id', '=', need).execute();
      await db.insertInto('financing_needs').values(needRow(need)).execute();
      return;
    }
  }
}

function suite(name: string, open: () => Promise<{ db: Kysely<Database>; close: () => Promise<void> }>) {
  describe(name, () => {
    let db: Kysely<Database>;
    let close: () => Promise<void>;
    let user = '';

    beforeAll(async () => {
      ({ db, close } = await open());
      user = await insertFixture(db);
      await db.insertInto('financing_needs').values(NEEDS.map(needRow)).execute();
    });
    afterAll(async () => {
      await close();
    });

    it('keeps every need first answer equal to the value computed from scratch after every write', async () => {
      let answered = 0;
      let seq = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25, size: 'max' }), async (ops) => {
          await db.deleteFrom('applications').execute();
          await db.deleteFrom('need_interests').execute();
          const empty = await keptAndWanted(db);
          expect(empty.kept).toEqual(empty.wanted);
          for (const op of ops) {
            await apply(db, user, op, seq++);
            const { kept, wanted } = await keptAndWanted(db);
            expect(kept, JSON.stringify(op)).toEqual(wanted);
            answered += kept.filter(([, v]) => v !== null).length;
          }
        }),
        { numRuns: 40 },
      );
      // the property was not checked on unanswered needs only
      expect(answered).toBeGreaterThan(100);
    }, 300_000);
  });
}

suite('first answers on SQLite', async () => {
  const h = await createTempDatabase();
  return { db: h.db, close: h.cleanup };
});

/** The migration just before the one under test. */
const BEFORE = '2026-12-12-17b-needs-region-org';

function migrationSuite(name: string, open: () => Promise<{ db: Kysely<Database>; close: () => Promise<void> }>) {
  describe(name, () => {
    it('backfills the first answers of existing needs, and down removes the column and its triggers', async () => {
      const { db, close } = await open();
      try {
        const m = migratorOf(db);
        // back to the migration before this one (later ones, if any, go down with it)
        const down = await m.migrateTo(BEFORE);
        expect(down.error).toBeUndefined();
        expect(down.results?.map((r) => r.migrationName)).toContain('2026-12-13-a-need-first-answer');
        const user = await insertFixture(db);
        await db.insertInto('financing_needs').values(NEEDS.map(needRow)).execute();
        const interest = (id: string, need: string, bank: string, status: 'pending' | 'withdrawn', created: string, kind = 'financing') =>
          sql`insert into need_interests (id, need_kind, need_id, enterprise_org_id, bank_org_id, product_id, user_id, message, status, created_at)
              values (${id}, ${kind}, ${need}, ${ENTERPRISE}, ${bank}, null, ${user}, '', ${status}, ${created})`.execute(db);
        await interest('m-i-1', NEEDS[0], BANKS[0], 'pending', TIMES[3]);
        await interest('m-i-2', NEEDS[0], BANKS[1], 'withdrawn', TIMES[0]);
        await interest('m-i-3', NEEDS[1], BANKS[0], 'withdrawn', TIMES[1]);
        await interest('m-i-4', NEEDS[2], BANKS[0], 'pending', TIMES[0], 'hiring');
        await sql`insert into applications (id, enterprise_org_id, bank_org_id, product_id, need_id, user_id, region_code, message, status, created_at, updated_at)
                  values ('m-a-1', ${ENTERPRISE}, ${BANKS[2]}, ${`${BANKS[2]}-p`}, ${NEEDS[0]}, ${user}, '410481', '', 'withdrawn', ${TIMES[2]}, ${TIMES[2]})`.execute(
          db,
        );
        await migrateToLatest(db);
        expect((await keptAndWanted(db)).kept).toEqual([
          [NEEDS[0], TIMES[2]],
          [NEEDS[1], null],
          [NEEDS[2], null],
        ]);
        // down: the column and the upkeep gone (writes still work), up again: filled again
        expect((await m.migrateTo(BEFORE)).error).toBeUndefined();
        await interest('m-i-5', NEEDS[1], BANKS[1], 'pending', TIMES[4]);
        await sql`delete from applications`.execute(db);
        await expect(sql`select first_answer_at from financing_needs`.execute(db)).rejects.toThrow();
        await migrateToLatest(db);
        expect((await keptAndWanted(db)).kept).toEqual([
          [NEEDS[0], TIMES[3]],
          [NEEDS[1], TIMES[4]],
          [NEEDS[2], null],
        ]);
      } finally {
        await close();
      }
    });
  });
}

migrationSuite('first-answer migration on SQLite', async () => {
  const h = await createTempDatabase();
  return { db: h.db, close: h.cleanup };
});

describe.runIf(!!process.env.TEST_PG_URL)('on PostgreSQL', () => {
  const openPg = async () => {
    const fresh = await freshDatabaseUrl('firstanswer');
    const h = await createTempDatabase(fresh.url);
    return {
      db: h.db,
      url: fresh.url,
      close: async () => {
        await h.db.destroy();
        await fresh.drop();
      },
    };
  };
  suite('first answers on PostgreSQL', openPg);
  migrationSuite('first-answer migration on PostgreSQL', openPg);

  describe('two transactions answering one need at once (READ COMMITTED)', () => {
    let h: Awaited<ReturnType<typeof openPg>>;
    let user = '';
    const clients: pg.Client[] = [];
    beforeAll(async () => {
      h = await openPg();
      user = await insertFixture(h.db);
      for (let i = 0; i < 2; i++) {
        const c = new pg.Client({ connectionString: h.url });
        await c.connect();
        clients.push(c);
      }
    });
    afterAll(async () => {
      for (const c of clients) await c.end();
      await h.close();
    });

    const insertInterest = (c: pg.Client, id: string, need: string, bank: string, created: string) =>
      c.query(
        `insert into need_interests (id, need_kind, need_id, enterprise_org_id, bank_org_id, product_id, user_id, message, status, created_at)
         values ($1, 'financing', $2, $3, $4, null, $5, '', 'pending', $6)`,
        [id, need, ENTERPRISE, bank, user, created],
      );
    const kept = async (need: string) =>
      (await h.db.selectFrom('financing_needs').select('first_answer_at').where('id', '=', need).executeTakeFirstOrThrow()).first_answer_at;
    /** whether the promise is still pending after a moment */
    const stillWaiting = async (p: Promise<unknown>) =>
      Promise.race([p.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 300))]);

    it('the earlier answer committed second: the need keeps the earlier one', async () => {
      const [a, b] = clients;
      await h.db.insertInto('financing_needs').values(needRow('pg-need-1')).execute();
      await b.query('begin');
      await insertInterest(b, 'pg-i-later', 'pg-need-1', BANKS[1], TIMES[3]);
      await a.query('begin');
      // waits for the need's lock, held by b's answer until b commits
      const earlier = insertInterest(a, 'pg-i-earlier', 'pg-need-1', BANKS[0], TIMES[1]);
      expect(await stillWaiting(earlier)).toBe(true);
      await b.query('commit');
      await earlier;
      await a.query('commit');
      expect(await kept('pg-need-1')).toBe(TIMES[1]);
    });

    it('an answer added while another is withdrawn: the recompute and the addition do not miss each other', async () => {
      const [a, b] = clients;
      await h.db.insertInto('financing_needs').values(needRow('pg-need-2')).execute();
      await h.db
        .insertInto('need_interests')
        .values({
          id: 'pg-i-first',
          need_kind: 'financing',
          need_id: 'pg-need-2',
          enterprise_org_id: ENTERPRISE,
          bank_org_id: BANKS[0],
          product_id: null,
          user_id: user,
          message: '',
          status: 'pending',
          created_at: TIMES[0],
        })
        .execute();
      expect(await kept('pg-need-2')).toBe(TIMES[0]);
      // a withdraws the first answer (recomputed to none, not committed yet); b answers later
      // than it: in b's snapshot the need still has the earlier answer, so without the lock b
      // would leave the value alone and a's commit would leave none
      await a.query('begin');
      await a.query(`update need_interests set status = 'withdrawn' where id = 'pg-i-first'`);
      await b.query('begin');
      const later = insertInterest(b, 'pg-i-second', 'pg-need-2', BANKS[1], TIMES[2]);
      expect(await stillWaiting(later)).toBe(true);
      await a.query('commit');
      await later;
      await b.query('commit');
      expect(await kept('pg-need-2')).toBe(TIMES[2]);
    });

    it("does not wait for a transaction that only holds the need's key (a foreign key check)", async () => {
      const [a, b] = clients;
      await h.db.insertInto('financing_needs').values(needRow('pg-need-3')).execute();
      await a.query('begin');
      await a.query(`select 1 from financing_needs where id = 'pg-need-3' for key share`);
      await b.query('begin');
      const answer = insertInterest(b, 'pg-i-third', 'pg-need-3', BANKS[2], TIMES[4]);
      expect(await stillWaiting(answer)).toBe(false);
      await b.query('commit');
      await a.query('commit');
      expect(await kept('pg-need-3')).toBe(TIMES[4]);
    });

    it('two applications to one need at once both count', async () => {
      const [a, b] = clients;
      await h.db.insertInto('financing_needs').values(needRow('pg-need-4')).execute();
      const application = (c: pg.Client, id: string, bank: string, created: string) =>
        c.query(
          `insert into applications (id, enterprise_org_id, bank_org_id, product_id, need_id, user_id, region_code, message, status, created_at, updated_at)
           values ($1, $2, $3, $4, 'pg-need-4', $5, '410481', '', 'submitted', $6, $6)`,
          [id, ENTERPRISE, bank, `${bank}-p`, user, created],
        );
      await a.query('begin');
      await b.query('begin');
      await application(a, 'pg-a-later', BANKS[0], TIMES[4]);
      const earlier = application(b, 'pg-a-earlier', BANKS[1], TIMES[2]);
      expect(await stillWaiting(earlier)).toBe(true);
      await a.query('commit');
      await earlier;
      await b.query('commit');
      expect(await kept('pg-need-4')).toBe(TIMES[2]);
    });
  });
});
