/** Late agreements and the organizer's threshold, on a real SQLite database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { DEFAULT_AGREEMENT_LATE_DAYS, getAgreementLateDays, setAgreementLateDays } from '~/modules/calendar/settings.server';
import { addCalendarDays } from './lifecycle';
import { approveCredit, recordAgreement, type AgreementActor } from './agreements.server';
import { countLate, lateAgreements, lateRule } from './late.server';
import { chinaDate } from '~/modules/calendar/working-days';

let tdb: TempDatabase;
let organizer: AgreementActor;
let ids: { bank: string; near: string; far: string };
const today = chinaDate(new Date());

beforeAll(async () => {
  tdb = await createTempDatabase();
  const db = tdb.db;
  const bank = await insertOrg(db, { kind: 'bank', region: '410000' });
  ids = {
    bank,
    near: await insertOrg(db, { kind: 'enterprise', region: '410481' }),
    far: await insertOrg(db, { kind: 'enterprise', region: '410102' }),
  };
  organizer = {
    kind: 'organizer',
    userId: await insertUser(db, { role: 'organizer', regionCode: '410000' }),
    regionCode: '410000',
    orgId: null,
  };
});
afterAll(async () => {
  await tdb?.cleanup();
});

describe('the late threshold', () => {
  it('is 30 days by default, set per region, and a city’s setting covers its counties', async () => {
    const db = tdb.db;
    expect(await getAgreementLateDays(db, '410481')).toBe(DEFAULT_AGREEMENT_LATE_DAYS);
    await setAgreementLateDays(db, 45, null, '410400');
    expect(await getAgreementLateDays(db, '410481')).toBe(45);
    expect(await getAgreementLateDays(db, '410400')).toBe(45);
    expect(await getAgreementLateDays(db, '410100')).toBe(30);
    await setAgreementLateDays(db, 12, null, '410481');
    expect(await getAgreementLateDays(db, '410481')).toBe(12);
    await expect(setAgreementLateDays(db, 0, null, '410400')).rejects.toThrow(RangeError);
  });
});

describe('late agreements', () => {
  it('are the region’s signed agreements with nothing approved N days after signing', async () => {
    const db = tdb.db;
    const rec = async (enterpriseId: string, daysAgo: number) => {
      return recordAgreement(db, organizer, {
        bankId: ids.bank,
        enterpriseId,
        amount: 1_000_000,
        signedOn: addCalendarDays(today, -daysAgo),
      });
    };
    const old = await rec(ids.near, 40);
    const fresh = await rec(ids.near, 5);
    const approved = await rec(ids.near, 40);
    const r = await approveCredit(db, organizer, approved.id, approved.version, { amount: 500_000, date: today });
    expect(r.approved_amount).toBe(500_000);
    const elsewhere = await rec(ids.far, 40);

    const rule = await lateRule(db, '410400');
    expect(rule.days).toBe(45);
    expect((await lateAgreements(db, '410400', rule)).map((a) => a.id)).toEqual([]);
    const strict = { ...rule, days: 30, cutoff: addCalendarDays(today, -30) };
    expect((await lateAgreements(db, '410400', strict)).map((a) => a.id)).toEqual([old.id]);
    expect(await countLate(db, '410400', strict)).toBe(1);
    expect((await lateAgreements(db, '410000', strict)).map((a) => a.id).sort()).toEqual([old.id, elsewhere.id].sort());
    expect((await lateAgreements(db, '410000', strict)).map((a) => a.id)).not.toContain(fresh.id);
  });
});
