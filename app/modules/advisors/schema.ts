/** Forms of the 金融顾问 pages (issue 18, decision 037b). */
import { z } from 'zod';
import { choice, optionalText, text } from '~/utils/zod-helpers';
import { ADVISOR_CHANNELS, NEXT_STEP_MAX, SUMMARY_MAX } from './rules';

export const OrganizerAdvisorSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('pair'), enterpriseId: text(40), officerId: text(40) }),
  z.object({ intent: z.literal('end'), pairingId: text(40) }),
]);

/** The pairing form alone (for the page's constraints). */
export const PairSchema = z.object({ enterpriseId: text(40), officerId: text(40) });

const date = z
  .string({ required_error: 'v.required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'advisors.v.date')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'advisors.v.date');

export const ContactSchema = z.object({
  channel: choice(ADVISOR_CHANNELS),
  contactOn: date,
  summary: z.string({ required_error: 'advisors.v.summary' }).trim().min(1, 'advisors.v.summary').max(SUMMARY_MAX, 'advisors.v.summary'),
  nextStep: optionalText(NEXT_STEP_MAX),
});
