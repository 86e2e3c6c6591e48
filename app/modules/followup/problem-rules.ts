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
