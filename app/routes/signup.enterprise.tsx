import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { EnterpriseSections, PersonSection } from '~/components/org-form';
import { SignupPage } from '~/components/signup-page';
import { requireGuest } from '~/modules/auth/guards.server';
import { orgFormOptions } from '~/modules/organizations/profile.server';
import { EnterpriseSignupSchema } from '~/modules/organizations/schema';
import { signupAction } from '~/modules/organizations/signup-action.server';
import { pageTitle } from '~/utils/meta';
import { useSchemaForm } from '~/components/form';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup.enterprise.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireGuest({ request, context });
  return json({ regions: orgFormOptions().regions });
}

export function action(args: ActionFunctionArgs) {
  return signupAction(args, 'enterprise');
}

export default function EnterpriseSignup() {
  const { regions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(EnterpriseSignupSchema, {
    id: 'signup-enterprise',
    lastResult: data?.result,
    shouldRevalidate: 'onInput',
  });
  return (
    <SignupPage kind="enterprise" form={form}>
      <PersonSection fields={fields} sentTo={data?.sentTo ?? null} />
      <EnterpriseSections fields={fields} regions={regions} signup />
    </SignupPage>
  );
}

export const ErrorBoundary = ErrorView;
