import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { BankSections, PersonSection } from '~/components/org-form';
import { SignupPage } from '~/components/signup-page';
import { requireGuest } from '~/modules/auth/guards.server';
import { orgFormOptions } from '~/modules/organizations/profile.server';
import { BankSignupSchema } from '~/modules/organizations/schema';
import { signupAction } from '~/modules/organizations/signup-action.server';
import { pageTitle } from '~/utils/meta';
import { useSchemaForm } from '~/components/form';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup.bank.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireGuest({ request, context });
  return json(orgFormOptions());
}

export function action(args: ActionFunctionArgs) {
  return signupAction(args, 'bank');
}

export default function BankSignup() {
  const { regions, served } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(BankSignupSchema, {
    id: 'signup-bank',
    lastResult: data?.result,
    shouldRevalidate: 'onInput',
  });
  return (
    <SignupPage kind="bank" form={form}>
      <PersonSection fields={fields} sentTo={data?.sentTo ?? null} />
      <BankSections fields={fields} regions={regions} served={served} signup />
    </SignupPage>
  );
}

export const ErrorBoundary = ErrorView;
