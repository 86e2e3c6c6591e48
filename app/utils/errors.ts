/**
 * The one domain error type. `messageKey` is an i18n key shown to people;
 * `status` becomes the HTTP status. Anything else thrown is a 500 with a trace id.
 */
export class AppError extends Error {
  readonly status: number;
  readonly messageKey: string;
  readonly field?: string;

  constructor(status: number, messageKey: string, options?: { field?: string; cause?: unknown }) {
    super(messageKey, { cause: options?.cause });
    this.name = 'AppError';
    this.status = status;
    this.messageKey = messageKey;
    this.field = options?.field;
  }
}

export const notFound = (key = 'error.notFound') => new AppError(404, key);
export const forbidden = (key = 'error.forbidden') => new AppError(403, key);
export const badRequest = (key = 'error.badRequest', field?: string) => new AppError(400, key, { field });

/** Turns an AppError into a Response for `throw` in loaders/actions. */
export function errorResponse(error: AppError): Response {
  return new Response(JSON.stringify({ message: error.messageKey }), {
    status: error.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

export function httpError(status: number, messageKey: string): Response {
  return errorResponse(new AppError(status, messageKey));
}
