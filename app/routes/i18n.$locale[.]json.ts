import type { LoaderFunctionArgs } from '@remix-run/node';
import { isLocale } from '~/i18n/locale';
import { messagesFile } from '~/i18n/messages-file.server';

/**
 * The messages of one language for the browser (app/i18n/messages-file.server.ts).
 * Asked for with the current version: kept by the browser for a year; otherwise
 * (an old or missing version) answered with the current messages, not kept.
 */
export function loader({ params, request }: LoaderFunctionArgs) {
  if (!isLocale(params.locale)) return new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const file = messagesFile(params.locale);
  const current = new URL(request.url).searchParams.get('v') === file.version;
  return new Response(file.body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: `"${file.version}"`,
    },
  });
}
