import { z } from 'zod';
import { choice, optionalText, text } from '~/utils/zod-helpers';

export const DECLINE_REASON_CODES = ['unqualified', 'no_product', 'no_need', 'other'] as const;

/** The bank declines a dispatched need (派单) with a reason; "other" needs a note (checked by the module). */
export const DeclineDispatchSchema = z.object({
  id: text(40),
  reason: choice(DECLINE_REASON_CODES),
  note: optionalText(500),
});
