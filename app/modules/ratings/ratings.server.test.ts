/**
 * After the meeting and satisfaction (issues 16 and 18, decision 036c) on SQLite
 * (and on PostgreSQL with TEST_PG_URL): meetings marked held / no-show by either
 * side or the organizer, from the session's day only; ratings only by those who
 * took part, once per item and changeable; the three-month follow-up asked once
 * (moved clock, two racing sweeps); the problem ledger's rating on the one scale;
 * and the ranking's satisfaction column reconciling with the rating rows
 * (property test).
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import {
  askFollowUps,
  answerFollowUp,
  followUpDay,
  followUpsOf,
  markMeeting,
  monthsBefore,
  outcomeSummary,
} from '../events/outcomes.server';
import { assignProblem, rateProblem, recordProblem, replyToProblem } from '../followup/problems.server';
import { defaultBulletinSettings } from '../reports/bulletin.server';
import { renderBulletinDocx } from '../reports/bulletin-docx';
import { renderRankingPdf } from '../reports/ranking-pdf';
import { rankingWorkbook } from '../reports/ranking-xlsx';
import { computeMonthlyRanking } from '../reports/ranking.server';
import { ratableItems, rateItem } from './ratings.server';

let t: TempDatabase;
let drop: () => Promise<void> = async () => {};
let n = 0;
const fid = (p: string) => `${p}${String(++n).padStart(16 - p.length, '0')}`;
const fx = {} as {
  organizer: string;
  ent: string;
  entUser: string;
  ent2: string;
  ent2User: string;
  bank: string;
  bankUser: string;
  bank2: string;
  event: string;
  met: string;
  other: string;
  strangers: string;
};
const SESSION_DAY = '2026-09-15';
const before = new Date('2026-09-14T02:00:00Z');
const onDay = new Date('2026-09-15T06:00:00Z');

async function request(eventId: string, ent: string, bank: string, by: string, status: 'accepted' | 'pending' = 'accepted') {
  const id = fid('mr');
  await t.db
    .insertInto('meeting_requests')
    .values({
      id,
      event_id: eventId,
      enterprise_org_id: ent,
      bank_org_id: bank,
      requested_by_org_id: ent,
      requested_by_user_id: by,
      message: null,
      reasons: '[]',
      status,
      responded_by: null,
      responded_at: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

beforeAll(async () => {
  const fresh = await freshDatabaseUrl('ratings');
  drop = fresh.drop;
  t = await createTempDatabase(process.env.TEST_PG_URL ? fresh.url : undefined);
  fx.organizer = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
  fx.ent = await insertOrg(t.db, { kind: 'enterprise', region: '410482', name: '舞钢测试企业' });
  fx.entUser = await insertUser(t.db, { role: 'enterprise', organizationId: fx.ent });
  fx.ent2 = await insertOrg(t.db, { kind: 'enterprise', region: '410402', name: '新华测试企业' });
  fx.ent2User = await insertUser(t.db, { role: 'enterprise', organizationId: fx.ent2 });
  fx.bank = await insertOrg(t.db, { kind: 'bank', region: '410400', name: '测试银行甲' });
  fx.bankUser = await insertUser(t.db, { role: 'bank', organizationId: fx.bank });
  fx.bank2 = await insertOrg(t.db, { kind: 'bank', region: '410400', name: '测试银行乙' });
  fx.event = fid('evt');
  const now = new Date().toISOString();
  await t.db
    .insertInto('events')
    .values({
      id: fx.event,
      region_code: '410400',
      created_by: fx.organizer,
      title: '会后测试对接会',
      theme: '主题',
      event_date: SESSION_DAY,
      start_time: '09:00',
      venue: '会场',
      capacity: 50,
      registration_deadline: '2026-09-10',
      open_registration: 0,
      slot_count: 4,
      slot_minutes: 15,
      table_count: 2,
      first_slot_time: '13:50',
      description: null,
      status: 'scheduled',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  fx.met = await request(fx.event, fx.ent, fx.bank, fx.entUser);
  fx.other = await request(fx.event, fx.ent, fx.bank2, fx.entUser);
  fx.strangers = await request(fx.event, fx.ent2, fx.bank2, fx.ent2User);
});
afterAll(async () => {
  await t.cleanup();
  await drop();
});

const ent = () => ({ kind: 'member' as const, userId: fx.entUser, orgId: fx.ent });
const entRater = () => ({ userId: fx.entUser, orgId: fx.ent, orgKind: 'enterprise' });
const bankRater = () => ({ userId: fx.bankUser, orgId: fx.bank, orgKind: 'bank' });

describe('after the meeting', () => {
  it('is marked from the session day on, by a party or the organizer; another pair’s meeting is a 404', async () => {
    await expect(markMeeting(t.db, fx.event, ent(), fx.met, 'held', before)).rejects.toMatchObject({
      status: 409,
      messageKey: 'outcomes.err.tooEarly',
    });
    await expect(markMeeting(t.db, fx.event, ent(), fx.strangers, 'held', onDay)).rejects.toMatchObject({ status: 404 });
    await expect(markMeeting(t.db, fx.event, ent(), fx.met, 'maybe', onDay)).rejects.toMatchObject({ status: 400 });
    await markMeeting(t.db, fx.event, { kind: 'member', userId: fx.bankUser, orgId: fx.bank }, fx.met, 'no_show', onDay);
    await markMeeting(t.db, fx.event, ent(), fx.met, 'held', onDay); // the last mark wins
    await markMeeting(t.db, fx.event, { kind: 'organizer', userId: fx.organizer }, fx.other, 'no_show', onDay);
    const s = await outcomeSummary(t.db, fx.event);
    expect(s).toMatchObject({ meetings: 3, held: 1, noShow: 1, unmarked: 1, noShowRateBp: 5000 });
  });

  it('is rated by both sides once held, once per side (a second rating changes it); a no-show cannot be rated', async () => {
    await expect(rateItem(t.db, entRater(), { subject: 'meeting', subjectId: fx.other, score: 4 }, onDay)).rejects.toMatchObject({
      status: 409,
      messageKey: 'ratings.err.notHeld',
    });
    await expect(rateItem(t.db, entRater(), { subject: 'meeting', subjectId: fx.met, score: 6 }, onDay)).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      rateItem(t.db, entRater(), { subject: 'meeting', subjectId: fx.met, score: 4, reasons: ['nonsense'] }, onDay),
    ).rejects.toMatchObject({ status: 400 });
    const first = await rateItem(t.db, entRater(), { subject: 'meeting', subjectId: fx.met, score: 2, reasons: ['slow'] }, onDay);
    const again = await rateItem(
      t.db,
      entRater(),
      { subject: 'meeting', subjectId: fx.met, score: 5, reasons: ['professional', 'fits_need'] },
      onDay,
    );
    expect(again).toBe(first);
    await rateItem(t.db, bankRater(), { subject: 'meeting', subjectId: fx.met, score: 4 }, onDay);
    const rows = await t.db.selectFrom('ratings').selectAll().where('subject_id', '=', fx.met).execute();
    expect(rows.map((r) => [r.rater_kind, r.score]).sort()).toEqual([
      ['bank', 4],
      ['enterprise', 5],
    ]);
    const s = await outcomeSummary(t.db, fx.event);
    expect(s).toMatchObject({ ratings: 2, averageX100: 450 });
    // the other enterprise took no part in it
    await expect(
      rateItem(
        t.db,
        { userId: fx.ent2User, orgId: fx.ent2, orgKind: 'enterprise' },
        { subject: 'meeting', subjectId: fx.met, score: 1 },
        onDay,
      ),
    ).rejects.toMatchObject({ status: 404 });
    const items = await ratableItems(t.db, { orgId: fx.ent, orgKind: 'enterprise' });
    expect(items.find((i) => i.subjectId === fx.met)?.rating?.score).toBe(5);
  });

  it('asks each pair that met once, three months after the session (moved clock, two sweeps racing)', async () => {
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(followUpDay(SESSION_DAY)).toBe('2026-12-15');
    expect(await askFollowUps(t.db, new Date('2026-12-14T12:00:00Z'))).toBe(0);
    const day = new Date('2026-12-15T01:30:00Z');
    const [a, b] = await Promise.all([askFollowUps(t.db, day), askFollowUps(t.db, day)]);
    expect(a + b).toBe(1); // only the pair whose meeting was held
    expect(await askFollowUps(t.db, new Date('2027-01-20T01:30:00Z'))).toBe(0);
    const list = await followUpsOf(t.db, fx.event);
    expect(list.map((f) => [f.enterpriseId, f.bankId, f.answer])).toEqual([[fx.ent, fx.bank, null]]);
    const told = await t.db.selectFrom('notifications').select('user_id').where('kind', '=', 'meeting.followup').execute();
    expect(told.map((x) => x.user_id).sort()).toEqual([fx.entUser, fx.bankUser].sort());
    // a yes leads to the letter of intent pre-filled for the pair and the session
    await expect(answerFollowUp(t.db, fx.event, { userId: fx.ent2User, orgId: fx.ent2 }, list[0].id, 'yes')).rejects.toMatchObject({
      status: 404,
    });
    const { next } = await answerFollowUp(t.db, fx.event, { userId: fx.entUser, orgId: fx.ent }, list[0].id, 'yes');
    expect(next).toBe(`/agreements/new?eventId=${fx.event}&enterpriseId=${fx.ent}&bankId=${fx.bank}`);
    expect(await outcomeSummary(t.db, fx.event)).toMatchObject({ asked: 1, yes: 1, no: 0, agreementsAfterYes: 0 });
  });
});

describe('satisfaction after an interest, an application and a problem', () => {
  it('an enterprise rates only answered items of its own; the problem ledger’s rating lands on the one scale', async () => {
    const need = fid('need');
    const now = new Date().toISOString();
    const interest = fid('int');
    await t.db
      .insertInto('need_interests')
      .values({
        id: interest,
        need_kind: 'financing',
        need_id: need,
        enterprise_org_id: fx.ent,
        bank_org_id: fx.bank,
        product_id: null,
        user_id: fx.bankUser,
        message: '可以对接',
        status: 'pending',
        response_message: null,
        responded_by: null,
        created_at: now,
        responded_at: null,
      })
      .execute();
    await expect(rateItem(t.db, entRater(), { subject: 'interest', subjectId: interest, score: 5 })).rejects.toMatchObject({ status: 409 });
    await t.db.updateTable('need_interests').set({ status: 'accepted', responded_at: now }).where('id', '=', interest).execute();
    await rateItem(t.db, entRater(), { subject: 'interest', subjectId: interest, score: 5, reasons: ['fast'] });
    await expect(rateItem(t.db, bankRater(), { subject: 'interest', subjectId: interest, score: 5 })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      rateItem(
        t.db,
        { userId: fx.ent2User, orgId: fx.ent2, orgKind: 'enterprise' },
        { subject: 'interest', subjectId: interest, score: 1 },
      ),
    ).rejects.toMatchObject({ status: 404 });

    const problem = await recordProblem(
      t.db,
      { kind: 'enterprise', userId: fx.entUser, orgId: fx.ent },
      { category: 'financing', description: '续贷' },
    );
    await expect(rateItem(t.db, entRater(), { subject: 'problem', subjectId: problem, score: 4 })).rejects.toMatchObject({ status: 409 });
    await assignProblem(t.db, { userId: fx.organizer, regionCode: '410400' }, problem, { handlerId: fx.bank, dueDays: 3 });
    await replyToProblem(t.db, { userId: fx.bankUser, orgId: fx.bank }, problem, '已对接');
    await rateProblem(t.db, { userId: fx.entUser, orgId: fx.ent }, problem, { rating: 'basically', reopen: false });
    const r = await t.db
      .selectFrom('ratings')
      .selectAll()
      .where('subject_kind', '=', 'problem')
      .where('subject_id', '=', problem)
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({ score: 3, rated_org_id: fx.bank, region_code: '410482' });
  });
});

describe('the ranking’s satisfaction rate', () => {
  it('reconciles with the rating rows: per bank, per district and in total (property)', async () => {
    const month = '2027-03';
    const scoreArb = fc.array(
      fc.record({ who: fc.constantFrom(0, 1), bank: fc.constantFrom(0, 1), score: fc.integer({ min: 1, max: 5 }), inMonth: fc.boolean() }),
      { maxLength: 12 },
    );
    await fc.assert(
      fc.asyncProperty(scoreArb, async (list) => {
        await t.db.deleteFrom('ratings').where('subject_kind', '=', 'interest').where('subject_id', 'like', 'prop%').execute();
        const ents = [
          { id: fx.ent, user: fx.entUser, region: '410482' },
          { id: fx.ent2, user: fx.ent2User, region: '410402' },
        ];
        const banks = [fx.bank, fx.bank2];
        let k = 0;
        for (const x of list) {
          const e = ents[x.who];
          const at = x.inMonth ? '2027-03-10T02:00:00.000Z' : '2027-04-02T02:00:00.000Z';
          await t.db
            .insertInto('ratings')
            .values({
              id: `prop${String(++k).padStart(12, '0')}`,
              subject_kind: 'interest',
              subject_id: `prop${String(k).padStart(12, '0')}`,
              rater_org_id: e.id,
              rater_kind: 'enterprise',
              rated_org_id: banks[x.bank],
              rated_kind: 'bank',
              region_code: e.region,
              score: x.score,
              reasons: '[]',
              comment: null,
              rated_month: x.inMonth ? month : '2027-04',
              rated_by_user_id: e.user,
              created_at: at,
              updated_at: at,
            })
            .execute();
        }
        const ranking = await computeMonthlyRanking(t.db, { regionCode: '410400', month, today: '2027-04-20' });
        const inM = list.filter((x) => x.inMonth);
        for (const [i, bank] of banks.entries()) {
          const rows = inM.filter((x) => x.bank === i);
          const row = ranking.banks.find((b) => b.key === bank);
          expect(row?.rated ?? 0).toBe(rows.length);
          expect(row?.satisfied ?? 0).toBe(rows.filter((x) => x.score >= 4).length);
        }
        for (const [i, e] of ents.entries()) {
          const rows = inM.filter((x) => x.who === i);
          const row = ranking.districts.find((d) => d.key === e.region);
          expect(row?.rated ?? 0).toBe(rows.length);
          expect(row?.satisfied ?? 0).toBe(rows.filter((x) => x.score >= 4).length);
        }
        expect(ranking.totals.rated).toBe(ranking.districts.reduce((s, d) => s + d.rated, 0));
        expect(ranking.totals.satisfied).toBe(ranking.districts.reduce((s, d) => s + d.satisfied, 0));
        expect(ranking.totals.rated).toBe(inM.length);
        const bp = ranking.totals.satisfactionBp;
        expect(bp).toBe(inM.length ? Math.round((inM.filter((x) => x.score >= 4).length * 10_000) / inM.length) : null);
      }),
      { numRuns: 15 },
    );
  });
});

describe('the satisfaction column in the documents', () => {
  it('is read back from the XLSX, the PDF and the DOCX 通报 with the rows’ figures', async () => {
    // the property test left its last set of ratings in 2027-03: recompute and read the documents back
    const ranking = await computeMonthlyRanking(t.db, { regionCode: '410400', month: '2027-03', today: '2027-04-20' });
    const bankRow = ranking.banks.find((b) => b.key === fx.bank);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await rankingWorkbook(ranking, 'zh-CN')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const headers = (ws.getRow(1).values as unknown[]).map(String);
    const col = headers.indexOf('评价数');
    expect(col).toBeGreaterThan(0);
    expect(headers).toContain('满意率');
    expect(headers).toContain('满意数');
    const rowOf = (name: string) => ws.getRows(2, ws.rowCount - 1)?.find((r) => r.getCell(2).value === name);
    expect(Number(rowOf('测试银行甲')?.getCell(col).value ?? 0)).toBe(bankRow?.rated ?? 0);
    const options = { settings: defaultBulletinSettings('410400'), issued: null, today: '2027-04-20' };
    const pdf = await renderRankingPdf(ranking, 'zh-CN', options);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text.replace(/\s+/g, '')).toContain('满意率');
    const docx = await mammoth.extractRawText({ buffer: await renderBulletinDocx(ranking, 'zh-CN', options) });
    expect(docx.value).toContain('满意率');
    expect(docx.value).toContain('满意率：当月企业对银行');
  });
});
