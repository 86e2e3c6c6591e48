import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { renderDeskSignsPdf } from '~/modules/events/desk-signs';
import { exportFileStem } from '~/modules/events/roster.server';
import { deskSigns } from '~/modules/events/schedule.server';
import { getDb } from '~/utils/db.server';
import { fileResponse } from '~/utils/download';

/** Desk signs (桌牌) of the session's banks, one page each; desks are given first if missing. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const t = makeTranslator(localeFromRequest(request));
  const signs = await deskSigns(await getDb(), event);
  const bytes = await renderDeskSignsPdf({
    title: event.title,
    subtitle: `${event.event_date} · ${event.venue}`,
    deskLabel: (n) => t('meetings.deskSign.table', { n }),
    signs,
  });
  return fileResponse(bytes, 'pdf', exportFileStem(event.title, t('meetings.deskSign.file')), `desks-${event.event_date}`);
}
