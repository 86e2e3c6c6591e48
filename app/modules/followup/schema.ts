import { z } from 'zod';
import { choice, int, moneyWan, optionalText, text } from '~/utils/zod-helpers';
import { LIST_DUE_MAX, LIST_DUE_MIN, REASONS } from './rules';

export const CreateListSchema = z.object({
  title: text(100),
  note: optionalText(500),
  dueDays: int(LIST_DUE_MIN, LIST_DUE_MAX),
});

const filter = {
  region: optionalText(6),
  industry: optionalText(1),
  size: optionalText(10),
  hiring: z.string().optional(),
};

export const ListActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('addFiltered'), ...filter }),
  z.object({ intent: z.literal('addFirm'), enterpriseId: text(40) }),
  z.object({ intent: z.literal('removeFirm'), enterpriseId: text(40) }),
  z.object({
    intent: z.literal('push'),
    bankIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(40)).max(500)),
  }),
]);

const firm = { enterpriseId: text(40) };
export const FeedbackSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('visited'), ...firm, visitedOn: text(10), officer: text(40) }),
  z.object({ outcome: z.literal('granted'), ...firm, amount: moneyWan({ min: 10_000, max: 100_000_000_000 }) }),
  z.object({ outcome: z.literal('declined'), ...firm, reasonCode: choice(REASONS), reasonText: optionalText(200) }),
]);
