/** Code lists and limits of the 推荐清单 (no server code: forms and pages use them too). */
import type { FeedbackOutcome, FeedbackReason } from '#db/schema';

export const OUTCOMES = ['visited', 'granted', 'declined'] as const satisfies readonly FeedbackOutcome[];
/** 未授信 reasons: 无融资需求 / 资质不符 / 担保不足 / 企业放弃 / 其他 */
export const REASONS = ['no_need', 'unqualified', 'no_guarantee', 'withdrew', 'other'] as const satisfies readonly FeedbackReason[];
export const LIST_DUE_MIN = 1;
export const LIST_DUE_MAX = 60;

/** A coverage rate for display: "87.5%", or a dash without firms. */
export function pct(rate: number | null): string {
  return rate === null ? '—' : `${rate}%`;
}
