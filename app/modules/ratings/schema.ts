/** Form schemas of ratings (app/modules/ratings; messages: app/i18n/messages/ratings.ts). */
import { z } from 'zod';
import { choice, int, optionalText, text } from '~/utils/zod-helpers';
import { COMMENT_MAX, RATING_MAX, RATING_MIN, RATING_REASONS, RATING_SUBJECTS, REASONS_MAX } from './scale';

const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

export const RateSchema = z.object({
  intent: z.literal('rate'),
  subject: choice(RATING_SUBJECTS),
  subjectId: text(40),
  score: int(RATING_MIN, RATING_MAX),
  reasons: z.preprocess(list, z.array(choice(RATING_REASONS)).max(REASONS_MAX, 'v.choice')),
  comment: optionalText(COMMENT_MAX),
});
export type RateInput = z.infer<typeof RateSchema>;
