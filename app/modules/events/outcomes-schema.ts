/** Form schemas of the after-the-meeting pages (decision 036c; messages: app/i18n/messages/ratings.ts). */
import { z } from 'zod';
import { RateSchema } from '~/modules/ratings/schema';
import { choice, text } from '~/utils/zod-helpers';
import type { MeetingOutcome } from '#db/schema';

export const MEETING_OUTCOMES = ['held', 'no_show'] as const satisfies readonly MeetingOutcome[];

export const MarkMeetingSchema = z.object({
  intent: z.literal('mark'),
  requestId: text(40),
  outcome: choice(MEETING_OUTCOMES),
});

export const FollowUpAnswerSchema = z.object({
  intent: z.literal('followup'),
  followUpId: text(40),
  answer: choice(['yes', 'no'] as const),
});

export const MemberOutcomesSchema = z.discriminatedUnion('intent', [MarkMeetingSchema, RateSchema, FollowUpAnswerSchema]);
