/** The page around a sign-up form (enterprise or bank): header, link to the other kind, the form and its submit row. */
import { type FormMetadata, getFormProps } from '@conform-to/react';
import { Form, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
import { FormErrors } from './form';
import { Button, PageHeader } from './ui';

type SignupKind = 'enterprise' | 'bank';
const OTHER_KIND: Record<SignupKind, SignupKind> = { enterprise: 'bank', bank: 'enterprise' };

export function SignupPage({ kind, form, children }: { kind: SignupKind; form: FormMetadata<any, string[]>; children: ReactNode }) {
  const t = useT();
  const navigation = useNavigation();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t(`signup.${kind}.title`)}
        subtitle={t('signup.lead')}
        actions={
          <Link to={`/signup/${OTHER_KIND[kind]}`} className="text-sm font-medium text-brand-800 underline">
            {t(`signup.otherKind.${kind}`)}
          </Link>
        }
      />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <FormErrors errors={form.errors} />
        {children}
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
