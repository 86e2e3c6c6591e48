/** The live signing figures of an event as JSON, polled by the live screen every few seconds. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { livePayload, liveSigning } from '~/modules/reports/live.server';
import { getDb } from '~/utils/db.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const live = await liveSigning(await getDb(), event.id);
  return json(livePayload(live, localeFromRequest(request)), { headers: { 'Cache-Control': 'no-store' } });
}
