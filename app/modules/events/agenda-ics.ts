/**
 * A participant's agenda as an iCalendar file (RFC 5545, ical-generator): the session
 * itself and one event per meeting, with the table in the location and the counterpart
 * in the summary. Times are written in UTC (…Z), computed from the session's China-time
 * date and slot times, so every calendar shows them right whatever its time zone. Each
 * meeting's UID is its request id, so importing a newer file updates the same entries.
 */
import ical from 'ical-generator';
import type { Translate } from '~/i18n/translate';
import { chinaInstant, type AgendaItem } from './agenda';

export interface AgendaIcsInput {
  event: { id: string; title: string; event_date: string; start_time: string; venue: string };
  items: readonly AgendaItem[];
  t: Translate;
  /** the agenda page, linked from every entry */
  url?: string;
}

export function agendaIcs({ event, items, t, url }: AgendaIcsInput): string {
  const cal = ical({ name: t('agenda.ics.session', { title: event.title }), prodId: '//Finmatch//agenda//ZH' });
  const start = chinaInstant(event.event_date, event.start_time);
  const lastEnd = items.length ? chinaInstant(event.event_date, items[items.length - 1].end) : null;
  const end = lastEnd && lastEnd > start ? lastEnd : new Date(start.getTime() + 3 * 3_600_000);
  cal.createEvent({
    id: `${event.id}@finmatch`,
    start,
    end,
    summary: t('agenda.ics.session', { title: event.title }),
    location: event.venue,
    ...(url ? { url } : {}),
  });
  for (const m of items) {
    const params = { name: m.counterpartName, table: m.tableNumber, venue: event.venue, title: event.title };
    cal.createEvent({
      id: `${m.requestId}@finmatch`,
      start: chinaInstant(event.event_date, m.start),
      end: chinaInstant(event.event_date, m.end),
      summary: t('agenda.ics.meeting', params),
      location: t('agenda.ics.location', params),
      description: t('agenda.ics.description', params),
      ...(url ? { url } : {}),
    });
  }
  return cal.toString();
}
