/**
 * 问题诉求台账 with a moved clock, on SQLite (and on PostgreSQL with TEST_PG_URL):
 * record → 交办 with a working-day deadline → reply → rate; a reopened item gets a
 * new clock and the ledger says so; the overdue sweep escalates once, also when
 * two sweeps race; assigning outside the region is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { getHolidays } from '../calendar/settings.server';
import { addWorkingDays, chinaDate } from '../calendar/working-days';
import { assignProblem, escalateOverdueProblems, problemEvents, rateProblem, recordProblem, replyToProblem } from './problems.server';

let t: TempDatabase;
let drop: () => Promise<void> = async () => {};
const fx = {} as {
  ent: string;
  entUser: string;
  bank: string;
  bankUser: string;
  outBank: string;
  dept: string;
  organizer: string;
  other: string;
};

// Wednesday 2026-09-30 09:00 China time: the National Day holidays (10-01..07) follow
const T0 = new Date('2026-09-30T01:00:00Z');
const T1 = new Date('2026-09-30T02:00:00Z'); // an hour later, same day
const at = (day: string, hour = 9) => new Date(`${day}T${String(hour - 8).padStart(2, '0')}:00:00Z`);

beforeAll(async () => {
  const fresh = await freshDatabaseUrl('problems');
  drop = fresh.drop;
  t = await createTempDatabase(process.env.TEST_PG_URL ? fresh.url : undefined);
  fx.ent = await insertOrg(t.db, { kind: 'enterprise', region: '410482' });
  fx.entUser = await insertUser(t.db, { role: 'enterprise', organizationId: fx.ent });
  fx.bank = await insertOrg(t.db, { kind: 'bank', region: '410400' });
  fx.bankUser = await insertUser(t.db, { role: 'bank', organizationId: fx.bank });
  fx.outBank = await insertOrg(t.db, { kind: 'bank', region: '410100' });
  fx.dept = await insertOrg(t.db, { kind: 'government', region: '410400' });
  fx.organizer = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
  fx.other = await insertUser(t.db, { role: 'organizer', regionCode: '410100' });
});
afterAll(async () => {
  await t.cleanup();
  await drop();
});

describe('问题诉求台账', () => {
  it('is recorded, assigned with a working-day deadline, answered, reopened with a new clock, and closed (销号)', async () => {
    const id = await recordProblem(
      t.db,
      { kind: 'enterprise', userId: fx.entUser, orgId: fx.ent },
      { category: 'financing', description: '续贷到期，担保方退出' },
      T0,
    );
    const org = { userId: fx.organizer, regionCode: '410400' };
    // outside the region: refused with a clear message
    await expect(assignProblem(t.db, org, id, { handlerId: fx.outBank, dueDays: 3 }, T0)).rejects.toMatchObject({
      status: 400,
      messageKey: 'problems.err.handlerOutsideRegion',
    });
    // another region's organizer does not see it
    await expect(
      assignProblem(t.db, { userId: fx.other, regionCode: '410100' }, id, { handlerId: fx.bank, dueDays: 3 }, T0),
    ).rejects.toMatchObject({
      status: 404,
    });
    const { dueOn } = await assignProblem(t.db, org, id, { handlerId: fx.bank, dueDays: 3 }, T1);
    // 09-30 + 3 working days across 国庆 (10-01..07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat worked)
    expect(dueOn).toBe('2026-10-10');
    expect(await t.db.selectFrom('notifications').select('kind').where('user_id', '=', fx.bankUser).execute()).toEqual([
      { kind: 'problem.assigned' },
    ]);

    // another bank cannot answer; the handler can
    await expect(replyToProblem(t.db, { userId: 'x', orgId: fx.outBank }, id, '已联系', at('2026-10-08'))).rejects.toMatchObject({
      status: 404,
    });
    await replyToProblem(t.db, { userId: fx.bankUser, orgId: fx.bank }, id, '已上门对接，可办理无还本续贷', at('2026-10-08'));
    await expect(rateProblem(t.db, { userId: fx.entUser, orgId: fx.ent }, id, { rating: 'great', reopen: false })).rejects.toMatchObject({
      messageKey: 'problems.v.rating',
    });

    // not satisfied: reopened, the clock restarts from the day of reopening
    const reopened = await rateProblem(
      t.db,
      { userId: fx.entUser, orgId: fx.ent },
      id,
      { rating: 'dissatisfied', reopen: true },
      at('2026-10-12'),
    );
    expect(reopened).toEqual({ status: 'assigned', dueOn: addWorkingDays('2026-10-12', 3, await getHolidays(t.db, '410482')) });
    expect(reopened.dueOn).toBe('2026-10-15');
    const row = await t.db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.reopen_count).toBe(1);
    expect(row.clock_started_on).toBe('2026-10-12');
    const ledger = await problemEvents(t.db, id);
    expect(ledger.map((e) => e.action)).toEqual(['recorded', 'assigned', 'replied', 'rated', 'reopened']);
    expect(ledger[4].note).toBe('clock restarted 2026-10-12 → 2026-10-15');

    await replyToProblem(t.db, { userId: fx.bankUser, orgId: fx.bank }, id, '已办理续贷 300 万元', at('2026-10-14'));
    expect(
      await rateProblem(t.db, { userId: fx.entUser, orgId: fx.ent }, id, { rating: 'satisfied', reopen: false }, at('2026-10-15')),
    ).toEqual({
      status: 'closed',
      dueOn: null,
    });
    const closed = await t.db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(closed.status).toBe('closed');
    expect(closed.rating).toBe('satisfied');
  });

  it('escalates an overdue item to the region’s organizers once, without anyone opening a page (moved clock)', async () => {
    const org = { userId: fx.organizer, regionCode: '410400' };
    const id = await recordProblem(
      t.db,
      { kind: 'organizer', userId: fx.organizer, regionCode: '410400' },
      { category: 'hiring', description: '缺少技工', enterpriseId: fx.ent },
      T0,
    );
    await assignProblem(t.db, org, id, { handlerId: fx.dept, dueDays: 1 }, T0); // due 10-08
    // on the due day: nothing yet
    expect(await escalateOverdueProblems(t.db, at('2026-10-08', 23))).toBe(0);
    // the next day (China): two sweeps race, one escalation
    const [a, b] = await Promise.all([escalateOverdueProblems(t.db, at('2026-10-09')), escalateOverdueProblems(t.db, at('2026-10-09'))]);
    expect(a + b).toBe(1);
    expect(await escalateOverdueProblems(t.db, at('2026-10-10'))).toBe(0);
    const notes = await t.db.selectFrom('notifications').select(['user_id', 'kind']).where('kind', '=', 'problem.overdue').execute();
    expect(notes).toEqual([{ user_id: fx.organizer, kind: 'problem.overdue' }]);
    expect((await problemEvents(t.db, id)).filter((e) => e.action === 'escalated').length).toBe(1);
    expect(chinaDate(at('2026-10-09'))).toBe('2026-10-09');
  });
});
