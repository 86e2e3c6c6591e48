/**
 * Where a domain error (AppError, ~/utils/errors) becomes an answer:
 * - `withDomainErrors(build)`: the server applies it to the route build once, so
 *   every loader and action that lets an AppError escape answers with its status
 *   and message key (the route's ErrorBoundary shows it);
 * - `replyWithError(e, submission)`: an action showing the error on its form.
 */
import type { SubmissionResult } from '@conform-to/react';
import { json, type ServerBuild } from '@remix-run/node';
import { errorResponse, isAppError } from './errors';

interface ReplyOptions {
  /** fields not sent back to the browser (passwords) */
  hideFields?: string[];
  /**
   * show a 404 on the form instead of throwing it on: for a form whose subject
   * is a link the visitor holds (a used or expired set-password link), where
   * nothing would be confirmed by saying so
   */
  notFoundOnForm?: boolean;
}

interface Replyable {
  reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }) => SubmissionResult<string[]>;
}

/**
 * A domain error as the answer to a form: a 404 is thrown on (never confirms the
 * record exists), field errors go to their fields, the rest to the form (its
 * `formErrors` when it has several messages, else its message key). Anything
 * that is not an AppError (a redirect, a bug) is thrown on unchanged.
 */
export function replyWithError(e: unknown, submission: Replyable, options: ReplyOptions = {}) {
  const { reply, status } = errorReply(e, submission, options);
  return json(reply, { status });
}

/**
 * `replyWithError` for an action that answers more than the form's reply (e.g.
 * `{ form, result, seenVersion }`): the reply and the status, or the error
 * thrown on as there.
 */
export function errorReply(
  e: unknown,
  submission: Replyable,
  options: ReplyOptions = {},
): { reply: SubmissionResult<string[]>; status: number } {
  const { notFoundOnForm, hideFields } = options;
  if (!isAppError(e) || (e.status === 404 && !notFoundOnForm)) throw e;
  const reply = e.fieldErrors
    ? submission.reply({ fieldErrors: e.fieldErrors, hideFields })
    : submission.reply({ formErrors: e.formErrors ?? [e.messageKey], hideFields });
  return { reply, status: e.status };
}

type DataFunction = (args: never) => unknown;

function answeringDomainErrors<F extends DataFunction>(fn: F): F {
  const wrapped = async (args: never) => {
    try {
      return await fn(args);
    } catch (e) {
      if (isAppError(e)) throw errorResponse(e);
      throw e;
    }
  };
  return wrapped as unknown as F;
}

/** The route build with every loader and action answering an escaped AppError with its status and message. */
export function withDomainErrors(build: ServerBuild): ServerBuild {
  const routes: ServerBuild['routes'] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: answeringDomainErrors(loader) } : {}),
        ...(action ? { action: answeringDomainErrors(action) } : {}),
      },
    };
  }
  return { ...build, routes };
}
