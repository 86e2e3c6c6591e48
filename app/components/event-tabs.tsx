/** Tabs shared by the pages of one matchmaking event (organizer and participant views). */
import { useLocation } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { Link } from './link';
import { Badge, buttonClass, Card, cx } from './ui';

const ORGANIZER_TABS = [
  { to: '', labelKey: 'eventTabs.overview', end: true },
  { to: '/invitations', labelKey: 'eventTabs.invitations' },
  { to: '/schedule', labelKey: 'eventTabs.schedule' },
  { to: '/checkin', labelKey: 'eventTabs.checkin' },
  { to: '/roster', labelKey: 'eventTabs.roster' },
  { to: '/live', labelKey: 'eventTabs.live' },
  { to: '/outcomes', labelKey: 'outcomes.link' },
] as const;

const MEMBER_TABS = [
  { to: '', labelKey: 'eventTabs.overview', end: true },
  { to: '/meetings', labelKey: 'eventTabs.meetings' },
  { to: '/agenda', labelKey: 'eventTabs.agenda' },
  { to: '/roster', labelKey: 'eventTabs.roster' },
  { to: '/badges', labelKey: 'eventTabs.badges' },
  { to: '/outcomes', labelKey: 'outcomes.link' },
] as const;

/**
 * Whether a tab's path is the page's, as NavLink decides it (case-insensitive; `end`: exactly,
 * else also the pages below it).
 */
export function tabIsActive(pathname: string, to: string, end: boolean): boolean {
  const here = pathname.toLowerCase();
  const tab = to.toLowerCase();
  return here === tab || (!end && here.startsWith(tab) && here.charAt(tab.length) === '/');
}

/**
 * `view`: organizer pages live under /organizer/events/:id, participant pages under /events/:id.
 * The tabs are links with the current one marked (`aria-current="page"`) from the location:
 * Remix's NavLink resolved each tab's path against the route matches three times per render.
 */
export function EventTabs({ eventId, view }: { eventId: string; view: 'organizer' | 'member' }) {
  const t = useT();
  const { pathname } = useLocation();
  const base = view === 'organizer' ? `/organizer/events/${eventId}` : `/events/${eventId}`;
  const tabs = view === 'organizer' ? ORGANIZER_TABS : MEMBER_TABS;
  return (
    <nav aria-label={t('eventTabs.label')} className="mb-4 flex flex-wrap gap-1 border-b border-gray-200">
      {tabs.map((tab) => {
        const to = `${base}${tab.to}`;
        const active = tabIsActive(pathname, to, 'end' in tab && tab.end);
        return (
          <Link
            key={tab.to}
            to={to}
            prefetch="intent"
            aria-current={active ? 'page' : undefined}
            className={cx(
              '-mb-px border-b-2 px-3 py-2 text-sm',
              active ? 'border-blue-700 font-medium text-blue-800' : 'border-transparent text-gray-600 hover:text-gray-900',
            )}
          >
            {t(tab.labelKey)}
          </Link>
        );
      })}
    </nav>
  );
}

/**
 * Opens the session's projector screen (签约大屏, chrome-free) in a new tab, to be
 * dragged to the projector and put full-screen.
 */
export function ProjectorLink({ eventId }: { eventId: string }) {
  const t = useT();
  return (
    <a
      href={`/organizer/events/${eventId}/projector`}
      target="_blank"
      rel="noopener"
      className={buttonClass('secondary')}
      data-testid="projector-link"
    >
      {t('projector.open')}
      <span className="sr-only">{t('projector.newTab')}</span>
    </a>
  );
}

const STATUS_TONE = { draft: 'gray', open: 'blue', scheduled: 'yellow', held: 'green', closed: 'gray' } as const;

/** An event's status: 草稿 / 报名中 / 已排期 / 已举行 / 已结束. */
export function EventStatusBadge({ status }: { status: keyof typeof STATUS_TONE }) {
  const t = useT();
  return <Badge tone={STATUS_TONE[status]}>{t(`events.status.${status}`)}</Badge>;
}

const PARTICIPATION_TONE = { invited: 'yellow', accepted: 'green', registered: 'green', declined: 'red' } as const;

/** An organization's participation: 待答复 / 已接受 / 已报名 / 已婉拒. */
export function ParticipationBadge({ status }: { status: keyof typeof PARTICIPATION_TONE }) {
  const t = useT();
  return <Badge tone={PARTICIPATION_TONE[status]}>{t(`events.participation.${status}`)}</Badge>;
}

/** An event's agenda, by start time, for the public and the organizer's event page. */
export function AgendaCard({
  agenda,
  className,
}: {
  agenda: { id: string; startsAt: string; title: string; speaker: string | null }[];
  className?: string;
}) {
  const t = useT();
  return (
    <Card title={t('events.field.agenda')} className={className}>
      {agenda.length ? (
        <ol className="divide-y divide-slate-100" data-testid="agenda">
          {agenda.map((a) => (
            <li key={a.id} className="flex gap-3 py-2 text-sm">
              <span className="w-14 shrink-0 font-mono tabular-nums text-slate-700">{a.startsAt}</span>
              <span className="text-slate-900">
                {a.title}
                {a.speaker ? <span className="text-slate-600"> · {a.speaker}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-600">{t('events.agendaEmpty')}</p>
      )}
    </Card>
  );
}
