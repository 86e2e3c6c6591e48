import { z } from 'zod';
import { choice, optionalText, text } from '~/utils/zod-helpers';

/** The tabs of the bank's dispatch list (shared with the page, so not in a .server module). */
export const BANK_DISPATCH_FILTERS = ['open', 'all'] as const;
export type BankDispatchFilter = (typeof BANK_DISPATCH_FILTERS)[number];

export const DECLINE_REASON_CODES = ['unqualified', 'no_product', 'no_need', 'other'] as const;

/** The bank declines a dispatched need (派单) with a reason; "other" needs a note (checked by the module). */
export const DeclineDispatchSchema = z.object({
  id: text(40),
  reason: choice(DECLINE_REASON_CODES),
  note: optionalText(500),
});
