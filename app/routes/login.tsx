import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField, useSchemaForm } from '~/components/form';
import { Button, Card } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { DEMO_ACCOUNT_LIST, DEMO_PASSWORD, demoMode } from '~/modules/auth/demo.server';
import { requireGuest } from '~/modules/auth/guards.server';
import { authenticate } from '~/modules/auth/login.server';
import { LoginSchema, safeRedirect } from '~/modules/auth/schema';
import { createSession, generateSessionToken, sessionCookie } from '~/modules/auth/auth-session.server';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'login.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireGuest({ request, context });
  return json({ demo: demoMode() ? { accounts: DEMO_ACCOUNT_LIST, password: DEMO_PASSWORD } : null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== 'success') {
    return json(submission.reply({ hideFields: ['password'] }), { status: 400 });
  }
  const db = await getDb();
  const ip = clientIp(context);
  let userId: string;
  try {
    userId = await authenticate(db, submission.value.email, submission.value.password, ip);
  } catch (e) {
    return replyWithError(e, submission, { hideFields: ['password'] });
  }
  // the target first: nothing after the session row is written may fail
  const target = safeRedirect(submission.value.redirectTo ?? new URL(request.url).searchParams.get('redirectTo'));
  const token = generateSessionToken();
  const session = await createSession(db, token, userId, { ip, userAgent: request.headers.get('User-Agent') });
  return redirect(target, {
    headers: { 'Set-Cookie': sessionCookie(token, session.expiresAt) },
  });
}

export default function LoginPage() {
  const t = useT();
  const { demo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(LoginSchema, {
    lastResult,
  });
  return (
    <div className="mx-auto grid max-w-4xl gap-6 md:grid-cols-2">
      <Card>
        <h1 className="mb-4 text-xl font-semibold">{t('login.title')}</h1>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <TextField field={fields.email} label={t('login.email')} type="email" autoComplete="username" />
          <TextField field={fields.password} label={t('login.password')} type="password" autoComplete="current-password" />
          <p className="text-right text-sm">
            <Link to="/forgot-password" className="text-brand-800 underline">
              {t('forgot.link')}
            </Link>
          </p>
          <Button className="w-full" disabled={navigation.state === 'submitting'}>
            {t('login.submit')}
          </Button>
        </Form>
        <p className="mt-4 text-sm">
          <Link to="/login/phone" className="font-medium text-brand-800 underline">
            {t('login.byPhone')}
          </Link>
        </p>
        <p className="mt-4 text-sm text-slate-700">
          {t('login.noAccount')}{' '}
          <Link to="/signup" className="font-medium text-brand-800 underline">
            {t('login.signupLink')}
          </Link>
        </p>
      </Card>
      {demo ? (
        <Card title={t('demo.accounts')}>
          <ul className="space-y-2 text-sm">
            {demo.accounts.map((a) => (
              <li key={a.email} className="flex flex-wrap justify-between gap-2 border-b border-slate-100 pb-1">
                <span className="font-medium">{t(`role.${a.role}`)}</span>
                <code className="text-slate-800">{a.email}</code>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm text-slate-700">
            {t('demo.password')}: <code>{demo.password}</code>
          </p>
        </Card>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
