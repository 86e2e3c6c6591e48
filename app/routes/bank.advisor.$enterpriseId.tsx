import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, SelectField, TextareaField, TextField } from '~/components/form';
import { Badge, Button, Card, DescriptionList, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { logContact, officerFirm } from '~/modules/advisors/advisors.server';
import { ADVISOR_CHANNELS } from '~/modules/advisors/rules';
import { ContactSchema } from '~/modules/advisors/schema';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { regionFullName } from '~/modules/regions/regions.server';
import { readFormData } from '~/server/form-guard';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { recordTitle } from '~/utils/meta';

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => recordTitle(matches, data?.firm.name, 'advisors.bank.title');

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const detail = await officerFirm(await getDb(), { userId: member.user.id, orgId: member.org.id }, params.enterpriseId ?? '');
  return json({ ...detail, regionName: regionFullName(detail.firm.region_code), today: chinaDate(new Date()) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const submission = parseWithZod(await readFormData(request), { schema: ContactSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const enterpriseId = params.enterpriseId ?? '';
  try {
    await logContact(await getDb(), { userId: member.user.id, orgId: member.org.id }, enterpriseId, submission.value);
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/bank/advisor/${enterpriseId}`, { headers: await flashHeaders({ tone: 'success', message: 'advisors.flash.logged' }) });
}

export default function BankAdvisorFirm() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const [form, fields] = useForm<{ channel: string; contactOn: string; summary: string; nextStep: string }>({
    id: 'advisor-contact',
    lastResult: last,
    constraint: getZodConstraint(ContactSchema),
    defaultValue: { channel: 'visit', contactOn: d.today, summary: '', nextStep: '' },
    shouldValidate: 'onBlur',
  });
  return (
    <div className="space-y-6">
      <PageHeader
        title={d.firm.name}
        subtitle={t('advisors.bank.since', { date: d.pairing.startedOn })}
        actions={
          <Link to="/bank/advisor" className="text-sm text-brand-800 underline">
            {t('advisors.firm.back')}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <Card title={t('advisors.firm.profile')}>
          <DescriptionList
            items={[
              { label: t('advisors.firm.region'), value: d.regionName },
              { label: t('advisors.firm.contact'), value: `${d.firm.contact_name} ${d.firm.contact_phone}` },
              { label: t('advisors.firm.openProblems'), value: String(d.openProblems) },
              { label: t('advisors.firm.profile'), value: d.firm.description ?? '' },
            ]}
          />
        </Card>
        <Card title={t('advisors.form.title')}>
          <Form method="post" {...getFormProps(form)} className="space-y-4" data-testid="contact-form">
            <FormErrors errors={form.errors} />
            <SelectField
              field={fields.channel}
              label={t('advisors.form.channel')}
              options={ADVISOR_CHANNELS.map((c) => ({ value: c, label: t(`advisors.channel.${c}`) }))}
            />
            <TextField field={fields.contactOn} label={t('advisors.form.contactOn')} type="date" />
            <TextareaField field={fields.summary} label={t('advisors.form.summary')} rows={3} />
            <TextField field={fields.nextStep} label={t('advisors.form.nextStep')} />
            <Button>{t('advisors.form.submit')}</Button>
          </Form>
        </Card>
      </div>
      <Card title={t('advisors.firm.log')}>
        {d.contacts.length === 0 ? (
          <p className="text-sm text-slate-600">{t('advisors.firm.logEmpty')}</p>
        ) : (
          <ol className="space-y-3" data-testid="contact-log">
            {d.contacts.map((c) => (
              <li key={c.id} className="border-b border-slate-100 pb-2" data-testid="contact-entry">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="tabular-nums text-slate-900">{c.contactOn}</span>
                  <Badge tone="blue">{t(`advisors.channel.${c.channel}`)}</Badge>
                </p>
                <p className="mt-1 whitespace-pre-line break-words text-sm text-slate-800">{c.summary}</p>
                {c.nextStep ? <p className="text-sm text-slate-700">{t('advisors.bank.next', { text: c.nextStep })}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
