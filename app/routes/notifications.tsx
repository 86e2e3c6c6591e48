import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { Pagination } from '~/components/pagination';
import { Badge, Button, EmptyState, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireUser } from '~/modules/auth/guards.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { MarkReadSchema } from '~/modules/interests/schema';
import { notificationMessageKey, settledMessageKey } from '~/modules/notifications/display';
import { listNotifications, markAllRead, markRead } from '~/modules/notifications/notifications.server';
import { getDb } from '~/utils/db.server';
import { redirectTarget } from '~/utils/safe-redirect';
import { httpError } from '~/utils/errors';
import { redirectBack } from '~/utils/flash.server';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'notifications.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const page = pageFromUrl(new URL(request.url));
  const { rows, total, unread } = await listNotifications(await getDb(), user.id, page);
  return pageJson({
    page,
    total,
    unread,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: r.payload,
      link: redirectTarget(r.link),
      read: r.readAt !== null,
      settled: r.settled ?? null,
      createdAtText: chinaDateTime(r.createdAt),
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: MarkReadSchema });
  if (submission.status !== 'success') throw httpError(400, 'error.badRequest');
  const db = await getDb();
  const url = new URL(request.url);
  if (submission.value.intent === 'readAll') {
    await markAllRead(db, user.id);
    return redirectBack(request, { tone: 'success', message: 'notifications.flash.allRead' });
  }
  const ok = await markRead(db, user.id, submission.value.id);
  if (!ok) throw httpError(404, 'error.notFound');
  // "open": mark read and go to the notification's page
  const go = redirectTarget(String(formData.get('next') ?? '') || null);
  return redirect(go ?? url.pathname + url.search);
}

export default function NotificationsPage() {
  const t = useT();
  const { rows, total, page, unread } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  return (
    <div>
      <PageHeader
        title={t('notifications.title')}
        subtitle={unread > 0 ? t('notifications.unread', { n: unread }) : t('notifications.subtitle')}
        actions={
          unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="readAll" />
              <Button variant="secondary" disabled={busy}>
                {t('notifications.markAllRead')}
              </Button>
            </Form>
          ) : undefined
        }
      />
      {rows.length === 0 ? (
        <EmptyState title={t('notifications.empty')} />
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {rows.map((n) => (
            <li
              key={n.id}
              className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between"
              data-testid="notification"
            >
              <div className="min-w-0">
                <p className={n.read ? 'text-sm text-slate-700' : 'text-sm font-semibold text-slate-900'}>
                  {!n.read ? <Badge tone="blue">{t('notifications.new')}</Badge> : null}{' '}
                  {n.settled ? (
                    <>
                      <Badge tone="green">{t('notifications.settledBadge')}</Badge>{' '}
                      <span data-testid="notification-settled">
                        {t(settledMessageKey(n.kind, n.payload), { ...n.payload, state: t(`notifications.settled.${n.settled}`) })}
                      </span>
                    </>
                  ) : (
                    t(notificationMessageKey(n.kind, n.payload), n.payload)
                  )}
                </p>
                <p className="mt-0.5 text-xs text-slate-600">{n.createdAtText}</p>
              </div>
              <div className="flex shrink-0 gap-2">
                {n.link ? (
                  n.read ? (
                    <Link to={n.link} className="text-sm font-medium text-brand-800 underline">
                      {t('notifications.open')}
                    </Link>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="read" />
                      <input type="hidden" name="id" value={n.id} />
                      <input type="hidden" name="next" value={n.link} />
                      <Button variant="ghost" disabled={busy}>
                        {t('notifications.open')}
                      </Button>
                    </Form>
                  )
                ) : null}
                {!n.read ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <Button variant="secondary" disabled={busy}>
                      {t('notifications.markRead')}
                    </Button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={DEFAULT_PAGE_SIZE} total={total} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
