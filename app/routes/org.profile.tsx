import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import type { z } from 'zod';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, type Option } from '~/components/form';
import { BankSections, EnterpriseSections } from '~/components/org-form';
import { OrgStatusBadge } from '~/components/status-badge';
import { Alert, Button, Card, DescriptionList, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { withdrawIdentityChange } from '~/modules/organizations/identity-changes.server';
import {
  getOwnOrganization,
  orgFormOptions,
  profileFormValues,
  serverOrgSchemaContext,
  updateBankProfile,
  updateEnterpriseProfile,
} from '~/modules/organizations/profile.server';
import { BankProfileSchema, EnterpriseProfileSchema, bankProfileSchema, enterpriseProfileSchema } from '~/modules/organizations/schema';
import { identityView, orgProfileView } from '~/modules/organizations/view.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { getDb } from '~/utils/db.server';
import { httpError, isAppError } from '~/utils/errors';
import { replyWithError } from '~/utils/errors.server';
import { IdentityChange } from '~/components/identity-change';
import { orgKindFacts } from '~/components/org-facts';
import type { ProfileOutcome } from '~/modules/organizations/profile.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'profile.title');

const OUTCOME_MESSAGE: Record<ProfileOutcome, string> = {
  saved: 'profile.saved',
  resubmitted: 'profile.resubmitted',
  changeRequested: 'profile.changeRequested',
  changeKept: 'profile.changeKept',
  changeWithdrawn: 'profile.changeWithdrawn',
};

const REJECTION_SHOWN_MS = 30 * 86_400_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context });
  const org = await getOwnOrganization(await getDb(), member.org.id);
  if (!org) throw httpError(404, 'error.notFound');
  const editable = true;
  const { pendingChange, lastChange, ...rest } = org;
  return json({
    org: orgProfileView(rest),
    // a change of identity waiting for an organizer: the verified values beside the proposed ones
    pendingChange: pendingChange
      ? { current: identityView(org), proposed: identityView(pendingChange), requestedAt: chinaDateTime(pendingChange.requested_at) }
      : null,
    // a rejected change is told for a month (the notification keeps it for good)
    rejectedChange:
      !pendingChange && lastChange?.status === 'rejected' && Date.now() - Date.parse(lastChange.decided_at ?? '') < REJECTION_SHOWN_MS
        ? { name: lastChange.name, reason: lastChange.decision_reason ?? '' }
        : null,
    editable,
    values: profileFormValues(org),
    options: editable ? orgFormOptions() : { regions: [], served: [] },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireOrgMember({ request, context });
  const db = await getDb();
  const actor = { userId: member.user.id, orgId: member.org.id };
  const formData = await readFormData(request);
  if (formData.get('intent') === 'withdrawChange') {
    try {
      await withdrawIdentityChange(db, actor);
    } catch (e) {
      if (!isAppError(e) || e.status !== 409) throw e;
      return redirect('/org/profile', { headers: await flashHeaders({ tone: 'warning', message: e.messageKey }) });
    }
    return redirect('/org/profile', { headers: await flashHeaders({ tone: 'success', message: 'profile.withdrawn' }) });
  }
  const submission =
    member.org.kind === 'bank'
      ? parseWithZod(formData, { schema: bankProfileSchema(serverOrgSchemaContext) })
      : parseWithZod(formData, { schema: enterpriseProfileSchema(serverOrgSchemaContext) });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  let outcome: ProfileOutcome;
  try {
    outcome =
      member.org.kind === 'bank'
        ? await updateBankProfile(db, actor, submission.value as Parameters<typeof updateBankProfile>[2])
        : await updateEnterpriseProfile(db, actor, submission.value as Parameters<typeof updateEnterpriseProfile>[2]);
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect('/org/profile', { headers: await flashHeaders({ tone: 'success', message: OUTCOME_MESSAGE[outcome] }) });
}

type Options = { regions: Option[]; served: Option[] };

function EnterpriseForm({ values, options, resubmit }: { values: Record<string, string | string[]>; options: Options; resubmit: boolean }) {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof EnterpriseProfileSchema>, z.output<typeof EnterpriseProfileSchema>>({
    id: 'org-profile',
    lastResult,
    defaultValue: values,
    constraint: getZodConstraint(EnterpriseProfileSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EnterpriseProfileSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      <FormErrors errors={form.errors} />
      <EnterpriseSections fields={fields} regions={options.regions} />
      <div className="flex justify-end">
        <Button disabled={navigation.state === 'submitting'}>{t(resubmit ? 'profile.saveResubmit' : 'action.save')}</Button>
      </div>
    </Form>
  );
}

function BankForm({ values, options, resubmit }: { values: Record<string, string | string[]>; options: Options; resubmit: boolean }) {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof BankProfileSchema>, z.output<typeof BankProfileSchema>>({
    id: 'org-profile',
    lastResult,
    defaultValue: values,
    constraint: getZodConstraint(BankProfileSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BankProfileSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      <FormErrors errors={form.errors} />
      <BankSections fields={fields} regions={options.regions} served={options.served} />
      <div className="flex justify-end">
        <Button disabled={navigation.state === 'submitting'}>{t(resubmit ? 'profile.saveResubmit' : 'action.save')}</Button>
      </div>
    </Form>
  );
}

export default function OrgProfile() {
  const t = useT();
  const locale = useLocale();
  const { org, editable, values, options, pendingChange, rejectedChange } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const isBank = org.kind === 'bank';
  const items = [
    { label: t(isBank ? 'org.field.orgName.bank' : 'org.field.orgName.enterprise'), value: org.name },
    { label: t('org.field.creditCode'), value: org.credit_code },
    { label: t(isBank ? 'org.field.regionCode.bank' : 'org.field.regionCode'), value: org.regionName },
    ...orgKindFacts(t, locale, org),
    { label: t('org.field.contactName'), value: org.contact_name },
    { label: t('org.field.contactPhone'), value: org.contact_phone },
    { label: t('org.field.contactEmail'), value: org.contact_email },
    { label: t('org.field.description'), value: org.description },
  ];
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t('profile.title')}
        subtitle={`${org.name} · ${t(`org.kind.${org.kind}`)}`}
        actions={<OrgStatusBadge status={org.status} />}
      />
      {org.status === 'pending' ? <Alert tone="warning">{t('profile.pendingNote')}</Alert> : null}
      {org.status === 'rejected' ? (
        <Alert tone="error">
          {t('profile.rejectedNote', { reason: org.status_reason ?? '' })}{' '}
          <Link to="/org/documents" className="font-medium underline">
            {t('doc.title')}
          </Link>
        </Alert>
      ) : null}
      {org.status === 'verified' ? <Alert tone="info">{t('profile.verifiedNote')}</Alert> : null}
      {pendingChange ? (
        <Card
          title={t('profile.pendingChange.title')}
          className="mb-6 ring-amber-300"
          actions={
            <Form method="post">
              <input type="hidden" name="intent" value="withdrawChange" />
              <Button variant="secondary" disabled={navigation.state === 'submitting'}>
                {t('profile.pendingChange.withdraw')}
              </Button>
            </Form>
          }
        >
          <p className="mb-3 text-sm text-slate-700">{t('profile.pendingChange.lead', { at: pendingChange.requestedAt })}</p>
          <IdentityChange kind={org.kind} current={pendingChange.current} proposed={pendingChange.proposed} />
        </Card>
      ) : null}
      {rejectedChange ? (
        <Alert tone="warning">{t('profile.changeRejectedNote', { name: rejectedChange.name, reason: rejectedChange.reason })}</Alert>
      ) : null}
      {editable ? (
        isBank ? (
          <BankForm values={values} options={options} resubmit={org.status === 'rejected'} />
        ) : (
          <EnterpriseForm values={values} options={options} resubmit={org.status === 'rejected'} />
        )
      ) : (
        <>
          <Alert tone="info">{t('profile.lockedNote')}</Alert>
          <Card>
            <DescriptionList items={items} />
          </Card>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
