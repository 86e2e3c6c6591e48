import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { DataTable, type Column } from '~/components/table';
import { Badge, Button, Card, PageHeader } from '~/components/ui';
import type { Translate } from '~/i18n/translate';
import { msg } from '~/i18n/translate';
import { useLocale, useT } from '~/i18n/use-t';
import { listAccountSessions, revokeAccountSession, revokeOtherSessions, type AccountSession } from '~/modules/auth/account.server';
import { requireAuth } from '~/modules/auth/guards.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { SessionActionSchema } from '~/modules/auth/schema';
import { blankSessionCookie } from '~/modules/auth/auth-session.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'sessions.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth({ request, context });
  const sessions = await listAccountSessions(await getDb(), auth.user.id, auth.session.id);
  return json({ sessions });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth({ request, context });
  const parsed = SessionActionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw httpError(400, 'error.badRequest');
  const db = await getDb();
  if (parsed.data.intent === 'revokeOthers') {
    const count = await revokeOtherSessions(db, auth.user.id, auth.session.id);
    return redirect('/account/sessions', {
      headers: await flashHeaders({ tone: 'success', message: msg('sessions.revokedOthers', { count }) }),
    });
  }
  if (!(await revokeAccountSession(db, auth.user.id, parsed.data.sessionId))) throw httpError(404, 'error.notFound');
  if (parsed.data.sessionId === auth.session.id) {
    // Ending the session in use is a logout.
    return redirect('/login', { headers: { 'Set-Cookie': blankSessionCookie() } });
  }
  return redirect('/account/sessions', { headers: await flashHeaders({ tone: 'success', message: 'sessions.revoked' }) });
}

/** Times in China Standard Time, the same on server and browser, written 2026-12-06 10:30 in every language. */
function formatTime(iso: string, _locale: string): string {
  return chinaDateTime(iso);
}

function deviceName(t: Translate, device: AccountSession['device']): string {
  if (device.browser && device.os) return t('sessions.deviceOn', { browser: t(device.browser), os: t(device.os) });
  if (device.browser) return t(device.browser);
  if (device.os) return t('sessions.deviceOs', { os: t(device.os) });
  return t('sessions.unknownDevice');
}

export default function SessionsPage() {
  const t = useT();
  const locale = useLocale();
  const { sessions } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const others = sessions.filter((s) => !s.current).length;
  const columns: Column<(typeof sessions)[number]>[] = [
    {
      key: 'device',
      header: t('sessions.device'),
      cell: (s) => (
        <span className="flex flex-wrap items-center gap-2">
          {deviceName(t, s.device)}
          {s.current ? <Badge tone="green">{t('sessions.current')}</Badge> : null}
        </span>
      ),
    },
    { key: 'ip', header: t('sessions.ip'), cell: (s) => s.ip ?? '—' },
    { key: 'created', header: t('sessions.created'), cell: (s) => formatTime(s.createdAt, locale), wide: true },
    { key: 'lastSeen', header: t('sessions.lastSeen'), cell: (s) => formatTime(s.lastSeenAt, locale) },
    { key: 'expires', header: t('sessions.expires'), cell: (s) => formatTime(s.expiresAt, locale), wide: true },
    {
      key: 'actions',
      header: t('sessions.actions'),
      cell: (s) =>
        s.current ? null : (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="sessionId" value={s.id} />
            <Button
              variant="secondary"
              disabled={busy}
              aria-label={`${t('sessions.revoke')}: ${deviceName(t, s.device)}${s.ip ? ` (${s.ip})` : ''}`}
            >
              {t('sessions.revoke')}
            </Button>
          </Form>
        ),
    },
  ];
  return (
    <div>
      <PageHeader
        title={t('sessions.title')}
        subtitle={t('sessions.lead')}
        actions={
          others > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revokeOthers" />
              <Button variant="danger" disabled={busy}>
                {t('sessions.revokeOthers')}
              </Button>
            </Form>
          ) : null
        }
      />
      <Card>
        <DataTable columns={columns} rows={sessions} rowKey={(s) => s.id} caption={t('sessions.title')} />
        {others === 0 ? <p className="mt-4 text-sm text-slate-600">{t('sessions.noOthers')}</p> : null}
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
