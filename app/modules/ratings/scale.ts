/**
 * The one rating scale (decision 036c): 1–5, used for meetings, interests,
 * applications and problems alike. The three words of the 问题台账 and of the
 * 满意率 are bands of it: 4–5 满意, 3 基本满意, 1–2 不满意. The satisfaction rate
 * (满意率) of a unit is the share of its ratings in the 满意 band (4 or 5).
 */
import type { ProblemRating, RatingSubject } from '#db/schema';

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const RATING_SCORES = [5, 4, 3, 2, 1] as const;
export const RATING_SUBJECTS = ['meeting', 'interest', 'application', 'problem'] as const satisfies readonly RatingSubject[];

/** A score at or above this counts as 满意 in the satisfaction rate. */
export const SATISFIED_FROM = 4;

/** Reason codes, one list for every kind of item (labels: ratings.reason.<code>). */
export const RATING_REASONS = [
  'professional',
  'fits_need',
  'fast',
  'clear_terms',
  'low_cost',
  'slow',
  'no_fit',
  'unclear',
  'unprepared',
  'absent',
  'other',
] as const;
export type RatingReason = (typeof RATING_REASONS)[number];
export const REASONS_MAX = RATING_REASONS.length;
export const COMMENT_MAX = 500;

export type Band = ProblemRating;

export function bandOf(score: number): Band {
  return score >= SATISFIED_FROM ? 'satisfied' : score === 3 ? 'basically' : 'dissatisfied';
}

/** The 问题台账's three-word answer on the one scale: the band's top, middle and bottom. */
export const SCORE_OF_BAND: Record<Band, number> = { satisfied: 5, basically: 3, dissatisfied: 1 };

export function isSatisfied(score: number): boolean {
  return score >= SATISFIED_FROM;
}

/** Reason codes read back from the stored JSON; unknown ones are dropped. */
export function parseReasonCodes(raw: string | null | undefined): RatingReason[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    if (!Array.isArray(v)) return [];
    return v.filter((x): x is RatingReason => typeof x === 'string' && (RATING_REASONS as readonly string[]).includes(x));
  } catch {
    return [];
  }
}
