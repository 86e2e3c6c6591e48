import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { z } from 'zod';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField, useSchemaForm } from '~/components/form';
import { Alert, Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { guestLoader } from '~/modules/auth/guards.server';
import { requestPasswordReset } from '~/modules/auth/password-reset.server';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';
import { replyWithError } from '~/utils/errors.server';
import { email } from '~/utils/zod-helpers';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, 'forgot.title'), { name: 'referrer', content: 'no-referrer' }];

const ForgotPasswordSchema = z.object({ email });

export const loader = guestLoader;

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: ForgotPasswordSchema });
  if (submission.status !== 'success') return json({ result: submission.reply(), sent: false }, { status: 400 });
  try {
    await requestPasswordReset(await getDb(), {
      email: submission.value.email,
      ip: clientIp(context),
      origin: new URL(request.url).origin,
    });
  } catch (e) {
    const reply = replyWithError(e, submission);
    return json({ result: await reply.json(), sent: false }, { status: reply.status });
  }
  // the same answer whether or not the address has an account
  return json({ result: submission.reply({ resetForm: true }), sent: true });
}

export default function ForgotPasswordPage() {
  const t = useT();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(ForgotPasswordSchema, {
    lastResult: data?.result,
  });
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader title={t('forgot.title')} subtitle={t('forgot.lead')} />
      {data?.sent ? (
        <div className="mb-4">
          <Alert tone="success" role="status">
            {t('forgot.sent')}
          </Alert>
        </div>
      ) : null}
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <TextField field={fields.email} label={t('forgot.email')} type="email" autoComplete="username" />
          <Button disabled={navigation.state === 'submitting'}>{t('forgot.submit')}</Button>
        </Form>
      </Card>
      <p className="mt-4 text-sm">
        <Link to="/forgot-password/sms" className="text-brand-800 underline">
          {t('forgot.bySms')}
        </Link>
      </p>
      <p className="mt-4 text-sm">
        <Link to="/login" className="font-medium text-brand-800 underline">
          {t('forgot.toLogin')}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
