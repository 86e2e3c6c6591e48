import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { Badge, EmptyState, PageHeader, buttonClass } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireAttendingMember } from '~/modules/events/access.server';
import { badgeUrl, listBadges, qrOrigin } from '~/modules/events/badges.server';
import { qrPngDataUrl } from '~/modules/events/qr.server';
import { beijingTime } from '~/modules/events/roster.server';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'checkin.badges.title');

/** The personal badges (参会证) of the signed-in member's own representatives. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event, org } = await requireAttendingMember({ request, context }, params.eventId ?? '');
  const badges = await listBadges(await getDb(), event.id, { orgId: org.id });
  const origin = qrOrigin(request.url);
  return json(
    {
      event: { id: event.id, title: event.title, eventDate: event.event_date, startTime: event.start_time, venue: event.venue },
      badges: badges.map((b) => ({
        repId: b.repId,
        name: b.name,
        title: b.title,
        orgName: b.orgName,
        role: b.role,
        code: b.token,
        qr: qrPngDataUrl(badgeUrl(origin, event.id, b.token)),
        arrivedAt: b.checkedInAt ? beijingTime(b.checkedInAt) : null,
      })),
    },
    // the page holds personal tokens: never stored by a cache
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

const ROLE_BAND = { bank: 'bg-blue-700', enterprise: 'bg-emerald-700', government: 'bg-red-700' } as const;

export default function MemberBadges() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const e = data.event;
  return (
    <div>
      <PageHeader title={t('checkin.badges.title')} subtitle={e.title} />
      <EventTabs eventId={e.id} view="member" />
      <p className="mb-4 text-sm text-slate-700">{t('checkin.badges.lead')}</p>
      {data.badges.length === 0 ? (
        <EmptyState
          title={t('checkin.badges.none')}
          action={
            <Link to={`/events/${e.id}`} className="text-brand-800 underline">
              {t('checkin.badges.addReps')}
            </Link>
          }
        />
      ) : (
        <>
          <p className="mb-4">
            <a href={`/events/${e.id}/badges.pdf`} className={buttonClass('secondary')} download>
              {t('checkin.badges.pdfAll')}
            </a>
          </p>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {data.badges.map((b) => (
              <li key={b.repId} id={`badge-${b.repId}`} data-testid="badge">
                <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
                  <div className={`${ROLE_BAND[b.role]} px-4 py-2 text-center text-white`}>
                    <p className="text-xs">{e.title}</p>
                    <p className="text-sm font-semibold">{t(`roster.group.${b.role}`)}</p>
                  </div>
                  <div className="p-4 text-center">
                    <p className="text-2xl font-bold text-slate-900" data-testid="badge-name">
                      {b.name}
                    </p>
                    {b.title ? <p className="text-sm text-slate-600">{b.title}</p> : null}
                    <p className="mt-1 break-words text-sm text-slate-800">{b.orgName}</p>
                    <img
                      src={b.qr}
                      alt={t('checkin.badges.qrAlt', { name: b.name })}
                      width={220}
                      height={220}
                      className="mx-auto mt-3 h-56 w-56 max-w-full [image-rendering:pixelated]"
                      data-testid="badge-qr"
                    />
                    <p className="mt-1 break-all font-mono text-xs text-slate-600" data-testid="badge-code">
                      {b.code}
                    </p>
                    <p className="mt-2">
                      {b.arrivedAt ? (
                        <Badge tone="green">{t('checkin.badges.arrived', { time: b.arrivedAt })}</Badge>
                      ) : (
                        <Badge tone="gray">{t('checkin.badges.notArrived')}</Badge>
                      )}
                    </p>
                    <p className="mt-3">
                      <a
                        href={`/events/${e.id}/badges.pdf?rep=${encodeURIComponent(b.repId)}`}
                        className="text-sm text-brand-800 underline"
                        download
                      >
                        {t('checkin.badges.pdfOne')}
                      </a>
                    </p>
                  </div>
                </div>
              </li>
            ))}
          </ul>
          <p className="mt-4 text-xs text-slate-600">{t('checkin.badges.hint')}</p>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
