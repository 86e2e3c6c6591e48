/**
 * Satisfaction (issue 18) and the rating of a meeting (issue 16), one module for
 * the four kinds of item (decision 036c): an enterprise rates the bank after an
 * interest it answered, an application the bank answered, a meeting that was held,
 * or the bank or department after a closed (or answered) problem; a bank rates the
 * enterprise after a held meeting. One rating per item and rater; rating again
 * changes it, and the rating then counts in the month of the change.
 *
 * An organization rates only what it took part in: every lookup filters by the
 * rater, so another organization's item is a 404.
 */
import { sql } from 'kysely';
import type { RatingSubject } from '#db/schema';
import { chinaDate } from '~/modules/calendar/working-days';
import type { DB } from '~/utils/db.server';
import { AppError, notFound } from '~/utils/errors';
import { newId } from '~/utils/ids';
import {
  COMMENT_MAX,
  isSatisfied,
  parseReasonCodes,
  RATING_MAX,
  RATING_MIN,
  RATING_REASONS,
  RATING_SUBJECTS,
  type RatingReason,
} from './scale';

export interface RatingActor {
  userId: string;
  orgId: string;
  orgKind: string;
}

export interface RatingInput {
  subject: RatingSubject;
  subjectId: string;
  score: number;
  reasons?: readonly string[];
  comment?: string | null;
}

interface Target {
  ratedOrgId: string;
  regionCode: string;
}

/** The organization rated for this item by this rater, or a 404 / 409 when the rater took no part or it is too early. */
async function targetOf(db: DB, actor: RatingActor, subject: RatingSubject, id: string): Promise<Target> {
  if (subject === 'meeting') {
    const r = await db
      .selectFrom('meeting_requests as r')
      .innerJoin('organizations as e', 'e.id', 'r.enterprise_org_id')
      .leftJoin('meeting_outcomes as o', 'o.request_id', 'r.id')
      .select(['r.enterprise_org_id', 'r.bank_org_id', 'r.status', 'o.outcome', 'e.region_code'])
      .where('r.id', '=', id)
      .where((eb) => eb.or([eb('r.enterprise_org_id', '=', actor.orgId), eb('r.bank_org_id', '=', actor.orgId)]))
      .executeTakeFirst();
    if (!r || r.status !== 'accepted') throw notFound('ratings.err.unknown');
    if (r.outcome !== 'held') throw new AppError(409, 'ratings.err.notHeld');
    return { ratedOrgId: r.enterprise_org_id === actor.orgId ? r.bank_org_id : r.enterprise_org_id, regionCode: r.region_code };
  }
  if (actor.orgKind !== 'enterprise') throw notFound('ratings.err.unknown');
  if (subject === 'interest') {
    const r = await db
      .selectFrom('need_interests as i')
      .innerJoin('organizations as e', 'e.id', 'i.enterprise_org_id')
      .select(['i.bank_org_id', 'i.status', 'e.region_code'])
      .where('i.id', '=', id)
      .where('i.enterprise_org_id', '=', actor.orgId)
      .executeTakeFirst();
    if (!r) throw notFound('ratings.err.unknown');
    if (r.status !== 'accepted' && r.status !== 'declined') throw new AppError(409, 'ratings.err.notAnswered');
    return { ratedOrgId: r.bank_org_id, regionCode: r.region_code };
  }
  if (subject === 'application') {
    const r = await db
      .selectFrom('applications')
      .select(['bank_org_id', 'responded_at', 'region_code'])
      .where('id', '=', id)
      .where('enterprise_org_id', '=', actor.orgId)
      .executeTakeFirst();
    if (!r) throw notFound('ratings.err.unknown');
    if (r.responded_at === null) throw new AppError(409, 'ratings.err.notAnswered');
    return { ratedOrgId: r.bank_org_id, regionCode: r.region_code };
  }
  const p = await db
    .selectFrom('problems')
    .select(['handler_org_id', 'status', 'region_code'])
    .where('id', '=', id)
    .where('enterprise_org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!p) throw notFound('ratings.err.unknown');
  if (p.status !== 'closed' || !p.handler_org_id) throw new AppError(409, 'ratings.err.notClosed');
  return { ratedOrgId: p.handler_org_id, regionCode: p.region_code };
}

function checkInput(input: RatingInput): { reasons: RatingReason[]; comment: string | null } {
  if (!(RATING_SUBJECTS as readonly string[]).includes(input.subject)) throw new AppError(400, 'v.choice', { field: 'subject' });
  if (!Number.isInteger(input.score) || input.score < RATING_MIN || input.score > RATING_MAX)
    throw new AppError(400, 'ratings.v.score', { field: 'score' });
  const reasons = [...new Set(input.reasons ?? [])];
  if (reasons.some((r) => !(RATING_REASONS as readonly string[]).includes(r))) throw new AppError(400, 'v.choice', { field: 'reasons' });
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > COMMENT_MAX) throw new AppError(400, 'ratings.v.comment', { field: 'comment' });
  return { reasons: reasons as RatingReason[], comment };
}

/**
 * Rates an item (or changes the rating already given). Returns the rating's id.
 * Throws AppError 404 `ratings.err.unknown` (not the rater's item), 409
 * `ratings.err.notHeld` / `notAnswered` / `notClosed` (too early), 400 on `score`,
 * `reasons`, `comment`.
 */
export async function rateItem(db: DB, actor: RatingActor, input: RatingInput, now = new Date()): Promise<string> {
  const { reasons, comment } = checkInput(input);
  if (actor.orgKind !== 'enterprise' && actor.orgKind !== 'bank') throw notFound('ratings.err.unknown');
  const target = await targetOf(db, actor, input.subject, input.subjectId);
  return writeRating(db, actor, input.subject, input.subjectId, target, input.score, reasons, comment, now);
}

/**
 * The 问题台账's own rating step (followup/problems.server.ts) writes its answer
 * here too, on the one scale; the caller has checked the item and the rater.
 */
export async function recordProblemRating(
  db: DB,
  actor: { userId: string; orgId: string },
  problem: { id: string; handlerOrgId: string; regionCode: string },
  score: number,
  now = new Date(),
): Promise<void> {
  await writeRating(
    db,
    { ...actor, orgKind: 'enterprise' },
    'problem',
    problem.id,
    { ratedOrgId: problem.handlerOrgId, regionCode: problem.regionCode },
    score,
    [],
    null,
    now,
  );
}

async function writeRating(
  db: DB,
  actor: RatingActor,
  subject: RatingSubject,
  subjectId: string,
  target: Target,
  score: number,
  reasons: RatingReason[],
  comment: string | null,
  now: Date,
): Promise<string> {
  const rated = await db.selectFrom('organizations').select('kind').where('id', '=', target.ratedOrgId).executeTakeFirstOrThrow();
  const at = now.toISOString();
  const id = newId();
  const month = chinaDate(now).slice(0, 7);
  await db
    .insertInto('ratings')
    .values({
      id,
      subject_kind: subject,
      subject_id: subjectId,
      rater_org_id: actor.orgId,
      rater_kind: actor.orgKind as 'enterprise' | 'bank',
      rated_org_id: target.ratedOrgId,
      rated_kind: rated.kind as 'enterprise' | 'bank' | 'government',
      region_code: target.regionCode,
      score,
      reasons: JSON.stringify(reasons),
      comment,
      rated_month: month,
      rated_by_user_id: actor.userId,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['subject_kind', 'subject_id', 'rater_org_id']).doUpdateSet({
        score,
        reasons: JSON.stringify(reasons),
        comment,
        rated_month: month,
        rated_by_user_id: actor.userId,
        updated_at: at,
      }),
    )
    .execute();
  const row = await db
    .selectFrom('ratings')
    .select('id')
    .where('subject_kind', '=', subject)
    .where('subject_id', '=', subjectId)
    .where('rater_org_id', '=', actor.orgId)
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface GivenRating {
  score: number;
  reasons: RatingReason[];
  comment: string | null;
  updatedAt: string;
}

/** The ratings the organization gave, by `${subject}:${subjectId}`. */
export async function ratingsGivenBy(db: DB, orgId: string, subject?: RatingSubject): Promise<Map<string, GivenRating>> {
  let q = db
    .selectFrom('ratings')
    .select(['subject_kind', 'subject_id', 'score', 'reasons', 'comment', 'updated_at'])
    .where('rater_org_id', '=', orgId);
  if (subject) q = q.where('subject_kind', '=', subject);
  const rows = await q.execute();
  return new Map(
    rows.map((r) => [
      `${r.subject_kind}:${r.subject_id}`,
      { score: r.score, reasons: parseReasonCodes(r.reasons), comment: r.comment, updatedAt: r.updated_at },
    ]),
  );
}

/* ---------------------------------------------------------------- what an enterprise may rate */

export interface RatableItem {
  subject: RatingSubject;
  subjectId: string;
  /** the bank or department (or, for a bank, the enterprise) to rate */
  counterpartName: string;
  /** what it was: the need's title, the product's name, the session's title, the problem's text */
  about: string;
  /** YYYY-MM-DD, China */
  on: string;
  rating: GivenRating | null;
}

const RATABLE_LIMIT = 100;

/**
 * Everything the organization may rate, newest first (at most 100 of each kind):
 * for an enterprise, the interests it answered, the applications answered, the
 * meetings held and its closed problems; for a bank, the meetings held.
 */
export async function ratableItems(db: DB, actor: Pick<RatingActor, 'orgId' | 'orgKind'>): Promise<RatableItem[]> {
  const given = await ratingsGivenBy(db, actor.orgId);
  const out: RatableItem[] = [];
  const push = (subject: RatingSubject, subjectId: string, counterpartName: string, about: string, at: string) =>
    out.push({ subject, subjectId, counterpartName, about, on: chinaDate(at), rating: given.get(`${subject}:${subjectId}`) ?? null });

  const meetings = await db
    .selectFrom('meeting_outcomes as o')
    .innerJoin('meeting_requests as r', 'r.id', 'o.request_id')
    .innerJoin('events as ev', 'ev.id', 'r.event_id')
    .innerJoin('organizations as e', 'e.id', 'r.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'r.bank_org_id')
    .select(['r.id', 'r.enterprise_org_id', 'e.name as enterprise_name', 'b.name as bank_name', 'ev.title', 'o.marked_at'])
    .where('o.outcome', '=', 'held')
    .where('r.status', '=', 'accepted')
    .where((eb) => eb.or([eb('r.enterprise_org_id', '=', actor.orgId), eb('r.bank_org_id', '=', actor.orgId)]))
    .orderBy('o.marked_at', 'desc')
    .limit(RATABLE_LIMIT)
    .execute();
  for (const m of meetings)
    push('meeting', m.id, m.enterprise_org_id === actor.orgId ? m.bank_name : m.enterprise_name, m.title, m.marked_at);
  if (actor.orgKind !== 'enterprise') return out.sort(newestFirst);

  const interests = await db
    .selectFrom('need_interests as i')
    .innerJoin('organizations as b', 'b.id', 'i.bank_org_id')
    .leftJoin('financing_needs as fn', (j) => j.onRef('fn.id', '=', 'i.need_id').on('i.need_kind', '=', 'financing'))
    .leftJoin('hiring_needs as hn', (j) => j.onRef('hn.id', '=', 'i.need_id').on('i.need_kind', '=', 'hiring'))
    .select(['i.id', 'b.name', 'i.responded_at', 'i.created_at', sql<string | null>`coalesce(fn.title, hn.title)`.as('title')])
    .where('i.enterprise_org_id', '=', actor.orgId)
    .where('i.status', 'in', ['accepted', 'declined'])
    .orderBy('i.created_at', 'desc')
    .limit(RATABLE_LIMIT)
    .execute();
  for (const i of interests) push('interest', i.id, i.name, i.title ?? '', i.responded_at ?? i.created_at);

  const applications = await db
    .selectFrom('applications as a')
    .innerJoin('organizations as b', 'b.id', 'a.bank_org_id')
    .innerJoin('loan_products as p', 'p.id', 'a.product_id')
    .select(['a.id', 'b.name', 'p.name as product', 'a.responded_at'])
    .where('a.enterprise_org_id', '=', actor.orgId)
    .where('a.responded_at', 'is not', null)
    .orderBy('a.responded_at', 'desc')
    .limit(RATABLE_LIMIT)
    .execute();
  for (const a of applications) push('application', a.id, a.name, a.product, a.responded_at ?? '');

  const problems = await db
    .selectFrom('problems as p')
    .innerJoin('organizations as h', 'h.id', 'p.handler_org_id')
    .select(['p.id', 'h.name', 'p.description', 'p.closed_at', 'p.updated_at'])
    .where('p.enterprise_org_id', '=', actor.orgId)
    .where('p.status', '=', 'closed')
    .orderBy('p.updated_at', 'desc')
    .limit(RATABLE_LIMIT)
    .execute();
  for (const p of problems) push('problem', p.id, p.name, p.description.slice(0, 60), p.closed_at ?? p.updated_at);
  return out.sort(newestFirst);
}

const newestFirst = (a: RatableItem, b: RatableItem) =>
  a.on < b.on ? 1 : a.on > b.on ? -1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.subjectId < b.subjectId ? -1 : 1;

/* ---------------------------------------------------------------- figures */

export interface SatisfactionCount {
  /** ratings given, and those of 4 or 5 (满意) */
  rated: number;
  satisfied: number;
}

/**
 * Enterprises' ratings counted by month, for the ranking and the follow-through figures: by
 * rated bank or department and by the enterprise's district, with the month. Region: the
 * 6-digit range [low, high] of the enterprises' districts; months: a list, or a range
 * (either end open).
 */
export async function satisfactionRows(
  db: DB,
  range: [string, string],
  months: readonly string[] | { from?: string | null; to?: string | null },
): Promise<{ ratedOrgId: string; ratedKind: string; regionCode: string; month: string; rated: number; satisfied: number }[]> {
  if (Array.isArray(months) && months.length === 0) return [];
  let q = db
    .selectFrom('ratings')
    .select([
      'rated_org_id',
      'rated_kind',
      'region_code',
      'rated_month',
      sql<string>`count(*)`.as('rated'),
      sql<string>`sum(case when score >= 4 then 1 else 0 end)`.as('satisfied'),
    ])
    .where('rater_kind', '=', 'enterprise')
    .where((eb) => eb.between('region_code', range[0], range[1]))
    .groupBy(['rated_org_id', 'rated_kind', 'region_code', 'rated_month']);
  if (Array.isArray(months)) q = q.where('rated_month', 'in', [...months]);
  else {
    const { from, to } = months as { from?: string | null; to?: string | null };
    if (from) q = q.where('rated_month', '>=', from);
    if (to) q = q.where('rated_month', '<=', to);
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    ratedOrgId: r.rated_org_id,
    ratedKind: r.rated_kind,
    regionCode: r.region_code,
    month: r.rated_month,
    rated: Number(r.rated),
    satisfied: Number(r.satisfied ?? 0),
  }));
}

/** Counts a list of scores (for summaries computed in memory). */
export function countScores(scores: readonly number[]): SatisfactionCount {
  return { rated: scores.length, satisfied: scores.filter(isSatisfied).length };
}
