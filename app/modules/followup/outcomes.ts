/**
 * 跟进成效: the follow-through figures of a region (issue 18, decision 037d) as
 * one table shape by district, by bank and by month, with the headline they add
 * up to. Pure: the server code (./outcomes.server.ts) reads the counts from the
 * rows, grouped by what a row is counted under; this file only adds them up, so
 * the page, the ranking and the 通报 show the same numbers, and the property test
 * (outcomes.test.ts) checks that every breakdown reconciles with the headline.
 *
 * Each figure is a numerator over a denominator (a leader can check it):
 * - coverage: 走访率 = firms answered for / firms, 授信覆盖率 = firms granted / firms.
 *   By district and in the headline over the region's directory (名录库: verified
 *   enterprises, distinct); by month over the (list, firm) pairs of the lists pushed
 *   that month; by bank over the (list, firm) pairs pushed to that bank (its tasks).
 * - pickup: needs answered within N working days / needs published (district, month,
 *   headline); by bank: dispatches (派单) answered by their deadline / dispatches.
 * - 按期办结率: problems closed by their close deadline / problems due.
 * - 满意率: ratings of 4–5 / ratings.
 */

import { ratioBp } from '~/modules/reports/ranking-month';

/** counts of one unit (a district, a bank, a month, or the total) */
export interface OutcomeCounts {
  /** coverage denominator: directory firms (district, total), (list, firm) pairs (month, bank) */
  firms: number;
  visited: number;
  granted: number;
  /** pickup denominator: needs published (district, month, total) or dispatches (bank) */
  needs: number;
  inTime: number;
  /** 按期办结率 */
  due: number;
  closedInTime: number;
  /** 满意率 */
  rated: number;
  satisfied: number;
}

export interface OutcomeRow extends OutcomeCounts {
  key: string;
  label: string;
}

/** the rows read from the database, each counted under one key of each breakdown it belongs to */
export interface OutcomeInputs {
  /** verified enterprises of the directory, by district */
  directory: { district: string; firms: number; visited: number; granted: number }[];
  /** (list, firm) pairs of the pushed lists, by the firm's district and the push month */
  listPairs: { listId: string; month: string; district: string; firms: number; visited: number; granted: number }[];
  /** (list, firm) pairs pushed to each bank */
  tasks: { bankId: string; firms: number; visited: number; granted: number }[];
  /** financing needs by district and month of publication */
  pickup: { district: string; month: string; needs: number; inTime: number }[];
  /** dispatches by bank */
  dispatches: { bankId: string; needs: number; inTime: number }[];
  /** problems by the enterprise's district, the month of the close deadline and the handler */
  problems: { district: string; month: string; handlerId: string; handlerKind: string; due: number; closedInTime: number }[];
  /** enterprises' ratings by their district, month and the rated organization */
  ratings: { district: string; month: string; ratedId: string; ratedKind: string; rated: number; satisfied: number }[];
}

export interface OutcomeTables {
  /** directory coverage, pickup, problems and satisfaction of the whole scope */
  total: OutcomeCounts;
  /** the (list, firm) pairs of the pushed lists: the headline of the lists and of the month table's coverage */
  lists: Pick<OutcomeCounts, 'firms' | 'visited' | 'granted'>;
  /** the banks' tasks and dispatches: the bank table's own total */
  banksTotal: OutcomeCounts;
  byDistrict: OutcomeRow[];
  byMonth: OutcomeRow[];
  byBank: OutcomeRow[];
  /** problems handled and ratings given to government departments (not banks): with the bank rows they add up to the total */
  departments: OutcomeCounts;
}

export const emptyCounts = (): OutcomeCounts => ({
  firms: 0,
  visited: 0,
  granted: 0,
  needs: 0,
  inTime: 0,
  due: 0,
  closedInTime: 0,
  rated: 0,
  satisfied: 0,
});

export const COUNT_KEYS = ['firms', 'visited', 'granted', 'needs', 'inTime', 'due', 'closedInTime', 'rated', 'satisfied'] as const;

function add(into: OutcomeCounts, from: Partial<OutcomeCounts>) {
  for (const k of COUNT_KEYS) into[k] += from[k] ?? 0;
}

/**
 * Adds the rows up by district (`districtOf` maps a row's region code to the unit
 * shown: the code itself on the dashboard, the level below the organizer's region
 * in the ranking), by month and by bank. Every row of each input counts once in
 * the total and once in each breakdown it has a key for.
 */
export function tallyOutcomes(
  input: OutcomeInputs,
  opts: { districtOf?: (code: string) => string; districtName?: (code: string) => string; bankName?: (id: string) => string } = {},
): OutcomeTables {
  const districtOf = opts.districtOf ?? ((c: string) => c);
  const total = emptyCounts();
  const lists = { firms: 0, visited: 0, granted: 0 };
  const banksTotal = emptyCounts();
  const departments = emptyCounts();
  const districts = new Map<string, OutcomeCounts>();
  const months = new Map<string, OutcomeCounts>();
  const banks = new Map<string, OutcomeCounts>();
  const at = (m: Map<string, OutcomeCounts>, key: string) => {
    let c = m.get(key);
    if (!c) m.set(key, (c = emptyCounts()));
    return c;
  };
  for (const r of input.directory) {
    const c = { firms: r.firms, visited: r.visited, granted: r.granted };
    add(total, c);
    add(at(districts, districtOf(r.district)), c);
  }
  for (const r of input.listPairs) {
    const c = { firms: r.firms, visited: r.visited, granted: r.granted };
    lists.firms += r.firms;
    lists.visited += r.visited;
    lists.granted += r.granted;
    add(at(months, r.month), c);
  }
  for (const r of input.tasks) {
    const c = { firms: r.firms, visited: r.visited, granted: r.granted };
    add(banksTotal, c);
    add(at(banks, r.bankId), c);
  }
  for (const r of input.pickup) {
    const c = { needs: r.needs, inTime: r.inTime };
    add(total, c);
    add(at(districts, districtOf(r.district)), c);
    add(at(months, r.month), c);
  }
  for (const r of input.dispatches) {
    const c = { needs: r.needs, inTime: r.inTime };
    add(banksTotal, c);
    add(at(banks, r.bankId), c);
  }
  for (const r of input.problems) {
    const c = { due: r.due, closedInTime: r.closedInTime };
    add(total, c);
    add(at(districts, districtOf(r.district)), c);
    add(at(months, r.month), c);
    if (r.handlerKind === 'bank') {
      add(banksTotal, c);
      add(at(banks, r.handlerId), c);
    } else add(departments, c);
  }
  for (const r of input.ratings) {
    const c = { rated: r.rated, satisfied: r.satisfied };
    add(total, c);
    add(at(districts, districtOf(r.district)), c);
    add(at(months, r.month), c);
    if (r.ratedKind === 'bank') {
      add(banksTotal, c);
      add(at(banks, r.ratedId), c);
    } else add(departments, c);
  }
  const rows = (m: Map<string, OutcomeCounts>, label: (k: string) => string) =>
    [...m].map(([key, c]) => ({ key, label: label(key), ...c }));
  const byKey = (a: OutcomeRow, b: OutcomeRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const byLabel = (a: OutcomeRow, b: OutcomeRow) => (a.label < b.label ? -1 : a.label > b.label ? 1 : byKey(a, b));
  return {
    total,
    lists,
    banksTotal,
    departments,
    byDistrict: rows(districts, opts.districtName ?? ((k) => k)).sort(byKey),
    byMonth: rows(months, (k) => k).sort(byKey),
    byBank: rows(banks, opts.bankName ?? ((k) => k)).sort(byLabel),
  };
}

/** The four rates of a unit, in basis points (null without a denominator), exact on integers, half away from zero. */
export function outcomeRates(c: OutcomeCounts) {
  const bp = ratioBp;
  return {
    visitBp: bp(c.visited, c.firms),
    creditBp: bp(c.granted, c.firms),
    pickupBp: bp(c.inTime, c.needs),
    inTimeBp: bp(c.closedInTime, c.due),
    satisfactionBp: bp(c.satisfied, c.rated),
  };
}

/** Is there anything to show for this unit? */
export function hasOutcomes(c: OutcomeCounts): boolean {
  return COUNT_KEYS.some((k) => c[k] > 0);
}

/** The 口径说明 of the follow-through figures: the same list on the dashboard, the ranking page, the PDF / DOCX 通报 and the XLSX. */
export const OUTCOME_NOTES = [
  'followThrough.notes.directory',
  'followThrough.notes.lists',
  'followThrough.notes.pickup',
  'followThrough.notes.problems',
  'followThrough.notes.satisfaction',
  'followThrough.notes.reconcile',
] as const;
