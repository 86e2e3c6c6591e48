import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { StageTrack } from '~/components/application-stage';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField, useSchemaForm } from '~/components/form';
import { EditHistory, formatDate, formatNeedValue, NeedStatusBadge, positionText } from '~/components/need-display';
import { FinancingNeedFields, HiringNeedFields, paddedPositions } from '~/components/need-forms';
import { NeedStatusActions } from '~/components/need-status-actions';
import { Alert, Button, Card, DescriptionList, LinkButton, PageHeader } from '~/components/ui';
import type { Translate } from '~/i18n/translate';
import { useLocale, useT } from '~/i18n/use-t';
import { enterpriseApplications } from '~/modules/applications/applications.server';
import { isVerifiedOrg } from '~/modules/needs/access';
import { responseCounts } from '~/modules/needs/directory.server';
import { listEdits } from '~/modules/needs/edits.server';
import { allowedTransitions, editNeedsReason, isEditable } from '~/modules/needs/lifecycle';
import { updateNeed, type NeedHead } from '~/modules/needs/needs.server';
import { requireOwnNeed } from '~/modules/needs/viewer.server';
import { NEED_FORMS, type FinancingValues, type HiringValues } from '~/modules/needs/schema';
import { needStatusAction } from '~/modules/needs/status-action.server';
import { isAppError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { formatRate, yuanToWanInput } from '~/utils/money';
import { readFormData } from '~/server/form-guard';
import { recordTitle } from '~/utils/meta';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => recordTitle(matches, data?.need.title, 'needs.pageTitle');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { kind, member, db, own } = await requireOwnNeed({ request, context }, params.kind, params.needId ?? '');
  const [edits, counts, applications] = await Promise.all([
    listEdits(db, kind, own.head.id),
    responseCounts(db, kind, [own.head.id]),
    kind === 'financing' ? enterpriseApplications(db, member.org.id, { needId: own.head.id }) : Promise.resolve([]),
  ]);
  return json({
    kind,
    need: { ...own.head, values: own.values },
    responses: counts.get(own.head.id) ?? 0,
    applications,
    edits,
    verified: isVerifiedOrg(member.org.status),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { kind, member, db, own } = await requireOwnNeed({ request, context }, params.kind, params.needId ?? '');
  const needId = own.head.id;
  const formData = await readFormData(request);

  if (formData.get('intent') === 'save') {
    const submission = parseWithZod(formData, { schema: NEED_FORMS[kind].edit(own.head.wantedBy) });
    // The version the user saw travels back with every failed edit: a stale form stays stale until the page is reloaded.
    const seenVersion = String(formData.get('version') ?? '');
    if (submission.status !== 'success') return json({ form: 'edit' as const, result: submission.reply(), seenVersion }, { status: 400 });
    const { intent: _i, version, reason, ...values } = submission.value;
    try {
      await updateNeed(db, kind, { orgId: member.org.id, userId: member.user.id, needId, version, values, reason });
    } catch (e) {
      if (!isAppError(e) || e.status === 404) throw e;
      const result = e.fieldErrors ? submission.reply({ fieldErrors: e.fieldErrors }) : submission.reply({ formErrors: [e.messageKey] });
      return json({ form: 'edit' as const, result, seenVersion }, { status: e.status });
    }
    return redirect(`/enterprise/needs/${kind}/${needId}`, {
      headers: await flashHeaders({ tone: 'success', message: 'needs.flash.saved' }),
    });
  }

  return needStatusAction(db, member, kind, needId, formData);
}

type Head = Pick<NeedHead, 'publishedAt' | 'statusReason' | 'totalHeadcount'>;

/** What the page shows per kind: the facts, the form's starting values, its fields, more links. */
const VIEW = {
  financing: {
    facts: (need: Head, v: FinancingValues, t: Translate, locale: string) => [
      { label: t('needs.field.amount'), value: formatNeedValue('amount', v.amount, t, locale) },
      { label: t('needs.field.term_months'), value: formatNeedValue('term_months', v.term_months, t, locale) },
      { label: t('needs.field.purpose'), value: formatNeedValue('purpose', v.purpose, t, locale) },
      { label: t('needs.field.guarantees'), value: formatNeedValue('guarantees', v.guarantees, t, locale) },
      { label: t('needs.field.max_rate'), value: v.max_rate == null ? t('needs.value.noCeiling') : formatRate(v.max_rate) },
      { label: t('needs.field.wanted_by'), value: v.wanted_by ?? '' },
      { label: t('needs.field.published_at'), value: formatDate(need.publishedAt) },
      { label: t('needs.field.attachments'), value: v.attachments.join('、') },
    ],
    more: (_v: FinancingValues, _t: Translate): ReactNode => null,
    defaults: (v: FinancingValues) => ({
      title: v.title,
      amount: yuanToWanInput(v.amount),
      term_months: String(v.term_months),
      purpose: v.purpose,
      guarantees: v.guarantees,
      max_rate: v.max_rate == null ? '' : formatRate(v.max_rate).replace('%', ''),
      wanted_by: v.wanted_by ?? '',
      description: v.description ?? '',
      attachments: v.attachments.join('\n'),
    }),
    Fields: FinancingNeedFields,
    matches: true,
  },
  hiring: {
    facts: (need: Head, v: HiringValues, t: Translate) => [
      { label: t('needs.field.total_headcount'), value: t('needs.unit.people', { n: need.totalHeadcount ?? 0 }) },
      { label: t('needs.field.wanted_byHiring'), value: v.wanted_by ?? '' },
      { label: t('needs.field.training_support'), value: t(v.training_support ? 'needs.value.yes' : 'needs.value.no') },
      { label: t('needs.field.published_at'), value: formatDate(need.publishedAt) },
    ],
    more: (v: HiringValues, t: Translate): ReactNode => (
      <>
        <h2 className="mt-4 text-sm font-semibold text-slate-900">{t('needs.field.positions')}</h2>
        <ul className="mt-1 list-disc pl-5 text-sm text-slate-800">
          {v.positions.map((p, i) => (
            <li key={i}>{positionText(p, t)}</li>
          ))}
        </ul>
      </>
    ),
    defaults: (v: HiringValues) => ({
      title: v.title,
      description: v.description ?? '',
      wanted_by: v.wanted_by ?? '',
      training_support: v.training_support ? 'on' : '',
      positions: paddedPositions(
        v.positions.map((p) => ({
          title: p.title,
          headcount: String(p.headcount),
          wage_min: String(p.wage_min),
          wage_max: String(p.wage_max),
          skills: p.skills ?? '',
        })),
      ),
    }),
    Fields: HiringNeedFields,
    matches: false,
  },
} as const;

/** One kind's view, typed for values of either kind (the loader pairs `kind` with its values). */
type AnyView = {
  facts: (need: Head, v: unknown, t: Translate, locale: string) => { label: string; value: ReactNode }[];
  more: (v: unknown, t: Translate) => ReactNode;
  defaults: (v: unknown) => Record<string, unknown>;
  Fields: (props: { fields: never }) => JSX.Element;
  matches: boolean;
};

export default function NeedPage() {
  const t = useT();
  const locale = useLocale();
  const { kind, need, edits, responses, applications, verified } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const view = VIEW[kind] as unknown as AnyView;
  const v = need.values as { description?: string };
  const schema = NEED_FORMS[kind].edit(need.wantedBy);
  const [form, fields] = useSchemaForm(schema, {
    id: `${kind}-${need.id}`,
    lastResult: actionData?.form === 'edit' ? actionData.result : undefined,
    // corrected errors disappear while typing, not on the blur of clicking a button (which would move it)
    shouldRevalidate: 'onInput',
    // conform types the defaults after the union of both schemas; the kind picked them
    defaultValue: view.defaults(need.values) as Record<string, string>,
  });
  const status = need.status;
  const editable = isEditable(status);
  const needsReason = editNeedsReason(status);
  const busy = navigation.state === 'submitting';
  const Fields = view.Fields as (props: { fields: typeof fields }) => JSX.Element;
  const back = (
    <LinkButton to="/enterprise/needs" variant="ghost">
      {t('action.back')}
    </LinkButton>
  );
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {need.title} <NeedStatusBadge status={status} />
          </span>
        }
        subtitle={`${t(`needs.kind.${kind}`)} · ${t('needs.detail.responsesCount', { n: responses })}`}
        actions={
          view.matches ? (
            <>
              <LinkButton to={`/enterprise/needs/${kind}/${need.id}/matches`} variant="secondary">
                {t('interests.matches.needTitle')}
              </LinkButton>
              {back}
            </>
          ) : (
            back
          )
        }
      />
      <Card>
        <DescriptionList
          items={[
            ...view.facts(need, need.values, t, locale),
            ...(need.statusReason ? [{ label: t('needs.field.statusReason'), value: need.statusReason }] : []),
          ]}
        />
        {view.more(need.values, t)}
        {v.description ? <p className="mt-4 whitespace-pre-line text-sm text-slate-800">{v.description}</p> : null}
      </Card>

      {applications.length > 0 ? (
        <Card title={t('applications.forNeed')}>
          <ul className="divide-y divide-slate-100" data-testid="need-applications">
            {applications.map((a) => (
              <li key={a.id} className="py-3 first:pt-0 last:pb-0" data-testid={`need-application-${a.id}`}>
                <p className="text-sm">
                  <Link to={`/products/${a.productId}`} className="font-medium text-brand-800 underline">
                    {a.productName}
                  </Link>{' '}
                  · {a.bankName} ·{' '}
                  <span className="whitespace-nowrap tabular-nums">{t('applications.appliedOn', { date: a.createdOn })}</span>
                  {a.agreementId ? (
                    <>
                      {' '}
                      ·{' '}
                      <Link to={`/agreements/${a.agreementId}`} className="text-brand-800 underline">
                        {t('applications.toAgreement')}
                      </Link>
                    </>
                  ) : null}
                </p>
                <div className="mt-2">
                  <StageTrack stage={a.stage} />
                </div>
                {a.status === 'more_info' ? (
                  <p className="mt-2 text-sm text-amber-900">{t('applications.moreInfoAsked', { reason: a.reason ?? '' })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

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
            <Fields fields={fields} />
            {needsReason ? <TextField field={fields.reason} label={t('needs.field.reason')} hint={t('needs.hint.reason')} /> : null}
            <Button name="intent" value="save" disabled={busy}>
              {t('needs.action.saveEdit')}
            </Button>
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
