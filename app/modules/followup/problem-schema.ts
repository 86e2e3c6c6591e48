/** Forms of the 问题诉求台账 (issue 18): one schema per form, used by the page and the server. */
import { z } from 'zod';
import { choice, int, optionalText, text } from '~/utils/zod-helpers';
import { PROBLEM_CATEGORIES, PROBLEM_DUE_MAX, PROBLEM_DUE_MIN, PROBLEM_RATINGS } from './problem-rules';

const description = z
  .string({ required_error: 'problems.v.description' })
  .trim()
  .min(1, 'problems.v.description')
  .max(2000, 'problems.v.description');

export const RecordProblemSchema = z.object({
  category: choice(PROBLEM_CATEGORIES),
  description,
});

/** The organizer's record-on-behalf form. */
export const OrganizerRecordSchema = RecordProblemSchema.extend({ enterpriseId: text(40) });

export const OrganizerProblemsSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('record'), category: choice(PROBLEM_CATEGORIES), description, enterpriseId: text(40) }),
  z.object({
    intent: z.literal('deadlines'),
    contact: int(PROBLEM_DUE_MIN, PROBLEM_DUE_MAX),
    reply: int(PROBLEM_DUE_MIN, PROBLEM_DUE_MAX),
    close: int(PROBLEM_DUE_MIN, PROBLEM_DUE_MAX),
  }),
]);

const reply = z.string({ required_error: 'problems.v.reply' }).trim().min(1, 'problems.v.reply').max(2000, 'problems.v.reply');
const handlerIntents = [z.object({ intent: z.literal('contact') }), z.object({ intent: z.literal('reply'), reply })] as const;

export const HandlerProblemSchema = z.discriminatedUnion('intent', [...handlerIntents]);

export const OrganizerProblemSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('assign'),
    handlerId: text(40),
    dueDays: z.preprocess((v) => (v === '' ? undefined : v), int(PROBLEM_DUE_MIN, PROBLEM_DUE_MAX).optional()),
  }),
  ...handlerIntents,
]);

export const EnterpriseProblemSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('rate'), rating: choice(PROBLEM_RATINGS), reopen: optionalText(1) }),
  z.object({ intent: z.literal('attach'), documentId: text(40) }),
]);
