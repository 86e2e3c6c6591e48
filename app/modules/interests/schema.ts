/** Form schemas for interests and the response-deadline setting. Messages are i18n keys. */
import { z } from 'zod';
import { int, longText, text } from '~/utils/zod-helpers';

const id = z.string({ required_error: 'v.required' }).trim().min(1, 'v.required').max(40, 'v.choice');

export const ExpressInterestSchema = z.object({
  intent: z.literal('express'),
  message: text(1000),
  productId: id.optional(),
});

export const WithdrawInterestSchema = z.object({
  intent: z.literal('withdraw'),
  interestId: id,
});

export const RespondInterestSchema = z.object({
  intent: z.enum(['accept', 'decline'], { errorMap: () => ({ message: 'v.choice' }) }),
  interestId: id,
  message: longText(500),
});

export const NeedPageActionSchema = z.discriminatedUnion('intent', [ExpressInterestSchema, WithdrawInterestSchema]);

export const ResponseDaysSchema = z.object({
  days: int(1, 30),
});

const isoDate = z
  .string({ required_error: 'v.required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'interests.settings.invalidDate')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'interests.settings.invalidDate');

/** One holiday override: a date that is a holiday, or a weekend day that is worked. */
export const HolidaySchema = z.object({
  intent: z.literal('addHoliday'),
  date: isoDate,
  kind: z.enum(['holiday', 'workday'], { errorMap: () => ({ message: 'v.choice' }) }),
});

export const RemoveHolidaySchema = z.object({
  intent: z.literal('removeHoliday'),
  date: isoDate,
});

export const MarkReadSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id }),
  z.object({ intent: z.literal('readAll') }),
]);
