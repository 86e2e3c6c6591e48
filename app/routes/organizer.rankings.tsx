/**
 * 月度排名: the organizer chooses a month and sees its region's banks and
 * districts ranked by the amount signed in it, with the change since the month
 * before (↑/↓ n places, amount), fulfilment and response timeliness; the
 * bulletin downloads as PDF and the tables as XLSX.
 */
import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FollowThroughSection } from '~/components/follow-through';
import { FieldErrors, FormErrors } from '~/components/form';
import { DataTable, type Column } from '~/components/table';
import { Button, Card, PageHeader, Stat, buttonClass, cx } from '~/components/ui';
import { localeFromRequest } from '~/i18n/locale';
import type { Translate } from '~/i18n/translate';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { monthFollowThrough } from '~/modules/followup/outcomes.server';
import { newsSentence } from '~/modules/reports/news';
import { getIssuedBulletin } from '~/modules/reports/bulletin.server';
import { computeMonthlyRanking, type RankingRow } from '~/modules/reports/ranking.server';
import { changeText, rankText } from '~/modules/reports/rank';
import { RANKING_NOTES } from '~/modules/reports/ranking-notes';
import { chinaMonth, formatPercentBp, formatPointsBp, previousMonth, RankingQuerySchema } from '~/modules/reports/ranking-month';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { formatTotal, formatWan, toWan } from '~/utils/money';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'ranking.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const url = new URL(request.url);
  const submission = parseWithZod(url.searchParams, { schema: RankingQuerySchema });
  const region = regionFullName(organizer.regionCode);
  const current = chinaMonth();
  if (submission.status !== 'success') {
    return json(
      {
        region,
        current,
        month: url.searchParams.get('month') ?? '',
        result: submission.reply() as SubmissionResult<string[]> | null,
        ranking: null,
        issued: null,
        news: '',
        followThrough: null,
      },
      { status: 400 },
    );
  }
  // the page opens on the last complete month; the current one is selectable (marked 截至)
  const month = submission.value.month ?? previousMonth(current);
  const db = await getDb();
  const [ranking, issued, followThrough] = await Promise.all([
    computeMonthlyRanking(db, { regionCode: organizer.regionCode, month }),
    getIssuedBulletin(db, organizer.regionCode, month),
    monthFollowThrough(db, organizer.regionCode, month),
  ]);
  return json({
    region,
    current,
    month,
    result: null as SubmissionResult<string[]> | null,
    ranking,
    issued,
    news: newsSentence(ranking.news, localeFromRequest(request)),
    followThrough,
  });
}

function monthText(t: Translate, month: string): string {
  const [year, m] = month.split('-');
  return t('ranking.month.display', { year, month: String(Number(m)) });
}

function RankCell({ r }: { r: RankingRow }) {
  const t = useT();
  return (
    <span className="whitespace-nowrap font-semibold" data-testid="ranking-rank">
      {rankText(r, t('ranking.tied'))}
    </span>
  );
}

function RankChange({ change }: { change: RankingRow['change'] }) {
  const t = useT();
  const text = changeText(change, { same: t('ranking.change.same'), new: t('ranking.change.new') });
  if (change.kind !== 'moved' || change.places === 0) {
    return (
      <span className={cx(change.kind === 'new' ? 'font-medium text-brand-800' : 'text-slate-600')} data-testid="rank-change">
        <span aria-hidden="true">{text}</span>
        <span className="sr-only">
          {t(change.kind === 'new' ? 'ranking.rank.new' : change.kind === 'none' ? 'ranking.rank.none' : 'ranking.rank.same')}
        </span>
      </span>
    );
  }
  const up = change.places > 0;
  return (
    <span className={cx('font-medium', up ? 'text-green-800' : 'text-red-800')} data-testid="rank-change">
      <span aria-hidden="true">{text}</span>
      <span className="sr-only">{t(up ? 'ranking.rank.up' : 'ranking.rank.down', { n: Math.abs(change.places) })}</span>
    </span>
  );
}

/** The units with nothing signed in the month: listed apart, not ranked. */
function IdleUnits({ rows, name, testId }: { rows: RankingRow[]; name: (r: RankingRow) => string; testId: string }) {
  const t = useT();
  const idle = rows.filter((r) => r.rank === null);
  return (
    <div className="mt-4 rounded-md bg-slate-50 p-3 text-sm text-slate-800" data-testid={testId}>
      <h3 className="font-medium">{t('ranking.idle.title')}</h3>
      <p className="mt-1 text-slate-700">
        {idle.length === 0
          ? t('ranking.idle.none')
          : `${t('ranking.idle.hint')}${idle.map((r) => (r.prevRank !== null ? t('ranking.idle.prev', { name: name(r), rank: r.prevRank }) : name(r))).join('、')}`}
      </p>
    </div>
  );
}

function amountChange(yuan: number): string {
  if (yuan === 0) return '±0';
  return `${yuan > 0 ? '+' : '-'}${toWan(Math.abs(yuan))}`;
}

function rankingColumns(t: Translate, nameHeader: string, name: (r: RankingRow) => string): Column<RankingRow>[] {
  return [
    { key: 'rank', header: t('ranking.col.rank'), align: 'right', cell: (r) => <RankCell r={r} /> },
    { key: 'name', header: nameHeader, cell: (r) => <span data-testid="ranking-name">{name(r)}</span> },
    {
      key: 'signed',
      header: t('ranking.col.signed'),
      align: 'right',
      cell: (r) => (
        <span className="whitespace-nowrap" data-testid="ranking-signed">
          {formatWan(r.signed)}
        </span>
      ),
    },
    { key: 'count', header: t('ranking.col.count'), align: 'right', cell: (r) => r.signedCount, wide: true },
    {
      key: 'change',
      header: t('ranking.col.change'),
      align: 'right',
      cell: (r) => (
        <span className="inline-flex flex-col items-end">
          <RankChange change={r.change} />
          <span className="whitespace-nowrap text-xs text-slate-600">{amountChange(r.signedChange)}</span>
        </span>
      ),
    },
    {
      key: 'fulfilment',
      header: t('ranking.col.fulfilment'),
      align: 'right',
      wide: true,
      cell: (r) => (
        <span className="inline-flex flex-col items-end">
          <span>{formatPercentBp(r.fulfilmentBp)}</span>
          {r.fulfilmentChangeBp !== null ? <span className="text-xs text-slate-600">{formatPointsBp(r.fulfilmentChangeBp)}</span> : null}
        </span>
      ),
    },
    {
      key: 'timeliness',
      header: t('ranking.col.timeliness'),
      align: 'right',
      wide: true,
      cell: (r) => (
        <span className="inline-flex flex-col items-end">
          <span>{formatPercentBp(r.timelinessBp)}</span>
          <span className="text-xs text-slate-600">
            {r.timely}/{r.due}
          </span>
        </span>
      ),
    },
    {
      key: 'satisfaction',
      header: t('ranking.col.satisfaction'),
      align: 'right',
      wide: true,
      cell: (r) => (
        <span className="inline-flex flex-col items-end" data-testid="ranking-satisfaction">
          <span>{formatPercentBp(r.satisfactionBp)}</span>
          <span className="text-xs text-slate-600">
            {r.satisfied}/{r.rated}
          </span>
        </span>
      ),
    },
  ];
}

export default function RankingsPage() {
  const t = useT();
  const locale = useLocale();
  const { region, current, month, result, ranking, issued, news, followThrough } = useLoaderData<typeof loader>();
  const last = previousMonth(current);
  const [form, fields] = useForm({ id: 'ranking-month', lastResult: result ?? undefined, defaultValue: { month } });
  const query = ranking ? `?month=${encodeURIComponent(ranking.month)}` : '';
  const districtName = (r: RankingRow) => (r.cityLevel ? t('ranking.cityLevel', { name: r.name }) : r.name);
  return (
    <div>
      <PageHeader
        title={t('ranking.title')}
        subtitle={ranking ? t('ranking.subtitle', { region, month: monthText(t, ranking.month) }) : region}
        actions={
          ranking ? (
            <>
              <a href={`/organizer/rankings.pdf${query}`} className={buttonClass('primary')} download>
                {t('ranking.downloadPdf')}
              </a>
              <a href={`/organizer/rankings.docx${query}`} className={buttonClass('secondary')} download>
                {t('bulletin.downloadDocx')}
              </a>
              <a href={`/organizer/rankings.xlsx${query}`} className={buttonClass('secondary')} download>
                {t('ranking.downloadXlsx')}
              </a>
            </>
          ) : null
        }
      />
      <Form method="get" {...getFormProps(form)} className="mb-6 flex flex-wrap items-end gap-3">
        <FormErrors errors={form.errors} />
        <div className="w-56">
          <label htmlFor={fields.month.id} className="mb-1 block text-sm font-medium text-slate-800">
            {t('ranking.month.label')}
          </label>
          <input
            {...getInputProps(fields.month, { type: 'month', ariaDescribedBy: fields.month.descriptionId })}
            key={fields.month.key}
            placeholder="2026-11"
            className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700 aria-[invalid=true]:ring-red-600"
          />
          <p id={fields.month.descriptionId} className="mt-1 text-xs text-slate-600">
            {t('ranking.month.hint')}
          </p>
          <FieldErrors id={fields.month.errorId} errors={fields.month.errors} />
        </div>
        <Button variant="secondary">{t('ranking.show')}</Button>
        <nav className="flex gap-3 pb-2 text-sm" aria-label={t('ranking.month.label')}>
          <a href={`?month=${last}`} className="text-brand-800 underline" aria-current={month === last ? 'page' : undefined}>
            {t('ranking.month.last')}
          </a>
          <a href={`?month=${current}`} className="text-brand-800 underline" aria-current={month === current ? 'page' : undefined}>
            {t('ranking.month.current')}
          </a>
        </nav>
      </Form>
      {ranking ? (
        <div className="mb-4 flex flex-wrap items-center gap-3 text-sm text-slate-800" data-testid="bulletin-status">
          <span>{issued ? t('bulletin.issued', { no: issued.documentNo, date: issued.issuedOn }) : t('bulletin.draft')}</span>
          {!issued ? (
            <Form method="post" action="/organizer/bulletin">
              <input type="hidden" name="intent" value="issueBulletin" />
              <input type="hidden" name="month" value={ranking.month} />
              <Button variant="secondary" title={t('bulletin.issue.hint')}>
                {t('bulletin.issue')}
              </Button>
            </Form>
          ) : null}
          <a href="/organizer/bulletin" className="text-brand-800 underline">
            {t('bulletin.settings.title')}
          </a>
        </div>
      ) : null}
      {ranking?.asOf ? (
        <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm font-medium text-amber-900" data-testid="ranking-as-of">
          {t('ranking.asOf', { date: ranking.asOf })}
        </p>
      ) : null}

      {ranking ? (
        <>
          <section aria-labelledby="ranking-summary" className="mb-6">
            <h2 id="ranking-summary" className="sr-only">
              {t('ranking.summary')}
            </h2>
            <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
              <Stat
                label={t('ranking.totals.signed')}
                value={<span data-testid="ranking-total">{formatTotal(ranking.totals.signed, locale)}</span>}
              />
              <Stat label={t('ranking.totals.count')} value={ranking.totals.signedCount} />
              <Stat label={t('ranking.totals.fulfilment')} value={formatPercentBp(ranking.totals.fulfilmentBp)} />
              <Stat label={t('ranking.totals.timeliness')} value={formatPercentBp(ranking.totals.timelinessBp)} />
              <Stat label={t('ranking.totals.satisfaction')} value={formatPercentBp(ranking.totals.satisfactionBp)} />
            </dl>
            <p className="mt-3 text-sm text-slate-700">
              {t('ranking.totals.vsPrev', { value: formatTotal(ranking.totals.prevSigned, locale) })}
            </p>
            <p className="mt-2 rounded-md bg-brand-50 p-3 text-sm text-brand-900" data-testid="ranking-news">
              {news}
            </p>
          </section>

          <Card title={t('ranking.banks')} className="mb-6">
            <div data-testid="bank-ranking">
              <DataTable
                caption={t('ranking.banks')}
                rows={ranking.banks.filter((r) => r.rank !== null)}
                rowKey={(r) => r.key}
                empty={t('ranking.empty')}
                columns={rankingColumns(t, t('ranking.col.bank'), (r) => r.name)}
              />
            </div>
            <IdleUnits rows={ranking.banks} name={(r) => r.name} testId="bank-idle" />
          </Card>
          <Card title={t('ranking.districts')} className="mb-6">
            {ranking.showDistricts ? (
              <>
                <div data-testid="district-ranking">
                  <DataTable
                    caption={t('ranking.districts')}
                    rows={ranking.districts.filter((r) => r.rank !== null)}
                    rowKey={(r) => r.key}
                    empty={t('ranking.empty')}
                    columns={rankingColumns(t, t('ranking.col.district'), districtName)}
                  />
                </div>
                <IdleUnits rows={ranking.districts} name={districtName} testId="district-idle" />
              </>
            ) : (
              <p className="text-sm text-slate-700" data-testid="district-single">
                {t('ranking.districts.single')}
              </p>
            )}
          </Card>
          {followThrough ? (
            <div className="mb-6">
              <FollowThroughSection
                f={followThrough}
                dueDays={followThrough.dueDays}
                title={t('followThrough.ranking.title', { month: monthText(t, ranking.month) })}
                lead={t('followThrough.ranking.lead')}
                months={false}
              />
            </div>
          ) : null}
          <Card title={t('ranking.notes.title')}>
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
              {RANKING_NOTES.map((k) => (
                <li key={k}>{t(k)}</li>
              ))}
            </ul>
          </Card>
        </>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
