/** Turning interest errors into form replies or error responses, shared by the interest routes. */
import type { SubmissionResult } from '@conform-to/react';
import { json } from '@remix-run/node';
import { AppError, httpError } from '~/utils/errors';

interface Replyable {
  reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>;
}

/**
 * A domain error as the answer to a form: 404 is thrown (never confirms the
 * record exists), field errors go to the field, the rest to the form.
 */
export function replyWithError(e: unknown, submission: Replyable) {
  if (!(e instanceof AppError)) throw e;
  if (e.status === 404) throw httpError(404, e.messageKey);
  if (e.field) return json(submission.reply({ fieldErrors: { [e.field]: [e.messageKey] } }), { status: e.status });
  return json(submission.reply({ formErrors: [e.messageKey] }), { status: e.status });
}
