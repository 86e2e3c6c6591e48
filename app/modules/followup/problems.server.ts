/**
 * 问题诉求台账 (issue 18, decisions 035h and 036e): 建立台账、限时解决、对账销号.
 * An enterprise (or an organizer on its behalf) records a difficulty; it gets the
 * next number of its district's ledger for the year (舞钢-问题-2026-0007). An
 * organizer of the region assigns it (交办) to a bank serving the region or a
 * department of the region, with three deadlines in working days from that day
 * (contact, reply, close: the region's setting, 1/3/5 by default, the region's
 * calendar); the handler records its first contact and replies; the enterprise
 * rates it 满意 / 基本满意 / 不满意 and either accepts (the item is closed: 销号) or
 * reopens it — the clock then restarts from that day, and the ledger says so. The
 * overdue sweep (a background job, every process, once per clock) escalates (督办)
 * an item whose deadline passed to the organizers whose region covers it.
 *
 * Refusals are thrown AppErrors; every function checks the actor's scope.
 */

import { getHolidays } from '~/modules/calendar/settings.server';
import { addWorkingDays, chinaDate, chinaDayStartIso } from '~/modules/calendar/working-days';
import { defineJob } from '~/modules/jobs/jobs.server';
import { activeUsersOf, notifyUsers, regionalOrganizers } from '~/modules/notifications/notifications.server';
import { recordProblemRating } from '~/modules/ratings/ratings.server';
import { SCORE_OF_BAND } from '~/modules/ratings/scale';
import { regionAndAncestors, regionCovers, regionName, regionPrefix } from '~/modules/regions/regions.server';
import { inTransaction, type DB } from '~/utils/db.server';
import { readSettings, writeSetting } from '~/utils/settings.server';
import { AppError, conflict, notFound } from '~/utils/errors';
import { newId } from '~/utils/ids';
import type { ProblemCategory, ProblemEventsTable, ProblemRating, ProblemStage, ProblemStatus } from '#db/schema';
import { banksOfRegion } from './lists.server';
import {
  DEFAULT_PROBLEM_DEADLINES,
  ledgerCode,
  ledgerPrefix,
  PROBLEM_CATEGORIES,
  PROBLEM_DUE_MAX,
  PROBLEM_DUE_MIN,
  PROBLEM_RATINGS,
  parseDeadlines,
  tallyProblems,
  validDeadlines,
  type ProblemDeadlines,
} from './problem-rules';

export { PROBLEM_CATEGORIES, PROBLEM_DUE_MAX, PROBLEM_DUE_MIN, PROBLEM_RATINGS } from './problem-rules';

export type ProblemActor =
  | { kind: 'enterprise'; userId: string; orgId: string }
  | { kind: 'organizer'; userId: string; regionCode: string };

/** Who looks at an item: its enterprise, its handler (a bank, or a department's organizer), an organizer of the region. */
export type ProblemViewer =
  | { kind: 'enterprise'; orgId: string }
  | { kind: 'bank'; orgId: string }
  | { kind: 'organizer'; regionCode: string; orgId: string | null };

async function event(db: DB, problemId: string, action: ProblemEventsTable['action'], userId: string | null, note: string, at: string) {
  await db.insertInto('problem_events').values({ id: newId(), problem_id: problemId, action, user_id: userId, note, at }).execute();
}

/* ------------------------------------------------------------------ settings */

const DEADLINES_KEY = 'problem_deadlines';
const deadlinesKey = (region: string) => `${DEADLINES_KEY}:${region}`;

/** The nearest region setting (county → city → province), else the platform's, else 1/3/5. */
export async function getProblemDeadlines(db: DB, regionCode: string): Promise<ProblemDeadlines> {
  const keys = [...(/^\d{6}$/.test(regionCode) ? regionAndAncestors(regionCode).map(deadlinesKey) : []), DEADLINES_KEY];
  const values = await readSettings(db, keys);
  for (const key of keys) {
    const d = parseDeadlines(values.get(key));
    if (d) return d;
  }
  return DEFAULT_PROBLEM_DEADLINES;
}

/** An organizer sets its region's deadlines. Throws 400 `problems.v.deadlines` unless contact ≤ reply ≤ close within the limits. */
export async function setProblemDeadlines(db: DB, actor: { userId: string; regionCode: string }, d: ProblemDeadlines): Promise<void> {
  if (!validDeadlines(d)) throw new AppError(400, 'problems.v.deadlines', { field: 'close' });
  await writeSetting(db, deadlinesKey(actor.regionCode), `${d.contact},${d.reply},${d.close}`, actor.userId);
}

/* ------------------------------------------------------------------ recording */

/** The next number of the district's ledger of the year; the unique index settles a race (the loser takes the next). */
async function insertWithNumber(db: DB, regionCode: string, year: number, write: (trx: DB, seq: number, code: string) => Promise<void>) {
  const prefix = ledgerPrefix(regionName(regionCode) || regionCode);
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(db, async (trx) => {
        const last = await trx
          .selectFrom('problems')
          .select((eb) => eb.fn.max('seq_no').as('n'))
          .where('region_code', '=', regionCode)
          .where('ledger_year', '=', year)
          .executeTakeFirst();
        const seq = Number(last?.n ?? 0) + 1;
        await write(trx, seq, ledgerCode(prefix, year, seq));
        return seq;
      });
    } catch (e) {
      if (attempt >= 4 || !/unique|duplicate/i.test(String((e as Error).message))) throw e;
    }
  }
}

/**
 * Records a difficulty. An organizer records it for an enterprise of its region.
 * Throws AppError 400 `problems.v.category`, `problems.v.description`,
 * `problems.err.enterpriseUnknown`, `problems.err.enterpriseOutsideRegion` (on `enterpriseId`).
 */
export async function recordProblem(
  db: DB,
  actor: ProblemActor,
  input: { category: string; description: string; enterpriseId?: string },
  now = new Date(),
): Promise<string> {
  if (!(PROBLEM_CATEGORIES as readonly string[]).includes(input.category))
    throw new AppError(400, 'problems.v.category', { field: 'category' });
  const description = input.description.trim();
  if (!description || description.length > 2000) throw new AppError(400, 'problems.v.description', { field: 'description' });
  const enterpriseId = actor.kind === 'enterprise' ? actor.orgId : (input.enterpriseId ?? '');
  const ent = await db.selectFrom('organizations').select(['id', 'region_code', 'kind']).where('id', '=', enterpriseId).executeTakeFirst();
  if (!ent || ent.kind !== 'enterprise') throw new AppError(400, 'problems.err.enterpriseUnknown', { field: 'enterpriseId' });
  if (actor.kind === 'organizer' && !regionCovers(actor.regionCode, ent.region_code))
    throw new AppError(400, 'problems.err.enterpriseOutsideRegion', { field: 'enterpriseId' });
  const id = newId();
  const at = now.toISOString();
  const year = Number(chinaDate(now).slice(0, 4));
  await insertWithNumber(db, ent.region_code, year, async (trx, seq, code) => {
    await trx
      .insertInto('problems')
      .values({
        id,
        region_code: ent.region_code,
        enterprise_org_id: ent.id,
        category: input.category as ProblemCategory,
        description,
        recorded_by: actor.userId,
        status: 'open',
        handler_org_id: null,
        due_working_days: null,
        clock_started_on: null,
        due_on: null,
        reply: null,
        replied_at: null,
        rating: null,
        closed_at: null,
        escalated_at: null,
        created_at: at,
        updated_at: at,
        ledger_year: year,
        seq_no: seq,
        ledger_code: code,
        contact_due_on: null,
        reply_due_on: null,
        contacted_at: null,
        escalated_stage: null,
      })
      .execute();
    await event(trx, id, 'recorded', actor.userId, code, at);
  });
  return id;
}

/** An item of a problem ledger kept elsewhere, checked by the bulk import (`~/modules/imports`), with its own dates. */
export interface ImportedProblem {
  enterpriseId: string;
  /** the enterprise's district: the item's ledger */
  regionCode: string;
  category: ProblemCategory;
  description: string;
  /** YYYY-MM-DD (China) */
  recordedOn: string;
  status: ProblemStatus;
  /** assigned, replied and closed items */
  handler: { id: string; name: string; kind: string } | null;
  /** the clock of an assigned item: 交办 day and its three deadlines (`clock`) */
  clock: { startedOn: string; closeDays: number; contactDue: string; replyDue: string; dueOn: string } | null;
  reply: string | null;
  repliedOn: string | null;
  closedOn: string | null;
}

/** An instant on a China date, `hour` o'clock: imported steps keep their days and read in order. */
const onChinaDay = (date: string, hour: number) => new Date(Date.parse(chinaDayStartIso(date)) + hour * 3_600_000).toISOString();

/**
 * Writes an item of a ledger kept elsewhere (bulk import), inside the import's
 * transaction: the next number of its district's ledger for the year it was
 * recorded, and its ledger entries on their own days (recorded, 交办 with the three
 * deadlines, reply, 销号). A closed item keeps its dates, so 按期办结率 counts it by
 * them; an assigned item whose deadline passed is escalated by the next sweep.
 * Nobody is notified: the work happened elsewhere. Two recordings taking the same
 * number fail on the unique index (the import then writes nothing).
 */
export async function insertImportedProblem(
  trx: DB,
  userId: string,
  item: ImportedProblem,
  opts: { fileName: string; now: string },
): Promise<{ id: string; ledgerCode: string }> {
  const id = newId();
  const year = Number(item.recordedOn.slice(0, 4));
  const last = await trx
    .selectFrom('problems')
    .select((eb) => eb.fn.max('seq_no').as('n'))
    .where('region_code', '=', item.regionCode)
    .where('ledger_year', '=', year)
    .executeTakeFirst();
  const seq = Number(last?.n ?? 0) + 1;
  const code = ledgerCode(ledgerPrefix(regionName(item.regionCode) || item.regionCode), year, seq);
  const recordedAt = onChinaDay(item.recordedOn, 9);
  const repliedAt = item.repliedOn ? onChinaDay(item.repliedOn, 15) : null;
  const closedAt = item.closedOn ? onChinaDay(item.closedOn, 17) : null;
  const c = item.clock;
  await trx
    .insertInto('problems')
    .values({
      id,
      region_code: item.regionCode,
      enterprise_org_id: item.enterpriseId,
      category: item.category,
      description: item.description,
      recorded_by: userId,
      status: item.status,
      handler_org_id: item.handler?.id ?? null,
      due_working_days: c?.closeDays ?? null,
      clock_started_on: c?.startedOn ?? null,
      due_on: c?.dueOn ?? null,
      reply: item.reply,
      replied_at: repliedAt,
      rating: null,
      closed_at: closedAt,
      escalated_at: null,
      created_at: recordedAt,
      updated_at: opts.now,
      ledger_year: year,
      seq_no: seq,
      ledger_code: code,
      contact_due_on: c?.contactDue ?? null,
      reply_due_on: c?.replyDue ?? null,
      // a reply is also a contact
      contacted_at: repliedAt,
      escalated_stage: null,
    })
    .execute();
  const source = `批量导入：${opts.fileName}`.slice(0, 200);
  await event(trx, id, 'recorded', userId, `${code}（${source}）`, recordedAt);
  if (item.handler && c)
    await event(
      trx,
      id,
      'assigned',
      userId,
      `${item.handler.name} ${c.contactDue} / ${c.replyDue} / ${c.dueOn}`,
      onChinaDay(c.startedOn, 10),
    );
  if (repliedAt) await event(trx, id, 'replied', userId, source, repliedAt);
  if (closedAt) await event(trx, id, 'closed', userId, source, closedAt);
  return { id, ledgerCode: code };
}

async function organizerProblem(db: DB, regionCode: string, id: string) {
  const p = await db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p || !regionCovers(regionCode, p.region_code)) throw notFound('problems.err.unknown');
  return p;
}

/** Handlers an item of `region` may go to: verified banks serving it, verified departments of the region or above it. */
export async function handlersOfRegion(db: DB, region: string): Promise<{ id: string; name: string; kind: 'bank' | 'government' }[]> {
  const [banks, depts] = await Promise.all([
    banksOfRegion(db, region),
    db
      .selectFrom('organizations')
      .select(['id', 'name', 'region_code'])
      .where('kind', '=', 'government')
      .where('status', '=', 'verified')
      .orderBy('name')
      .execute(),
  ]);
  return [
    ...depts
      .filter((d) => regionCovers(d.region_code, region) || regionCovers(region, d.region_code))
      .map((d) => ({ id: d.id, name: d.name, kind: 'government' as const })),
    ...banks.map((b) => ({ ...b, kind: 'bank' as const })),
  ];
}

/** Where a handler's members open the item. */
const handlerLink = (kind: string, id: string) => (kind === 'bank' ? `/bank/problems/${id}` : `/organizer/problems/${id}`);

/**
 * The three deadlines of a clock starting `today`; `closeDays` (the organizer's choice on 交办) caps the region's setting.
 * The bulk import of ledgers kept elsewhere starts imported clocks with it too.
 */
export async function clock(db: DB, region: string, today: string, closeDays?: number) {
  const set = await getProblemDeadlines(db, region);
  const close = closeDays ?? set.close;
  const holidays = await getHolidays(db, region);
  return {
    close,
    contactDue: addWorkingDays(today, Math.min(set.contact, close), holidays),
    replyDue: addWorkingDays(today, Math.min(set.reply, close), holidays),
    dueOn: addWorkingDays(today, close, holidays),
  };
}

/** The columns of a clock (re)started today: its deadlines, nothing contacted or escalated yet. */
function clockStarted(today: string, c: Awaited<ReturnType<typeof clock>>) {
  return {
    clock_started_on: today,
    contact_due_on: c.contactDue,
    reply_due_on: c.replyDue,
    due_on: c.dueOn,
    contacted_at: null,
    escalated_at: null,
    escalated_stage: null,
  };
}

/**
 * 交办: assigns an open (or reassigns an unanswered) item. The clock starts today
 * with the region's deadlines; `dueDays`, when given, is the close deadline.
 * Throws AppError 404 `problems.err.unknown`, 409 `problems.err.notAssignable`,
 * 400 `problems.v.dueDays`, `problems.err.handlerOutsideRegion` (on `handlerId`).
 */
export async function assignProblem(
  db: DB,
  actor: { userId: string; regionCode: string },
  id: string,
  input: { handlerId: string; dueDays?: number | null },
  now = new Date(),
): Promise<{ dueOn: string; contactDue: string; replyDue: string }> {
  const p = await organizerProblem(db, actor.regionCode, id);
  if (p.status !== 'open' && p.status !== 'assigned') throw conflict('problems.err.notAssignable');
  if (
    input.dueDays !== undefined &&
    input.dueDays !== null &&
    (!Number.isInteger(input.dueDays) || input.dueDays < PROBLEM_DUE_MIN || input.dueDays > PROBLEM_DUE_MAX)
  )
    throw new AppError(400, 'problems.v.dueDays', { field: 'dueDays' });
  const handler = (await handlersOfRegion(db, p.region_code)).find((h) => h.id === input.handlerId);
  if (!handler) throw new AppError(400, 'problems.err.handlerOutsideRegion', { field: 'handlerId' });
  const today = chinaDate(now);
  const c = await clock(db, p.region_code, today, input.dueDays ?? undefined);
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('problems')
      .set({
        status: 'assigned',
        handler_org_id: handler.id,
        due_working_days: c.close,
        ...clockStarted(today, c),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await event(trx, id, 'assigned', actor.userId, `${handler.name} ${c.contactDue} / ${c.replyDue} / ${c.dueOn}`, at);
    await notifyUsers(trx, await activeUsersOf(trx, [handler.id]), 'problem.assigned', { due: c.dueOn }, handlerLink(handler.kind, id), at);
  });
  return { dueOn: c.dueOn, contactDue: c.contactDue, replyDue: c.replyDue };
}

async function handlerProblem(db: DB, orgId: string, id: string) {
  const p = await db.selectFrom('problems').selectAll().where('id', '=', id).where('handler_org_id', '=', orgId).executeTakeFirst();
  if (!p) throw notFound('problems.err.unknown');
  return p;
}

/** The handler's first contact with the enterprise (联系). Throws 404 `problems.err.unknown`, 409 `problems.err.notAssigned`. */
export async function contactProblem(db: DB, actor: { userId: string; orgId: string }, id: string, now = new Date()): Promise<void> {
  const p = await handlerProblem(db, actor.orgId, id);
  if (p.status !== 'assigned') throw conflict('problems.err.notAssigned');
  if (p.contacted_at) return;
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    await trx.updateTable('problems').set({ contacted_at: at, updated_at: at }).where('id', '=', id).execute();
    await event(trx, id, 'contacted', actor.userId, chinaDate(now), at);
  });
}

/** The handler's reply. Throws 404 `problems.err.unknown` (not its item), 409 `problems.err.notAssigned`, 400 `problems.v.reply`. */
export async function replyToProblem(
  db: DB,
  actor: { userId: string; orgId: string },
  id: string,
  reply: string,
  now = new Date(),
): Promise<void> {
  const p = await handlerProblem(db, actor.orgId, id);
  if (p.status !== 'assigned') throw conflict('problems.err.notAssigned');
  const text = reply.trim();
  if (!text || text.length > 2000) throw new AppError(400, 'problems.v.reply', { field: 'reply' });
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('problems')
      // a reply is also a contact
      .set({ status: 'replied', reply: text, replied_at: at, contacted_at: p.contacted_at ?? at, updated_at: at })
      .where('id', '=', id)
      .execute();
    await event(trx, id, 'replied', actor.userId, '', at);
    await notifyUsers(
      trx,
      await activeUsersOf(trx, [p.enterprise_org_id]),
      'problem.replied',
      { code: p.ledger_code ?? '' },
      `/enterprise/problems/${id}`,
      at,
    );
  });
}

/**
 * The enterprise rates the reply and closes the item (销号) or reopens it; a
 * reopened item goes back to its handler with a new clock from today (the same
 * number of working days), and the ledger notes the new deadline.
 * Throws 404 `problems.err.unknown`, 409 `problems.err.notReplied`, 400 `problems.v.rating`.
 */
export async function rateProblem(
  db: DB,
  actor: { userId: string; orgId: string },
  id: string,
  input: { rating: string; reopen: boolean },
  now = new Date(),
): Promise<{ status: 'closed' | 'assigned'; dueOn: string | null }> {
  const p = await db
    .selectFrom('problems')
    .selectAll()
    .where('id', '=', id)
    .where('enterprise_org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!p) throw notFound('problems.err.unknown');
  if (p.status !== 'replied') throw conflict('problems.err.notReplied');
  if (!(PROBLEM_RATINGS as readonly string[]).includes(input.rating)) throw new AppError(400, 'problems.v.rating', { field: 'rating' });
  const rating = input.rating as ProblemRating;
  const at = now.toISOString();
  // the step after the rating is written a millisecond later, so the ledger reads in order
  const next = new Date(now.getTime() + 1).toISOString();
  if (!input.reopen) {
    await inTransaction(db, async (trx) => {
      await trx.updateTable('problems').set({ status: 'closed', rating, closed_at: at, updated_at: at }).where('id', '=', id).execute();
      await event(trx, id, 'rated', actor.userId, rating, at);
      await event(trx, id, 'closed', actor.userId, '', next);
      // the satisfaction figures read every rating from one place (ratings module, decision 036c)
      if (p.handler_org_id)
        await recordProblemRating(
          trx,
          actor,
          { id, handlerOrgId: p.handler_org_id, regionCode: p.region_code },
          SCORE_OF_BAND[rating],
          now,
        );
    });
    return { status: 'closed', dueOn: null };
  }
  const today = chinaDate(now);
  const c = await clock(db, p.region_code, today, p.due_working_days ?? undefined);
  const handler = p.handler_org_id
    ? await db.selectFrom('organizations').select('kind').where('id', '=', p.handler_org_id).executeTakeFirst()
    : undefined;
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('problems')
      .set({
        status: 'assigned',
        rating,
        reopen_count: p.reopen_count + 1,
        ...clockStarted(today, c),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await event(trx, id, 'rated', actor.userId, rating, at);
    // the ledger says the clock restarted, and until when
    await event(trx, id, 'reopened', actor.userId, `clock restarted ${today} → ${c.dueOn}`, next);
    if (p.handler_org_id)
      await notifyUsers(
        trx,
        await activeUsersOf(trx, [p.handler_org_id]),
        'problem.reopened',
        { due: c.dueOn },
        handlerLink(handler?.kind ?? 'bank', id),
        at,
      );
  });
  return { status: 'assigned', dueOn: c.dueOn };
}

/** The deadline an assigned item has missed on `today`, the earliest first, or null. */
export function missedStage(
  p: {
    status: ProblemStatus;
    contacted_at: string | null;
    contact_due_on: string | null;
    reply_due_on: string | null;
    due_on: string | null;
  },
  today: string,
): ProblemStage | null {
  if (p.status !== 'assigned') return null;
  if (!p.contacted_at && p.contact_due_on && today > p.contact_due_on) return 'contact';
  if (p.reply_due_on && today > p.reply_due_on) return 'reply';
  if (p.due_on && today > p.due_on) return 'close';
  return null;
}

/**
 * 督办: every assigned item that missed a deadline of its current clock (no contact
 * by the contact day, no reply by the reply day, not closed by the close day) and
 * was not escalated for that clock is marked and its region's organizers are told.
 * The conditional update claims each item, so several processes sweeping at once
 * escalate it once. Returns how many were escalated.
 */
export async function escalateOverdueProblems(db: DB, now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const at = now.toISOString();
  const candidates = await db
    .selectFrom('problems')
    .select(['id', 'region_code', 'status', 'contacted_at', 'contact_due_on', 'reply_due_on', 'due_on', 'ledger_code'])
    .where('status', '=', 'assigned')
    .where('escalated_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('contacted_at', 'is', null), eb('contact_due_on', '<', today)]),
        eb('reply_due_on', '<', today),
        eb('due_on', '<', today),
      ]),
    )
    .execute();
  if (candidates.length === 0) return 0;
  const organizersOf = await regionalOrganizers(db);
  let escalated = 0;
  for (const p of candidates) {
    const stage = missedStage(p, today);
    if (!stage) continue;
    const due = stage === 'contact' ? p.contact_due_on : stage === 'reply' ? p.reply_due_on : p.due_on;
    const done = await inTransaction(db, async (trx) => {
      const claimed = await trx
        .updateTable('problems')
        .set({ escalated_at: at, escalated_stage: stage })
        .where('id', '=', p.id)
        .where('status', '=', 'assigned')
        .where('escalated_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      await event(trx, p.id, 'escalated', null, `${stage} due ${due}`, at);
      const covering = organizersOf(p.region_code);
      await notifyUsers(trx, covering, 'problem.overdue', { due: due ?? '' }, `/organizer/problems/${p.id}`, at);
      return true;
    });
    if (done) escalated++;
  }
  return escalated;
}

export const escalateOverdueProblemsJob = defineJob({
  name: 'problems.overdue-sweep',
  // every hour at minute 13, China time
  cron: '13 * * * *',
  retries: 2,
  run: async (_data, { db }) => {
    await escalateOverdueProblems(db);
  },
});

/** The ledger of one item, oldest first (for the pages and the 对账). */
export async function problemEvents(db: DB, id: string) {
  return db.selectFrom('problem_events').selectAll().where('problem_id', '=', id).orderBy('at').orderBy('id').execute();
}

/* ------------------------------------------------------------------ reading */

export interface ProblemRow {
  id: string;
  ledgerCode: string;
  regionCode: string;
  category: ProblemCategory;
  description: string;
  status: ProblemStatus;
  enterpriseId: string;
  enterpriseName: string;
  handlerId: string | null;
  handlerName: string | null;
  handlerKind: string | null;
  contactDueOn: string | null;
  replyDueOn: string | null;
  dueOn: string | null;
  clockStartedOn: string | null;
  contactedAt: string | null;
  reply: string | null;
  rating: ProblemRating | null;
  reopenCount: number;
  escalatedAt: string | null;
  escalatedStage: ProblemStage | null;
  closedAt: string | null;
  createdAt: string;
  /** the deadline missed today (assigned items only) */
  overdue: ProblemStage | null;
}

export type ProblemFilter = 'all' | 'open' | 'assigned' | 'replied' | 'closed' | 'overdue' | 'mine';

function rowsQuery(db: DB) {
  return db
    .selectFrom('problems as p')
    .innerJoin('organizations as e', 'e.id', 'p.enterprise_org_id')
    .leftJoin('organizations as h', 'h.id', 'p.handler_org_id')
    .select([
      'p.id',
      'p.ledger_code',
      'p.region_code',
      'p.category',
      'p.description',
      'p.status',
      'p.enterprise_org_id',
      'e.name as enterprise_name',
      'p.handler_org_id',
      'h.name as handler_name',
      'h.kind as handler_kind',
      'p.contact_due_on',
      'p.reply_due_on',
      'p.due_on',
      'p.clock_started_on',
      'p.contacted_at',
      'p.reply',
      'p.rating',
      'p.reopen_count',
      'p.escalated_at',
      'p.escalated_stage',
      'p.closed_at',
      'p.created_at',
      'p.ledger_year',
      'p.seq_no',
    ]);
}
type RawRow = Awaited<ReturnType<ReturnType<typeof rowsQuery>['execute']>>[number];
function toRow(r: RawRow, today: string): ProblemRow {
  return {
    id: r.id,
    ledgerCode: r.ledger_code ?? r.id,
    regionCode: r.region_code,
    category: r.category,
    description: r.description,
    status: r.status,
    enterpriseId: r.enterprise_org_id,
    enterpriseName: r.enterprise_name,
    handlerId: r.handler_org_id,
    handlerName: r.handler_name,
    handlerKind: r.handler_kind,
    contactDueOn: r.contact_due_on,
    replyDueOn: r.reply_due_on,
    dueOn: r.due_on,
    clockStartedOn: r.clock_started_on,
    contactedAt: r.contacted_at,
    reply: r.reply,
    rating: r.rating,
    reopenCount: Number(r.reopen_count),
    escalatedAt: r.escalated_at,
    escalatedStage: r.escalated_stage,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    overdue: missedStage(r, today),
  };
}

/**
 * The items a viewer may see, newest first (the ledger's numbers descending):
 * an enterprise its own, a bank those assigned to it, an organizer its region's
 * (`mine`: those assigned to its own department). At most `limit`.
 */
export async function listProblems(
  db: DB,
  viewer: ProblemViewer,
  opts: { filter?: ProblemFilter; today?: string; limit?: number } = {},
): Promise<{ rows: ProblemRow[]; counts: Record<'open' | 'assigned' | 'replied' | 'closed' | 'overdue', number> }> {
  const today = opts.today ?? chinaDate(new Date());
  let q = rowsQuery(db);
  if (viewer.kind === 'enterprise') q = q.where('p.enterprise_org_id', '=', viewer.orgId);
  else if (viewer.kind === 'bank') q = q.where('p.handler_org_id', '=', viewer.orgId);
  else if (opts.filter === 'mine') q = q.where('p.handler_org_id', '=', viewer.orgId ?? '');
  else q = q.where('p.region_code', 'like', `${regionPrefix(viewer.regionCode)}%`);
  const all = (await q.orderBy('p.created_at', 'desc').orderBy('p.id').execute()).map((r) => toRow(r, today));
  const counts = { open: 0, assigned: 0, replied: 0, closed: 0, overdue: 0 };
  for (const r of all) {
    counts[r.status]++;
    if (r.overdue) counts.overdue++;
  }
  const f = opts.filter ?? 'all';
  const rows = all.filter((r) => f === 'all' || f === 'mine' || (f === 'overdue' ? r.overdue !== null : r.status === f));
  return { rows: rows.slice(0, opts.limit ?? 500), counts };
}

/** One item with its ledger and attachments, for a viewer who may see it (else 404 `problems.err.unknown`). */
export async function problemDetail(db: DB, viewer: ProblemViewer, id: string, today = chinaDate(new Date())) {
  const raw = await rowsQuery(db).where('p.id', '=', id).executeTakeFirst();
  const allowed =
    !!raw &&
    (viewer.kind === 'enterprise'
      ? raw.enterprise_org_id === viewer.orgId
      : viewer.kind === 'bank'
        ? raw.handler_org_id === viewer.orgId
        : regionCovers(viewer.regionCode, raw.region_code) || (viewer.orgId !== null && raw.handler_org_id === viewer.orgId));
  if (!raw || !allowed) throw notFound('problems.err.unknown');
  const [events, attachments] = await Promise.all([
    db
      .selectFrom('problem_events as ev')
      .leftJoin('users as u', 'u.id', 'ev.user_id')
      .select(['ev.id', 'ev.action', 'ev.note', 'ev.at', 'u.name as user_name'])
      .where('ev.problem_id', '=', id)
      .orderBy('ev.at')
      .orderBy('ev.id')
      .execute(),
    db
      .selectFrom('problem_documents as pd')
      .innerJoin('documents as d', 'd.id', 'pd.document_id')
      .select(['d.id', 'd.file_name', 'd.content_type', 'd.size'])
      .where('pd.problem_id', '=', id)
      .orderBy('pd.added_at')
      .execute(),
  ]);
  return { problem: toRow(raw, today), events, attachments };
}

/**
 * Links one of the enterprise's own documents (uploaded on its documents page) to
 * its item, so the handler and the organizers see it. Throws 404
 * `problems.err.unknown`, 400 `problems.err.documentUnknown` (on `documentId`),
 * 409 `problems.err.closed`.
 */
export async function attachDocument(db: DB, actor: { userId: string; orgId: string }, id: string, documentId: string, now = new Date()) {
  const p = await db
    .selectFrom('problems')
    .select(['id', 'status'])
    .where('id', '=', id)
    .where('enterprise_org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!p) throw notFound('problems.err.unknown');
  if (p.status === 'closed') throw conflict('problems.err.closed');
  const doc = await db
    .selectFrom('documents')
    .select(['id', 'file_name'])
    .where('id', '=', documentId)
    .where('organization_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!doc) throw new AppError(400, 'problems.err.documentUnknown', { field: 'documentId' });
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    const linked = await trx
      .selectFrom('problem_documents')
      .select('document_id')
      .where('problem_id', '=', id)
      .where('document_id', '=', doc.id)
      .executeTakeFirst();
    if (linked) return;
    await trx.insertInto('problem_documents').values({ problem_id: id, document_id: doc.id, added_at: at }).execute();
    await event(trx, id, 'attached', actor.userId, doc.file_name, at);
  });
}

/** Whether `orgId` handles an item that has the document attached (the handler may read it). */
export async function handlesProblemWithDocument(db: DB, orgId: string, documentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('problem_documents as pd')
    .innerJoin('problems as p', 'p.id', 'pd.problem_id')
    .select('p.id')
    .where('pd.document_id', '=', documentId)
    .where('p.handler_org_id', '=', orgId)
    .executeTakeFirst();
  return !!row;
}

/* ------------------------------------------------------------------ figures */

/**
 * 按期办结率 of the region's assigned items by district (the enterprise's), by
 * handler and by month of the close deadline (`tallyProblems`). Computed from the
 * item rows on read, so the groups add up to the total by construction (the
 * property test checks it against the rows).
 */
export async function problemFigures(db: DB, regionCode: string, opts: { today?: string; month?: string } = {}) {
  const today = opts.today ?? chinaDate(new Date());
  let q = db
    .selectFrom('problems as p')
    .leftJoin('organizations as h', 'h.id', 'p.handler_org_id')
    .select(['p.region_code', 'p.handler_org_id', 'h.name as handler_name', 'p.status', 'p.due_on', 'p.closed_at', 'p.rating'])
    .where('p.region_code', 'like', `${regionPrefix(regionCode)}%`)
    .where('p.handler_org_id', 'is not', null);
  if (opts.month) q = q.where('p.due_on', 'like', `${opts.month}%`);
  const rows = await q.execute();
  return tallyProblems(
    rows.map((r) => ({
      regionCode: r.region_code,
      handlerId: r.handler_org_id ?? '',
      handlerName: r.handler_name ?? '',
      status: r.status,
      dueOn: r.due_on,
      closedOn: r.closed_at ? chinaDate(r.closed_at) : null,
      rating: r.rating,
    })),
    today,
  );
}

/** Organizers' to-do: the region's items waiting for 交办 and the overdue (督办) ones. */
export async function organizerProblemCounts(db: DB, regionCode: string, today: string) {
  const { rows, counts } = await listProblems(db, { kind: 'organizer', regionCode, orgId: null }, { today });
  return { counts, overdue: rows.filter((r) => r.overdue !== null), open: rows.filter((r) => r.status === 'open') };
}

/** Verified enterprises of the region, by name (the organizer's record-on-behalf form). */
export async function regionEnterprises(db: DB, regionCode: string, limit = 500) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'region_code'])
    .where('kind', '=', 'enterprise')
    .where('status', '=', 'verified')
    .where('region_code', 'like', `${regionPrefix(regionCode)}%`)
    .orderBy('name')
    .limit(limit)
    .execute();
}
