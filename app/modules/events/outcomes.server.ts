/**
 * After the meeting (issue 16, decision 036c): each scheduled meeting of a session
 * (an accepted meeting request) is marked held or no-show by either side or the
 * organizer, from the session's day on; both sides rate a held meeting (the
 * ratings module); three months after the session each enterprise–bank pair that
 * met is asked once "是否达成融资？" (a background job), and a yes leads to a letter
 * of intent pre-filled for the pair. The session report sums it up.
 */
import type { MeetingOutcome } from '#db/schema';
import { addDays, chinaDate } from '~/modules/calendar/working-days';
import { slotTimes } from './agenda';
import { defineJob } from '~/modules/jobs/jobs.server';
import { activeUsersOf, notifyUsers } from '~/modules/notifications/notifications.server';
import { ratingsGivenBy, type GivenRating } from '~/modules/ratings/ratings.server';
import { MEETING_OUTCOMES } from './outcomes-schema';
export { formatAverage } from './outcomes';
import { inTransaction, type DB } from '~/utils/db.server';
import { AppError, notFound } from '~/utils/errors';
import { newId } from '~/utils/ids';

export const FOLLOWUP_MONTHS = 3;

/** The same day `months` months earlier (the last day of a shorter month: 2026-05-31 − 3 → 2026-02-28). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The day the follow-up of a session held on `eventDate` is due: three months later. */
export function followUpDay(eventDate: string): string {
  let day = eventDate;
  // the first day D with monthsBefore(D, 3) >= eventDate
  const [y, m] = eventDate.split('-').map(Number);
  const total = y * 12 + (m - 1) + FOLLOWUP_MONTHS;
  const start = `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`;
  day = start;
  while (monthsBefore(day, FOLLOWUP_MONTHS) < eventDate) day = addDays(day, 1);
  return day;
}

export type OutcomeActor = { kind: 'organizer'; userId: string } | { kind: 'member'; userId: string; orgId: string };

/** Meetings can be marked from the session's day on (China), or once it is held or closed. */
export function outcomesOpen(event: { status: string; event_date: string }, today: string): boolean {
  return event.status === 'held' || event.status === 'closed' || (event.status !== 'draft' && event.event_date <= today);
}

/**
 * Marks a meeting held or no-show (or changes the mark). A member marks only its
 * own meetings (404 otherwise); the caller has checked the organizer's region.
 * Throws AppError 404 `error.notFound`, 409 `outcomes.err.tooEarly`, 400 `v.choice` on `outcome`.
 */
/**
 * What both outcome pages (organizer's and member's) show of the event and its meetings:
 * the event's header, whether outcomes can be recorded today, each meeting's start time.
 */
export function outcomesView<M extends { slot: number | null }>(
  event: { id: string; title: string; event_date: string; venue: string; status: string } & Parameters<typeof slotTimes>[0],
  meetings: M[],
) {
  const times = slotTimes(event);
  return {
    event: { id: event.id, title: event.title, date: event.event_date, venue: event.venue },
    open: outcomesOpen(event, chinaDate(new Date())),
    meetings: meetings.map((m) => ({ ...m, time: m.slot === null ? null : (times[m.slot]?.start ?? null) })),
  };
}

export async function markMeeting(
  db: DB,
  eventId: string,
  actor: OutcomeActor,
  requestId: string,
  outcome: string,
  now = new Date(),
): Promise<void> {
  if (!(MEETING_OUTCOMES as readonly string[]).includes(outcome)) throw new AppError(400, 'v.choice', { field: 'outcome' });
  const event = await db.selectFrom('events').select(['id', 'status', 'event_date']).where('id', '=', eventId).executeTakeFirst();
  if (!event) throw notFound();
  let q = db
    .selectFrom('meeting_requests')
    .select(['id', 'status'])
    .where('id', '=', requestId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'accepted');
  if (actor.kind === 'member') {
    const orgId = actor.orgId;
    q = q.where((eb) => eb.or([eb('enterprise_org_id', '=', orgId), eb('bank_org_id', '=', orgId)]));
  }
  const r = await q.executeTakeFirst();
  if (!r) throw notFound();
  if (!outcomesOpen(event, chinaDate(now))) throw new AppError(409, 'outcomes.err.tooEarly');
  const values = {
    outcome: outcome as MeetingOutcome,
    marked_by_user_id: actor.userId,
    marked_by_org_id: actor.kind === 'member' ? actor.orgId : null,
    marked_at: now.toISOString(),
  };
  await db
    .insertInto('meeting_outcomes')
    .values({ request_id: r.id, event_id: eventId, ...values })
    .onConflict((oc) => oc.column('request_id').doUpdateSet(values))
    .execute();
}

export interface OutcomeMeeting {
  requestId: string;
  enterpriseId: string;
  enterpriseName: string;
  bankId: string;
  bankName: string;
  /** 0-based slot and 1-based table when placed in the grid */
  slot: number | null;
  table: number | null;
  outcome: MeetingOutcome | null;
  /** the viewing organization's own rating of it, and the other side's score (organizer: both scores) */
  myRating: GivenRating | null;
  enterpriseScore: number | null;
  bankScore: number | null;
}

/** The session's meetings (accepted requests), placed ones by time; with `orgId`, only that organization's. */
export async function outcomeMeetings(db: DB, eventId: string, opts: { orgId?: string } = {}): Promise<OutcomeMeeting[]> {
  let q = db
    .selectFrom('meeting_requests as r')
    .innerJoin('organizations as e', 'e.id', 'r.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'r.bank_org_id')
    .leftJoin('meeting_placements as p', 'p.request_id', 'r.id')
    .leftJoin('meeting_outcomes as o', 'o.request_id', 'r.id')
    .select([
      'r.id',
      'r.enterprise_org_id',
      'r.bank_org_id',
      'e.name as enterprise_name',
      'b.name as bank_name',
      'p.slot',
      'p.table_no',
      'o.outcome',
    ])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'accepted');
  const orgId = opts.orgId;
  if (orgId !== undefined) q = q.where((eb) => eb.or([eb('r.enterprise_org_id', '=', orgId), eb('r.bank_org_id', '=', orgId)]));
  const rows = await q.execute();
  const ids = rows.map((r) => r.id);
  const scores = ids.length
    ? await db
        .selectFrom('ratings')
        .select(['subject_id', 'rater_kind', 'score'])
        .where('subject_kind', '=', 'meeting')
        .where('subject_id', 'in', ids)
        .execute()
    : [];
  const score = (id: string, kind: string) => scores.find((s) => s.subject_id === id && s.rater_kind === kind)?.score ?? null;
  const mine = orgId ? await ratingsGivenBy(db, orgId, 'meeting') : new Map<string, GivenRating>();
  return rows
    .map((r) => ({
      requestId: r.id,
      enterpriseId: r.enterprise_org_id,
      enterpriseName: r.enterprise_name,
      bankId: r.bank_org_id,
      bankName: r.bank_name,
      slot: r.slot ?? null,
      table: r.table_no === null || r.table_no === undefined ? null : r.table_no + 1,
      outcome: (r.outcome as MeetingOutcome | null) ?? null,
      myRating: mine.get(`meeting:${r.id}`) ?? null,
      enterpriseScore: score(r.id, 'enterprise'),
      bankScore: score(r.id, 'bank'),
    }))
    .sort(
      (a, b) =>
        (a.slot ?? Infinity) - (b.slot ?? Infinity) ||
        (a.table ?? Infinity) - (b.table ?? Infinity) ||
        a.enterpriseName.localeCompare(b.enterpriseName, 'zh-CN') ||
        a.bankName.localeCompare(b.bankName, 'zh-CN'),
    );
}

/* ---------------------------------------------------------------- follow-up three months on */

/**
 * Asks every pair that met (a meeting marked held) at a session held at least three
 * months ago (China date) whether financing came of it: one question per session
 * and pair, ever (a unique key; several processes may sweep at once), notified to
 * both organizations. Returns how many were asked.
 */
export async function askFollowUps(db: DB, now = new Date()): Promise<number> {
  const cutoff = monthsBefore(chinaDate(now), FOLLOWUP_MONTHS);
  const pairs = await db
    .selectFrom('meeting_outcomes as o')
    .innerJoin('meeting_requests as r', 'r.id', 'o.request_id')
    .innerJoin('events as ev', 'ev.id', 'o.event_id')
    .leftJoin('meeting_followups as f', (j) =>
      j
        .onRef('f.event_id', '=', 'o.event_id')
        .onRef('f.enterprise_org_id', '=', 'r.enterprise_org_id')
        .onRef('f.bank_org_id', '=', 'r.bank_org_id'),
    )
    .select(['o.event_id', 'r.enterprise_org_id', 'r.bank_org_id', 'ev.title'])
    .distinct()
    .where('o.outcome', '=', 'held')
    .where('r.status', '=', 'accepted')
    .where('ev.event_date', '<=', cutoff)
    .where('f.id', 'is', null)
    .execute();
  let asked = 0;
  const at = now.toISOString();
  for (const p of pairs) {
    const done = await inTransaction(db, async (trx) => {
      const id = newId();
      const res = await trx
        .insertInto('meeting_followups')
        .values({
          id,
          event_id: p.event_id,
          enterprise_org_id: p.enterprise_org_id,
          bank_org_id: p.bank_org_id,
          asked_at: at,
          answer: null,
          answered_by_user_id: null,
          answered_by_org_id: null,
          answered_at: null,
          agreement_id: null,
        })
        .onConflict((oc) => oc.columns(['event_id', 'enterprise_org_id', 'bank_org_id']).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      const names = await trx
        .selectFrom('organizations')
        .select(['id', 'name'])
        .where('id', 'in', [p.enterprise_org_id, p.bank_org_id])
        .execute();
      const name = (orgId: string) => names.find((n) => n.id === orgId)?.name ?? '';
      for (const [me, other] of [
        [p.enterprise_org_id, p.bank_org_id],
        [p.bank_org_id, p.enterprise_org_id],
      ] as const)
        await notifyUsers(
          trx,
          await activeUsersOf(trx, [me]),
          'meeting.followup',
          { event: p.title, org: name(other) },
          outcomesPath(p.event_id),
          at,
        );
      return true;
    });
    if (done) asked++;
  }
  return asked;
}

export const outcomesPath = (eventId: string) => `/events/${eventId}/outcomes`;

export const askFollowUpsJob = defineJob({
  name: 'meetings.followup-sweep',
  // every day at 09:17, China time
  cron: '17 9 * * *',
  retries: 2,
  run: async (_data, { db }) => {
    await askFollowUps(db);
  },
});

export interface FollowUpView {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  bankId: string;
  bankName: string;
  askedAt: string;
  answer: 'yes' | 'no' | null;
  answeredAt: string | null;
  /** a letter of intent between the pair at this session exists */
  agreementId: string | null;
}

/** The session's follow-up questions; with `orgId`, only that organization's. */
export async function followUpsOf(db: DB, eventId: string, opts: { orgId?: string } = {}): Promise<FollowUpView[]> {
  let q = db
    .selectFrom('meeting_followups as f')
    .innerJoin('organizations as e', 'e.id', 'f.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'f.bank_org_id')
    .select([
      'f.id',
      'f.enterprise_org_id',
      'f.bank_org_id',
      'e.name as enterprise_name',
      'b.name as bank_name',
      'f.asked_at',
      'f.answer',
      'f.answered_at',
      (eb) =>
        eb
          .selectFrom('agreements as a')
          .select('a.id')
          .whereRef('a.event_id', '=', 'f.event_id')
          .whereRef('a.enterprise_org_id', '=', 'f.enterprise_org_id')
          .whereRef('a.bank_org_id', '=', 'f.bank_org_id')
          .where('a.status', '<>', 'declined')
          .orderBy('a.created_at', 'desc')
          .limit(1)
          .as('agreement_id'),
    ])
    .where('f.event_id', '=', eventId);
  const orgId = opts.orgId;
  if (orgId !== undefined) q = q.where((eb) => eb.or([eb('f.enterprise_org_id', '=', orgId), eb('f.bank_org_id', '=', orgId)]));
  const rows = await q.orderBy('e.name').orderBy('b.name').execute();
  return rows.map((r) => ({
    id: r.id,
    enterpriseId: r.enterprise_org_id,
    enterpriseName: r.enterprise_name,
    bankId: r.bank_org_id,
    bankName: r.bank_name,
    askedAt: r.asked_at,
    answer: r.answer,
    answeredAt: r.answered_at,
    agreementId: r.agreement_id ?? null,
  }));
}

/**
 * Either side answers "是否达成融资？" (or changes its answer). Returns where a yes
 * goes next: the new letter of intent, pre-filled for the pair and the session.
 * Throws AppError 404 `error.notFound` (not its question), 400 `v.choice` on `answer`.
 */
export async function answerFollowUp(
  db: DB,
  eventId: string,
  actor: { userId: string; orgId: string },
  followUpId: string,
  answer: string,
  now = new Date(),
): Promise<{ next: string | null }> {
  if (answer !== 'yes' && answer !== 'no') throw new AppError(400, 'v.choice', { field: 'answer' });
  const f = await db
    .selectFrom('meeting_followups')
    .selectAll()
    .where('id', '=', followUpId)
    .where('event_id', '=', eventId)
    .where((eb) => eb.or([eb('enterprise_org_id', '=', actor.orgId), eb('bank_org_id', '=', actor.orgId)]))
    .executeTakeFirst();
  if (!f) throw notFound();
  await db
    .updateTable('meeting_followups')
    .set({ answer, answered_by_user_id: actor.userId, answered_by_org_id: actor.orgId, answered_at: now.toISOString() })
    .where('id', '=', f.id)
    .execute();
  return { next: answer === 'yes' ? newAgreementPath(eventId, f.enterprise_org_id, f.bank_org_id) : null };
}

export const newAgreementPath = (eventId: string, enterpriseId: string, bankId: string) =>
  `/agreements/new?${new URLSearchParams({ eventId, enterpriseId, bankId })}`;

/* ---------------------------------------------------------------- the session report */

export interface OutcomeSummary {
  /** scheduled meetings (accepted requests) */
  meetings: number;
  held: number;
  noShow: number;
  unmarked: number;
  /** no-shows ÷ marked meetings, basis points; null when none is marked */
  noShowRateBp: number | null;
  /** ratings of meetings (both sides) and their average ×100 (4.25 → 425), null when none */
  ratings: number;
  averageX100: number | null;
  /** follow-up questions asked, answered yes / no, and pairs with a letter of intent at the session after a yes */
  asked: number;
  yes: number;
  no: number;
  agreementsAfterYes: number;
}

/** Meetings held, no-show rate, average rating and follow-up outcomes of a session. */
export async function outcomeSummary(db: DB, eventId: string): Promise<OutcomeSummary> {
  const [meetings, followUps] = await Promise.all([outcomeMeetings(db, eventId), followUpsOf(db, eventId)]);
  const held = meetings.filter((m) => m.outcome === 'held').length;
  const noShow = meetings.filter((m) => m.outcome === 'no_show').length;
  const scores = meetings.flatMap((m) => [m.enterpriseScore, m.bankScore]).filter((s): s is number => s !== null);
  const sum = scores.reduce((a, b) => a + b, 0);
  return {
    meetings: meetings.length,
    held,
    noShow,
    unmarked: meetings.length - held - noShow,
    noShowRateBp: held + noShow > 0 ? Math.round((noShow * 10_000) / (held + noShow)) : null,
    ratings: scores.length,
    averageX100: scores.length ? Math.round((sum * 100) / scores.length) : null,
    asked: followUps.length,
    yes: followUps.filter((f) => f.answer === 'yes').length,
    no: followUps.filter((f) => f.answer === 'no').length,
    agreementsAfterYes: followUps.filter((f) => f.answer === 'yes' && f.agreementId !== null).length,
  };
}
