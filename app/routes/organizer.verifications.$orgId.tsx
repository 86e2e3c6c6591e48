import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { listDocuments } from '~/modules/documents/documents.server';
import { FormErrors, TextareaField, useSchemaForm } from '~/components/form';
import { OrgStatusBadge } from '~/components/status-badge';
import { DataTable } from '~/components/table';
import { Alert, Badge, Button, Card, DescriptionList, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { identityView, orgProfileView } from '~/modules/organizations/view.server';
import { VerificationDecisionSchema } from '~/modules/organizations/schema';
import { decideVerification, getForVerification } from '~/modules/organizations/verification.server';
import { approveIdentityChange, rejectIdentityChange } from '~/modules/organizations/identity-changes.server';
import { IdentityChange } from '~/components/identity-change';
import { orgKindFacts } from '~/components/org-facts';
import { regionFullName } from '~/modules/regions/regions.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { getDb } from '~/utils/db.server';
import { httpError, isAppError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'verify.detail');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const found = await getForVerification(await getDb(), organizer.regionCode, params.orgId ?? '');
  if (!found) throw httpError(404, 'error.notFound');
  const { pendingChange, history, ...org } = found;
  const documents = await listDocuments(await getDb(), org.id);
  return json({
    documents: documents.map((d) => ({ id: d.id, kind: d.kind, name: d.file_name, type: d.content_type, at: chinaDateTime(d.created_at) })),
    org: orgProfileView(org),
    // a verified organization's change of identity: the verified values beside the proposed ones
    pendingChange: pendingChange
      ? {
          current: identityView(org),
          proposed: identityView(pendingChange),
          requestedAt: chinaDateTime(pendingChange.requested_at),
          requestedBy: pendingChange.requested_by_name ?? '',
        }
      : null,
    history: history.map((h) => ({
      id: h.id,
      action: h.action,
      at: chinaDateTime(h.created_at),
      by: h.user_name ?? '',
      reason: h.reason,
      changes: Object.entries(h.changes).map(([field, [before, after]]) => ({
        field,
        before: field === 'region_code' && before ? regionFullName(before) : (before ?? ''),
        after: field === 'region_code' && after ? regionFullName(after) : (after ?? ''),
      })),
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(await readFormData(request), { schema: VerificationDecisionSchema });
  if (submission.status !== 'success') {
    return json(
      { result: submission.reply(), intent: String(submission.payload.intent ?? ''), formErrors: [] as string[] },
      { status: 400 },
    );
  }
  const db = await getDb();
  const who = { id: organizer.id, regionCode: organizer.regionCode };
  const orgId = params.orgId ?? '';
  const decision = submission.value;
  let message: string;
  try {
    if (decision.intent === 'approveChange') {
      const r = await approveIdentityChange(db, who, orgId);
      message = msg('verify.change.approved', { name: r.name, newName: r.proposedName });
    } else if (decision.intent === 'rejectChange') {
      const r = await rejectIdentityChange(db, who, orgId, decision.reason);
      message = msg('verify.change.rejected', { name: r.name });
    } else {
      const r = await decideVerification(db, who, orgId, decision);
      message = msg(r.status === 'verified' ? 'verify.verified' : 'verify.rejected', { name: r.name });
    }
  } catch (e) {
    if (!isAppError(e) || e.status !== 409) throw e;
    return json({ result: submission.reply(), intent: decision.intent as string, formErrors: [e.messageKey] }, { status: 409 });
  }
  return redirect('/organizer/verifications', { headers: await flashHeaders({ tone: 'success', message }) });
}

function RejectForm({ revoke, intent = 'reject' }: { revoke: boolean; intent?: 'reject' | 'rejectChange' }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(VerificationDecisionSchema, {
    id: intent === 'reject' ? 'reject' : 'reject-change',
    // each reject form shows only the errors of its own submission
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    // clear the error while typing: otherwise the blur on clicking the button moves it away
    shouldRevalidate: 'onInput',
  });
  const change = intent === 'rejectChange';
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value={intent} />
      <TextareaField
        field={fields.reason}
        label={t('verify.rejectReason')}
        hint={t(change ? 'verify.change.rejectHint' : revoke ? 'verify.revokeHint' : 'verify.rejectHint')}
        rows={3}
      />
      <Button variant={change ? 'secondary' : 'danger'} disabled={navigation.state === 'submitting'}>
        {t(change ? 'verify.change.reject' : revoke ? 'verify.revoke' : 'verify.reject')}
      </Button>
    </Form>
  );
}

export default function VerificationDetail() {
  const t = useT();
  const locale = useLocale();
  const { org, pendingChange, history, documents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const isBank = org.kind === 'bank';
  const items = [
    { label: t('org.field.kind'), value: t(`org.kind.${org.kind}`) },
    { label: t('org.field.creditCode'), value: org.credit_code ? <span className="font-mono">{org.credit_code}</span> : null },
    { label: t(isBank ? 'org.field.regionCode.bank' : 'org.field.regionCode'), value: org.regionName },
    ...orgKindFacts(t, locale, org, { industryCode: true, noneServed: t('verify.noneServed') }),
    { label: t('org.field.submittedAt'), value: org.created_at.slice(0, 10) },
    { label: t('org.field.description'), value: org.description },
  ];
  const contact = [
    { label: t('org.field.contactName'), value: org.contact_name },
    { label: t('org.field.contactPhone'), value: org.contact_phone },
    { label: t('org.field.contactEmail'), value: org.contact_email },
  ];
  const statusItems = [
    { label: t('org.field.status'), value: <OrgStatusBadge status={org.status} /> },
    { label: t('org.field.statusChangedAt'), value: org.status_changed_at ? org.status_changed_at.slice(0, 16).replace('T', ' ') : null },
    { label: t('verify.changedBy'), value: org.status_changed_by_name },
    ...(org.status_reason
      ? [{ label: t(org.status === 'rejected' ? 'org.field.statusReason' : 'org.field.previousReason'), value: org.status_reason }]
      : []),
  ];
  return (
    <div className="space-y-4">
      <PageHeader
        title={org.name}
        subtitle={`${t('verify.detail')} · ${t(`org.kind.${org.kind}`)}`}
        actions={
          <Link to="/organizer/verifications" className="text-sm font-medium text-brand-800 underline">
            {t('verify.back')}
          </Link>
        }
      />
      {actionData?.formErrors?.length ? <FormErrors errors={actionData.formErrors} /> : null}
      {org.nameHolder ? <Alert tone="warning">{t('verify.change.nameWarning', { name: org.name })}</Alert> : null}
      {pendingChange ? (
        <Card
          title={
            <>
              {t('verify.change.title')} <Badge tone="yellow">{t('verify.change.badge')}</Badge>
            </>
          }
          className="ring-amber-300"
        >
          <p className="mb-3 text-sm text-slate-700">
            {t('verify.change.lead', { requester: pendingChange.requestedBy, at: pendingChange.requestedAt })}
          </p>
          {org.proposedNameHolder ? (
            <Alert tone="warning">{t('verify.change.nameWarning', { name: pendingChange.proposed.name })}</Alert>
          ) : null}
          <IdentityChange kind={org.kind} current={pendingChange.current} proposed={pendingChange.proposed} />
          <div className="mt-4 grid gap-6 sm:grid-cols-2">
            <Form method="post">
              <input type="hidden" name="intent" value="approveChange" />
              <Button className="w-full" disabled={navigation.state === 'submitting'}>
                {t('verify.change.approve')}
              </Button>
            </Form>
            <RejectForm revoke={false} intent="rejectChange" />
          </div>
        </Card>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title={t('org.section.org')}>
            <DescriptionList items={items} />
          </Card>
          <Card title={t('org.section.contact')}>
            <DescriptionList items={contact} />
          </Card>
          <Card title={t('doc.forVerification')}>
            {documents.length === 0 ? (
              <p className="text-sm text-slate-700">{t('doc.none')}</p>
            ) : (
              <ul className="grid gap-3 sm:grid-cols-2" data-testid="org-documents">
                {documents.map((d) => (
                  <li key={d.id} className="rounded-md p-2 text-sm ring-1 ring-slate-200">
                    <p className="mb-1 flex flex-wrap items-center gap-2">
                      <Badge tone={d.kind === 'licence' ? 'blue' : 'gray'}>{t(`doc.kind.${d.kind}`)}</Badge>
                      <a href={`/documents/${d.id}`} target="_blank" rel="noreferrer" className="text-brand-800 underline">
                        {d.name}
                      </a>
                    </p>
                    {d.type.startsWith('image/') ? (
                      <a href={`/documents/${d.id}`} target="_blank" rel="noreferrer">
                        <img src={`/documents/${d.id}`} alt={d.name} loading="lazy" className="max-h-64 w-full rounded object-contain" />
                      </a>
                    ) : (
                      <p className="text-slate-500">PDF · {d.at}</p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {history.length ? (
            <Card title={t('verify.history.title')}>
              <ul className="space-y-2 text-sm" data-testid="org-history">
                {history.map((h) => (
                  <li key={h.id}>
                    <span className="text-slate-500">{h.at}</span> {h.by} · {t(`verify.history.${h.action}`)}
                    {h.changes.length ? `：${h.changes.map((c) => `${c.before || '—'} → ${c.after || '—'}`).join('；')}` : ''}
                    {h.reason ? `（${h.reason}）` : ''}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <Card title={t('org.field.applicants')}>
            <DataTable
              rows={org.users}
              rowKey={(u) => u.email}
              columns={[
                { key: 'name', header: t('org.field.name'), cell: (u) => u.name },
                { key: 'phone', header: t('org.field.phone'), cell: (u) => u.phone },
                { key: 'email', header: t('org.field.email'), cell: (u) => u.email },
              ]}
            />
          </Card>
        </div>
        <div className="space-y-4">
          <Card title={t('verify.actions')}>
            <DescriptionList items={statusItems} />
            {org.status === 'pending' ? (
              <div className="mt-4 space-y-6">
                <Form method="post">
                  <input type="hidden" name="intent" value="verify" />
                  <Button className="w-full" disabled={navigation.state === 'submitting'}>
                    {t('verify.verify')}
                  </Button>
                </Form>
                <RejectForm revoke={false} />
              </div>
            ) : null}
            {org.status === 'verified' ? (
              <div className="mt-4">
                <RejectForm revoke />
              </div>
            ) : null}
            {org.status === 'rejected' ? <Alert tone="info">{t('verify.awaitingResubmission')}</Alert> : null}
          </Card>
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
