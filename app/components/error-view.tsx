import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { LinkButton } from './ui';

/** Shared error view: a message in the user's language, never a stack trace. */
export function ErrorView() {
  const error = useRouteError();
  const t = useT();
  const root = useRouteLoaderData('root') as { requestId?: string | null } | undefined;
  let title = t('error.title');
  let message = t('error.server');
  let showTrace = true;
  if (isRouteErrorResponse(error)) {
    showTrace = error.status >= 500;
    const key =
      typeof error.data === 'object' && error.data && 'message' in error.data ? String((error.data as { message: unknown }).message) : null;
    if (error.status === 404) {
      title = t('error.notFound');
      message = key ? t(key) : t('error.notFound');
    } else if (error.status === 403) {
      title = t('error.forbidden');
      message = key ? t(key) : t('error.forbidden');
    } else if (error.status < 500) {
      message = key ? t(key) : t('error.badRequest');
    }
  }
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-3 text-slate-700">{message}</p>
      {showTrace && root?.requestId ? <p className="mt-2 text-xs text-slate-600">{t('error.traceId', { id: root.requestId })}</p> : null}
      <div className="mt-6">
        <LinkButton to="/" variant="secondary">
          {t('error.backHome')}
        </LinkButton>
      </div>
    </div>
  );
}
