import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextareaField, TextField } from '~/components/form';
import { DataTable } from '~/components/table';
import { Badge, Button, Card, DescriptionList, LinkButton, PageHeader } from '~/components/ui';
import type { Translate } from '~/i18n/translate';
import { useLocale, useT } from '~/i18n/use-t';
import { requireAgreementActor } from '~/modules/agreements/access.server';
import { agreementDetail, getAgreementForActor, listTranches, stepAgreement } from '~/modules/agreements/agreements.server';
import { listAudit } from '~/modules/agreements/audit';
import { MONEY_COLUMNS, STATUS_TONE } from '~/modules/agreements/display';
import { lateRule } from '~/modules/agreements/late.server';
import { allowedSteps, isLate, proposerSide, type Step, type StepKind } from '~/modules/agreements/lifecycle';
import {
  ApproveSchema,
  DETAIL_INTENTS,
  detailSchema,
  EditSchema,
  TerminateSchema,
  TrancheSchema,
  DeclineSchema,
  type DetailIntent,
} from '~/modules/agreements/schema';
import { chinaDate, chinaDateTime } from '~/modules/calendar/working-days';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { errorReply } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { formatTotal, formatWan, yuanToWanInput } from '~/utils/money';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'agreements.detail.meta');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireAgreementActor({ request, context });
  const db = await getDb();
  const found = await getAgreementForActor(db, actor, params.agreementId ?? '');
  if (!found) throw httpError(404, 'error.notFound');
  const { row, side } = found;
  const [detail, tranches, audit, rule] = await Promise.all([
    agreementDetail(db, row),
    listTranches(db, row.id),
    listAudit(db, row.id),
    lateRule(db, row.region_code),
  ]);
  const verified = actor.kind === 'organizer' || actor.verified;
  return json({
    side,
    steps: verified ? allowedSteps(row, side) : [],
    verified,
    proposer: proposerSide(row),
    late: isLate(row, rule.days, rule.today),
    lateDays: rule.days,
    today: chinaDate(new Date()),
    regionName: regionFullName(row.region_code),
    detail,
    tranches,
    audit: audit.map((a) => ({ ...a, createdAtText: chinaDateTime(a.createdAt) })),
    confirmedAtText: chinaDateTime(row.confirmed_at),
    createdAtText: chinaDateTime(row.created_at),
  });
}

const FLASH: Record<DetailIntent, string> = {
  confirm: 'agreements.flash.confirmed',
  decline: 'agreements.flash.declined',
  edit: 'agreements.flash.edited',
  approve: 'agreements.flash.approved',
  disburse: 'agreements.flash.disbursed',
  terminate: 'agreements.flash.terminated',
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireAgreementActor({ request, context });
  const db = await getDb();
  const found = await getAgreementForActor(db, actor, params.agreementId ?? '');
  if (!found) throw httpError(404, 'error.notFound');
  const formData = await readFormData(request);
  const intent = String(formData.get('intent') ?? '');
  // the version the user saw travels back with a failed form: a stale form stays stale until the page is reloaded
  const seenVersion = String(formData.get('version') ?? '');
  if (!(DETAIL_INTENTS as readonly string[]).includes(intent)) {
    return json(
      { form: null, result: { status: 'error', error: { '': ['error.badRequest'] } } as SubmissionResult<string[]>, seenVersion },
      { status: 400 },
    );
  }
  const form = intent as DetailIntent;
  const submission = parseWithZod(formData, { schema: detailSchema(form) });
  if (submission.status !== 'success') return json({ form, result: submission.reply(), seenVersion }, { status: 400 });
  const v = submission.value;
  let step: Step;
  switch (v.intent) {
    case 'confirm':
      step = { kind: 'confirm' };
      break;
    case 'decline':
      step = { kind: 'decline', reason: v.reason };
      break;
    case 'terminate':
      step = { kind: 'terminate', reason: v.reason };
      break;
    case 'approve':
      step = { kind: 'approve', amount: v.approvedAmount, date: v.approvedOn, reason: v.reason ?? null };
      break;
    case 'disburse':
      step = { kind: 'disburse', amount: v.trancheAmount, date: v.disbursedOn };
      break;
    case 'edit':
      step = {
        kind: 'edit',
        reason: v.reason,
        values: {
          amount: v.amount,
          term_months: v.termMonths ?? null,
          document_no: v.documentNo || null,
          signed_on: v.signedOn,
          bank_signatory: v.bankSignatory ?? '',
          enterprise_signatory: v.enterpriseSignatory ?? '',
        },
      };
      break;
  }
  try {
    await stepAgreement(db, actor, found.row.id, step, v.version);
  } catch (e) {
    const { reply, status } = errorReply(e, submission);
    return json({ form, result: reply, seenVersion }, { status });
  }
  return redirect(`/agreements/${found.row.id}`, { headers: await flashHeaders({ tone: 'success', message: FLASH[form] }) });
}

type ActionData = { form: DetailIntent | null; result: SubmissionResult<string[]>; seenVersion: string };

function formatValue(col: string, v: unknown, t: Translate): string {
  if (v === null || v === undefined || v === '') return '—';
  if (MONEY_COLUMNS.has(col) && typeof v === 'number') return formatWan(v);
  if (col === 'status' && typeof v === 'string') return t(`agreements.status.${v}`);
  if (col === 'term_months') return `${String(v)}${t('agreements.unit.months')}`;
  if ((col === 'confirmed_at' || col === 'terminated_at') && typeof v === 'string') return chinaDateTime(v);
  return String(v);
}

function Section({ title, hint, children, testId }: { title: string; hint?: string; children: ReactNode; testId?: string }) {
  return (
    <Card title={title}>
      <div data-testid={testId}>
        {hint ? <p className="mb-3 text-sm text-slate-600">{hint}</p> : null}
        {children}
      </div>
    </Card>
  );
}

/** Hidden fields every step form carries. */
function StepHidden({ intent, version }: { intent: StepKind; version: string | number }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
    </>
  );
}

/** The forms' constraints (required fields, lengths), made once instead of on every render. */
const CONSTRAINTS = {
  edit: getZodConstraint(EditSchema),
  approve: getZodConstraint(ApproveSchema),
  tranche: getZodConstraint(TrancheSchema),
  terminate: getZodConstraint(TerminateSchema),
  decline: getZodConstraint(DeclineSchema),
};

export default function AgreementPage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const a = d.detail.row;
  const can = (s: StepKind) => (d.steps as string[]).includes(s);
  const resultFor = (f: DetailIntent) => (actionData?.form === f ? actionData.result : undefined);
  const versionFor = (f: DetailIntent) => (actionData?.form === f && actionData.seenVersion ? actionData.seenVersion : String(a.version));
  const correction = a.status === 'approved' || a.status === 'disbursed';

  const [editForm, editFields] = useForm({
    id: `edit-${a.id}-${a.version}`,
    lastResult: resultFor('edit'),
    constraint: CONSTRAINTS.edit,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: {
      amount: yuanToWanInput(a.amount),
      termMonths: a.term_months === null ? '' : String(a.term_months),
      documentNo: a.document_no ?? '',
      signedOn: a.signed_on,
      bankSignatory: a.bank_signatory,
      enterpriseSignatory: a.enterprise_signatory,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
  });
  const [approveForm, approveFields] = useForm({
    id: `approve-${a.id}-${a.version}`,
    lastResult: resultFor('approve'),
    constraint: CONSTRAINTS.approve,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { approvedAmount: yuanToWanInput(a.approved_amount ?? a.amount), approvedOn: a.approved_on ?? d.today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApproveSchema }),
  });
  const remaining = a.approved_amount !== null ? Math.max(0, a.approved_amount - a.disbursed_amount) : 0;
  const [trancheForm, trancheFields] = useForm({
    id: `tranche-${a.id}-${a.version}`,
    lastResult: resultFor('disburse'),
    constraint: CONSTRAINTS.tranche,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { trancheAmount: remaining ? yuanToWanInput(remaining) : '', disbursedOn: d.today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TrancheSchema }),
  });
  const [terminateForm, terminateFields] = useForm({
    id: `terminate-${a.id}-${a.version}`,
    lastResult: resultFor('terminate'),
    constraint: CONSTRAINTS.terminate,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TerminateSchema }),
  });
  const [declineForm, declineFields] = useForm({
    id: `decline-${a.id}-${a.version}`,
    lastResult: resultFor('decline'),
    constraint: CONSTRAINTS.decline,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeclineSchema }),
  });
  const confirmErrors = actionData?.form === 'confirm' ? (actionData.result.error?.[''] ?? undefined) : undefined;
  // a refused step whose form is not on the page (not allowed, or no longer): its messages show at the top
  const hidden = actionData && (actionData.form === null || !can(actionData.form));
  const otherErrors = hidden ? Object.values(actionData.result.error ?? {}).flatMap((e) => e ?? []) : undefined;
  const waitingFor = d.proposer === 'bank' ? 'enterprise' : 'bank';

  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {d.detail.enterpriseName}
            <Badge tone={STATUS_TONE[a.status]}>
              <span data-testid="agreement-status">{t(`agreements.status.${a.status}`)}</span>
            </Badge>
            {d.late ? <Badge tone="red">{t('agreements.late')}</Badge> : null}
          </span>
        }
        subtitle={`${d.detail.bankName} · ${a.document_no ? `${t('agreements.field.documentNo')} ${a.document_no}` : t('agreements.detail.noNumber')}`}
        actions={
          <LinkButton to="/agreements" variant="ghost">
            {t('agreements.action.back')}
          </LinkButton>
        }
      />
      <FormErrors errors={otherErrors} />
      {a.status === 'proposed' && !can('confirm') ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-700/30">
          {t('agreements.detail.waiting', { side: t(`agreements.side.${waitingFor}`) })}
        </p>
      ) : null}
      {d.late ? (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-inset ring-red-700/30">
          {t('agreements.detail.late', { days: d.lateDays })}
        </p>
      ) : null}

      <Card title={t('agreements.section.details')}>
        <DescriptionList
          items={[
            { label: t('agreements.field.bank'), value: d.detail.bankName },
            { label: t('agreements.field.enterprise'), value: d.detail.enterpriseName },
            { label: t('agreements.field.amount'), value: <span data-testid="agreement-amount">{formatWan(a.amount)}</span> },
            {
              label: t('agreements.field.termMonths'),
              value: a.term_months === null ? '' : `${a.term_months}${t('agreements.unit.months')}`,
            },
            { label: t('agreements.field.signedOn'), value: a.signed_on },
            { label: t('agreements.field.region'), value: d.regionName },
            { label: t('agreements.field.event'), value: d.detail.eventTitle ?? '' },
            { label: t('agreements.field.need'), value: d.detail.needTitle ?? '' },
            { label: t('agreements.field.product'), value: d.detail.productName ?? '' },
            { label: t('agreements.field.bankSignatory'), value: a.bank_signatory },
            { label: t('agreements.field.enterpriseSignatory'), value: a.enterprise_signatory },
            {
              label: t('agreements.field.proposedBy'),
              value: `${d.detail.proposedByName}（${t(`agreements.side.${d.proposer}`)}） ${d.createdAtText}`,
            },
            {
              label: t('agreements.field.confirmedBy'),
              value: d.detail.confirmedByName ? `${d.detail.confirmedByName} ${d.confirmedAtText}` : '',
            },
            {
              label: t('agreements.field.approvedAmount'),
              value: a.approved_amount === null ? '' : <span data-testid="agreement-approved">{formatWan(a.approved_amount)}</span>,
            },
            { label: t('agreements.field.approvedOn'), value: a.approved_on ?? '' },
            {
              label: t('agreements.field.disbursedAmount'),
              value: <span data-testid="agreement-disbursed">{formatTotal(a.disbursed_amount, locale)}</span>,
            },
            ...(a.status_reason ? [{ label: t('agreements.field.statusReason'), value: a.status_reason }] : []),
          ]}
        />
      </Card>

      {can('confirm') ? (
        <Section
          title={t('agreements.section.confirm')}
          hint={t('agreements.section.confirmHint', { side: t(`agreements.side.${d.proposer}`) })}
          testId="confirm-section"
        >
          <FormErrors errors={confirmErrors} />
          <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
            <Form method="post">
              <StepHidden intent="confirm" version={versionFor('confirm')} />
              <Button disabled={busy}>{t('agreements.action.confirm')}</Button>
            </Form>
            <Form method="post" {...getFormProps(declineForm)} className="flex-1 space-y-2">
              <FormErrors errors={declineForm.errors} />
              <StepHidden intent="decline" version={versionFor('decline')} />
              <TextField field={declineFields.reason} label={t('agreements.field.declineReason')} />
              <Button variant="secondary" disabled={busy}>
                {t('agreements.action.decline')}
              </Button>
            </Form>
          </div>
        </Section>
      ) : null}

      {can('approve') ? (
        <Section
          title={t('agreements.section.approve')}
          hint={t(correction ? 'agreements.section.approveChangeHint' : 'agreements.section.approveHint')}
          testId="approve-section"
        >
          <Form method="post" {...getFormProps(approveForm)} className="grid gap-4 sm:grid-cols-2 sm:items-start">
            <div className="sm:col-span-2">
              <FormErrors errors={approveForm.errors} />
            </div>
            <StepHidden intent="approve" version={versionFor('approve')} />
            <TextField
              field={approveFields.approvedAmount}
              label={t('agreements.field.approvedAmount')}
              inputMode="decimal"
              suffix={t('agreements.unit.wan')}
            />
            <TextField field={approveFields.approvedOn} label={t('agreements.field.approvedOn')} type="date" />
            <div className="sm:col-span-2">
              <TextField
                field={approveFields.reason}
                label={t(correction ? 'agreements.field.reasonRequired' : 'agreements.field.reasonOptional')}
              />
            </div>
            <div className="sm:col-span-2">
              <Button disabled={busy}>{t(correction ? 'agreements.action.changeApproval' : 'agreements.action.approve')}</Button>
            </div>
          </Form>
        </Section>
      ) : null}

      {a.approved_amount !== null || d.tranches.length ? (
        <Section title={t('agreements.section.tranches')} testId="tranches-section">
          <DataTable
            caption={t('agreements.section.tranches')}
            rows={d.tranches}
            rowKey={(r) => r.id}
            empty={t('agreements.tranches.empty')}
            columns={[
              { key: 'date', header: t('agreements.field.disbursedOn'), cell: (r) => r.disbursedOn },
              { key: 'amount', header: t('agreements.field.trancheAmount'), align: 'right', cell: (r) => formatWan(r.amount) },
              { key: 'by', header: t('agreements.audit.who'), cell: (r) => r.createdBy },
            ]}
          />
          {a.approved_amount !== null ? (
            <p className="mt-2 text-sm text-slate-700">
              {t('agreements.tranches.remaining', { amount: formatWan(remaining), approved: formatWan(a.approved_amount) })}
            </p>
          ) : null}
          {can('disburse') ? (
            <Form method="post" {...getFormProps(trancheForm)} className="mt-4 grid gap-4 sm:grid-cols-2 sm:items-start">
              <div className="sm:col-span-2">
                <FormErrors errors={trancheForm.errors} />
              </div>
              <StepHidden intent="disburse" version={versionFor('disburse')} />
              <TextField
                field={trancheFields.trancheAmount}
                label={t('agreements.field.trancheAmount')}
                inputMode="decimal"
                suffix={t('agreements.unit.wan')}
              />
              <TextField field={trancheFields.disbursedOn} label={t('agreements.field.disbursedOn')} type="date" />
              <div className="sm:col-span-2">
                <Button disabled={busy}>{t('agreements.action.disburse')}</Button>
              </div>
            </Form>
          ) : null}
        </Section>
      ) : null}

      {can('edit') ? (
        <Section title={t('agreements.section.edit')} hint={t('agreements.section.editHint')} testId="edit-section">
          <Form method="post" {...getFormProps(editForm)} className="space-y-4">
            <FormErrors errors={editForm.errors} />
            <StepHidden intent="edit" version={versionFor('edit')} />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                field={editFields.amount}
                label={t('agreements.field.amount')}
                inputMode="decimal"
                suffix={t('agreements.unit.wan')}
              />
              <TextField
                field={editFields.termMonths}
                label={t('agreements.field.termMonths')}
                type="number"
                inputMode="numeric"
                suffix={t('agreements.unit.months')}
              />
              <TextField field={editFields.signedOn} label={t('agreements.field.signedOn')} type="date" />
              <TextField field={editFields.documentNo} label={t('agreements.field.documentNo')} />
              <TextField field={editFields.bankSignatory} label={t('agreements.field.bankSignatory')} />
              <TextField field={editFields.enterpriseSignatory} label={t('agreements.field.enterpriseSignatory')} />
            </div>
            <TextareaField field={editFields.reason} label={t('agreements.field.editReason')} rows={2} />
            <Button disabled={busy}>{t('agreements.action.edit')}</Button>
          </Form>
        </Section>
      ) : null}

      {can('terminate') ? (
        <Section title={t('agreements.section.terminate')} hint={t('agreements.section.terminateHint')} testId="terminate-section">
          <Form method="post" {...getFormProps(terminateForm)} className="space-y-3">
            <FormErrors errors={terminateForm.errors} />
            <StepHidden intent="terminate" version={versionFor('terminate')} />
            <TextareaField field={terminateFields.reason} label={t('agreements.field.terminateReason')} rows={2} />
            <Button variant="danger" disabled={busy}>
              {t('agreements.action.terminate')}
            </Button>
          </Form>
        </Section>
      ) : null}

      <Section title={t('agreements.section.audit')} testId="audit-trail">
        <DataTable
          caption={t('agreements.section.audit')}
          rows={d.audit}
          rowKey={(r) => r.id}
          columns={[
            { key: 'when', header: t('agreements.audit.when'), cell: (r) => <span className="whitespace-nowrap">{r.createdAtText}</span> },
            { key: 'who', header: t('agreements.audit.who'), cell: (r) => r.userName },
            {
              key: 'action',
              header: t('agreements.audit.action'),
              cell: (r) => <span data-testid="audit-action">{t(`agreements.audit.${r.action}`)}</span>,
            },
            {
              key: 'changes',
              header: t('agreements.audit.changes'),
              cell: (r) => (
                <ul className="space-y-0.5">
                  {Object.entries(r.changes).map(([col, [before, after]]) => (
                    <li key={col} className="text-xs">
                      <span className="text-slate-600">{t(`agreements.col.${col}`)}：</span>
                      {r.action === 'created'
                        ? formatValue(col, after, t)
                        : `${formatValue(col, before, t)} → ${formatValue(col, after, t)}`}
                    </li>
                  ))}
                </ul>
              ),
            },
            { key: 'reason', header: t('agreements.audit.reason'), cell: (r) => r.reason ?? '—' },
          ]}
        />
      </Section>
      <p className="text-sm">
        <Link to="/agreements" className="text-brand-800 underline">
          {t('agreements.action.back')}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
