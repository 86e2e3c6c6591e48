import { z } from 'zod';
import { moneyWan, optionalText, text } from '~/utils/zod-helpers';

export const ApplySchema = z.object({
  intent: z.literal('apply'),
  productId: text(40),
  needId: text(40),
  message: optionalText(500),
});

const id = { applicationId: text(40), version: z.coerce.number().int().min(1) };

export const BankAnswerSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('accept'), ...id }),
  z.object({ intent: z.literal('more_info'), ...id, reason: text(500) }),
  z.object({ intent: z.literal('decline'), ...id, reason: text(500) }),
  z.object({ intent: z.literal('approve'), ...id, amount: moneyWan({ min: 10_000, max: 100_000_000_000 }) }),
]);
export type BankAnswer = z.infer<typeof BankAnswerSchema>;
