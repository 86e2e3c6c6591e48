import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { z } from 'zod';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField } from '~/components/form';
import { SmsCodeForm, SmsCodeSchema } from '~/components/sms-code-form';
import { Alert, Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { createSession, generateSessionToken, sessionCookie } from '~/modules/auth/auth-session.server';
import { guestLoader } from '~/modules/auth/guards.server';
import { authenticateByPhone, loginWithSmsCode, sendAccountCode } from '~/modules/auth/phone.server';
import { safeRedirect } from '~/modules/auth/schema';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { errorReply } from '~/utils/errors.server';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';
import { mobile } from '~/utils/zod-helpers';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'loginPhone.title');

const PhonePasswordSchema = z.object({
  intent: z.literal('password'),
  phone: mobile,
  password: z.string({ required_error: 'v.required' }).max(200),
});

export const loader = guestLoader;

type Which = 'password' | 'code';

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const which: Which = formData.get('intent') === 'password' ? 'password' : 'code';
  const db = await getDb();
  const ip = clientIp(context);
  let userId: string;
  if (which === 'password') {
    const submission = parseWithZod(formData, { schema: PhonePasswordSchema });
    if (submission.status !== 'success') {
      return json({ which, result: submission.reply({ hideFields: ['password'] }), sent: false }, { status: 400 });
    }
    try {
      userId = await authenticateByPhone(db, submission.value.phone, submission.value.password, ip);
    } catch (e) {
      const { reply, status } = errorReply(e, submission, { hideFields: ['password'] });
      return json({ which, result: reply, sent: false }, { status });
    }
  } else {
    const submission = parseWithZod(formData, { schema: SmsCodeSchema });
    if (submission.status !== 'success' || !['send', 'code'].includes(submission.value.intent ?? '')) {
      return json({ which, result: submission.reply(), sent: false }, { status: 400 });
    }
    const { phone, code, intent } = submission.value;
    try {
      if (intent === 'send') {
        await sendAccountCode(db, { purpose: 'login', phone, ip });
        // the same answer whether or not the number has an account
        return json({ which, result: submission.reply(), sent: true });
      }
      userId = await loginWithSmsCode(db, { phone, code: code ?? '', ip });
    } catch (e) {
      const { reply, status } = errorReply(e, submission);
      return json({ which, result: reply, sent: false }, { status });
    }
  }
  const target = safeRedirect(new URL(request.url).searchParams.get('redirectTo'));
  const token = generateSessionToken();
  const session = await createSession(db, token, userId, { ip, userAgent: request.headers.get('User-Agent') });
  return redirect(target, { headers: { 'Set-Cookie': sessionCookie(token, session.expiresAt) } });
}

export default function PhoneLoginPage() {
  const t = useT();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: 'phone-password',
    lastResult: data?.which === 'password' ? data.result : undefined,
    constraint: getZodConstraint(PhonePasswordSchema),
    shouldValidate: 'onSubmit',
  });
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title={t('loginPhone.title')} subtitle={t('loginPhone.lead')} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title={t('loginPhone.withPassword')}>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <input type="hidden" name="intent" value="password" />
            <TextField field={fields.phone} label={t('phone.number')} type="tel" inputMode="tel" autoComplete="username" />
            <TextField field={fields.password} label={t('login.password')} type="password" autoComplete="current-password" />
            <Button className="w-full" disabled={navigation.state === 'submitting'}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <Card title={t('loginPhone.withCode')}>
          <SmsCodeForm
            id="phone-code"
            lastResult={data?.which === 'code' ? data.result : undefined}
            confirmIntent="code"
            confirmLabel={t('login.submit')}
            notice={
              data?.which === 'code' && data.sent ? (
                <Alert tone="success" role="status">
                  {t('loginPhone.sent')}
                </Alert>
              ) : null
            }
          />
        </Card>
      </div>
      <p className="mt-4 flex flex-wrap gap-4 text-sm">
        <Link to="/login" className="font-medium text-brand-800 underline">
          {t('login.byEmail')}
        </Link>
        <Link to="/forgot-password/sms" className="text-brand-800 underline">
          {t('forgot.link')}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
