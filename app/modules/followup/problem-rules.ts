/** Code lists, limits and pure rules of the 问题诉求台账 (no server code: forms and pages use them too). */
import type { ProblemCategory, ProblemRating, ProblemStage } from '#db/schema';

export const PROBLEM_CATEGORIES = ['financing', 'hiring', 'policy', 'other'] as const satisfies readonly ProblemCategory[];
export const PROBLEM_RATINGS = ['satisfied', 'basically', 'dissatisfied'] as const satisfies readonly ProblemRating[];
export const PROBLEM_STAGES = ['contact', 'reply', 'close'] as const satisfies readonly ProblemStage[];
export const PROBLEM_DUE_MIN = 1;
export const PROBLEM_DUE_MAX = 30;

/** Working days from 交办 (or reopening) to contact, reply and close, per region setting. */
export interface ProblemDeadlines {
  contact: number;
  reply: number;
  close: number;
}
export const DEFAULT_PROBLEM_DEADLINES: ProblemDeadlines = { contact: 1, reply: 3, close: 5 };

/** A setting's value "1,3,5" read back, or null when it is not three ordered numbers within the limits. */
export function parseDeadlines(raw: string | null | undefined): ProblemDeadlines | null {
  const m = /^\s*(\d{1,2})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*$/.exec(raw ?? '');
  if (!m) return null;
  const [contact, reply, close] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDeadlines({ contact, reply, close }) ? { contact, reply, close } : null;
}

/** Contact ≤ reply ≤ close, each within PROBLEM_DUE_MIN..PROBLEM_DUE_MAX. */
export function validDeadlines(d: ProblemDeadlines): boolean {
  const inRange = (n: number) => Number.isInteger(n) && n >= PROBLEM_DUE_MIN && n <= PROBLEM_DUE_MAX;
  return inRange(d.contact) && inRange(d.reply) && inRange(d.close) && d.contact <= d.reply && d.reply <= d.close;
}

/**
 * The short name of a district for ledger numbers: 舞钢市 → 舞钢, 卫东区 → 卫东,
 * 平顶山市 → 平顶山 (a two-character name is kept whole: 郏县).
 */
export function ledgerPrefix(name: string): string {
  return name.length > 2 ? name.replace(/(市|县|区|自治县|旗)$/, '') : name;
}

/** 舞钢-问题-2026-0007 */
export function ledgerCode(prefix: string, year: number, seq: number): string {
  return `${prefix}-问题-${year}-${String(seq).padStart(4, '0')}`;
}

/** Closed by its deadline (按期办结): the China date of closing is not after the close deadline of its last clock. */
export function closedInTime(closedOn: string | null, dueOn: string | null): boolean {
  return closedOn !== null && dueOn !== null && closedOn <= dueOn;
}

export interface ProblemFigureRow {
  key: string;
  /** items assigned (交办) */
  assigned: number;
  closed: number;
  /** closed by the close deadline of their last clock */
  closedInTime: number;
  /** closed, or past the close deadline and still not closed: the denominator of 按期办结率 */
  due: number;
  /** 按期办结率 in % with one decimal, null without due items */
  inTimeRate: number | null;
  /** closed items rated 满意 or 基本满意, and rated closed items */
  satisfied: number;
  rated: number;
}

export interface TalliedProblem {
  regionCode: string;
  handlerId: string;
  handlerName: string;
  status: string;
  dueOn: string | null;
  /** China date */
  closedOn: string | null;
  rating: string | null;
}

const emptyFigures = (key: string): ProblemFigureRow => ({
  key,
  assigned: 0,
  closed: 0,
  closedInTime: 0,
  due: 0,
  inTimeRate: null,
  satisfied: 0,
  rated: 0,
});

/** A rate in % with one decimal, or null without a denominator. */
export function rate1(num: number, den: number): number | null {
  return den === 0 ? null : Math.round((num * 1000) / den) / 10;
}

/**
 * 按期办结率 = closed in time / due, where due = closed, or past the close deadline
 * (today China > due_on) and not closed; by district, handler and month of the
 * close deadline, and in total. Every item counts once in each breakdown, so each
 * breakdown adds up to the total.
 */
export function tallyProblems(rows: readonly TalliedProblem[], today: string) {
  const total = emptyFigures('total');
  const byDistrict = new Map<string, ProblemFigureRow>();
  const byHandler = new Map<string, ProblemFigureRow & { name: string }>();
  const byMonth = new Map<string, ProblemFigureRow>();
  const group = <T extends ProblemFigureRow>(m: Map<string, T>, key: string, make: () => T): T => {
    let g = m.get(key);
    if (!g) m.set(key, (g = make()));
    return g;
  };
  for (const r of rows) {
    const isClosed = r.status === 'closed';
    const due = isClosed || (r.dueOn !== null && today > r.dueOn);
    const inTime = isClosed && closedInTime(r.closedOn, r.dueOn);
    const month = r.dueOn ? r.dueOn.slice(0, 7) : 'none';
    for (const g of [
      total,
      group(byDistrict, r.regionCode, () => emptyFigures(r.regionCode)),
      group(byHandler, r.handlerId, () => ({ ...emptyFigures(r.handlerId), name: r.handlerName })),
      group(byMonth, month, () => emptyFigures(month)),
    ]) {
      g.assigned++;
      if (isClosed) g.closed++;
      if (inTime) g.closedInTime++;
      if (due) g.due++;
      if (isClosed && r.rating) g.rated++;
      if (isClosed && (r.rating === 'satisfied' || r.rating === 'basically')) g.satisfied++;
    }
  }
  const done = <T extends ProblemFigureRow>(g: T): T => ({ ...g, inTimeRate: rate1(g.closedInTime, g.due) });
  return {
    total: done(total),
    byDistrict: [...byDistrict.values()].map(done).sort((a, b) => a.key.localeCompare(b.key)),
    byHandler: [...byHandler.values()].map(done).sort((a, b) => b.assigned - a.assigned || a.name.localeCompare(b.name)),
    byMonth: [...byMonth.values()].map(done).sort((a, b) => a.key.localeCompare(b.key)),
  };
}
