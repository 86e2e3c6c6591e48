/**
 * 派单 of needs nobody answered (issue 18, decision 036f).
 *
 * - The dispatch sweep: every published financing need without a bank response
 *   (an interest that was not withdrawn, or an application) past its region's
 *   response deadline (`response_due_working_days`, the region's calendar) is
 *   assigned to its best-matching eligible banks (the matching module's scores,
 *   a bank's best product), balanced by load (./balance.ts). A claim row per need
 *   makes several processes dispatch each need once.
 * - The bank answers a dispatched need like an interest — by expressing interest
 *   (the interest flow marks the dispatch) or by declining with a reason — within
 *   the same number of working days from the dispatch day.
 * - The silence sweep: a dispatch unanswered past its deadline is escalated once to
 *   the organizers whose region covers the need (notification and home to-do).
 *
 * Refusals are thrown AppErrors; every read filters by the asking bank or region.
 */
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import { chinaMonthBucket, monthOfBucket } from '~/modules/calendar/month-buckets.server';
import { getResponseDueDays, holidaysLookup, regionCalendars } from '~/modules/calendar/settings.server';
import { addWorkingDays, chinaDate, chinaDayEndIso, type Holidays, latestOverdueStart } from '~/modules/calendar/working-days';
import { defineJob } from '~/modules/jobs/jobs.server';
import { bestBanksForNeed, createProductIndex } from '~/modules/matching';
import { loadMatchContext, loadPublishedNeeds, loadPublishedProducts } from '~/modules/matching/queries.server';
import { activeUsersOf, notifyUsers, regionalOrganizers } from '~/modules/notifications/notifications.server';
import { regionName, regionPrefix, regionRange } from '~/modules/regions/regions.server';
import { inTransaction, type DB } from '~/utils/db.server';
import { AppError, conflict, notFound } from '~/utils/errors';
import { newId } from '~/utils/ids';
import { DEFAULT_PAGE_SIZE } from '~/utils/pagination';
import { isPostgres } from '~/modules/search/text-search.server';
import type { DispatchAnswer } from '#db/schema';
import { assignBalanced, maxOverMean, type DispatchCandidate } from './balance';
import { type BankDispatchFilter, DECLINE_REASON_CODES } from './schema';

/** Banks a need is dispatched to, and how many of a need's best banks are considered for balancing. */
export const BANKS_PER_NEED = 2;
export const CANDIDATE_BANKS = 12;
/** products read per need to find its candidate banks */
const PRODUCTS_PER_NEED = 40;
/** needs claimed and dispatched per transaction (fewer commits: the sweep's writes are mostly page writes at commit) */
const CHUNK = 10_000;
/** dispatches escalated per transaction */
const ESCALATE_CHUNK = 1000;

export const DECLINE_REASONS = DECLINE_REASON_CODES;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export interface SweepResult {
  /** overdue needs without a dispatch found by this sweep */
  overdue: number;
  /** needs this sweep dispatched to at least one bank */
  dispatched: number;
  /** needs claimed without any eligible bank */
  unmatched: number;
  assignments: number;
  /** max ÷ mean assignments per eligible bank of this sweep (null: none) */
  maxOverMean: number | null;
  eligibleBanks: number;
}

function isoDaysAgo(now: Date, days: number) {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/**
 * Published financing needs without any response and without a dispatch, whose
 * region's deadline has passed (`today` China date). Returns id → region.
 */
async function overdueNeeds(db: DB, now: Date): Promise<Map<string, { region: string; dueDays: number }>> {
  const today = chinaDate(now);
  const rows = await db
    .selectFrom('financing_needs as n')
    .select(['n.id', 'n.region_code', 'n.published_at'])
    .where('n.status', '=', 'published')
    .where('n.published_at', 'is not', null)
    // nothing younger than a working day can be overdue: cuts the candidates cheaply
    .where('n.published_at', '<', isoDaysAgo(now, 1))
    .where(
      sql<boolean>`not exists (select 1 from need_interests ni where ni.need_kind = 'financing' and ni.need_id = n.id and ni.status <> 'withdrawn')`,
    )
    .where(sql<boolean>`not exists (select 1 from applications a where a.need_id = n.id)`)
    .where(sql<boolean>`not exists (select 1 from need_dispatch_claims c where c.need_kind = 'financing' and c.need_id = n.id)`)
    .execute();
  const holidaysOf = holidaysLookup(db);
  const cutoffs = new Map<string, { cutoff: string; dueDays: number }>();
  const out = new Map<string, { region: string; dueDays: number }>();
  for (const r of rows) {
    let c = cutoffs.get(r.region_code);
    if (!c) {
      const dueDays = await getResponseDueDays(db, r.region_code);
      c = { cutoff: chinaDayEndIso(latestOverdueStart(today, dueDays, await holidaysOf(r.region_code))), dueDays };
      cutoffs.set(r.region_code, c);
    }
    if (r.published_at && r.published_at < c.cutoff) out.set(r.id, { region: r.region_code, dueDays: c.dueDays });
  }
  return out;
}

/** A dispatch row to insert, in the column order of DISPATCH_INSERT. */
type DispatchInsert = [
  id: string,
  needKind: 'financing',
  needId: string,
  region: string,
  enterprise: string,
  bank: string,
  score: number,
  rank: number,
  dispatchedOn: string,
  dueOn: string,
  dispatchedAt: string,
];
const DISPATCH_INSERT =
  'insert into need_dispatches (id, need_kind, need_id, region_code, enterprise_org_id, bank_org_id, score, rank, dispatched_on, due_on, dispatched_at)';
const CLAIM_INSERT = 'insert into need_dispatch_claims (need_kind, need_id, claimed_at, banks)';
/** rows per INSERT statement: 500 × 11 parameters, under both databases' limits */
const ROWS_PER_STATEMENT = 500;

const placeholderCache = new Map<string, string>();
/** `(?, ?, …), (…)` for SQLite, `($1, $2, …), (…)` for PostgreSQL: `rows` groups of `width`. */
function placeholders(pg: boolean, rows: number, width: number): string {
  const key = `${pg}:${rows}:${width}`;
  let text = placeholderCache.get(key);
  if (text === undefined) {
    const groups: string[] = [];
    for (let r = 0; r < rows; r++)
      groups.push(`(${Array.from({ length: width }, (_, c) => (pg ? `$${r * width + c + 1}` : '?')).join(', ')})`);
    placeholderCache.set(key, (text = groups.join(', ')));
  }
  return text;
}

/**
 * Multi-row INSERT … VALUES of plain values, compiled here instead of by the query
 * builder: the sweep writes up to hundreds of thousands of values, and building,
 * compiling and binding them through Kysely's nodes cost more than the database's
 * own work (decision 037e). Same statement text for every full batch, so SQLite's
 * prepared-statement cache keeps it. Returns the rows of `tail`'s RETURNING, if any.
 */
async function insertValues<R>(trx: DB, pg: boolean, head: string, tail: string, rows: readonly (readonly unknown[])[]): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const batch = rows.slice(i, i + ROWS_PER_STATEMENT);
    const text = `${head} values ${placeholders(pg, batch.length, batch[0].length)}${tail}`;
    const r = await trx.executeQuery<R>(CompiledQuery.raw(text, batch.flat()));
    out.push(...r.rows);
  }
  return out;
}

/**
 * The dispatch sweep (see the module comment). Safe to run in several processes
 * at once: each need is claimed once. Returns what it did.
 */
export async function dispatchOverdueNeeds(
  db: DB,
  now = new Date(),
  opts: { perNeed?: number; onPhase?: (phase: string, ms: number, cpuMs: number) => void } = {},
): Promise<SweepResult> {
  const perNeed = opts.perNeed ?? BANKS_PER_NEED;
  let mark = performance.now();
  let cpuMark = process.cpuUsage();
  const phase = (name: string) => {
    const t = performance.now();
    const cpu = process.cpuUsage(cpuMark);
    opts.onPhase?.(name, t - mark, (cpu.user + cpu.system) / 1000);
    mark = t;
    cpuMark = process.cpuUsage();
  };
  const today = chinaDate(now);
  const overdue = await overdueNeeds(db, now);
  phase('overdue');
  const empty: SweepResult = { overdue: 0, dispatched: 0, unmatched: 0, assignments: 0, maxOverMean: null, eligibleBanks: 0 };
  if (overdue.size === 0) return empty;

  const [ctx, products, verified, open] = await Promise.all([
    loadMatchContext(db, today),
    loadPublishedProducts(db),
    db.selectFrom('organizations').select('id').where('kind', '=', 'bank').where('status', '=', 'verified').execute(),
    db
      .selectFrom('need_dispatches')
      .select(['bank_org_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('answer', 'is', null)
      .groupBy('bank_org_id')
      .execute(),
  ]);
  const verifiedIds = new Set(verified.map((b) => b.id));
  const index = createProductIndex(
    products.filter((p) => verifiedIds.has(p.bankId)),
    ctx,
  );
  // every published need, filtered to the overdue ones (one read instead of a long id list)
  const needs = (await loadPublishedNeeds(db)).filter((n) => overdue.has(n.id));
  phase('load');

  // each need's best products (top 40) reduced to their banks, best product first (at most 12)
  const candidates: DispatchCandidate[] = needs.map((need) => ({
    needId: need.id,
    banks: bestBanksForNeed(need, index, ctx, PRODUCTS_PER_NEED, CANDIDATE_BANKS),
  }));
  const existingLoad = new Map(open.map((r) => [r.bank_org_id, Number(r.n)]));
  phase('match');
  const balanced = assignBalanced(candidates, { perNeed, existingLoad });
  phase('balance');
  const needById = new Map(needs.map((n) => [n.id, n]));
  const holidaysOf = holidaysLookup(db);
  const dueOnByRegion = new Map<string, string>();
  for (const { region, dueDays } of overdue.values()) {
    if (!dueOnByRegion.has(region)) dueOnByRegion.set(region, addWorkingDays(today, dueDays, await holidaysOf(region)));
  }

  const at = now.toISOString();
  const pg = isPostgres(db);
  const perBank = new Map<string, number>();
  let dispatched = 0;
  let unmatched = 0;
  let assignments = 0;
  for (let i = 0; i < balanced.picks.length; i += CHUNK) {
    const chunk = balanced.picks.slice(i, i + CHUNK);
    const done = await inTransaction(db, async (trx) => {
      const claimed = await insertValues<{ need_id: string }>(
        trx,
        pg,
        CLAIM_INSERT,
        ' on conflict (need_kind, need_id) do nothing returning need_id',
        chunk.map((p) => ['financing', p.needId, at, p.banks.length]),
      );
      const mine = new Set(claimed.map((c) => c.need_id));
      const rows: DispatchInsert[] = [];
      for (const p of chunk) {
        if (!mine.has(p.needId)) continue;
        const region = overdue.get(p.needId)!.region;
        const enterprise = needById.get(p.needId)!.enterprise.id;
        const dueOn = dueOnByRegion.get(region)!;
        for (const b of p.banks)
          rows.push([newId(), 'financing', p.needId, region, enterprise, b.bankId, Math.round(b.score), b.rank, today, dueOn, at]);
      }
      await insertValues(trx, pg, DISPATCH_INSERT, '', rows);
      return { mine, rows };
    });
    for (const p of chunk) {
      if (!done.mine.has(p.needId)) continue;
      if (p.banks.length === 0) unmatched++;
      else dispatched++;
    }
    for (const r of done.rows) perBank.set(r[5], (perBank.get(r[5]) ?? 0) + 1);
    assignments += done.rows.length;
  }
  phase('write');
  // one notice per bank and sweep (after the dispatches committed; a crash here loses the notice, never a dispatch)
  if (perBank.size > 0) {
    await inTransaction(db, async (trx) => {
      for (const [bankId, n] of perBank) {
        const users = await activeUsersOf(trx, [bankId]);
        if (users.length) await notifyUsers(trx, users, 'dispatch.assigned', { n }, '/bank/dispatches', at);
      }
    });
  }
  phase('notify');
  // the spread of this sweep over every bank that was eligible for one of its needs
  const eligible = new Set(candidates.flatMap((c) => c.banks.map((b) => b.bankId)));
  const spread = new Map([...eligible].map((b) => [b, perBank.get(b) ?? 0]));
  return {
    overdue: overdue.size,
    dispatched,
    unmatched,
    assignments,
    maxOverMean: maxOverMean(spread),
    eligibleBanks: eligible.size,
  };
}

/** Marks a bank's dispatch of a need answered by an interest (called in the interest's transaction). */
export async function markDispatchAnswered(db: DB, kind: 'financing' | 'hiring', needId: string, bankOrgId: string, at: string) {
  await db
    .updateTable('need_dispatches')
    .set({ answer: 'interest', answered_at: at })
    .where('need_kind', '=', kind)
    .where('need_id', '=', needId)
    .where('bank_org_id', '=', bankOrgId)
    .where('answer', 'is', null)
    .execute();
}

/**
 * The bank declines a need dispatched to it, with a reason. Another bank's
 * dispatch is a 404. Throws 404 `dispatch.err.unknown`, 409 `dispatch.err.answered`,
 * 400 `dispatch.v.reason` (on `reason`).
 */
export async function declineDispatch(
  db: DB,
  actor: { bankOrgId: string; userId: string },
  id: string,
  input: { reason: string; note?: string },
  now = new Date(),
): Promise<void> {
  const d = await db
    .selectFrom('need_dispatches')
    .selectAll()
    .where('id', '=', id)
    .where('bank_org_id', '=', actor.bankOrgId)
    .executeTakeFirst();
  if (!d) throw notFound('dispatch.err.unknown');
  if (d.answer) throw conflict('dispatch.err.answered');
  if (!(DECLINE_REASONS as readonly string[]).includes(input.reason)) throw new AppError(400, 'dispatch.v.reason', { field: 'reason' });
  const note = (input.note ?? '').trim();
  if (input.reason === 'other' && !note) throw new AppError(400, 'dispatch.v.note', { field: 'note' });
  if (note.length > 500) throw new AppError(400, 'dispatch.v.note', { field: 'note' });
  const updated = await db
    .updateTable('need_dispatches')
    .set({ answer: 'declined', answered_at: now.toISOString(), decline_reason: note ? `${input.reason}: ${note}` : input.reason })
    .where('id', '=', id)
    .where('answer', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw conflict('dispatch.err.answered');
}

/**
 * The silence sweep: dispatches unanswered after their deadline (today China >
 * due_on) are escalated once — a conditional update claims them — and the
 * organizers whose region covers them are told (one notice per organizer).
 * Interests expressed outside the interest flow are picked up first.
 */
export async function escalateSilentDispatches(db: DB, now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const at = now.toISOString();
  await db
    .updateTable('need_dispatches as d')
    .set({ answer: 'interest', answered_at: at })
    .where('d.answer', 'is', null)
    .where(
      sql<boolean>`exists (select 1 from need_interests ni where ni.need_kind = d.need_kind and ni.need_id = d.need_id and ni.bank_org_id = d.bank_org_id and ni.status <> 'withdrawn')`,
    )
    .execute();
  const due = await db
    .selectFrom('need_dispatches')
    .select(['id'])
    .where('answer', 'is', null)
    .where('escalated_at', 'is', null)
    .where('due_on', '<', today)
    .execute();
  if (due.length === 0) return 0;
  const organizersOf = await regionalOrganizers(db);
  let escalated = 0;
  for (let i = 0; i < due.length; i += ESCALATE_CHUNK) {
    const ids = due.slice(i, i + ESCALATE_CHUNK).map((d) => d.id);
    escalated += await inTransaction(db, async (trx) => {
      const claimed = await trx
        .updateTable('need_dispatches')
        .set({ escalated_at: at })
        .where('id', 'in', ids)
        .where('answer', 'is', null)
        .where('escalated_at', 'is', null)
        .returning(['id', 'region_code'])
        .execute();
      const perOrganizer = new Map<string, number>();
      for (const d of claimed) for (const id of organizersOf(d.region_code)) perOrganizer.set(id, (perOrganizer.get(id) ?? 0) + 1);
      for (const [userId, n] of perOrganizer) await notifyUsers(trx, [userId], 'dispatch.silent', { n }, '/organizer/dispatches', at);
      return claimed.length;
    });
  }
  return escalated;
}

export const dispatchSweepJob = defineJob({
  name: 'needs.dispatch-sweep',
  // every hour at minute 21, China time: dispatch, then escalate silence
  cron: '21 * * * *',
  retries: 2,
  timeoutSeconds: 900,
  run: async (_data, { db }) => {
    await dispatchOverdueNeeds(db);
    await escalateSilentDispatches(db);
  },
});

/* ---------- reads ---------- */

export type DispatchState = 'open' | 'overdue' | 'interest' | 'declined';

export interface DispatchRow {
  id: string;
  needId: string;
  needTitle: string;
  amount: number;
  termMonths: number;
  enterpriseName: string;
  regionCode: string;
  bankName: string;
  score: number;
  rank: number;
  dispatchedOn: string;
  dueOn: string;
  state: DispatchState;
  answeredAt: string | null;
  declineReason: string | null;
  escalated: boolean;
}

function stateOf(answer: DispatchAnswer | null, dueOn: string, today: string): DispatchState {
  return answer ?? (dueOn < today ? 'overdue' : 'open');
}

function dispatchRows(db: DB) {
  return db
    .selectFrom('need_dispatches as d')
    .innerJoin('financing_needs as n', 'n.id', 'd.need_id')
    .innerJoin('organizations as e', 'e.id', 'd.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'd.bank_org_id')
    .select([
      'd.id',
      'd.need_id',
      'n.title',
      'n.amount',
      'n.term_months',
      'e.name as enterprise_name',
      'b.name as bank_name',
      'd.region_code',
      'd.score',
      'd.rank',
      'd.dispatched_on',
      'd.due_on',
      'd.answer',
      'd.answered_at',
      'd.decline_reason',
      'd.escalated_at',
    ])
    .where('d.need_kind', '=', 'financing');
}

type RawRow = Awaited<ReturnType<ReturnType<typeof dispatchRows>['execute']>>[number];

function toRow(r: RawRow, today: string): DispatchRow {
  return {
    id: r.id,
    needId: r.need_id,
    needTitle: r.title,
    amount: Number(r.amount),
    termMonths: r.term_months,
    enterpriseName: r.enterprise_name,
    regionCode: r.region_code,
    bankName: r.bank_name,
    score: r.score,
    rank: r.rank,
    dispatchedOn: r.dispatched_on,
    dueOn: r.due_on,
    state: stateOf(r.answer, r.due_on, today),
    answeredAt: r.answered_at,
    declineReason: r.decline_reason,
    escalated: r.escalated_at !== null,
  };
}

/** The needs dispatched to one bank (only its own), unanswered first, oldest deadline first. */
export async function bankDispatches(
  db: DB,
  bankOrgId: string,
  opts: { filter: BankDispatchFilter; page: number; pageSize?: number; now?: Date },
): Promise<{ rows: DispatchRow[]; total: number; counts: Record<BankDispatchFilter, number>; today: string }> {
  const today = chinaDate(opts.now ?? new Date());
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const base = (filter: BankDispatchFilter) => {
    let q = dispatchRows(db).where('d.bank_org_id', '=', bankOrgId);
    if (filter === 'open') q = q.where('d.answer', 'is', null);
    return q;
  };
  const count = async (filter: BankDispatchFilter) => {
    let q = db
      .selectFrom('need_dispatches')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('bank_org_id', '=', bankOrgId);
    if (filter === 'open') q = q.where('answer', 'is', null);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const [rows, open, all] = await Promise.all([
    base(opts.filter)
      .orderBy(sql`case when d.answer is null then 0 else 1 end`)
      .orderBy('d.due_on')
      .orderBy('d.id')
      .limit(pageSize)
      .offset((opts.page - 1) * pageSize)
      .execute(),
    count('open'),
    count('all'),
  ]);
  const counts = { open, all };
  return { rows: rows.map((r) => toRow(r, today)), total: counts[opts.filter], counts, today };
}

/** One dispatch of the bank (404 for any other bank's). */
export async function bankDispatch(db: DB, bankOrgId: string, id: string, now = new Date()): Promise<DispatchRow> {
  const r = await dispatchRows(db).where('d.id', '=', id).where('d.bank_org_id', '=', bankOrgId).executeTakeFirst();
  if (!r) throw notFound('dispatch.err.unknown');
  return toRow(r, chinaDate(now));
}

/** Open and overdue counts for the bank's home. */
export async function bankDispatchCounts(db: DB, bankOrgId: string, now = new Date()): Promise<{ open: number; overdue: number }> {
  const today = chinaDate(now);
  const r = await db
    .selectFrom('need_dispatches')
    .select([
      (eb) => eb.fn.countAll<number | string>().as('open'),
      sql<number | string>`sum(case when due_on < ${today} then 1 else 0 end)`.as('overdue'),
    ])
    .where('bank_org_id', '=', bankOrgId)
    .where('answer', 'is', null)
    .executeTakeFirstOrThrow();
  return { open: Number(r.open), overdue: Number(r.overdue ?? 0) };
}

/** Dispatches escalated to the organizer and still unanswered, in its region (home to-do, organizer list). */
export async function regionDispatches(
  db: DB,
  regionCode: string,
  opts: { filter: 'escalated' | 'all'; page: number; pageSize?: number; now?: Date },
): Promise<{ rows: DispatchRow[]; total: number; counts: { escalated: number; all: number }; today: string }> {
  const today = chinaDate(opts.now ?? new Date());
  const prefix = regionPrefix(regionCode);
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const count = async (filter: 'escalated' | 'all') => {
    let q = db
      .selectFrom('need_dispatches')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('region_code', 'like', `${prefix}%`);
    if (filter === 'escalated') q = q.where('answer', 'is', null).where('escalated_at', 'is not', null);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  let q = dispatchRows(db).where('d.region_code', 'like', `${prefix}%`);
  if (opts.filter === 'escalated') q = q.where('d.answer', 'is', null).where('d.escalated_at', 'is not', null);
  const [rows, escalated, all] = await Promise.all([
    q
      .orderBy('d.due_on', opts.filter === 'escalated' ? 'asc' : 'desc')
      .orderBy('d.id')
      .limit(pageSize)
      .offset((opts.page - 1) * pageSize)
      .execute(),
    count('escalated'),
    count('all'),
  ]);
  const counts = { escalated, all };
  return { rows: rows.map((r) => toRow(r, today)), total: counts[opts.filter], counts, today };
}

/* ---------- pickup figures (dashboard) ---------- */

export interface PickupRow {
  key: string;
  /** what the key names (a district's name); the key itself when absent */
  label?: string;
  /** financing needs published (by district / month) or dispatched to the bank */
  needs: number;
  /** answered within N working days of publication (district / month), or by the dispatch deadline (bank) */
  inTime: number;
  /** answered at all (any time) */
  picked: number;
  /** needs dispatched (district / month), or dispatches left silent (bank) */
  dispatched: number;
  rateBp: number | null;
}

export interface PickupFigures {
  total: PickupRow;
  byDistrict: PickupRow[];
  byMonth: PickupRow[];
  byBank: PickupRow[];
  /** the needs by district and month together (each need in one cell): the follow-through figures add these up (decision 037d) */
  cells: { district: string; month: string; needs: number; inTime: number }[];
}

const bp = (part: number, whole: number) => (whole > 0 ? Math.round((part * 10_000) / whole) : null);

function bump(map: Map<string, PickupRow>, key: string, picked: boolean, inTime: boolean, dispatched: boolean) {
  let r = map.get(key);
  if (!r) map.set(key, (r = { key, needs: 0, inTime: 0, picked: 0, dispatched: 0, rateBp: null }));
  r.needs++;
  if (picked) r.picked++;
  if (inTime) r.inTime++;
  if (dispatched) r.dispatched++;
}

/**
 * Pickup of the financing needs published in [from, to) (ISO instants, optional)
 * within `region`: a need is picked up by its first bank response (interest or
 * application), in time when that falls on or before the N-th working day after
 * publication (the region's N and calendar). By district and China month of
 * publication; by bank: the needs dispatched to it, answered by its deadline.
 * The rows add up to the total (every need in one district and one month).
 */
export async function pickupFigures(
  db: DB,
  region: string,
  opts: {
    fromIso?: string | null;
    toIso?: string | null;
    /** the period's needs by district and China month when already read (the dashboard's response-rate counts) */
    needCounts?: Promise<{ region: string; month: string; n: number }[]>;
  } = {},
): Promise<PickupFigures> {
  const [low, high] = regionRange(region);
  // The needs of the period in the region, as three small answers instead of a row per need
  // (a city has thousands): counts by district and bucket, the needs with a response (for
  // the in-time check) and the dispatched needs by district and China month (month-buckets).
  const bucket = chinaMonthBucket('n.published_at');
  const conditions = [sql`n.published_at is not null`, sql`n.region_code >= ${low}`, sql`n.region_code <= ${high}`];
  if (opts.fromIso) conditions.push(sql`n.published_at >= ${opts.fromIso}`);
  if (opts.toIso) conditions.push(sql`n.published_at < ${opts.toIso}`);
  const inPeriod = sql<boolean>`${sql.join(conditions, sql` and `)}`;
  const counts = db
    .selectFrom('financing_needs as n')
    .select(['n.region_code', bucket.as('bucket'), sql<number | string>`count(*)`.as('n')])
    .where(inPeriod)
    .groupBy(['n.region_code', sql`2`]);
  // the needs with a response: each need's first answer (its first interest not withdrawn or
  // first application) is kept on the need by the database (`first_answer_at`, decision 041a)
  const answered = db
    .selectFrom('financing_needs as n')
    .select(['n.region_code', 'n.published_at', 'n.first_answer_at'])
    .where(inPeriod)
    .where('n.first_answer_at', 'is not', null);
  // a join (one claim per need, its key), not an `exists` per need: the planner can start from
  // the claims, far fewer than the needs of a city
  const dispatchedNeeds = db
    .selectFrom('financing_needs as n')
    .innerJoin('need_dispatch_claims as c', (j) => j.on('c.need_kind', '=', 'financing').onRef('c.need_id', '=', 'n.id'))
    .select(['n.region_code', bucket.as('bucket'), sql<number | string>`count(*)`.as('n')])
    .where(inPeriod)
    .where('c.banks', '>', 0)
    .groupBy(['n.region_code', sql`2`]);
  let dispatches = db
    .selectFrom('need_dispatches as d')
    .innerJoin('organizations as b', 'b.id', 'd.bank_org_id')
    .select(['b.name as bank', 'd.due_on', 'd.answer', 'd.answered_at'])
    .where('d.region_code', '>=', low)
    .where('d.region_code', '<=', high);
  if (opts.fromIso) dispatches = dispatches.where('d.dispatched_at', '>=', opts.fromIso);
  if (opts.toIso) dispatches = dispatches.where('d.dispatched_at', '<', opts.toIso);
  const [countRows, answeredRows, dispatchedRows, dispatchRowsRead] = await Promise.all([
    opts.needCounts ??
      counts.execute().then((rows) => rows.map((r) => ({ region: r.region_code, month: monthOfBucket(r.bucket), n: Number(r.n) }))),
    answered.execute(),
    dispatchedNeeds.execute(),
    dispatches.execute(),
  ]);

  // every answered need's region's deadline and calendar: one read of the settings
  const calendars = await regionCalendars(
    db,
    answeredRows.map((n) => n.region_code),
  );
  const total: PickupRow = { key: '', needs: 0, inTime: 0, picked: 0, dispatched: 0, rateBp: null };
  const byDistrict = new Map<string, PickupRow>();
  const byMonth = new Map<string, PickupRow>();
  const cells = new Map<string, { district: string; month: string; needs: number; inTime: number }>();
  const add = (key: string, map: Map<string, PickupRow>, field: 'needs' | 'picked' | 'inTime' | 'dispatched', n: number) => {
    let r = map.get(key);
    if (!r) map.set(key, (r = { key, needs: 0, inTime: 0, picked: 0, dispatched: 0, rateBp: null }));
    r[field] += n;
  };
  const count = (regionCode: string, month: string, field: 'needs' | 'picked' | 'inTime' | 'dispatched', n: number) => {
    add(regionCode, byDistrict, field, n);
    add(month, byMonth, field, n);
    total[field] += n;
    if (field === 'needs' || field === 'inTime') {
      const key = `${regionCode}|${month}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { district: regionCode, month, needs: 0, inTime: 0 }));
      cell[field] += n;
    }
  };
  for (const r of countRows) count(r.region, r.month, 'needs', r.n);
  for (const r of dispatchedRows) count(r.region_code, monthOfBucket(r.bucket), 'dispatched', Number(r.n));
  // the in-time deadline per (calendar, N, China date of publication): regions sharing a
  // calendar (most use the official one) share the working-day walks, a few hundred in all
  const deadlines = new Map<Holidays, Map<string, string>>();
  const dueDaysOf = new Map<string, number>();
  const deadlineOf = (regionCode: string, published: string) => {
    let n = dueDaysOf.get(regionCode);
    if (n === undefined) dueDaysOf.set(regionCode, (n = calendars.dueDays(regionCode)));
    const holidays = calendars.holidays(regionCode);
    let byDate = deadlines.get(holidays);
    if (!byDate) deadlines.set(holidays, (byDate = new Map()));
    const key = `${n}|${published}`;
    let due = byDate.get(key);
    if (due === undefined) byDate.set(key, (due = addWorkingDays(published, n, holidays)));
    return due;
  };
  // the answered needs tallied per (district, month) first, then added to the rows once per cell
  const answeredCells = new Map<string, { region: string; month: string; picked: number; inTime: number }>();
  for (const n of answeredRows) {
    const first = n.first_answer_at;
    if (!n.published_at || !first) continue;
    const published = chinaDate(n.published_at);
    const month = published.slice(0, 7);
    const key = `${n.region_code}|${month}`;
    let cell = answeredCells.get(key);
    if (!cell) answeredCells.set(key, (cell = { region: n.region_code, month, picked: 0, inTime: 0 }));
    cell.picked++;
    if (chinaDate(first) <= deadlineOf(n.region_code, published)) cell.inTime++;
  }
  for (const c of answeredCells.values()) {
    count(c.region, c.month, 'picked', c.picked);
    if (c.inTime) count(c.region, c.month, 'inTime', c.inTime);
  }
  const byBank = new Map<string, PickupRow>();
  for (const d of dispatchRowsRead) {
    const answeredOn = d.answered_at ? chinaDate(d.answered_at) : null;
    const inTime = d.answer !== null && answeredOn !== null && answeredOn <= d.due_on;
    bump(byBank, d.bank, d.answer !== null, inTime, false);
    const r = byBank.get(d.bank)!;
    if (d.answer === null) r.dispatched++;
  }
  const finish = (rows: Map<string, PickupRow>) =>
    [...rows.values()].map((r) => ({ ...r, rateBp: bp(r.inTime, r.needs) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  total.rateBp = bp(total.inTime, total.needs);
  return {
    total,
    byDistrict: finish(byDistrict).map((r) => ({ ...r, label: regionName(r.key) })),
    byMonth: finish(byMonth),
    byBank: finish(byBank),
    cells: [...cells.values()],
  };
}
