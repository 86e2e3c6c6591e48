import type { OutboxStatus } from '#db/schema';

/** An outbound message's states, in the order the administrator's tabs show them (browser-safe: the outbox page's tabs use it). */
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'failed', 'held'];
