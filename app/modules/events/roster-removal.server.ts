/**
 * The roster's two remove buttons (a representative, a waiting-list entry), on
 * the member's event page and on the organizer's invitations page: parse the
 * form, remove, and answer with the form's errors (400, or the AppError's
 * status) or with the page's success redirect.
 */
import { parseWithZod } from '@conform-to/zod';
import { json } from '@remix-run/node';
import type { DB } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { type RepActor, removeRepresentative, removeWaiting } from './representatives.server';
import { RemoveRepresentativeSchema, RemoveWaitingSchema } from './schema';

export type RemovalIntent = 'removeRep' | 'removeWaiting';

export function isRemovalIntent(intent: string): intent is RemovalIntent {
  return intent === 'removeRep' || intent === 'removeWaiting';
}

export async function removeFromRoster(
  db: DB,
  eventId: string,
  intent: RemovalIntent,
  formData: FormData,
  actor: RepActor,
  done: (message: string) => Promise<Response>,
): Promise<Response> {
  if (intent === 'removeRep') {
    const submission = parseWithZod(formData, { schema: RemoveRepresentativeSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    try {
      await removeRepresentative(db, eventId, submission.value.representativeId, actor);
    } catch (e) {
      return replyWithError(e, submission);
    }
    return done('events.flash.repRemoved');
  }
  const submission = parseWithZod(formData, { schema: RemoveWaitingSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  try {
    await removeWaiting(db, eventId, submission.value.entryId, actor);
  } catch (e) {
    return replyWithError(e, submission);
  }
  return done('waitlist.flash.removed');
}
