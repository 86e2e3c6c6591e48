/**
 * The badge (参会证) and door-sign PDFs. One loader for both audiences: a member
 * of an attending organization gets its own representatives' badges (or one,
 * `?rep=`), the organizer of the region every badge of the session.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { getDb } from '~/utils/db.server';
import { fileResponse } from '~/utils/download';
import { httpError } from '~/utils/errors';
import { requireAttendingMember, requireEventForOrganizer, type EventRow } from './access.server';
import { renderBadgesPdf, renderDoorSignPdf } from './badge-pdf';
import { badgeUrl, doorUrl, listBadges, qrOrigin } from './badges.server';
import { exportFileStem } from './roster.server';

const REP_ID = /^[A-Za-z0-9_-]{1,64}$/;

function subtitle(event: EventRow): string {
  return `${event.event_date} ${event.start_time} · ${event.venue}`;
}

export async function badgesDownload(args: LoaderFunctionArgs, audience: 'member' | 'organizer'): Promise<Response> {
  const { request, params, context } = args;
  const eventId = params.eventId ?? '';
  let event: EventRow;
  let orgId: string | undefined;
  if (audience === 'organizer') {
    event = (await requireEventForOrganizer({ request, context }, eventId)).event;
  } else {
    const access = await requireAttendingMember({ request, context }, eventId);
    event = access.event;
    orgId = access.org.id;
  }
  const rep = new URL(request.url).searchParams.get('rep') ?? undefined;
  if (rep !== undefined && !REP_ID.test(rep)) throw httpError(404, 'error.notFound');
  const badges = await listBadges(await getDb(), event.id, { orgId, repId: rep });
  if (rep !== undefined && badges.length === 0) throw httpError(404, 'error.notFound');
  const t = makeTranslator(localeFromRequest(request));
  const origin = qrOrigin(request.url);
  const bytes = await renderBadgesPdf({
    eventTitle: event.title,
    subtitle: subtitle(event),
    heading: t('checkin.badges.heading'),
    roleLabel: (role) => t(`roster.group.${role}`),
    badges: badges.map((b) => ({
      key: b.repId,
      name: b.name,
      title: b.title,
      orgName: b.orgName,
      role: b.role,
      qrText: badgeUrl(origin, event.id, b.token),
    })),
  });
  return fileResponse(bytes, 'pdf', exportFileStem(event.title, t('checkin.badges.file')), `badges-${event.event_date}`);
}

/** The door sign with the self check-in QR code (organizer only). */
export async function doorSignDownload({ request, params, context }: LoaderFunctionArgs): Promise<Response> {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const t = makeTranslator(localeFromRequest(request));
  const bytes = await renderDoorSignPdf({
    eventTitle: event.title,
    subtitle: subtitle(event),
    heading: t('checkin.door.heading'),
    instructions: t('checkin.door.instructions'),
    qrText: doorUrl(qrOrigin(request.url), event.id),
  });
  return fileResponse(bytes, 'pdf', exportFileStem(event.title, t('checkin.door.file')), `checkin-qr-${event.event_date}`);
}
