import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField } from '~/components/form';
import { EditHistory, formatDate, formatNeedValue, NeedStatusBadge } from '~/components/need-display';
import { FinancingNeedFields } from '~/components/need-forms';
import { NeedStatusActions } from '~/components/need-status-actions';
import { Alert, Button, Card, DescriptionList, LinkButton, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import type { NeedStatus } from '~/modules/catalog/codes';
import { responseCounts } from '~/modules/needs/directory.server';
import { listEdits } from '~/modules/needs/edits.server';
import { financingValuesOf, getOwnFinancingNeed, updateFinancingNeed } from '~/modules/needs/financing.server';
import { needStatusAction } from '~/modules/needs/status-action.server';
import { allowedTransitions, editNeedsReason, isEditable } from '~/modules/needs/lifecycle';
import { financingEditSchema } from '~/modules/needs/schema';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { formatRate, yuanToWanInput } from '~/utils/money';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.need.title ?? '融资需求'} · 政银企对接平台` }];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireOrgMember(request, 'enterprise');
  const db = await getDb();
  const row = await getOwnFinancingNeed(db, member.org.id, params.needId ?? '');
  if (!row) throw httpError(404, 'error.notFound');
  const [edits, counts] = await Promise.all([listEdits(db, 'financing', row.id), responseCounts(db, 'financing', [row.id])]);
  return json({
    need: {
      id: row.id,
      status: row.status as NeedStatus,
      version: row.version,
      title: row.title,
      publishedAt: row.published_at,
      closedAt: row.closed_at,
      statusReason: row.status_reason,
      values: financingValuesOf(row),
    },
    responses: counts.get(row.id) ?? 0,
    edits,
    verified: member.org.status === 'verified',
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireOrgMember(request, 'enterprise');
  const db = await getDb();
  const row = await getOwnFinancingNeed(db, member.org.id, params.needId ?? '');
  if (!row) throw httpError(404, 'error.notFound');
  const formData = await request.formData();
  const intent = formData.get('intent');
  const here = `/enterprise/needs/financing/${row.id}`;

  if (intent === 'save') {
    const schema = financingEditSchema(row.wanted_by);
    const submission = parseWithZod(formData, { schema });
    // The version the user saw travels back with every failed edit: a stale form stays stale until the page is reloaded.
    const seenVersion = String(formData.get('version') ?? '');
    if (submission.status !== 'success') return json({ form: 'edit' as const, result: submission.reply(), seenVersion }, { status: 400 });
    const { intent: _i, version, reason, ...values } = submission.value;
    const r = await updateFinancingNeed(db, { orgId: member.org.id, userId: member.user.id, needId: row.id, version, values, reason });
    if (!r.ok) {
      if (r.error === 'error.notFound') throw httpError(404, 'error.notFound');
      const result = r.field ? submission.reply({ fieldErrors: { [r.field]: [r.error] } }) : submission.reply({ formErrors: [r.error] });
      return json({ form: 'edit' as const, result, seenVersion }, { status: r.error === 'needs.err.stale' ? 409 : 400 });
    }
    return redirect(here, { headers: await flashHeaders({ tone: 'success', message: 'needs.flash.saved' }) });
  }

  return needStatusAction(db, member, 'financing', row.id, formData);
}

export default function FinancingNeedPage() {
  const t = useT();
  const locale = useLocale();
  const { need, edits, responses, verified } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const v = need.values;
  const schema = financingEditSchema(v.wanted_by);
  const [form, fields] = useForm({
    id: `financing-${need.id}`,
    lastResult: actionData?.form === 'edit' ? actionData.result : undefined,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onBlur',
    // corrected errors disappear while typing, not on the blur of clicking a button (which would move it)
    shouldRevalidate: 'onInput',
    defaultValue: {
      title: v.title,
      amount: yuanToWanInput(v.amount),
      term_months: String(v.term_months),
      purpose: v.purpose,
      guarantees: v.guarantees,
      max_rate: v.max_rate == null ? '' : formatRate(v.max_rate).replace('%', ''),
      wanted_by: v.wanted_by ?? '',
      description: v.description ?? '',
      attachments: v.attachments.join('\n'),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const status = need.status;
  const editable = isEditable(status);
  const needsReason = editNeedsReason(status);
  const busy = navigation.state === 'submitting';
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {need.title} <NeedStatusBadge status={status} />
          </span>
        }
        subtitle={`${t('needs.kind.financing')} · ${t('needs.detail.responsesCount', { n: responses })}`}
        actions={
          <>
            <LinkButton to={`/enterprise/needs/financing/${need.id}/matches`} variant="secondary">{t('interests.matches.needTitle')}</LinkButton>
            <LinkButton to="/enterprise/needs" variant="ghost">{t('action.back')}</LinkButton>
          </>
        }
      />
      <Card>
        <DescriptionList
          items={[
            { label: t('needs.field.amount'), value: formatNeedValue('amount', v.amount, t, locale) },
            { label: t('needs.field.term_months'), value: formatNeedValue('term_months', v.term_months, t, locale) },
            { label: t('needs.field.purpose'), value: formatNeedValue('purpose', v.purpose, t, locale) },
            { label: t('needs.field.guarantees'), value: formatNeedValue('guarantees', v.guarantees, t, locale) },
            { label: t('needs.field.max_rate'), value: v.max_rate == null ? t('needs.value.noCeiling') : formatRate(v.max_rate) },
            { label: t('needs.field.wanted_by'), value: v.wanted_by ?? '' },
            { label: t('needs.field.published_at'), value: formatDate(need.publishedAt) },
            { label: t('needs.field.attachments'), value: v.attachments.join('、') },
            ...(need.statusReason ? [{ label: t('needs.field.statusReason'), value: need.statusReason }] : []),
          ]}
        />
        {v.description ? <p className="mt-4 whitespace-pre-line text-sm text-slate-800">{v.description}</p> : null}
      </Card>

      <NeedStatusActions
        status={status}
        version={need.version}
        targets={allowedTransitions(status)}
        verified={verified}
        error={actionData?.form === 'status' ? actionData.error : undefined}
      />

      {editable ? (
        <Card title={t('needs.detail.edit')}>
          <Form method="post" {...getFormProps(form)} className="space-y-6">
            <FormErrors errors={form.errors} />
            <input type="hidden" name="version" value={actionData?.form === 'edit' ? actionData.seenVersion : need.version} />
            <FinancingNeedFields fields={fields} />
            {needsReason ? <TextField field={fields.reason} label={t('needs.field.reason')} hint={t('needs.hint.reason')} /> : null}
            <Button name="intent" value="save" disabled={busy}>{t('needs.action.saveEdit')}</Button>
          </Form>
        </Card>
      ) : (
        <Alert tone="info">{t('needs.detail.final', { status: t(`needs.status.${status}`) })}</Alert>
      )}

      <Card title={t('needs.detail.history')}>
        <EditHistory edits={edits} />
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
