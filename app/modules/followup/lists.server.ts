/**
 * 推荐清单 with bank feedback (issue 18, decision 035h). An organizer compiles a
 * list of verified enterprises of its region (from the directory by filter, or
 * one by one), sets a deadline in working days and pushes it to banks serving
 * its region; each bank answers per enterprise: 已走访 (date, officer), 已授信
 * (amount), 未授信 (reason from a code list). Feedback after the deadline is
 * accepted and marked late. Coverage: 走访率 (firms with an answer, any outcome,
 * since 授信 and 未授信 both follow a visit) and 授信覆盖率 (firms granted) per
 * list and per bank.
 *
 * Refusals are thrown AppErrors (docs/CONTRIBUTING.md); every query filters by
 * the organizer's region or the bank's own id.
 */
import { getHolidays } from '~/modules/calendar/settings.server';
import { addWorkingDays, chinaDate } from '~/modules/calendar/working-days';
import { activeUsersOf, notifyUsers } from '~/modules/notifications/notifications.server';
import { regionCovers, regionPrefix } from '~/modules/regions/regions.server';
import { inTransaction, type DB } from '~/utils/db.server';
import { AppError, notFound } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import type { FeedbackOutcome, FeedbackReason } from '#db/schema';

import { LIST_DUE_MAX, LIST_DUE_MIN, REASONS } from './rules';

export { LIST_DUE_MAX, LIST_DUE_MIN, OUTCOMES, REASONS } from './rules';

export interface OrganizerActor {
  userId: string;
  regionCode: string;
}
export interface BankActor {
  userId: string;
  orgId: string;
}

export interface DirectoryFilter {
  /** a district inside the organizer's region (default: the whole region) */
  region?: string;
  industry?: string;
  size?: string;
  /** only firms with a published hiring need (用工计划) */
  hiring?: boolean;
}

/* ---------------------------------------------------------------- organizer */

async function ownList(db: DB, actor: OrganizerActor, listId: string) {
  const list = await db.selectFrom('recommended_lists').selectAll().where('id', '=', listId).executeTakeFirst();
  if (!list || !regionCovers(actor.regionCode, list.region_code)) throw notFound('followup.err.listUnknown');
  return list;
}

/** Creates a draft list. Throws AppError 400 `followup.v.dueDays` on `dueDays`, `followup.v.title` on `title`. */
export async function createList(
  db: DB,
  actor: OrganizerActor,
  input: { title: string; note?: string; dueDays: number },
  now = nowIso(),
): Promise<string> {
  const title = input.title.trim();
  if (!title || title.length > 100) throw new AppError(400, 'followup.v.title', { field: 'title' });
  if (!Number.isInteger(input.dueDays) || input.dueDays < LIST_DUE_MIN || input.dueDays > LIST_DUE_MAX)
    throw new AppError(400, 'followup.v.dueDays', { field: 'dueDays' });
  const id = newId();
  await db
    .insertInto('recommended_lists')
    .values({
      id,
      region_code: actor.regionCode,
      title,
      note: (input.note ?? '').trim(),
      due_working_days: input.dueDays,
      pushed_at: null,
      due_on: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

function directoryQuery(db: DB, actor: OrganizerActor, filter: DirectoryFilter) {
  const scope = filter.region && regionCovers(actor.regionCode, filter.region) ? filter.region : actor.regionCode;
  let q = db
    .selectFrom('organizations as o')
    .where('o.kind', '=', 'enterprise')
    .where('o.status', '=', 'verified')
    .where('o.region_code', 'like', `${regionPrefix(scope)}%`);
  if (filter.industry) q = q.where('o.industry', '=', filter.industry);
  if (filter.size) q = q.where('o.size', '=', filter.size);
  if (filter.hiring)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('hiring_needs as h')
          .select('h.id')
          .whereRef('h.organization_id', '=', 'o.id')
          .where('h.status', 'in', ['published', 'matched']),
      ),
    );
  return q;
}

export interface DirectoryRow {
  id: string;
  name: string;
  regionCode: string;
  industry: string | null;
  size: string | null;
  onList: boolean;
}

/** The region's verified enterprises matching the filter (at most `limit`), marked when already on the list. */
export async function searchDirectory(
  db: DB,
  actor: OrganizerActor,
  listId: string,
  filter: DirectoryFilter,
  limit = 200,
): Promise<{ rows: DirectoryRow[]; total: number }> {
  await ownList(db, actor, listId);
  const total = await directoryQuery(db, actor, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await directoryQuery(db, actor, filter)
    .leftJoin('recommended_list_firms as f', (j) => j.onRef('f.enterprise_org_id', '=', 'o.id').on('f.list_id', '=', listId))
    .select(['o.id', 'o.name', 'o.region_code', 'o.industry', 'o.size', 'f.list_id'])
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      industry: r.industry,
      size: r.size,
      onList: r.list_id !== null,
    })),
  };
}

/**
 * Puts enterprises on a list (those already on it are skipped); returns how many were new.
 * The caller has checked them (verified enterprises of the list's region): the
 * directory filter and the bulk import (`~/modules/imports`) use it.
 */
export async function insertFirms(db: DB, listId: string, ids: readonly string[], now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const existing = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('recommended_list_firms')
      .select('enterprise_org_id')
      .where('list_id', '=', listId)
      .where('enterprise_org_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) existing.add(r.enterprise_org_id);
  }
  const fresh = [...new Set(ids)].filter((id) => !existing.has(id));
  for (let i = 0; i < fresh.length; i += 200)
    await db
      .insertInto('recommended_list_firms')
      .values(fresh.slice(i, i + 200).map((enterprise_org_id) => ({ list_id: listId, enterprise_org_id, added_at: now })))
      .execute();
  return fresh.length;
}

/**
 * Adds one enterprise. Throws AppError 400 `followup.err.firmUnknown` (not a verified
 * enterprise) or `followup.err.firmOutsideRegion` on `enterpriseId`.
 */
export async function addFirm(db: DB, actor: OrganizerActor, listId: string, enterpriseId: string, now = nowIso()): Promise<number> {
  const list = await ownList(db, actor, listId);
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'kind', 'status', 'region_code'])
    .where('id', '=', enterpriseId)
    .executeTakeFirst();
  if (!org || org.kind !== 'enterprise' || org.status !== 'verified')
    throw new AppError(400, 'followup.err.firmUnknown', { field: 'enterpriseId' });
  if (!regionCovers(list.region_code, org.region_code))
    throw new AppError(400, 'followup.err.firmOutsideRegion', { field: 'enterpriseId' });
  return insertFirms(db, listId, [org.id], now);
}

/** Adds every enterprise of the directory matching the filter; returns how many were new on the list. */
export async function addFirmsByFilter(
  db: DB,
  actor: OrganizerActor,
  listId: string,
  filter: DirectoryFilter,
  now = nowIso(),
): Promise<number> {
  await ownList(db, actor, listId);
  const rows = await directoryQuery(db, actor, filter).select('o.id').execute();
  return inTransaction(db, (trx) =>
    insertFirms(
      trx,
      listId,
      rows.map((r) => r.id),
      now,
    ),
  );
}

/** Removes a firm that no bank has answered for yet. Throws 409 `followup.err.firmAnswered`. */
export async function removeFirm(db: DB, actor: OrganizerActor, listId: string, enterpriseId: string): Promise<void> {
  await ownList(db, actor, listId);
  const answered = await db
    .selectFrom('recommended_feedback')
    .select('bank_org_id')
    .where('list_id', '=', listId)
    .where('enterprise_org_id', '=', enterpriseId)
    .executeTakeFirst();
  if (answered) throw new AppError(409, 'followup.err.firmAnswered');
  await db.deleteFrom('recommended_list_firms').where('list_id', '=', listId).where('enterprise_org_id', '=', enterpriseId).execute();
}

/** The verified banks serving the region (own region or a served region inside or above it). */
export async function banksOfRegion(db: DB, regionCode: string): Promise<{ id: string; name: string }[]> {
  const banks = await db
    .selectFrom('organizations as o')
    .leftJoin('bank_regions as r', 'r.organization_id', 'o.id')
    .select(['o.id', 'o.name', 'o.region_code', 'r.region_code as served'])
    .where('o.kind', '=', 'bank')
    .where('o.status', '=', 'verified')
    .orderBy('o.name')
    .execute();
  const out = new Map<string, { id: string; name: string }>();
  for (const b of banks) {
    const area = b.served ?? b.region_code;
    if (regionCovers(regionCode, area) || regionCovers(area, regionCode)) out.set(b.id, { id: b.id, name: b.name });
  }
  return [...out.values()];
}

/**
 * Pushes the list to banks (again: only the new ones are told). The first push
 * fixes the deadline: `due_working_days` working days from today (China), with
 * the region's calendar. Throws AppError 400 `followup.err.noFirms`,
 * `followup.err.noBanks` on `bankIds`, `followup.err.bankOutsideRegion` on `bankIds`
 * (a bank that does not serve the list's region, or is not a verified bank).
 */
export async function pushList(
  db: DB,
  actor: OrganizerActor,
  listId: string,
  bankIds: readonly string[],
  now = new Date(),
): Promise<{ pushed: number; dueOn: string }> {
  const list = await ownList(db, actor, listId);
  const ids = [...new Set(bankIds)].filter(Boolean);
  if (ids.length === 0) throw new AppError(400, 'followup.err.noBanks', { field: 'bankIds' });
  const firms = await db
    .selectFrom('recommended_list_firms')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('list_id', '=', listId)
    .executeTakeFirst();
  if (Number(firms?.n ?? 0) === 0) throw new AppError(400, 'followup.err.noFirms');
  const allowed = new Map((await banksOfRegion(db, list.region_code)).map((b) => [b.id, b]));
  const outside = ids.filter((id) => !allowed.has(id));
  if (outside.length) throw new AppError(400, 'followup.err.bankOutsideRegion', { field: 'bankIds' });
  const at = now.toISOString();
  const dueOn = list.due_on ?? addWorkingDays(chinaDate(now), list.due_working_days, await getHolidays(db, list.region_code));
  const pushed = await inTransaction(db, async (trx) => {
    if (!list.pushed_at)
      await trx.updateTable('recommended_lists').set({ pushed_at: at, due_on: dueOn, updated_at: at }).where('id', '=', listId).execute();
    const already = new Set(
      (await trx.selectFrom('recommended_list_banks').select('bank_org_id').where('list_id', '=', listId).execute()).map(
        (r) => r.bank_org_id,
      ),
    );
    const fresh = ids.filter((id) => !already.has(id));
    if (fresh.length === 0) return 0;
    await trx
      .insertInto('recommended_list_banks')
      .values(fresh.map((bank_org_id) => ({ list_id: listId, bank_org_id, pushed_at: at })))
      .execute();
    await notifyUsers(
      trx,
      await activeUsersOf(trx, fresh),
      'list.pushed',
      { title: list.title, firms: Number(firms?.n ?? 0), due: dueOn },
      `/bank/lists/${listId}`,
      at,
    );
    return fresh.length;
  });
  return { pushed, dueOn };
}

/**
 * Keeps banks as the ones to push a list to (named by an import while the list is a
 * draft); the list's page ticks them in its push form. The caller has checked them
 * with `banksOfRegion`. Returns how many were new.
 */
export async function planBanks(db: DB, listId: string, bankIds: readonly string[], now: string): Promise<number> {
  const ids = [...new Set(bankIds)];
  if (ids.length === 0) return 0;
  const known = new Set(
    (await db.selectFrom('recommended_list_planned_banks').select('bank_org_id').where('list_id', '=', listId).execute()).map(
      (r) => r.bank_org_id,
    ),
  );
  const fresh = ids.filter((id) => !known.has(id));
  if (fresh.length)
    await db
      .insertInto('recommended_list_planned_banks')
      .values(fresh.map((bank_org_id) => ({ list_id: listId, bank_org_id, added_at: now })))
      .execute();
  return fresh.length;
}

/** The banks a list is meant to be pushed to (planBanks), by id. */
export async function plannedBanks(db: DB, listId: string): Promise<string[]> {
  const rows = await db.selectFrom('recommended_list_planned_banks').select('bank_org_id').where('list_id', '=', listId).execute();
  return rows.map((r) => r.bank_org_id);
}

/* ---------------------------------------------------------------- bank */

async function pushedList(db: DB, actor: BankActor, listId: string) {
  const row = await db
    .selectFrom('recommended_lists as l')
    .innerJoin('recommended_list_banks as b', 'b.list_id', 'l.id')
    .selectAll('l')
    .where('l.id', '=', listId)
    .where('b.bank_org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!row) throw notFound('followup.err.listNotPushed');
  return row;
}

export interface FeedbackInput {
  outcome: FeedbackOutcome;
  visitedOn?: string | null;
  officer?: string | null;
  /** 授信 amount, integer 元 (parsed from 万元 by the route with parseMoney) */
  amount?: number | null;
  reasonCode?: FeedbackReason | null;
  reasonText?: string | null;
}

/**
 * A bank's answer for one enterprise of a list pushed to it (replaces its earlier
 * answer). After the due date it is accepted and marked late. Throws AppError 404
 * `followup.err.listNotPushed`, 400 `followup.err.firmNotOnList`, and field errors
 * `followup.v.visitedOn`, `followup.v.officer`, `followup.v.amount`, `followup.v.reason`,
 * `followup.v.reasonText`.
 */
export async function answerForFirm(
  db: DB,
  actor: BankActor,
  listId: string,
  enterpriseId: string,
  input: FeedbackInput,
  now = new Date(),
): Promise<{ late: boolean }> {
  const list = await pushedList(db, actor, listId);
  const onList = await db
    .selectFrom('recommended_list_firms')
    .select('enterprise_org_id')
    .where('list_id', '=', listId)
    .where('enterprise_org_id', '=', enterpriseId)
    .executeTakeFirst();
  if (!onList) throw new AppError(400, 'followup.err.firmNotOnList', { field: 'enterpriseId' });
  const today = chinaDate(now);
  const values = {
    outcome: input.outcome,
    visited_on: null as string | null,
    officer: null as string | null,
    amount: null as number | null,
    reason_code: null as FeedbackReason | null,
    reason_text: null as string | null,
  };
  if (input.outcome === 'visited') {
    const d = input.visitedOn ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || d > today)
      throw new AppError(400, 'followup.v.visitedOn', { field: 'visitedOn' });
    const officer = (input.officer ?? '').trim();
    if (!officer || officer.length > 40) throw new AppError(400, 'followup.v.officer', { field: 'officer' });
    values.visited_on = d;
    values.officer = officer;
  } else if (input.outcome === 'granted') {
    if (!Number.isSafeInteger(input.amount) || (input.amount ?? 0) <= 0) throw new AppError(400, 'followup.v.amount', { field: 'amount' });
    values.amount = input.amount ?? null;
  } else {
    const code = input.reasonCode;
    if (!code || !(REASONS as readonly string[]).includes(code)) throw new AppError(400, 'followup.v.reason', { field: 'reasonCode' });
    const text = (input.reasonText ?? '').trim();
    if (code === 'other' && !text) throw new AppError(400, 'followup.v.reasonText', { field: 'reasonText' });
    if (text.length > 200) throw new AppError(400, 'followup.v.reasonText', { field: 'reasonText' });
    values.reason_code = code;
    values.reason_text = text || null;
  }
  const late = list.due_on !== null && today > list.due_on;
  const at = now.toISOString();
  await db
    .insertInto('recommended_feedback')
    .values({
      list_id: listId,
      enterprise_org_id: enterpriseId,
      bank_org_id: actor.orgId,
      ...values,
      late: late ? 1 : 0,
      answered_by: actor.userId,
      answered_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['list_id', 'enterprise_org_id', 'bank_org_id'])
        .doUpdateSet({ ...values, late: late ? 1 : 0, answered_by: actor.userId, answered_at: at }),
    )
    .execute();
  return { late };
}

/* ---------------------------------------------------------------- reading */

export interface Coverage {
  firms: number;
  /** firms with an answer (any outcome) */
  visited: number;
  granted: number;
  declined: number;
  late: number;
  grantedAmount: number;
  /** percentages, one decimal; null without firms */
  visitRate: number | null;
  creditRate: number | null;
}

function rate(n: number, of: number): number | null {
  return of === 0 ? null : Math.round((n * 1000) / of) / 10;
}

function coverageOf(
  firms: number,
  answers: { enterprise_org_id: string; outcome: string; amount: number | null; late: number }[],
): Coverage {
  const visited = new Set<string>();
  const granted = new Set<string>();
  const declined = new Set<string>();
  let late = 0;
  let grantedAmount = 0;
  for (const a of answers) {
    visited.add(a.enterprise_org_id);
    if (a.outcome === 'granted') {
      granted.add(a.enterprise_org_id);
      grantedAmount += Number(a.amount ?? 0);
    }
    if (a.outcome === 'declined') declined.add(a.enterprise_org_id);
    if (a.late) late++;
  }
  return {
    firms,
    visited: visited.size,
    granted: granted.size,
    declined: declined.size,
    late,
    grantedAmount,
    visitRate: rate(visited.size, firms),
    creditRate: rate(granted.size, firms),
  };
}

export interface ListSummary {
  id: string;
  title: string;
  regionCode: string;
  dueOn: string | null;
  pushedAt: string | null;
  banks: number;
  coverage: Coverage;
}

async function summaries(
  db: DB,
  lists: { id: string; title: string; region_code: string; due_on: string | null; pushed_at: string | null }[],
  bankId?: string,
): Promise<ListSummary[]> {
  if (lists.length === 0) return [];
  const ids = lists.map((l) => l.id);
  const [firmCounts, bankCounts, answers] = await Promise.all([
    db
      .selectFrom('recommended_list_firms')
      .select(['list_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('list_id', 'in', ids)
      .groupBy('list_id')
      .execute(),
    db
      .selectFrom('recommended_list_banks')
      .select(['list_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('list_id', 'in', ids)
      .groupBy('list_id')
      .execute(),
    (() => {
      let q = db
        .selectFrom('recommended_feedback')
        .select(['list_id', 'enterprise_org_id', 'outcome', 'amount', 'late'])
        .where('list_id', 'in', ids);
      if (bankId) q = q.where('bank_org_id', '=', bankId);
      return q.execute();
    })(),
  ]);
  const firms = new Map(firmCounts.map((r) => [r.list_id, Number(r.n)]));
  const banks = new Map(bankCounts.map((r) => [r.list_id, Number(r.n)]));
  return lists.map((l) => ({
    id: l.id,
    title: l.title,
    regionCode: l.region_code,
    dueOn: l.due_on,
    pushedAt: l.pushed_at,
    banks: banks.get(l.id) ?? 0,
    coverage: coverageOf(
      firms.get(l.id) ?? 0,
      answers.filter((a) => a.list_id === l.id),
    ),
  }));
}

/** The organizer's lists (its region and the districts inside it), newest first. */
export async function organizerLists(db: DB, actor: OrganizerActor): Promise<ListSummary[]> {
  const lists = await db
    .selectFrom('recommended_lists')
    .select(['id', 'title', 'region_code', 'due_on', 'pushed_at'])
    .where('region_code', 'like', `${regionPrefix(actor.regionCode)}%`)
    .orderBy('created_at', 'desc')
    .execute();
  return summaries(db, lists);
}

/** The lists pushed to the bank, with its own coverage, newest first. */
export async function bankLists(db: DB, actor: BankActor): Promise<(ListSummary & { answered: number })[]> {
  const lists = await db
    .selectFrom('recommended_lists as l')
    .innerJoin('recommended_list_banks as b', 'b.list_id', 'l.id')
    .select(['l.id', 'l.title', 'l.region_code', 'l.due_on', 'l.pushed_at'])
    .where('b.bank_org_id', '=', actor.orgId)
    .orderBy('b.pushed_at', 'desc')
    .execute();
  return (await summaries(db, lists, actor.orgId)).map((s) => ({ ...s, answered: s.coverage.visited }));
}

export interface FirmRow {
  id: string;
  name: string;
  regionCode: string;
  industry: string | null;
  size: string | null;
}

export interface AnswerRow {
  enterpriseId: string;
  bankId: string;
  outcome: FeedbackOutcome;
  visitedOn: string | null;
  officer: string | null;
  amount: number | null;
  reasonCode: FeedbackReason | null;
  reasonText: string | null;
  late: boolean;
  answeredAt: string;
}

async function firmsOf(db: DB, listId: string): Promise<FirmRow[]> {
  const rows = await db
    .selectFrom('recommended_list_firms as f')
    .innerJoin('organizations as o', 'o.id', 'f.enterprise_org_id')
    .select(['o.id', 'o.name', 'o.region_code', 'o.industry', 'o.size'])
    .where('f.list_id', '=', listId)
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, regionCode: r.region_code, industry: r.industry, size: r.size }));
}

async function answersOf(db: DB, listId: string, bankId?: string): Promise<AnswerRow[]> {
  let q = db.selectFrom('recommended_feedback').selectAll().where('list_id', '=', listId);
  if (bankId) q = q.where('bank_org_id', '=', bankId);
  const rows = await q.execute();
  return rows.map((r) => ({
    enterpriseId: r.enterprise_org_id,
    bankId: r.bank_org_id,
    outcome: r.outcome,
    visitedOn: r.visited_on,
    officer: r.officer,
    amount: r.amount === null ? null : Number(r.amount),
    reasonCode: r.reason_code,
    reasonText: r.reason_text,
    late: r.late === 1,
    answeredAt: r.answered_at,
  }));
}

export interface BankCoverage extends Coverage {
  bankId: string;
  bankName: string;
  pushedAt: string;
}

/** One list for its organizer: firms, banks with their coverage, every answer, and the list's coverage. */
export async function organizerListDetail(db: DB, actor: OrganizerActor, listId: string) {
  const list = await ownList(db, actor, listId);
  const [firms, answers, banks] = await Promise.all([
    firmsOf(db, listId),
    answersOf(db, listId),
    db
      .selectFrom('recommended_list_banks as b')
      .innerJoin('organizations as o', 'o.id', 'b.bank_org_id')
      .select(['o.id', 'o.name', 'b.pushed_at'])
      .where('b.list_id', '=', listId)
      .orderBy('o.name')
      .execute(),
  ]);
  const raw = (a: AnswerRow) => ({ enterprise_org_id: a.enterpriseId, outcome: a.outcome, amount: a.amount, late: a.late ? 1 : 0 });
  const perBank: BankCoverage[] = banks.map((b) => ({
    bankId: b.id,
    bankName: b.name,
    pushedAt: b.pushed_at,
    ...coverageOf(firms.length, answers.filter((a) => a.bankId === b.id).map(raw)),
  }));
  return {
    list: {
      id: list.id,
      title: list.title,
      note: list.note,
      regionCode: list.region_code,
      dueWorkingDays: list.due_working_days,
      dueOn: list.due_on,
      pushedAt: list.pushed_at,
    },
    firms,
    answers,
    perBank,
    coverage: coverageOf(firms.length, answers.map(raw)),
  };
}

/** One list pushed to the bank: its firms and the bank's own answers only. Throws 404 `followup.err.listNotPushed`. */
export async function bankListDetail(db: DB, actor: BankActor, listId: string, now = new Date()) {
  const list = await pushedList(db, actor, listId);
  const [firms, answers] = await Promise.all([firmsOf(db, listId), answersOf(db, listId, actor.orgId)]);
  const raw = answers.map((a) => ({ enterprise_org_id: a.enterpriseId, outcome: a.outcome, amount: a.amount, late: a.late ? 1 : 0 }));
  return {
    list: {
      id: list.id,
      title: list.title,
      note: list.note,
      dueOn: list.due_on,
      overdue: list.due_on !== null && chinaDate(now) > list.due_on,
    },
    firms,
    answers,
    coverage: coverageOf(firms.length, raw),
  };
}

/** To-do counts: lists pushed to the bank with firms it has not answered yet (and whether past due). */
export async function bankListsToAnswer(
  db: DB,
  bankId: string,
  now = new Date(),
): Promise<{ lists: number; firms: number; overdue: number }> {
  const lists = await bankLists(db, { userId: '', orgId: bankId });
  const today = chinaDate(now);
  const open = lists.filter((l) => l.coverage.visited < l.coverage.firms);
  return {
    lists: open.length,
    firms: open.reduce((s, l) => s + l.coverage.firms - l.coverage.visited, 0),
    overdue: open.filter((l) => l.dueOn !== null && today > l.dueOn).length,
  };
}
