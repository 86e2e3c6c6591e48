/**
 * The check-in QR code of one organization of a session, as a PNG
 * (/organizer/events/:eventId/checkin/:token/qr.png): the roster page shows it as an
 * <img> instead of carrying every code inline twice, in the markup and in the loader
 * data (decision 039g). Same guard as the check-in page it points at: an organizer of
 * the session's region; a token that is not an attending organization's of the session is a 404. The image only
 * changes with the site's origin, which is part of its address: kept by the browser.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { isAttending, requireEventForOrganizer } from '~/modules/events/access.server';
import { findParticipantByToken } from '~/modules/events/checkin.server';
import { checkinUrl, qrPng } from '~/modules/events/qr.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const participant = await findParticipantByToken(await getDb(), event.id, params.token ?? '');
  if (!participant || !isAttending(participant)) throw httpError(404, 'error.notFound');
  const png: Uint8Array<ArrayBuffer> = new Uint8Array(qrPng(checkinUrl(new URL(request.url).origin, event.id, participant.checkin_token)));
  return new Response(png, {
    headers: { 'Content-Type': 'image/png', 'Content-Length': String(png.length), 'Cache-Control': 'private, max-age=86400' },
  });
}
