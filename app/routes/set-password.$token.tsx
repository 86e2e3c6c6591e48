import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, NewPasswordFields, useSchemaForm } from '~/components/form';
import { Alert, Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { findPasswordToken, redeemPasswordToken } from '~/modules/auth/password-tokens.server';
import { SetPasswordSchema } from '~/modules/auth/schema';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, 'setPassword.title'),
  { name: 'referrer', content: 'no-referrer' },
];

const PASSWORD_FIELDS = ['password', 'confirmPassword'];

export async function loader({ params }: LoaderFunctionArgs) {
  const info = await findPasswordToken(await getDb(), params.token ?? '');
  if (!info) return json({ email: null }, { status: 404 });
  return json({ email: info.email });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: SetPasswordSchema });
  if (submission.status !== 'success') return json(submission.reply({ hideFields: PASSWORD_FIELDS }), { status: 400 });
  try {
    await redeemPasswordToken(await getDb(), params.token ?? '', submission.value.password);
  } catch (e) {
    return replyWithError(e, submission, { hideFields: PASSWORD_FIELDS, notFoundOnForm: true });
  }
  return redirect('/login', { headers: await flashHeaders({ tone: 'success', message: 'setPassword.done' }) });
}

export default function SetPasswordPage() {
  const t = useT();
  const { email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(SetPasswordSchema, {
    lastResult,
  });
  if (!email) {
    return (
      <div className="mx-auto max-w-lg">
        <PageHeader title={t('setPassword.title')} />
        <Alert tone="error">{t('setPassword.invalidLink')}</Alert>
        <p className="mt-4 text-sm text-slate-700">{t('setPassword.invalidLead')}</p>
        <p className="mt-4">
          <Link to="/login" className="font-medium text-brand-800 underline">
            {t('setPassword.toLogin')}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader title={t('setPassword.title')} subtitle={t('setPassword.lead', { email })} />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <input type="text" name="username" value={email} autoComplete="username" readOnly hidden />
          <NewPasswordFields
            password={fields.password}
            confirm={fields.confirmPassword}
            label={t('setPassword.password')}
            confirmLabel={t('setPassword.confirm')}
          />
          <Button disabled={navigation.state === 'submitting'}>{t('setPassword.submit')}</Button>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
