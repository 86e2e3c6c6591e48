import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors } from '~/components/form';
import { EnterpriseSections, PersonSection } from '~/components/org-form';
import { Button, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { getAuth } from '~/modules/auth/guards.server';
import { createSession, generateSessionToken, sessionCookie } from '~/modules/auth/auth-session.server';
import { orgFormOptions, serverOrgSchemaContext } from '~/modules/organizations/profile.server';
import { EnterpriseSignupSchema, enterpriseSignupSchema } from '~/modules/organizations/schema';
import { type SignedUp, signUpEnterprise } from '~/modules/organizations/signup.server';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { pageTitle } from '~/utils/meta';
import { flashHeaders } from '~/utils/flash.server';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup.enterprise.title');

const HIDE = ['password', 'confirmPassword'];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getAuth({ request, context })) return redirect('/');
  return json({ regions: orgFormOptions().regions });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (await getAuth({ request, context })) return redirect('/');
  const submission = parseWithZod(await readFormData(request), { schema: enterpriseSignupSchema(serverOrgSchemaContext) });
  if (submission.status !== 'success') return json(submission.reply({ hideFields: HIDE }), { status: 400 });
  const db = await getDb();
  const ip = clientIp(context);
  let result: SignedUp;
  try {
    result = await signUpEnterprise(db, submission.value, { ip });
  } catch (e) {
    return replyWithError(e, submission, { hideFields: HIDE }); // 429 to the form; email / credit code taken to their fields
  }
  const token = generateSessionToken();
  const session = await createSession(db, token, result.userId, { ip, userAgent: request.headers.get('User-Agent') });
  const headers = await flashHeaders(
    { tone: 'success', message: 'signup.done' },
    { 'Set-Cookie': sessionCookie(token, session.expiresAt) },
  );
  return redirect('/', { headers });
}

export default function EnterpriseSignup() {
  const t = useT();
  const { regions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: 'signup-enterprise',
    lastResult,
    constraint: getZodConstraint(EnterpriseSignupSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EnterpriseSignupSchema }),
  });
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t('signup.enterprise.title')}
        subtitle={t('signup.lead')}
        actions={
          <Link to="/signup/bank" className="text-sm font-medium text-brand-800 underline">
            {t('signup.otherKind.enterprise')}
          </Link>
        }
      />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <FormErrors errors={form.errors} />
        <PersonSection fields={fields} />
        <EnterpriseSections fields={fields} regions={regions} signup />
        <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-slate-700">
            {t('signup.haveAccount')}{' '}
            <Link to="/login" className="font-medium text-brand-800 underline">
              {t('signup.loginLink')}
            </Link>
          </p>
          <Button disabled={navigation.state === 'submitting'}>{t('signup.submit')}</Button>
        </div>
      </Form>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
