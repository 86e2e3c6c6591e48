/**
 * The one domain error type (docs/CONTRIBUTING.md, decision 025b). Modules and
 * guards throw it; `messageKey` is an i18n key shown to people, `status` becomes
 * the HTTP status, `fieldErrors` go to the fields of the form that was sent.
 *
 * One place turns it into an answer: the server wraps every route's loader and
 * action (`withDomainErrors`, ~/utils/errors.server), so an AppError that
 * escapes them becomes a JSON `{ message }` response with its status (the
 * route's ErrorBoundary shows the message). An action that shows the error on
 * its form catches it and answers with `replyWithError(e, submission)`.
 * Anything else thrown is a 500 with the request id on the page.
 */
const BRAND = Symbol.for('finmatch.AppError');

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly status: number;
  readonly messageKey: string;
  /** errors of single fields (field name → message keys); the form shows them beside the field */
  readonly fieldErrors?: FieldErrors;
  /**
   * several messages about the form as a whole, when one key does not say it all
   * (every conflict of a schedule move); `messageKey` is the first of them
   */
  readonly formErrors?: string[];
  readonly [BRAND] = true;

  constructor(
    status: number,
    messageKey: string,
    options?: { field?: string; fieldErrors?: FieldErrors; formErrors?: string[]; cause?: unknown },
  ) {
    super(messageKey, { cause: options?.cause });
    this.name = 'AppError';
    this.status = status;
    this.messageKey = messageKey;
    const fieldErrors = options?.fieldErrors ?? (options?.field ? { [options.field]: [messageKey] } : undefined);
    if (fieldErrors) this.fieldErrors = fieldErrors;
    if (options?.formErrors?.length) this.formErrors = options.formErrors;
  }

  /** The one field named by a single-field error (e.g. `{ field: 'regionCode' }`). */
  get field(): string | undefined {
    const names = this.fieldErrors ? Object.keys(this.fieldErrors) : [];
    return names.length === 1 ? names[0] : undefined;
  }
}

/**
 * Whether `e` is an AppError. Checked by brand, not `instanceof`: the server
 * layer and the route build each hold their own copy of this module.
 */
export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

export const notFound = (key = 'error.notFound') => new AppError(404, key);
export const forbidden = (key = 'error.forbidden') => new AppError(403, key);
export const badRequest = (key = 'error.badRequest', field?: string) => new AppError(400, key, { field });
export const conflict = (key: string) => new AppError(409, key);

/** An AppError to `throw` from a loader, action or guard: `throw httpError(404, 'error.notFound')`. */
export function httpError(status: number, messageKey: string, options?: { field?: string; fieldErrors?: FieldErrors }): AppError {
  return new AppError(status, messageKey, options);
}

/** The response an AppError becomes when nothing closer (a form) shows it. */
export function errorResponse(error: Pick<AppError, 'status' | 'messageKey'>): Response {
  return new Response(JSON.stringify({ message: error.messageKey }), {
    status: error.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
