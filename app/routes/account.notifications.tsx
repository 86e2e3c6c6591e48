import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { ErrorView } from '~/components/error-view';
import { Alert, Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireUser } from '~/modules/auth/guards.server';
import { KINDS_BY_ROLE } from '~/modules/notifications/channels';
import { channelPreferences, saveChannelPreferences } from '~/modules/notifications/preferences.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'prefs.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const prefs = await channelPreferences(await getDb(), user);
  return json({ ...prefs, email: user.email, phone: user.phone });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const form = await readFormData(request);
  const kinds = KINDS_BY_ROLE[user.role] as readonly string[];
  const schema = z.object({
    intent: z.literal('save'),
    email: z.array(z.string().refine((k) => kinds.includes(k))),
    sms: z.array(z.string().refine((k) => kinds.includes(k))),
  });
  const parsed = schema.safeParse({ intent: form.get('intent'), email: form.getAll('email'), sms: form.getAll('sms') });
  if (!parsed.success) throw httpError(400, 'error.badRequest');
  await saveChannelPreferences(await getDb(), user, { email: new Set(parsed.data.email), sms: new Set(parsed.data.sms) });
  return redirect('/account/notifications', { headers: await flashHeaders({ tone: 'success', message: 'prefs.saved' }) });
}

export default function NotificationPreferencesPage() {
  const t = useT();
  const { rows, canEmail, canSms, email, phone } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t('prefs.title')} subtitle={t('prefs.lead')} />
      <Card>
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="save" />
          <ul className="space-y-1 text-sm text-slate-700">
            {canEmail ? <li>{t('prefs.emailTo', { email })}</li> : null}
            {canSms ? <li>{t('prefs.smsTo', { phone })}</li> : null}
          </ul>
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left">
                <th scope="col" className="py-2 pr-4 font-medium">
                  {t('prefs.kind')}
                </th>
                <th scope="col" className="px-3 py-2 text-center font-medium">
                  {t('prefs.channel.inApp')}
                </th>
                <th scope="col" className="px-3 py-2 text-center font-medium">
                  {t('prefs.channel.email')}
                </th>
                <th scope="col" className="px-3 py-2 text-center font-medium">
                  {t('prefs.channel.sms')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.kind} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-4 text-left font-normal">
                    {t(`prefs.kind.${row.kind}`)}
                  </th>
                  <td className="px-3 py-2 text-center">
                    <input type="checkbox" checked disabled aria-label={`${t(`prefs.kind.${row.kind}`)} · ${t('prefs.channel.inApp')}`} />
                  </td>
                  <td className="px-3 py-2 text-center">
                    <input
                      type="checkbox"
                      name="email"
                      value={row.kind}
                      defaultChecked={row.email}
                      disabled={!canEmail}
                      aria-label={`${t(`prefs.kind.${row.kind}`)} · ${t('prefs.channel.email')}`}
                    />
                  </td>
                  <td className="px-3 py-2 text-center">
                    <input
                      type="checkbox"
                      name="sms"
                      value={row.kind}
                      defaultChecked={row.sms}
                      disabled={!canSms}
                      aria-label={`${t(`prefs.kind.${row.kind}`)} · ${t('prefs.channel.sms')}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!canSms ? <Alert tone="info">{t('prefs.noMobile', { phone: phone || '—' })}</Alert> : null}
          <Button disabled={navigation.state === 'submitting'}>{t('prefs.save')}</Button>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
