import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField } from '~/components/form';
import { EditHistory, formatDate, NeedStatusBadge, positionText } from '~/components/need-display';
import { HiringNeedFields, paddedPositions } from '~/components/need-forms';
import { NeedStatusActions } from '~/components/need-status-actions';
import { Alert, Button, Card, DescriptionList, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import type { NeedStatus } from '~/modules/catalog/codes';
import { responseCounts } from '~/modules/needs/directory.server';
import { listEdits } from '~/modules/needs/edits.server';
import { getOwnHiringNeed, hiringValuesOf, listPositions, updateHiringNeed } from '~/modules/needs/hiring.server';
import { needStatusAction } from '~/modules/needs/status-action.server';
import { allowedTransitions, editNeedsReason, isEditable } from '~/modules/needs/lifecycle';
import { hiringEditSchema } from '~/modules/needs/schema';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.need.title ?? '用工需求'} · 政银企对接平台` }];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireOrgMember(request, 'enterprise');
  const db = await getDb();
  const row = await getOwnHiringNeed(db, member.org.id, params.needId ?? '');
  if (!row) throw httpError(404, 'error.notFound');
  const [positions, edits, counts] = await Promise.all([listPositions(db, row.id), listEdits(db, 'hiring', row.id), responseCounts(db, 'hiring', [row.id])]);
  return json({
    need: {
      id: row.id,
      status: row.status as NeedStatus,
      version: row.version,
      title: row.title,
      publishedAt: row.published_at,
      statusReason: row.status_reason,
      totalHeadcount: row.total_headcount,
      values: hiringValuesOf(row, positions),
    },
    responses: counts.get(row.id) ?? 0,
    edits,
    verified: member.org.status === 'verified',
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireOrgMember(request, 'enterprise');
  const db = await getDb();
  const row = await getOwnHiringNeed(db, member.org.id, params.needId ?? '');
  if (!row) throw httpError(404, 'error.notFound');
  const formData = await request.formData();
  const intent = formData.get('intent');
  const here = `/enterprise/needs/hiring/${row.id}`;

  if (intent === 'save') {
    const schema = hiringEditSchema(row.wanted_by);
    const submission = parseWithZod(formData, { schema });
    // The version the user saw travels back with every failed edit: a stale form stays stale until the page is reloaded.
    const seenVersion = String(formData.get('version') ?? '');
    if (submission.status !== 'success') return json({ form: 'edit' as const, result: submission.reply(), seenVersion }, { status: 400 });
    const { intent: _i, version, reason, ...values } = submission.value;
    const r = await updateHiringNeed(db, { orgId: member.org.id, userId: member.user.id, needId: row.id, version, values, reason });
    if (!r.ok) {
      if (r.error === 'error.notFound') throw httpError(404, 'error.notFound');
      const result = r.field ? submission.reply({ fieldErrors: { [r.field]: [r.error] } }) : submission.reply({ formErrors: [r.error] });
      return json({ form: 'edit' as const, result, seenVersion }, { status: r.error === 'needs.err.stale' ? 409 : 400 });
    }
    return redirect(here, { headers: await flashHeaders({ tone: 'success', message: 'needs.flash.saved' }) });
  }

  return needStatusAction(db, member, 'hiring', row.id, formData);
}

export default function HiringNeedPage() {
  const t = useT();
  const { need, edits, responses, verified } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const v = need.values;
  const schema = hiringEditSchema(v.wanted_by);
  const [form, fields] = useForm({
    id: `hiring-${need.id}`,
    lastResult: actionData?.form === 'edit' ? actionData.result : undefined,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onBlur',
    // corrected errors disappear while typing, not on the blur of clicking a button (which would move it)
    shouldRevalidate: 'onInput',
    defaultValue: {
      title: v.title,
      description: v.description ?? '',
      wanted_by: v.wanted_by ?? '',
      training_support: v.training_support ? 'on' : '',
      positions: paddedPositions(
        v.positions.map((p) => ({ title: p.title, headcount: String(p.headcount), wage_min: String(p.wage_min), wage_max: String(p.wage_max), skills: p.skills ?? '' })),
      ),
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
        subtitle={`${t('needs.kind.hiring')} · ${t('needs.detail.responsesCount', { n: responses })}`}
        actions={<LinkButton to="/enterprise/needs" variant="ghost">{t('action.back')}</LinkButton>}
      />
      <Card>
        <DescriptionList
          items={[
            { label: t('needs.field.total_headcount'), value: t('needs.unit.people', { n: need.totalHeadcount }) },
            { label: t('needs.field.wanted_byHiring'), value: v.wanted_by ?? '' },
            { label: t('needs.field.training_support'), value: t(v.training_support ? 'needs.value.yes' : 'needs.value.no') },
            { label: t('needs.field.published_at'), value: formatDate(need.publishedAt) },
            ...(need.statusReason ? [{ label: t('needs.field.statusReason'), value: need.statusReason }] : []),
          ]}
        />
        <h2 className="mt-4 text-sm font-semibold text-slate-900">{t('needs.field.positions')}</h2>
        <ul className="mt-1 list-disc pl-5 text-sm text-slate-800">
          {v.positions.map((p, i) => (
            <li key={i}>{positionText(p, t)}</li>
          ))}
        </ul>
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
            <HiringNeedFields fields={fields} />
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
