import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, NewPasswordFields, TextField, useSchemaForm } from '~/components/form';
import { Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { changePassword } from '~/modules/auth/account.server';
import { requireAuth } from '~/modules/auth/guards.server';
import { passwordWeakness } from '~/modules/auth/password-policy';
import { ChangePasswordSchema, changePasswordSchema } from '~/modules/auth/schema';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'password.title');

const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAuth({ request, context });
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth({ request, context });
  const submission = parseWithZod(await readFormData(request), {
    schema: changePasswordSchema(passwordWeakness, [auth.user.email, auth.user.name]),
  });
  if (submission.status !== 'success') {
    return json(submission.reply({ hideFields: PASSWORD_FIELDS }), { status: 400 });
  }
  try {
    await changePassword(await getDb(), {
      userId: auth.user.id,
      currentPassword: submission.value.currentPassword,
      newPassword: submission.value.newPassword,
      keepSessionId: auth.session.id,
      ip: clientIp(context),
    });
  } catch (e) {
    return replyWithError(e, submission, { hideFields: PASSWORD_FIELDS });
  }
  // The devices page shows the outcome: only this device is still signed in.
  return redirect('/account/sessions', { headers: await flashHeaders({ tone: 'success', message: 'password.changed' }) });
}

export default function ChangePasswordPage() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(ChangePasswordSchema, {
    lastResult,
  });
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader title={t('password.title')} subtitle={t('password.lead')} />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <TextField field={fields.currentPassword} label={t('password.current')} type="password" autoComplete="current-password" />
          <NewPasswordFields
            password={fields.newPassword}
            confirm={fields.confirmPassword}
            label={t('password.new')}
            confirmLabel={t('password.confirm')}
          />
          <Button disabled={navigation.state === 'submitting'}>{t('action.save')}</Button>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
