import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { SmsCodeForm, SmsCodeSchema } from '~/components/sms-code-form';
import { Alert, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { guestLoader } from '~/modules/auth/guards.server';
import { exchangeResetCode, sendAccountCode } from '~/modules/auth/phone.server';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { errorReply } from '~/utils/errors.server';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, 'forgotSms.title'), { name: 'referrer', content: 'no-referrer' }];

export const loader = guestLoader;

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: SmsCodeSchema });
  if (submission.status !== 'success' || !['send', 'reset'].includes(submission.value.intent ?? '')) {
    return json({ result: submission.reply(), sent: false }, { status: 400 });
  }
  const db = await getDb();
  const { phone, code, intent } = submission.value;
  const ip = clientIp(context);
  try {
    if (intent === 'send') {
      await sendAccountCode(db, { purpose: 'reset', phone, ip });
      // the same answer whether or not the number has an account
      return json({ result: submission.reply(), sent: true });
    }
    const token = await exchangeResetCode(db, { phone, code: code ?? '', ip });
    // the same page as the e-mailed link: single use, ends every session
    return redirect(`/set-password/${token}`);
  } catch (e) {
    const { reply, status } = errorReply(e, submission);
    return json({ result: reply, sent: false }, { status });
  }
}

export default function ForgotPasswordSmsPage() {
  const t = useT();
  const data = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader title={t('forgotSms.title')} subtitle={t('forgotSms.lead')} />
      <Card>
        <SmsCodeForm
          id="reset-sms"
          lastResult={data?.result}
          confirmIntent="reset"
          confirmLabel={t('forgotSms.submit')}
          notice={
            data?.sent ? (
              <Alert tone="success" role="status">
                {t('loginPhone.sent')}
              </Alert>
            ) : null
          }
        />
      </Card>
      <p className="mt-4 flex flex-wrap gap-4 text-sm">
        <Link to="/forgot-password" className="text-brand-800 underline">
          {t('forgot.title')}
        </Link>
        <Link to="/login" className="font-medium text-brand-800 underline">
          {t('forgot.toLogin')}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
