/**
 * 跟进成效 (issue 18, decision 037d): the counts behind the follow-through figures
 * of a region for a period, read from the rows grouped in SQL (a few rows per
 * district, bank and month), then added up by ./outcomes.ts. Shown on the
 * dashboard, in the monthly ranking and in the 通报.
 *
 * Period (`from`, `to`: YYYY-MM, either may be empty): lists pushed, needs
 * published, dispatches made, problems whose close deadline falls, ratings given
 * in it. Answers to the lists (走访 / 授信) count up to the end of `to` (else up to
 * now): coverage is a state at the period's end, not a flow.
 *
 * Indexes: organizations (kind, status, region_code); recommended_lists (region…)
 * and the lists' primary keys; financing needs through dispatch's pickupFigures;
 * need_dispatches (region_code, dispatched_on); problems (region_code, status);
 * ratings (rated_month, region_code). None of it reads agreements.
 */
import { sql } from 'kysely';
import { chinaDate, chinaDayStartIso } from '~/modules/calendar/working-days';
import { getResponseDueDays } from '~/modules/calendar/settings.server';
import { pickupFigures, type PickupFigures } from '~/modules/dispatch/dispatch.server';
import { districtOf } from '~/modules/reports/ranking.server';
import { satisfactionRows } from '~/modules/ratings/ratings.server';
import { regionName, regionRange } from '~/modules/regions/regions.server';
import { chinaMonth, nextMonth } from '~/modules/reports/ranking-month';
import type { DB } from '~/utils/db.server';
import { closedInTime } from './problem-rules';
import { tallyOutcomes, type OutcomeInputs, type OutcomeTables } from './outcomes';

export interface OutcomePeriod {
  /** YYYY-MM, inclusive */
  from?: string | null;
  to?: string | null;
}

export interface ListOutcome {
  id: string;
  title: string;
  pushedMonth: string;
  firms: number;
  visited: number;
  granted: number;
}

export interface FollowThroughOutcomes extends OutcomeTables {
  regionCode: string;
  period: { from: string | null; to: string | null };
  /** China date the answers are counted up to, and the date deciding which deadlines have passed */
  asOf: string;
  /** each pushed list's (firm) coverage within the scope */
  listRows: ListOutcome[];
  /** N of the pickup rate (working days), when known */
  dueDays: number | null;
}

const monthStart = (m: string) => chinaDayStartIso(`${m}-01`);
const num = (v: unknown) => Number(v ?? 0);

/** The counts of the region's follow-through in the period, except the needs' pickup (given: it is computed once per page). */
export async function readOutcomeInputs(
  db: DB,
  region: string,
  period: OutcomePeriod,
  today: string,
): Promise<{ inputs: Omit<OutcomeInputs, 'pickup'>; lists: ListOutcome[]; names: Map<string, string>; asOf: string }> {
  const [low, high] = regionRange(region);
  const fromIso = period.from ? monthStart(period.from) : null;
  const toIso = period.to ? monthStart(nextMonth(period.to)) : null;
  // answers count up to the period's end, or up to now
  const answersUntil = toIso ?? '9999-12-31T00:00:00.000Z';
  const asOf = period.to && period.to < today.slice(0, 7) ? chinaDate(new Date(Date.parse(answersUntil) - 1)) : today;

  // one row per (list, firm) or (list, firm, bank) answer: the current answer, granted or not
  const answers = () =>
    db
      .selectFrom('recommended_feedback')
      .select(['list_id', 'enterprise_org_id', sql<number>`max(case when outcome = 'granted' then 1 else 0 end)`.as('g')])
      .where('answered_at', '<', answersUntil)
      .groupBy(['list_id', 'enterprise_org_id']);
  const bankAnswers = () =>
    db
      .selectFrom('recommended_feedback')
      .select(['list_id', 'enterprise_org_id', 'bank_org_id', sql<number>`case when outcome = 'granted' then 1 else 0 end`.as('g')])
      .where('answered_at', '<', answersUntil);

  let listPairsQ = db
    .selectFrom('recommended_list_firms as lf')
    .innerJoin('recommended_lists as l', 'l.id', 'lf.list_id')
    .innerJoin('organizations as e', 'e.id', 'lf.enterprise_org_id')
    .leftJoin(answers().as('f'), (j) => j.onRef('f.list_id', '=', 'lf.list_id').onRef('f.enterprise_org_id', '=', 'lf.enterprise_org_id'))
    .select([
      'l.id as list_id',
      'l.title',
      'l.pushed_at',
      'e.region_code',
      sql<string>`count(*)`.as('firms'),
      sql<string>`count(f.enterprise_org_id)`.as('visited'),
      sql<string>`sum(coalesce(f.g, 0))`.as('granted'),
    ])
    .where('l.pushed_at', 'is not', null)
    .where((eb) => eb.between('e.region_code', low, high))
    .groupBy(['l.id', 'l.title', 'l.pushed_at', 'e.region_code']);
  if (fromIso) listPairsQ = listPairsQ.where('l.pushed_at', '>=', fromIso);
  if (toIso) listPairsQ = listPairsQ.where('l.pushed_at', '<', toIso);

  let tasksQ = db
    .selectFrom('recommended_list_banks as lb')
    .innerJoin('recommended_lists as l', 'l.id', 'lb.list_id')
    .innerJoin('recommended_list_firms as lf', 'lf.list_id', 'lb.list_id')
    .innerJoin('organizations as e', 'e.id', 'lf.enterprise_org_id')
    .leftJoin(bankAnswers().as('f'), (j) =>
      j
        .onRef('f.list_id', '=', 'lf.list_id')
        .onRef('f.enterprise_org_id', '=', 'lf.enterprise_org_id')
        .onRef('f.bank_org_id', '=', 'lb.bank_org_id'),
    )
    .select([
      'lb.bank_org_id',
      sql<string>`count(*)`.as('firms'),
      sql<string>`count(f.enterprise_org_id)`.as('visited'),
      sql<string>`sum(coalesce(f.g, 0))`.as('granted'),
    ])
    .where('l.pushed_at', 'is not', null)
    .where((eb) => eb.between('e.region_code', low, high))
    .groupBy('lb.bank_org_id');
  if (fromIso) tasksQ = tasksQ.where('l.pushed_at', '>=', fromIso);
  if (toIso) tasksQ = tasksQ.where('l.pushed_at', '<', toIso);

  // the directory: verified enterprises by district, and of them the ones any bank answered for (granted: any 已授信)
  const directoryFirms = db
    .selectFrom('organizations')
    .select(['region_code', sql<string>`count(*)`.as('n')])
    .where('kind', '=', 'enterprise')
    .where('status', '=', 'verified')
    .where((eb) => eb.between('region_code', low, high))
    .groupBy('region_code')
    .execute();
  // the answers grouped by enterprise first (a few per list), then each enterprise's region
  // looked up by its key: a `cross join` keeps SQLite to that order (PostgreSQL plans it as an
  // inner join); the other way round, SQLite walked every enterprise of the region
  const directoryAnswered = db
    .selectFrom(
      db
        .selectFrom('recommended_feedback as f')
        .select(['f.enterprise_org_id', sql<number>`max(case when f.outcome = 'granted' then 1 else 0 end)`.as('g')])
        .where('f.answered_at', '<', answersUntil)
        .groupBy('f.enterprise_org_id')
        .as('x'),
    )
    .crossJoin('organizations as e')
    .whereRef('e.id', '=', 'x.enterprise_org_id')
    .select(['e.region_code', sql<string>`count(*)`.as('visited'), sql<string>`sum(x.g)`.as('granted')])
    .where('e.kind', '=', 'enterprise')
    .where('e.status', '=', 'verified')
    .where((eb) => eb.between('e.region_code', low, high))
    .groupBy('e.region_code')
    .execute();

  let dispatchQ = db
    .selectFrom('need_dispatches')
    .select(['bank_org_id', 'due_on', 'answer', 'answered_at'])
    .where((eb) => eb.between('region_code', low, high));
  if (fromIso) dispatchQ = dispatchQ.where('dispatched_at', '>=', fromIso);
  if (toIso) dispatchQ = dispatchQ.where('dispatched_at', '<', toIso);

  let problemQ = db
    .selectFrom('problems as p')
    .innerJoin('organizations as h', 'h.id', 'p.handler_org_id')
    .select(['p.region_code', 'p.handler_org_id', 'h.kind', 'p.status', 'p.due_on', 'p.closed_at'])
    .where((eb) => eb.between('p.region_code', low, high))
    .where('p.due_on', 'is not', null);
  if (period.from) problemQ = problemQ.where('p.due_on', '>=', `${period.from}-01`);
  if (period.to) problemQ = problemQ.where('p.due_on', '<', `${nextMonth(period.to)}-01`);

  const [listPairs, tasks, firms, answered, dispatches, problems, ratings] = await Promise.all([
    listPairsQ.execute(),
    tasksQ.execute(),
    directoryFirms,
    directoryAnswered,
    dispatchQ.execute(),
    problemQ.execute(),
    satisfactionRows(db, [low, high], { from: period.from, to: period.to }),
  ]);

  const directory = new Map<string, { district: string; firms: number; visited: number; granted: number }>();
  const dir = (code: string) => {
    let d = directory.get(code);
    if (!d) directory.set(code, (d = { district: code, firms: 0, visited: 0, granted: 0 }));
    return d;
  };
  for (const r of firms) dir(r.region_code).firms += num(r.n);
  for (const r of answered) {
    dir(r.region_code).visited += num(r.visited);
    dir(r.region_code).granted += num(r.granted);
  }

  const dispatchByBank = new Map<string, { bankId: string; needs: number; inTime: number }>();
  for (const d of dispatches) {
    let b = dispatchByBank.get(d.bank_org_id);
    if (!b) dispatchByBank.set(d.bank_org_id, (b = { bankId: d.bank_org_id, needs: 0, inTime: 0 }));
    b.needs++;
    if (d.answer !== null && d.answered_at !== null && chinaDate(d.answered_at) <= d.due_on) b.inTime++;
  }

  // 按期办结率 (decision 036e): due = closed, or past the close deadline and not closed
  const problemCells = new Map<string, OutcomeInputs['problems'][number]>();
  for (const p of problems) {
    if (!p.due_on || !p.handler_org_id) continue;
    const isClosed = p.status === 'closed';
    const due = isClosed || today > p.due_on;
    if (!due) continue;
    const key = `${p.region_code}|${p.due_on.slice(0, 7)}|${p.handler_org_id}`;
    let c = problemCells.get(key);
    if (!c)
      problemCells.set(
        key,
        (c = {
          district: p.region_code,
          month: p.due_on.slice(0, 7),
          handlerId: p.handler_org_id,
          handlerKind: p.kind,
          due: 0,
          closedInTime: 0,
        }),
      );
    c.due++;
    if (isClosed && closedInTime(p.closed_at ? chinaDate(p.closed_at) : null, p.due_on)) c.closedInTime++;
  }

  const bankIds = new Set<string>([
    ...tasks.map((r) => r.bank_org_id),
    ...dispatchByBank.keys(),
    ...[...problemCells.values()].filter((c) => c.handlerKind === 'bank').map((c) => c.handlerId),
    ...ratings.filter((r) => r.ratedKind === 'bank').map((r) => r.ratedOrgId),
  ]);
  const names = new Map<string, string>();
  const ids = [...bankIds];
  for (let i = 0; i < ids.length; i += 500) {
    for (const o of await db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute())
      names.set(o.id, o.name);
  }

  const listRows = new Map<string, ListOutcome>();
  for (const r of listPairs) {
    let l = listRows.get(r.list_id);
    if (!l)
      listRows.set(
        r.list_id,
        (l = { id: r.list_id, title: r.title, pushedMonth: chinaMonth(new Date(r.pushed_at ?? 0)), firms: 0, visited: 0, granted: 0 }),
      );
    l.firms += num(r.firms);
    l.visited += num(r.visited);
    l.granted += num(r.granted);
  }

  return {
    inputs: {
      directory: [...directory.values()],
      listPairs: listPairs.map((r) => ({
        listId: r.list_id,
        month: chinaMonth(new Date(r.pushed_at ?? 0)),
        district: r.region_code,
        firms: num(r.firms),
        visited: num(r.visited),
        granted: num(r.granted),
      })),
      tasks: tasks.map((r) => ({ bankId: r.bank_org_id, firms: num(r.firms), visited: num(r.visited), granted: num(r.granted) })),
      dispatches: [...dispatchByBank.values()],
      problems: [...problemCells.values()],
      ratings: ratings.map((r) => ({
        district: r.regionCode,
        month: r.month,
        ratedId: r.ratedOrgId,
        ratedKind: r.ratedKind,
        rated: r.rated,
        satisfied: r.satisfied,
      })),
    },
    lists: [...listRows.values()].sort((a, b) =>
      a.pushedMonth < b.pushedMonth ? 1 : a.pushedMonth > b.pushedMonth ? -1 : a.title.localeCompare(b.title),
    ),
    names,
    asOf,
  };
}

/**
 * The follow-through figures of `region` for the period, with the needs' pickup
 * (dispatch's `pickupFigures` for the same region and period; passed in, or its
 * promise, since the dashboard computes it for its own section anyway).
 * `districtOf` maps a region code to the unit shown (default: itself).
 */
export async function followThroughOutcomes(
  db: DB,
  region: string,
  opts: {
    period: OutcomePeriod;
    pickup: PickupFigures | PromiseLike<PickupFigures>;
    dueDays?: number | null;
    today?: string;
    districtOf?: (code: string) => string;
  },
): Promise<FollowThroughOutcomes> {
  const today = opts.today ?? chinaDate(new Date());
  const [read, pickup] = await Promise.all([readOutcomeInputs(db, region, opts.period, today), opts.pickup]);
  const tables = tallyOutcomes(
    { ...read.inputs, pickup: pickup.cells },
    { districtOf: opts.districtOf, districtName: (c) => regionName(c), bankName: (id) => read.names.get(id) ?? id },
  );
  return {
    ...tables,
    regionCode: region,
    period: { from: opts.period.from ?? null, to: opts.period.to ?? null },
    asOf: read.asOf,
    listRows: read.lists,
    dueDays: opts.dueDays ?? null,
  };
}

/** The month's follow-through for the ranking and the 通报: districts at the level below the organizer's region, as the ranking's. */
export async function monthFollowThrough(db: DB, regionCode: string, month: string, today = chinaDate(new Date())) {
  const [low, high] = [chinaDayStartIso(`${month}-01`), chinaDayStartIso(`${nextMonth(month)}-01`)];
  const pickup = pickupFigures(db, regionCode, { fromIso: low, toIso: high });
  const dueDays = await getResponseDueDays(db, regionCode);
  return followThroughOutcomes(db, regionCode, {
    period: { from: month, to: month },
    pickup,
    dueDays,
    today,
    districtOf: (code) => districtOf(code, regionCode),
  });
}
