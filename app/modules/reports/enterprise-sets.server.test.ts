// The sets of enterprises per (bank, district, month) against count(distinct) over the
// agreements (decision 038a): random histories of agreements — creations, confirmations,
// declines, terminations, moves between enterprises, banks, districts and months,
// deletions — each written with the hook in its transaction; then, for random scopes
// (province, city, district; all banks or one; any months, open or not), the count from
// the sets must equal the raw distinct count, and rebuildRollups must give the very sets
// the incremental path kept. On SQLite, and on PostgreSQL with TEST_PG_URL.
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/schema';
import { createTempDatabase, createTempPostgresDatabase, insertOrg, insertUser } from '../../../tests/support/temp-db';
import { agreementValues } from '../../../tests/support/agreement-values';
import { decodeMembers, EnterpriseBitset, encodeMembers, signedEnterprises } from './enterprise-sets.server';
import { enterpriseCounts } from './headline.server';
import { applyAgreementChange, rebuildRollups, type AgreementRow } from './rollups.server';

const DISTRICTS = ['410402', '410481', '410102', '410105'];
const MONTHS = ['2024-12', '2025-01', '2025-06', '2026-01', '2026-02'];
const BANKS = ['sbank0000000001', 'sbank0000000002', 'sbank0000000003'];
const ENTERPRISES = ['sent00000000001', 'sent00000000002', 'sent00000000003', 'sent00000000004', 'sent00000000005'];
const REGIONS = ['410000', '410400', '410100', ...DISTRICTS, '411100'];

const dimsArb = fc.record({
  bank: fc.nat(BANKS.length - 1),
  enterprise: fc.nat(ENTERPRISES.length - 1),
  district: fc.nat(DISTRICTS.length - 1),
  month: fc.nat(MONTHS.length - 1),
});
type Dims = typeof dimsArb extends fc.Arbitrary<infer T> ? T : never;

const opArb = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), dims: dimsArb, confirmed: fc.boolean() }), weight: 5 },
  fc.record({ kind: fc.constant('confirm' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('unconfirm' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('decline' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('terminate' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), target: fc.nat(), dims: dimsArb }),
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat() }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

const monthArb = fc.option(fc.constantFrom(...MONTHS, '2025-03', '2026-12'), { nil: undefined });
const scopeArb = fc
  .record({
    region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
    bank: fc.option(fc.nat(BANKS.length - 1), { nil: undefined }),
    a: monthArb,
    b: monthArb,
  })
  .map(({ region, bank, a, b }) => {
    const [from, to] = a && b && a > b ? [b, a] : [a, b];
    return { region, bankId: bank == null ? undefined : BANKS[bank], from, to };
  });

function suite(name: string, open: () => Promise<{ db: Kysely<Database>; close: () => Promise<void> }>) {
  describe(name, () => {
    let db: Kysely<Database>;
    let close: () => Promise<void>;
    let userId = '';
    let seq = 0;

    beforeAll(async () => {
      ({ db, close } = await open());
      for (const id of BANKS) await insertOrg(db, { id, kind: 'bank', region: '410000' });
      for (const id of ENTERPRISES) await insertOrg(db, { id, kind: 'enterprise', region: '410402' });
      userId = await insertUser(db, { role: 'organizer', regionCode: '410000' });
    });
    afterAll(async () => {
      await close?.();
    });

    const dimValues = (d: Dims) => ({
      bank_org_id: BANKS[d.bank],
      enterprise_org_id: ENTERPRISES[d.enterprise],
      region_code: DISTRICTS[d.district],
      signed_month: MONTHS[d.month],
      signed_on: `${MONTHS[d.month]}-15`,
    });

    async function write(id: string, change: (trx: Kysely<Database>) => Promise<void>) {
      await db.transaction().execute(async (trx) => {
        const read = async () =>
          ((await trx.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst()) ?? null) as AgreementRow | null;
        const before = await read();
        await change(trx);
        await applyAgreementChange(trx, before, await read());
      });
    }

    async function apply(ids: string[], op: Op) {
      const now = new Date().toISOString();
      if (op.kind === 'create') {
        const id = `sagr${String(++seq).padStart(12, '0')}`;
        await write(id, async (trx) => {
          await trx
            .insertInto('agreements')
            .values(
              agreementValues({
                id,
                ...dimValues(op.dims),
                amount: 1_000_000,
                status: op.confirmed ? 'signed' : 'proposed',
                proposed_by_org_id: ENTERPRISES[op.dims.enterprise],
                proposed_by_user_id: userId,
                confirmed_by_user_id: op.confirmed ? userId : null,
                confirmed_at: op.confirmed ? now : null,
                created_at: now,
                updated_at: now,
              }),
            )
            .execute();
        });
        ids.push(id);
        return;
      }
      if (!ids.length) return;
      const id = ids[op.target % ids.length];
      const set = (values: Partial<AgreementRow>) =>
        write(id, async (trx) => {
          await trx.updateTable('agreements').set(values).where('id', '=', id).execute();
        });
      switch (op.kind) {
        case 'confirm':
          return set({ status: 'signed', confirmed_at: now, confirmed_by_user_id: userId });
        case 'unconfirm':
          return set({ status: 'proposed', confirmed_at: null, confirmed_by_user_id: null });
        case 'decline':
          return set({ status: 'declined', confirmed_at: null, status_reason: '不合适' });
        case 'terminate':
          return set({ status: 'terminated', terminated_at: now });
        case 'move':
          return set(dimValues(op.dims));
        case 'delete':
          await write(id, async (trx) => {
            await trx.deleteFrom('agreements').where('id', '=', id).execute();
          });
          ids.splice(ids.indexOf(id), 1);
          return;
      }
    }

    async function rawCount(s: { region?: string; bankId?: string; from?: string; to?: string }): Promise<number> {
      const rows = await db
        .selectFrom('agreements')
        .select(['enterprise_org_id', 'region_code', 'bank_org_id', 'signed_month'])
        .where('confirmed_at', 'is not', null)
        .execute();
      const p = s.region ? s.region.replace(/(00)+$/, '') : '';
      return new Set(
        rows
          .filter(
            (r) =>
              r.region_code.startsWith(p) &&
              (!s.bankId || r.bank_org_id === s.bankId) &&
              (!s.from || r.signed_month >= s.from) &&
              (!s.to || r.signed_month <= s.to),
          )
          .map((r) => r.enterprise_org_id),
      ).size;
    }

    const setRows = async () =>
      (
        await db
          .selectFrom('report_enterprise_sets')
          .selectAll()
          .orderBy('bank_org_id')
          .orderBy('region_code')
          .orderBy('signed_month')
          .execute()
      ).map((r) => ({ ...r, members: decodeMembers(r.members), member_count: Number(r.member_count) }));

    it('count exactly the distinct enterprises of any scope and period; rebuild gives the same sets', async () => {
      let nonZero = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArb, { minLength: 3, maxLength: 30, size: 'max' }),
          fc.array(scopeArb, { minLength: 4, maxLength: 8 }),
          async (ops, scopes) => {
            await db.deleteFrom('report_rollups').execute();
            await db.deleteFrom('report_enterprise_sets').execute();
            await db.deleteFrom('agreements').execute();
            const ids: string[] = [];
            for (const op of ops) await apply(ids, op);
            for (const s of scopes) {
              const want = await rawCount(s);
              if (want) nonZero++;
              expect((await signedEnterprises(db, s)).count, JSON.stringify(s)).toBe(want);
              // the dashboard's figure (no needs or applications here: served = signed)
              expect(await enterpriseCounts(db, s)).toEqual({ served: want, signed: want });
            }
            const incremental = await setRows();
            expect(incremental.every((r) => r.member_count === r.members.length && r.member_count > 0)).toBe(true);
            await rebuildRollups(db);
            expect(await setRows()).toEqual(incremental);
          },
        ),
        { numRuns: 30 },
      );
      // the scopes were not all empty (the property was not checked on zeros only)
      expect(nonZero).toBeGreaterThan(15);
    }, 300_000);
  });
}

suite('enterprise sets on SQLite', async () => {
  const h = await createTempDatabase();
  return { db: h.db, close: h.cleanup };
});

describe.runIf(!!process.env.TEST_PG_URL)('on PostgreSQL', () => {
  suite('enterprise sets on PostgreSQL', async () => {
    return createTempPostgresDatabase('esets');
  });
});

describe('set encoding', () => {
  it('round-trips any set as a list or a bitmap, and unions like a Set', () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.nat(5000), { maxLength: 300 }), { maxLength: 6 }), (sets) => {
        const union = new EnterpriseBitset();
        const want = new Set<number>();
        for (const s of sets) {
          const sorted = [...s].sort((a, b) => a - b);
          const buf = encodeMembers(sorted);
          expect(decodeMembers(buf)).toEqual(sorted);
          union.addEncoded(buf);
          for (const n of s) want.add(n);
        }
        expect(union.size()).toBe(want.size);
        for (const n of want) expect(union.has(n)).toBe(true);
      }),
    );
  });
});
