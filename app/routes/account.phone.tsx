import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { SmsCodeForm, SmsCodeSchema } from '~/components/sms-code-form';
import { Alert, Badge, Card, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireAuth } from '~/modules/auth/guards.server';
import { confirmPhone, sendVerificationCode } from '~/modules/auth/phone.server';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { errorReply } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'phone.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth({ request, context });
  const user = await (await getDb())
    .selectFrom('users')
    .select(['phone', 'phone_verified_at'])
    .where('id', '=', auth.user.id)
    .executeTakeFirstOrThrow();
  return json({ phone: user.phone, verifiedAt: user.phone_verified_at });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth({ request, context });
  const submission = parseWithZod(await readFormData(request), { schema: SmsCodeSchema });
  if (submission.status !== 'success' || !['send', 'confirm'].includes(submission.value.intent ?? '')) {
    return json({ result: submission.reply(), sentTo: null }, { status: 400 });
  }
  const db = await getDb();
  const { phone, code, intent } = submission.value;
  const ip = clientIp(context);
  try {
    if (intent === 'send') {
      await sendVerificationCode(db, { userId: auth.user.id, phone, ip });
      return json({ result: submission.reply(), sentTo: phone });
    }
    await confirmPhone(db, { userId: auth.user.id, phone, code: code ?? '', ip });
  } catch (e) {
    const { reply, status } = errorReply(e, submission);
    return json({ result: reply, sentTo: null }, { status });
  }
  return redirect('/account/phone', { headers: await flashHeaders({ tone: 'success', message: msg('phone.confirmed', { phone }) }) });
}

export default function AccountPhonePage() {
  const t = useT();
  const { phone, verifiedAt } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader title={t('phone.title')} subtitle={t('phone.lead')} />
      <Card>
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-700">{t('phone.current')}</span>
          <span className="font-medium tabular-nums">{phone || '—'}</span>
          {verifiedAt ? <Badge tone="green">{t('phone.verified')}</Badge> : <Badge tone="yellow">{t('phone.unverified')}</Badge>}
        </p>
        <SmsCodeForm
          id="verify-phone"
          lastResult={data?.result}
          defaultPhone={phone}
          confirmIntent="confirm"
          confirmLabel={t('phone.confirm')}
          notice={
            data?.sentTo ? (
              <Alert tone="success" role="status">
                {t('phone.sentTo', { phone: data.sentTo })}
              </Alert>
            ) : null
          }
        />
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
