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
import { agendaPath, personalAgendaPath } from './publish.server';
import { memberAgenda, personalAgenda, type MemberAgenda } from './schedule.server';
import type { EventRow } from './access.server';
import { httpError } from '~/utils/errors';

export async function loadMemberAgenda(args: GuardArgs, eventId: string) {
  const access = await requireAttendingMember(args, eventId);
  const agenda = await memberAgenda(await getDb(), access.event, access.org.id);
  return { ...access, agenda };
}

/** A representative's own agenda by their personal link's token; 404 for anything else. */
export async function loadPersonalAgenda(token: string) {
  const found = await personalAgenda(await getDb(), token);
  if (!found) throw httpError(404, 'error.notFound');
  return found;
}

export async function agendaDownload(args: GuardArgs & { request: Request }, eventId: string, format: 'pdf' | 'ics'): Promise<Response> {
  const { event, org, agenda } = await loadMemberAgenda(args, eventId);
  return agendaFile(args.request, { event, orgName: org.name, agenda, url: appUrl(agendaPath(event.id)) }, format);
}

/** The PDF or .ics of a representative's personal link. */
export async function personalAgendaDownload(request: Request, token: string, format: 'pdf' | 'ics'): Promise<Response> {
  const { event, orgName, agenda, representative } = await loadPersonalAgenda(token);
  return agendaFile(
    request,
    {
      event,
      orgName,
      agenda: { ...agenda, representatives: [{ ...representative, agendaToken: token }] },
      url: appUrl(personalAgendaPath(token)),
    },
    format,
  );
}

async function agendaFile(
  request: Request,
  { event, orgName, agenda, url }: { event: EventRow; orgName: string; agenda: MemberAgenda; url: string },
  format: 'pdf' | 'ics',
): Promise<Response> {
  const t = makeTranslator(localeFromRequest(request));
  // a download link opened before publishing: the reason in words, not a file
  if (!agenda.published)
    return new Response(t('meetings.agenda.notPublished'), { status: 409, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const stem = exportFileStem(event.title, t('agenda.file'));
  const ascii = `agenda-${event.event_date}`;
  if (format === 'ics') return fileResponse(agendaIcs({ event, items: agenda.items, t, url }), 'ics', stem, ascii);
  const bytes = await renderAgendaPdf({
    event,
    orgName,
    representatives: agenda.representatives,
    items: agenda.items,
    t,
    generatedAt: chinaDateTime(nowIso()),
  });
  return fileResponse(bytes, 'pdf', stem, ascii);
}
