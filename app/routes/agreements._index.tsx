import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { ErrorView } from '~/components/error-view';
import { Pagination } from '~/components/pagination';
import { DataTable } from '~/components/table';
import { Alert, Badge, Button, Card, LinkButton, PageHeader, Stat } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireAgreementActor } from '~/modules/agreements/access.server';
import { lateRule } from '~/modules/agreements/late.server';
import { STATUS_TONE } from '~/modules/agreements/display';
import { isLate } from '~/modules/agreements/lifecycle';
import { filterChoices, listAgreements, scopeOf } from '~/modules/agreements/list.server';
import { AGREEMENT_ORDERS, agreementFiltersFromUrl, filtersQuery } from '~/modules/agreements/schema';
import { getAgreementLateDays } from '~/modules/calendar/settings.server';
import { regionFullName, regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { pageJson } from '~/utils/page-json.server';
import { pageTitle } from '~/utils/meta';
import { formatTotal, formatWan } from '~/utils/money';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'agreements.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAgreementActor({ request, context });
  const url = new URL(request.url);
  const { filters, raw, errors } = agreementFiltersFromUrl(url);
  const page = pageFromUrl(url);
  const db = await getDb();
  const scope = scopeOf(actor);
  const rule = await lateRule(db, actor.kind === 'organizer' ? actor.regionCode : null);
  const opts = actor.kind === 'organizer' ? { lateCutoff: rule.cutoff } : {};
  const [{ rows, totals }, choices] = await Promise.all([
    listAgreements(db, scope, filters, { ...opts, page, pageSize: DEFAULT_PAGE_SIZE }),
    filterChoices(db, scope),
  ]);
  // late badges: an organizer's own threshold (as its filter); for a bank or an enterprise, each district's
  const lateDays = new Map<string, number>();
  if (actor.kind !== 'organizer') {
    for (const code of new Set(rows.filter((r) => r.status === 'signed').map((r) => r.regionCode)))
      lateDays.set(code, await getAgreementLateDays(db, code));
  }
  // the export links carry exactly the filters the list applied
  const applied = { ...raw, late: filters.late && actor.kind === 'organizer' ? '1' : '' };
  for (const k of Object.keys(errors)) (applied as Record<string, string>)[k] = '';
  return pageJson({
    role: actor.kind,
    canCreate: actor.kind === 'organizer' || actor.verified,
    region: actor.kind === 'organizer' ? regionFullName(actor.regionCode) : null,
    districtName: filters.district ? regionName(filters.district) : null,
    lateDays: rule.days,
    raw,
    errors,
    query: filtersQuery(applied),
    page,
    choices,
    totals,
    rows: rows.map((r) => ({
      ...r,
      regionName: regionName(r.regionCode),
      late: isLate({ status: r.status, signed_on: r.signedOn }, lateDays.get(r.regionCode) ?? rule.days, rule.today),
    })),
  });
}

const INPUT =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700';

function Filter({ id, label, error, children }: { id: string; label: ReactNode; error?: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

function Select({ id, value, options, any }: { id: string; value: string; options: { value: string; label: string }[]; any: string }) {
  return (
    <select id={id} name={id} defaultValue={value} className={INPUT}>
      <option value="">{any}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export default function AgreementsList() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const f = d.raw;
  const tot = d.totals;
  const subtitle =
    d.role === 'organizer' ? t('agreements.subtitle.organizer', { region: d.region ?? '' }) : t(`agreements.subtitle.${d.role}`);
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('agreements.title')}
        subtitle={subtitle}
        actions={
          <>
            {d.canCreate ? <LinkButton to="/agreements/new">{t(`agreements.action.new.${d.role}`)}</LinkButton> : null}
            <a
              href={`/agreements.xlsx${d.query}`}
              className="inline-flex min-h-10 items-center rounded-md px-4 py-2 text-sm font-medium text-brand-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
              download
            >
              {t('agreements.action.exportXlsx')}
            </a>
            <a
              href={`/agreements.csv${d.query}`}
              className="inline-flex min-h-10 items-center rounded-md px-4 py-2 text-sm font-medium text-brand-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
              download
            >
              {t('agreements.action.exportCsv')}
            </a>
          </>
        }
      />
      {!d.canCreate ? <Alert tone="warning">{t('agreements.pendingNotice')}</Alert> : null}
      <Card>
        <Form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={t('agreements.filter.label')}>
          <Filter id="q" label={t('agreements.filter.q')}>
            <input id="q" name="q" type="search" defaultValue={f.q} placeholder={t('agreements.filter.qPlaceholder')} className={INPUT} />
          </Filter>
          <Filter id="status" label={t('agreements.field.status')} error={d.errors.status}>
            <Select
              id="status"
              value={f.status}
              any={t('agreements.filter.allStatuses')}
              options={(['proposed', 'signed', 'approved', 'disbursed', 'terminated', 'declined'] as const).map((s) => ({
                value: s,
                label: t(`agreements.status.${s}`),
              }))}
            />
          </Filter>
          <Filter id="event" label={t('agreements.field.event')} error={d.errors.event}>
            <Select id="event" value={f.event} any={t('agreements.filter.allEvents')} options={d.choices.events} />
          </Filter>
          {d.role !== 'bank' ? (
            <Filter id="bank" label={t('agreements.field.bank')} error={d.errors.bank}>
              <Select id="bank" value={f.bank} any={t('agreements.filter.allBanks')} options={d.choices.banks} />
            </Filter>
          ) : null}
          {d.role !== 'enterprise' ? (
            <Filter id="enterprise" label={t('agreements.field.enterprise')} error={d.errors.enterprise}>
              <Select id="enterprise" value={f.enterprise} any={t('agreements.filter.allEnterprises')} options={d.choices.enterprises} />
            </Filter>
          ) : null}
          <Filter id="from" label={t('agreements.filter.from')} error={d.errors.from}>
            <input id="from" name="from" type="month" defaultValue={f.from} placeholder="2026-01" className={INPUT} />
          </Filter>
          <Filter id="to" label={t('agreements.filter.to')} error={d.errors.to}>
            <input id="to" name="to" type="month" defaultValue={f.to} placeholder="2026-12" className={INPUT} />
          </Filter>
          {d.role === 'organizer' ? (
            <div className="flex items-end">
              <label className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name="late"
                  value="1"
                  defaultChecked={f.late === '1'}
                  className="h-4 w-4 rounded border-slate-400 text-brand-700"
                />
                {t('agreements.filter.late', { days: d.lateDays })}
              </label>
            </div>
          ) : null}
          <Filter id="order" label={t('agreements.filter.order')} error={d.errors.order}>
            <select id="order" name="order" defaultValue={f.order || 'signed-desc'} className={INPUT}>
              {AGREEMENT_ORDERS.map((o) => (
                <option key={o} value={o}>
                  {t(`agreements.order.${o}`)}
                </option>
              ))}
            </select>
          </Filter>
          {d.districtName ? (
            <div className="flex items-end">
              <input type="hidden" name="district" value={f.district} />
              <span className="text-sm text-slate-800" data-testid="district-filter">
                {t('agreements.filter.district', { name: d.districtName })}
              </span>
            </div>
          ) : null}
          <div className="flex items-end gap-2">
            <Button>{t('agreements.action.filter')}</Button>
            <LinkButton to="/agreements" variant="ghost">
              {t('agreements.action.reset')}
            </LinkButton>
          </div>
        </Form>
      </Card>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title" className="sr-only">
          {t('agreements.totals.title')}
        </h2>
        <p className="mb-3 text-sm text-slate-800" data-testid="agreements-summary">
          {t('agreements.totals.summary', {
            banks: tot.bankCount,
            enterprises: tot.enterpriseCount,
            n: tot.confirmedCount,
            amount: formatTotal(tot.signedAmount, locale),
          })}
          {tot.terminatedCount > 0
            ? ` ${t('agreements.totals.terminatedNote', { n: tot.terminatedCount, amount: formatTotal(tot.terminatedAmount, locale) })}`
            : ''}
        </p>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5" data-testid="agreements-totals">
          <Stat
            label={t('agreements.totals.signed')}
            value={<span data-testid="total-signed">{formatTotal(tot.signedAmount, locale)}</span>}
          />
          <Stat
            label={t('agreements.totals.approved')}
            value={<span data-testid="total-approved">{formatTotal(tot.approvedAmount, locale)}</span>}
          />
          <Stat
            label={t('agreements.totals.disbursed')}
            value={<span data-testid="total-disbursed">{formatTotal(tot.disbursedAmount, locale)}</span>}
          />
          <Stat
            label={t('agreements.totals.terminated')}
            value={<span data-testid="total-terminated">{formatTotal(tot.terminatedAmount, locale)}</span>}
          />
          <Stat
            label={t('agreements.totals.proposed')}
            value={<span data-testid="total-proposed">{formatTotal(tot.proposedAmount, locale)}</span>}
          />
        </dl>
      </section>

      <p className="text-sm text-slate-700">{t('agreements.list.total', { total: tot.count })}</p>
      <DataTable
        caption={t('agreements.list.caption')}
        rows={d.rows}
        rowKey={(r) => r.id}
        empty={t('agreements.list.empty')}
        columns={[
          {
            key: 'parties',
            header: t('agreements.list.parties'),
            cell: (r) => (
              <div data-testid="agreement-row" data-id={r.id}>
                <Link to={`/agreements/${r.id}`} className="font-medium text-brand-800 underline">
                  {r.enterpriseName}
                </Link>
                <p className="text-xs text-slate-600">
                  {r.bankName} · {r.regionName}
                </p>
                {r.documentNo ? (
                  <p className="text-xs text-slate-600">
                    {t('agreements.field.documentNo')} {r.documentNo}
                  </p>
                ) : null}
              </div>
            ),
          },
          {
            key: 'status',
            header: t('agreements.field.status'),
            cell: (r) => (
              <span className="flex flex-wrap gap-1">
                <Badge tone={STATUS_TONE[r.status]}>{t(`agreements.status.${r.status}`)}</Badge>
                {r.late ? <Badge tone="red">{t('agreements.late')}</Badge> : null}
              </span>
            ),
          },
          { key: 'amount', header: t('agreements.field.amount'), align: 'right', cell: (r) => formatWan(r.amount) },
          {
            key: 'approved',
            header: t('agreements.field.approvedAmount'),
            align: 'right',
            cell: (r) => (r.approvedAmount === null ? '—' : formatWan(r.approvedAmount)),
            wide: true,
          },
          {
            key: 'disbursed',
            header: t('agreements.field.disbursedAmount'),
            align: 'right',
            cell: (r) => (r.disbursedAmount ? formatWan(r.disbursedAmount) : '—'),
            wide: true,
          },
          { key: 'signedOn', header: t('agreements.field.signedOn'), cell: (r) => r.signedOn },
          { key: 'event', header: t('agreements.field.event'), cell: (r) => r.eventTitle ?? '—', wide: true },
        ]}
      />
      <Pagination page={d.page} pageSize={DEFAULT_PAGE_SIZE} total={tot.count} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
