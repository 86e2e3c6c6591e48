/**
 * 金融顾问 on a real database — SQLite, and PostgreSQL with TEST_PG_URL: the
 * migration's partial unique index keeps one current advisor per firm also when
 * two pairings race; re-pairing keeps the history; refusals; contacts and KPIs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { advisorKpis, enterpriseAdvisor, logContact, officerFirms, pairAdvisor } from './advisors.server';

let t: TempDatabase;
let drop: () => Promise<void> = async () => {};
const fx = {} as Record<'ent1' | 'ent2' | 'entOut' | 'bank' | 'pendingBank' | 'o1' | 'o2' | 'op' | 'organizer', string>;
const T0 = new Date('2026-11-02T02:00:00Z'); // 2026-11-02 10:00 China
const T1 = new Date('2026-11-05T02:00:00Z');

beforeAll(async () => {
  const fresh = await freshDatabaseUrl('advisors');
  drop = fresh.drop;
  t = await createTempDatabase(process.env.TEST_PG_URL ? fresh.url : undefined);
  fx.ent1 = await insertOrg(t.db, { kind: 'enterprise', region: '410481' });
  fx.ent2 = await insertOrg(t.db, { kind: 'enterprise', region: '410402' });
  fx.entOut = await insertOrg(t.db, { kind: 'enterprise', region: '410102' });
  fx.bank = await insertOrg(t.db, { kind: 'bank', region: '410400' });
  fx.pendingBank = await insertOrg(t.db, { kind: 'bank', region: '410400', status: 'pending' });
  fx.o1 = await insertUser(t.db, { role: 'bank', organizationId: fx.bank });
  fx.o2 = await insertUser(t.db, { role: 'bank', organizationId: fx.bank });
  fx.op = await insertUser(t.db, { role: 'bank', organizationId: fx.pendingBank });
  fx.organizer = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
});
afterAll(async () => {
  await t?.cleanup();
  await drop();
});

const organizer = () => ({ userId: fx.organizer, regionCode: '410400' });
const currentOf = (ent: string) =>
  t.db.selectFrom('advisor_pairings').selectAll().where('enterprise_org_id', '=', ent).where('ended_at', 'is', null).execute();

describe('advisor pairings', () => {
  it('refuses a firm outside the region and an officer of an unverified bank', async () => {
    await expect(pairAdvisor(t.db, organizer(), { enterpriseId: fx.entOut, officerId: fx.o1 }, T0)).rejects.toMatchObject({
      messageKey: 'advisors.err.enterpriseOutsideRegion',
    });
    await expect(pairAdvisor(t.db, organizer(), { enterpriseId: fx.ent1, officerId: fx.op }, T0)).rejects.toMatchObject({
      messageKey: 'advisors.err.bankNotVerified',
    });
  });

  it('keeps one current advisor when two pairings race, and the history on re-pairing', async () => {
    await Promise.allSettled([
      pairAdvisor(t.db, organizer(), { enterpriseId: fx.ent1, officerId: fx.o1 }, T0),
      pairAdvisor(t.db, organizer(), { enterpriseId: fx.ent1, officerId: fx.o2 }, T0),
    ]);
    expect(await currentOf(fx.ent1)).toHaveLength(1);
    await pairAdvisor(t.db, organizer(), { enterpriseId: fx.ent1, officerId: fx.o1 }, T0).catch(() => {});
    await pairAdvisor(t.db, organizer(), { enterpriseId: fx.ent2, officerId: fx.o2 }, T0);
    await pairAdvisor(t.db, organizer(), { enterpriseId: fx.ent2, officerId: fx.o1 }, T0);
    expect((await currentOf(fx.ent1)).map((r) => r.officer_user_id)).toEqual([fx.o1]);
    const all = await t.db.selectFrom('advisor_pairings').selectAll().where('enterprise_org_id', '=', fx.ent2).execute();
    expect(all.map((r) => [r.officer_user_id, r.end_reason]).sort()).toEqual(
      [
        [fx.o2, 'repaired'],
        [fx.o1, null],
      ].sort(),
    );
    expect((await enterpriseAdvisor(t.db, fx.ent2))?.since).toBe('2026-11-02');
  });

  it('logs contacts of the officer’s firms only, and counts them in the KPIs', async () => {
    await expect(
      logContact(t.db, { userId: fx.o2, orgId: fx.bank }, fx.ent1, { channel: 'visit', contactOn: '2026-11-04', summary: '走访' }, T1),
    ).rejects.toMatchObject({ status: 404 });
    await logContact(t.db, { userId: fx.o1, orgId: fx.bank }, fx.ent1, { channel: 'visit', contactOn: '2026-11-04', summary: '走访' }, T1);
    await expect(
      logContact(t.db, { userId: fx.o1, orgId: fx.bank }, fx.ent1, { channel: 'phone', contactOn: '2026-11-06', summary: '电话' }, T1),
    ).rejects.toMatchObject({ messageKey: 'advisors.v.future' });
    expect((await officerFirms(t.db, { userId: fx.o1, orgId: fx.bank })).map((f) => [f.enterpriseId, f.contacts])).toEqual([
      [fx.ent2, 0],
      [fx.ent1, 1],
    ]);
    const k = await advisorKpis(t.db, '410400', { from: '2026-11', to: '2026-11' }, '2026-11-05');
    expect(k.total).toMatchObject({ firms: 2, contacted: 1, contactRate: 50 });
    expect(k.byOfficer.map((r) => [r.key, r.firms, r.contacted])).toEqual([[fx.o1, 2, 1]]);
  });
});
