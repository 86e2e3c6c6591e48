import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, SelectField, TextareaField } from '~/components/form';
import { DataTable } from '~/components/table';
import { Alert, Badge, Button, Card, DescriptionList, LinkButton, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { GUARANTEE_TYPES, NEED_PURPOSES, guaranteesOf } from '~/modules/catalog/codes';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { replyWithError } from '~/utils/errors.server';
import {
  bankInterestInNeed,
  bankPublishedProducts,
  expressInterest,
  getEnterpriseProfile,
  getNeedDetail,
  interestsInNeed,
  responseCount,
  revealedContact,
  withdrawInterest,
} from '~/modules/interests/interests.server';
import { enterpriseVisibility, expressInterestError, needPath } from '~/modules/interests/rules';
import { needKindParam, requireNeedViewer } from '~/modules/needs/viewer.server';
import { ExpressInterestSchema, NeedPageActionSchema } from '~/modules/interests/schema';
import { INDUSTRIES, SIZES, label } from '~/modules/organizations/reference';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { formatRate, formatWan } from '~/utils/money';
import { readFormData } from '~/server/form-guard';
import { recordTitle } from '~/utils/meta';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => recordTitle(matches, data?.need.title, 'needs.pageTitle');

const INTEREST_TONE = { pending: 'yellow', accepted: 'green', declined: 'red', withdrawn: 'gray' } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const kind = needKindParam(params.kind);
  const { db, need, viewer } = await requireNeedViewer({ request, context }, kind, params.needId ?? '');
  const viewerRole = viewer.role;
  const bankStatus = viewer.role === 'bank' ? viewer.member.org.status : undefined;
  const bank =
    viewer.role === 'bank'
      ? {
          verified: viewer.verified,
          interest: viewer.interest,
          products: viewer.verified ? await bankPublishedProducts(db, viewer.member.org.id) : [],
          contact: viewer.verified ? await revealedContact(db, viewer.member.org.id, kind, need.id) : null,
        }
      : null;
  const visibility = enterpriseVisibility({
    role: viewerRole,
    orgStatus: bankStatus,
    owner: viewerRole === 'enterprise',
    accepted: bank?.interest?.status === 'accepted',
  });
  const [detail, enterprise, responses, interests] = await Promise.all([
    getNeedDetail(db, kind, need.id),
    getEnterpriseProfile(db, need.organizationId, visibility.finances),
    responseCount(db, kind, need.id),
    viewerRole === 'bank' ? Promise.resolve([]) : interestsInNeed(db, kind, need.id),
  ]);
  if (!detail || !enterprise) throw httpError(404, 'error.notFound');
  return pageJson({
    need: { ...need, publishedAtText: chinaDateTime(need.publishedAt), regionName: regionFullName(need.regionCode) },
    detail,
    enterprise: { ...enterprise, regionName: regionFullName(enterprise.regionCode) },
    responses,
    viewerRole,
    bank: bank
      ? {
          verified: bank.verified,
          products: bank.products,
          contact: bank.interest?.status === 'accepted' ? bank.contact : null,
          interest: bank.interest ? { ...bank.interest, createdAtText: chinaDateTime(bank.interest.createdAt) } : null,
          canExpress: !!bankStatus && expressInterestError(need.status, bankStatus, bank.interest?.status ?? null) === null,
        }
      : null,
    interests: interests.map((i) => ({
      id: i.id,
      bankName: i.bankName,
      status: i.status,
      productName: i.productName,
      message: i.message,
      createdAtText: chinaDateTime(i.createdAt),
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const kind = needKindParam(params.kind);
  const member = await requireOrgMember({ request, context }, 'bank');
  const needId = params.needId ?? '';
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: NeedPageActionSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const db = await getDb();
  const actor = { bankOrgId: member.org.id, bankStatus: member.org.status, userId: member.user.id };
  const v = submission.value;
  try {
    if (v.intent === 'express') {
      await expressInterest(db, actor, { kind, needId, message: v.message, productId: v.productId ?? null });
    } else {
      const mine = await bankInterestInNeed(db, member.org.id, kind, needId);
      if (!mine || mine.id !== v.interestId) throw httpError(404, 'error.notFound');
      await withdrawInterest(db, actor, v.interestId);
    }
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(needPath(kind, needId), {
    headers: await flashHeaders({
      tone: 'success',
      message: v.intent === 'express' ? 'interests.flash.expressed' : 'interests.flash.withdrawn',
    }),
  });
}

function NeedDetails() {
  const t = useT();
  const locale = useLocale();
  const { need, detail } = useLoaderData<typeof loader>();
  const common = [
    { label: t('interests.need.status'), value: t(`interests.needStatus.${need.status}`) },
    { label: t('interests.need.region'), value: need.regionName },
    { label: t('interests.need.publishedAt'), value: need.publishedAtText },
  ];
  if (detail.kind === 'financing') {
    return (
      <DescriptionList
        items={[
          { label: t('interests.need.amount'), value: formatWan(detail.amount) },
          { label: t('interests.need.term'), value: t('interests.need.termMonths', { n: detail.termMonths }) },
          { label: t('interests.need.purpose'), value: label(NEED_PURPOSES, detail.purpose, locale) },
          {
            label: t('interests.need.guarantees'),
            value: guaranteesOf(detail.guaranteeMask)
              .map((g) => label(GUARANTEE_TYPES, g, locale))
              .join('、'),
          },
          {
            label: t('interests.need.maxRate'),
            value: detail.maxRateBp === null ? t('interests.need.noCeiling') : formatRate(detail.maxRateBp),
          },
          { label: t('interests.need.wantedBy'), value: detail.wantedBy },
          ...common,
          { label: t('interests.need.description'), value: detail.description },
        ]}
      />
    );
  }
  return (
    <div className="space-y-4">
      <DescriptionList
        items={[
          { label: t('interests.need.totalHeadcount'), value: String(detail.totalHeadcount) },
          { label: t('interests.need.trainingSupport'), value: detail.trainingSupport ? t('interests.need.yes') : t('interests.need.no') },
          { label: t('interests.need.wantedBy'), value: detail.wantedBy },
          ...common,
          { label: t('interests.need.description'), value: detail.description },
        ]}
      />
      <DataTable
        caption={t('interests.need.positions')}
        rows={detail.positions}
        rowKey={(p) => p.title + p.headcount}
        columns={[
          { key: 'title', header: t('interests.need.position'), cell: (p) => p.title },
          { key: 'headcount', header: t('interests.need.headcount'), cell: (p) => p.headcount, align: 'right' },
          {
            key: 'wage',
            header: t('interests.need.wage'),
            cell: (p) => `${p.wageMin.toLocaleString()}–${p.wageMax.toLocaleString()}`,
            align: 'right',
          },
          { key: 'skills', header: t('interests.need.skills'), cell: (p) => p.skills ?? '', wide: true },
        ]}
      />
    </div>
  );
}

function EnterpriseCard() {
  const t = useT();
  const locale = useLocale();
  const { enterprise } = useLoaderData<typeof loader>();
  const f = enterprise.finances;
  return (
    <Card title={t('interests.ent.title')}>
      <DescriptionList
        items={[
          { label: t('interests.ent.name'), value: enterprise.name },
          { label: t('interests.need.region'), value: enterprise.regionName },
          { label: t('interests.ent.industry'), value: label(INDUSTRIES, enterprise.industry, locale) },
          { label: t('interests.ent.size'), value: label(SIZES, enterprise.size, locale) },
          { label: t('interests.ent.founded'), value: enterprise.foundedYear ? String(enterprise.foundedYear) : '' },
          ...(f
            ? [
                { label: t('interests.ent.registeredCapital'), value: f.registeredCapital === null ? '' : formatWan(f.registeredCapital) },
                { label: t('interests.ent.annualRevenue'), value: f.annualRevenue === null ? '' : formatWan(f.annualRevenue) },
                { label: t('interests.ent.employees'), value: f.employees === null ? '' : String(f.employees) },
              ]
            : []),
        ]}
      />
      {enterprise.description ? <p className="mt-3 text-sm text-slate-700">{enterprise.description}</p> : null}
      {!f ? <p className="mt-3 text-sm text-slate-600">{t('interests.ent.financesHidden')}</p> : null}
    </Card>
  );
}

function BankPanel() {
  const t = useT();
  const { bank } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: INTEREST_CONSTRAINT,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExpressInterestSchema }),
  });
  if (!bank) return null;
  const interest = bank.interest;
  return (
    <div className="space-y-6">
      {interest && interest.status !== 'withdrawn' ? (
        <Card
          title={t('interests.my.title')}
          actions={<Badge tone={INTEREST_TONE[interest.status]}>{t(`interests.status.${interest.status}`)}</Badge>}
        >
          <DescriptionList
            items={[
              { label: t('interests.my.message'), value: interest.message },
              { label: t('interests.my.product'), value: interest.productName },
              { label: t('interests.my.createdAt'), value: interest.createdAtText },
              { label: t('interests.my.response'), value: interest.responseMessage },
            ]}
          />
          {interest.status === 'pending' ? (
            <Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="withdraw" />
              <input type="hidden" name="interestId" value={interest.id} />
              <Button variant="secondary">{t('interests.form.withdraw')}</Button>
            </Form>
          ) : null}
        </Card>
      ) : null}

      <Card title={t('interests.contact.title')}>
        {bank.contact ? (
          <div data-testid="enterprise-contact">
            <DescriptionList
              items={[
                { label: t('interests.contact.name'), value: bank.contact.name },
                { label: t('interests.contact.phone'), value: bank.contact.phone },
                { label: t('interests.contact.email'), value: bank.contact.email },
              ]}
            />
          </div>
        ) : (
          <p className="text-sm text-slate-600">{t('interests.contact.hidden')}</p>
        )}
      </Card>

      {bank.canExpress ? (
        <Card title={t('interests.form.title')}>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <input type="hidden" name="intent" value="express" />
            <TextareaField field={fields.message} label={t('interests.form.message')} hint={t('interests.form.messageHint')} />
            {bank.products.length > 0 ? (
              <SelectField
                field={fields.productId}
                label={t('interests.form.product')}
                placeholder={t('interests.form.noProduct')}
                options={bank.products.map((p) => ({ value: p.id, label: p.name }))}
              />
            ) : null}
            <Button disabled={navigation.state === 'submitting'}>{t('interests.form.submit')}</Button>
          </Form>
        </Card>
      ) : !bank.verified ? (
        <Alert tone="warning">{t('interests.form.pendingBank')}</Alert>
      ) : !interest || interest.status === 'withdrawn' ? (
        <Alert tone="info">{t('interests.form.closed')}</Alert>
      ) : null}
      {/* keeps the form's errors visible when the need closed meanwhile */}
      {!bank.canExpress && form.errors?.length ? <FormErrors errors={form.errors} /> : null}
    </div>
  );
}

function InterestList() {
  const t = useT();
  const { interests } = useLoaderData<typeof loader>();
  return (
    <Card title={t('interests.banks.title')}>
      <DataTable
        rows={interests}
        rowKey={(r) => r.id}
        empty={t('interests.banks.none')}
        columns={[
          { key: 'bank', header: t('interests.banks.bank'), cell: (r) => r.bankName },
          {
            key: 'status',
            header: t('interests.banks.status'),
            cell: (r) => <Badge tone={INTEREST_TONE[r.status]}>{t(`interests.status.${r.status}`)}</Badge>,
          },
          { key: 'product', header: t('interests.banks.product'), cell: (r) => r.productName ?? '—', wide: true },
          { key: 'message', header: t('interests.banks.message'), cell: (r) => r.message, wide: true },
          { key: 'created', header: t('interests.banks.createdAt'), cell: (r) => r.createdAtText },
        ]}
      />
    </Card>
  );
}

/** The interest form's constraints, made once instead of on every render. */
const INTEREST_CONSTRAINT = getZodConstraint(ExpressInterestSchema);

export default function NeedPage() {
  const t = useT();
  const { need, responses, viewerRole } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={need.title}
        subtitle={`${t(`interests.kind.${need.kind}`)} · ${t('interests.need.responses', { n: responses })}`}
        actions={
          viewerRole === 'organizer' && need.kind === 'financing' ? (
            <LinkButton to={`/organizer/needs/${need.kind}/${need.id}/matches`} variant="secondary">
              {t('interests.need.viewMatches')}
            </LinkButton>
          ) : viewerRole === 'enterprise' && need.kind === 'financing' ? (
            <LinkButton to={`/enterprise/needs/financing/${need.id}/matches`} variant="secondary">
              {t('interests.need.viewMatches')}
            </LinkButton>
          ) : undefined
        }
      />
      {viewerRole !== 'bank' ? <Alert tone="info">{t('interests.need.readOnly')}</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={t('interests.need.details')}>
            <NeedDetails />
          </Card>
          <EnterpriseCard />
          {viewerRole !== 'bank' ? <InterestList /> : null}
        </div>
        <div>{viewerRole === 'bank' ? <BankPanel /> : null}</div>
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
