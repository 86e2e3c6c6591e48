import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors } from '~/components/form';
import { BankSections, PersonSection } from '~/components/org-form';
import { Button, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { getAuth } from '~/modules/auth/guards.server';
import { orgFormOptions } from '~/modules/organizations/profile.server';
import { BankSignupSchema } from '~/modules/organizations/schema';
import { signupAction } from '~/modules/organizations/signup-action.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup.bank.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getAuth({ request, context })) return redirect('/');
  return json(orgFormOptions());
}

export function action(args: ActionFunctionArgs) {
  return signupAction(args, 'bank');
}

export default function BankSignup() {
  const t = useT();
  const { regions, served } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: 'signup-bank',
    lastResult: data?.result,
    constraint: getZodConstraint(BankSignupSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BankSignupSchema }),
  });
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t('signup.bank.title')}
        subtitle={t('signup.lead')}
        actions={
          <Link to="/signup/enterprise" className="text-sm font-medium text-brand-800 underline">
            {t('signup.otherKind.bank')}
          </Link>
        }
      />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <FormErrors errors={form.errors} />
        <PersonSection fields={fields} sentTo={data?.sentTo ?? null} />
        <BankSections fields={fields} regions={regions} served={served} signup />
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
