/**
 * 问题诉求台账 (issue 18, decision 035h): 建立台账、限时解决、对账销号.
 * An enterprise (or an organizer on its behalf) records a difficulty; an organizer
 * of the region assigns it (交办) to a bank serving the region or a department of
 * the region with a deadline in working days (the region's calendar); the handler
 * replies; the enterprise rates it 满意 / 基本满意 / 不满意 and either accepts (the
 * item is closed: 销号) or reopens it — the clock then restarts from that day, and
 * the ledger says so. The overdue sweep (a background job, every process, once per
 * clock) escalates (督办) an item past its deadline to the region's organizers.
 *
 * Refusals are thrown AppErrors; every function checks the actor's scope.
 */
import { getHolidays } from '~/modules/calendar/settings.server';
import { addWorkingDays, chinaDate } from '~/modules/calendar/working-days';
import { defineJob } from '~/modules/jobs/jobs.server';
import { activeUsersOf, notifyUsers } from '~/modules/notifications/notifications.server';
import { recordProblemRating } from '~/modules/ratings/ratings.server';
import { SCORE_OF_BAND } from '~/modules/ratings/scale';
import { regionCovers } from '~/modules/regions/regions.server';
import { inTransaction, type DB } from '~/utils/db.server';
import { AppError, conflict, notFound } from '~/utils/errors';
import { newId } from '~/utils/ids';
import type { ProblemCategory, ProblemEventsTable, ProblemRating } from '#db/schema';
import { banksOfRegion } from './lists.server';

export const PROBLEM_CATEGORIES = ['financing', 'hiring', 'policy', 'other'] as const satisfies readonly ProblemCategory[];
export const PROBLEM_RATINGS = ['satisfied', 'basically', 'dissatisfied'] as const satisfies readonly ProblemRating[];
export const PROBLEM_DUE_MIN = 1;
export const PROBLEM_DUE_MAX = 30;

export type ProblemActor =
  | { kind: 'enterprise'; userId: string; orgId: string }
  | { kind: 'organizer'; userId: string; regionCode: string };

async function event(db: DB, problemId: string, action: ProblemEventsTable['action'], userId: string | null, note: string, at: string) {
  await db.insertInto('problem_events').values({ id: newId(), problem_id: problemId, action, user_id: userId, note, at }).execute();
}

/**
 * Records a difficulty. An organizer records it for an enterprise of its region.
 * Throws AppError 400 `problems.v.category`, `problems.v.description`,
 * `problems.err.enterpriseOutsideRegion` (on `enterpriseId`).
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
  await inTransaction(db, async (trx) => {
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
      })
      .execute();
    await event(trx, id, 'recorded', actor.userId, '', at);
  });
  return id;
}

async function organizerProblem(db: DB, regionCode: string, id: string) {
  const p = await db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p || !regionCovers(regionCode, p.region_code)) throw notFound('problems.err.unknown');
  return p;
}

/** A verified bank serving the region, or a government department of the region (or above it). */
async function handlerAllowed(db: DB, region: string, orgId: string): Promise<boolean> {
  const org = await db.selectFrom('organizations').select(['kind', 'status', 'region_code']).where('id', '=', orgId).executeTakeFirst();
  if (!org || org.status !== 'verified') return false;
  if (org.kind === 'government') return regionCovers(org.region_code, region) || regionCovers(region, org.region_code);
  if (org.kind === 'bank') return (await banksOfRegion(db, region)).some((b) => b.id === orgId);
  return false;
}

/**
 * 交办: assigns an open (or reassigns an unanswered) item. The clock starts today.
 * Throws AppError 404 `problems.err.unknown`, 409 `problems.err.notAssignable`,
 * 400 `problems.v.dueDays`, `problems.err.handlerOutsideRegion` (on `handlerId`).
 */
export async function assignProblem(
  db: DB,
  actor: { userId: string; regionCode: string },
  id: string,
  input: { handlerId: string; dueDays: number },
  now = new Date(),
): Promise<{ dueOn: string }> {
  const p = await organizerProblem(db, actor.regionCode, id);
  if (p.status !== 'open' && p.status !== 'assigned') throw conflict('problems.err.notAssignable');
  if (!Number.isInteger(input.dueDays) || input.dueDays < PROBLEM_DUE_MIN || input.dueDays > PROBLEM_DUE_MAX)
    throw new AppError(400, 'problems.v.dueDays', { field: 'dueDays' });
  if (!(await handlerAllowed(db, p.region_code, input.handlerId)))
    throw new AppError(400, 'problems.err.handlerOutsideRegion', { field: 'handlerId' });
  const today = chinaDate(now);
  const dueOn = addWorkingDays(today, input.dueDays, await getHolidays(db, p.region_code));
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('problems')
      .set({
        status: 'assigned',
        handler_org_id: input.handlerId,
        due_working_days: input.dueDays,
        clock_started_on: today,
        due_on: dueOn,
        escalated_at: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await event(trx, id, 'assigned', actor.userId, `${input.handlerId} ${dueOn}`, at);
    await notifyUsers(trx, await activeUsersOf(trx, [input.handlerId]), 'problem.assigned', { due: dueOn }, null, at);
  });
  return { dueOn };
}

/** The handler's reply. Throws 404 `problems.err.unknown` (not its item), 409 `problems.err.notAssigned`, 400 `problems.v.reply`. */
export async function replyToProblem(
  db: DB,
  actor: { userId: string; orgId: string },
  id: string,
  reply: string,
  now = new Date(),
): Promise<void> {
  const p = await db.selectFrom('problems').selectAll().where('id', '=', id).where('handler_org_id', '=', actor.orgId).executeTakeFirst();
  if (!p) throw notFound('problems.err.unknown');
  if (p.status !== 'assigned') throw conflict('problems.err.notAssigned');
  const text = reply.trim();
  if (!text || text.length > 2000) throw new AppError(400, 'problems.v.reply', { field: 'reply' });
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('problems')
      .set({ status: 'replied', reply: text, replied_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
    await event(trx, id, 'replied', actor.userId, '', at);
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
  const dueOn = addWorkingDays(today, p.due_working_days ?? PROBLEM_DUE_MIN, await getHolidays(db, p.region_code));
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('problems')
      .set({
        status: 'assigned',
        rating,
        reopen_count: p.reopen_count + 1,
        clock_started_on: today,
        due_on: dueOn,
        escalated_at: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await event(trx, id, 'rated', actor.userId, rating, at);
    // the ledger says the clock restarted, and until when
    await event(trx, id, 'reopened', actor.userId, `clock restarted ${today} → ${dueOn}`, next);
    if (p.handler_org_id)
      await notifyUsers(trx, await activeUsersOf(trx, [p.handler_org_id]), 'problem.reopened', { due: dueOn }, null, at);
  });
  return { status: 'assigned', dueOn };
}

/**
 * 督办: every assigned item past its deadline (today China > due_on) that was not
 * escalated for its current clock is marked and its region's organizers are told.
 * The conditional update claims each item, so several processes sweeping at once
 * escalate it once. Returns how many were escalated.
 */
export async function escalateOverdueProblems(db: DB, now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const at = now.toISOString();
  const due = await db
    .selectFrom('problems')
    .select(['id', 'region_code', 'due_on'])
    .where('status', '=', 'assigned')
    .where('escalated_at', 'is', null)
    .where('due_on', '<', today)
    .execute();
  if (due.length === 0) return 0;
  const organizers = await db
    .selectFrom('users')
    .select(['id', 'region_code'])
    .where('role', '=', 'organizer')
    .where('active', '=', 1)
    .where('region_code', 'is not', null)
    .execute();
  let escalated = 0;
  for (const p of due) {
    const done = await inTransaction(db, async (trx) => {
      const claimed = await trx
        .updateTable('problems')
        .set({ escalated_at: at })
        .where('id', '=', p.id)
        .where('status', '=', 'assigned')
        .where('escalated_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      await event(trx, p.id, 'escalated', null, `due ${p.due_on}`, at);
      const covering = organizers.filter((o) => o.region_code && regionCovers(o.region_code, p.region_code)).map((o) => o.id);
      await notifyUsers(trx, covering, 'problem.overdue', { due: p.due_on ?? '' }, null, at);
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
