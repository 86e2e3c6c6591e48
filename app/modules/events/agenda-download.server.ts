/**
 * The participant's agenda routes (page, PDF, .ics) share one guard and one load:
 * a member of an attending organization, the organization's own meetings only, and
 * downloads only once the schedule is published (409 before).
 */
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import type { GuardArgs } from '~/modules/auth/guards.server';
import { appUrl } from '~/modules/notifications/outbound.server';
import { getDb } from '~/utils/db.server';
import { fileResponse } from '~/utils/download';
import { nowIso } from '~/utils/ids';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { requireAttendingMember } from './access.server';
import { agendaIcs } from './agenda-ics';
import { renderAgendaPdf } from './agenda-pdf';
import { exportFileStem } from './roster.server';
import { agendaPath } from './publish.server';
import { memberAgenda } from './schedule.server';

export async function loadMemberAgenda(args: GuardArgs, eventId: string) {
  const access = await requireAttendingMember(args, eventId);
  const agenda = await memberAgenda(await getDb(), access.event, access.org.id);
  return { ...access, agenda };
}

export async function agendaDownload(args: GuardArgs & { request: Request }, eventId: string, format: 'pdf' | 'ics'): Promise<Response> {
  const { event, org, agenda } = await loadMemberAgenda(args, eventId);
  const t = makeTranslator(localeFromRequest(args.request));
  // a download link opened before publishing: the reason in words, not a file
  if (!agenda.published)
    return new Response(t('meetings.agenda.notPublished'), { status: 409, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const stem = exportFileStem(event.title, t('agenda.file'));
  const ascii = `agenda-${event.event_date}`;
  if (format === 'ics') {
    const text = agendaIcs({ event, items: agenda.items, t, url: appUrl(agendaPath(event.id)) });
    return fileResponse(text, 'ics', stem, ascii);
  }
  const bytes = await renderAgendaPdf({
    event,
    orgName: org.name,
    representatives: agenda.representatives,
    items: agenda.items,
    t,
    generatedAt: chinaDateTime(nowIso()),
  });
  return fileResponse(bytes, 'pdf', stem, ascii);
}
