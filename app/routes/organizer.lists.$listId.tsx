import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, replyErrors } from '~/components/form';
import { Badge, Button, Card, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import {
  addFirm,
  addFirmsByFilter,
  banksOfRegion,
  organizerListDetail,
  plannedBanks,
  pushList,
  removeFirm,
  searchDirectory,
  type DirectoryFilter,
} from '~/modules/followup/lists.server';
import { pct } from '~/modules/followup/rules';
import { ListActionSchema } from '~/modules/followup/schema';
import { INDUSTRIES, INDUSTRY_CODES, label, SIZE_CODES, SIZES } from '~/modules/organizations/reference';
import { regionName, regionsWithin } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { formatTotal } from '~/utils/money';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'followup.title');

function filterOf(params: URLSearchParams | Record<string, string | undefined>): DirectoryFilter {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) ?? '';
  return {
    region: /^\d{6}$/.test(get('region')) ? get('region') : undefined,
    industry: (INDUSTRY_CODES as readonly string[]).includes(get('industry')) ? get('industry') : undefined,
    size: (SIZE_CODES as readonly string[]).includes(get('size')) ? get('size') : undefined,
    hiring: get('hiring') === '1',
  };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const db = await getDb();
  const actor = { userId: organizer.id, regionCode: organizer.regionCode };
  const detail = await organizerListDetail(db, actor, params.listId ?? '');
  const filter = filterOf(new URL(request.url).searchParams);
  const [directory, banks, planned] = await Promise.all([
    searchDirectory(db, actor, detail.list.id, filter, 50),
    banksOfRegion(db, detail.list.regionCode),
    plannedBanks(db, detail.list.id),
  ]);
  const pushed = new Set(detail.perBank.map((b) => b.bankId));
  return json({
    ...detail,
    firms: detail.firms.map((f) => ({ ...f, regionName: regionName(f.regionCode) })),
    perBank: detail.perBank.map((b) => ({ ...b, grantedText: formatTotal(b.grantedAmount) })),
    grantedText: formatTotal(detail.coverage.grantedAmount),
    answers: detail.answers.map((a) => ({ ...a, amountText: a.amount === null ? '' : formatTotal(a.amount) })),
    directory: { ...directory, rows: directory.rows.map((r) => ({ ...r, regionName: regionName(r.regionCode) })) },
    filter: { region: filter.region ?? '', industry: filter.industry ?? '', size: filter.size ?? '', hiring: filter.hiring ? '1' : '' },
    districts: regionsWithin(organizer.regionCode).map((r) => ({ code: r.code, name: r.name })),
    // the banks an import named for the list are ticked in the push form
    banks: banks.filter((b) => !pushed.has(b.id)).map((b) => ({ ...b, planned: planned.includes(b.id) })),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(await readFormData(request), { schema: ListActionSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const db = await getDb();
  const actor = { userId: organizer.id, regionCode: organizer.regionCode };
  const listId = params.listId ?? '';
  let message: string;
  try {
    if (v.intent === 'addFiltered') {
      const n = await addFirmsByFilter(db, actor, listId, filterOf(v));
      message = msg('followup.flash.added', { n });
    } else if (v.intent === 'addFirm') {
      const n = await addFirm(db, actor, listId, v.enterpriseId);
      message = msg('followup.flash.added', { n });
    } else if (v.intent === 'removeFirm') {
      await removeFirm(db, actor, listId, v.enterpriseId);
      message = 'followup.flash.removed';
    } else {
      const r = await pushList(db, actor, listId, v.bankIds);
      message = msg('followup.flash.pushed', { n: r.pushed, date: r.dueOn });
    }
  } catch (e) {
    return replyWithError(e, submission);
  }
  const back = new URL(request.url);
  return redirect(`/organizer/lists/${listId}${back.search}`, { headers: await flashHeaders({ tone: 'success', message }) });
}

const SELECT =
  'mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700';

export default function OrganizerList() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const errors = replyErrors(last);
  const answerOf = (firmId: string, bankId: string) => d.answers.find((a) => a.enterpriseId === firmId && a.bankId === bankId);
  const c = d.coverage;
  return (
    <div className="space-y-6">
      <PageHeader
        title={d.list.title}
        subtitle={d.list.note || undefined}
        actions={
          <Link to="/organizer/lists" className="text-sm text-brand-800 underline">
            {t('followup.detail.back')}
          </Link>
        }
      />
      <FormErrors errors={errors} />
      <Card>
        <div className="flex flex-wrap items-center gap-3">
          {d.list.dueOn ? <Badge tone="blue">{t('followup.dueOn', { date: d.list.dueOn })}</Badge> : <Badge>{t('followup.draft')}</Badge>}
          <span className="text-sm tabular-nums text-slate-800" data-testid="list-coverage">
            {t('followup.rateLine', {
              visited: c.visited,
              granted: c.granted,
              firms: c.firms,
              visitRate: pct(c.visitRate),
              creditRate: pct(c.creditRate),
            })}
            {c.grantedAmount > 0 ? ` · ${t('followup.grantedAmount')} ${d.grantedText}` : ''}
            {c.late > 0 ? ` · ${t('followup.lateCount', { n: c.late })}` : ''}
          </span>
        </div>
      </Card>

      {d.perBank.length ? (
        <Card title={t('followup.detail.perBank')}>
          <table className="w-full text-sm" data-testid="per-bank">
            <thead>
              <tr className="text-left text-slate-600">
                <th className="py-1">{t('followup.detail.bank')}</th>
                <th className="py-1">{t('followup.visitRate')}</th>
                <th className="py-1">{t('followup.creditRate')}</th>
                <th className="py-1">{t('followup.grantedAmount')}</th>
                <th className="py-1">{t('followup.late')}</th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {d.perBank.map((b) => (
                <tr key={b.bankId} className="border-t border-slate-100" data-testid={`bank-${b.bankId}`}>
                  <td className="py-1">{b.bankName}</td>
                  <td className="py-1">
                    {b.visited}/{b.firms} · {pct(b.visitRate)}
                  </td>
                  <td className="py-1">
                    {b.granted}/{b.firms} · {pct(b.creditRate)}
                  </td>
                  <td className="py-1">{b.grantedAmount > 0 ? b.grantedText : '—'}</td>
                  <td className="py-1">{b.late}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}

      <Card title={`${t('followup.detail.firms')}（${d.firms.length}）`}>
        {d.firms.length === 0 ? (
          <p className="text-sm text-slate-600">{t('followup.detail.noFirms')}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="firms">
            {d.firms.map((f) => (
              <li key={f.id} className="py-2">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-medium">
                    {f.name}
                    <span className="ml-2 text-slate-600">
                      {[f.regionName, label(INDUSTRIES, f.industry, locale), label(SIZES, f.size, locale)].filter(Boolean).join(' · ')}
                    </span>
                  </span>
                  {d.perBank.every((b) => !answerOf(f.id, b.bankId)) ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="removeFirm" />
                      <input type="hidden" name="enterpriseId" value={f.id} />
                      <Button variant="ghost">{t('followup.detail.remove')}</Button>
                    </Form>
                  ) : null}
                </div>
                {d.perBank.length ? (
                  <ul className="mt-1 flex flex-wrap gap-2">
                    {d.perBank.map((b) => {
                      const a = answerOf(f.id, b.bankId);
                      return (
                        <li key={b.bankId} className="rounded bg-slate-50 px-2 py-0.5 text-xs text-slate-700">
                          {b.bankName}：
                          {a
                            ? [
                                t(`followup.outcome.${a.outcome}`),
                                a.outcome === 'visited'
                                  ? t('followup.visitedLine', { date: a.visitedOn ?? '', officer: a.officer ?? '' })
                                  : '',
                                a.amountText,
                                a.reasonCode ? t(`followup.reason.${a.reasonCode}`) : '',
                                a.reasonText ?? '',
                                a.late ? t('followup.late') : '',
                              ]
                                .filter(Boolean)
                                .join(' · ')
                            : t('followup.detail.noAnswer')}
                        </li>
                      );
                    })}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      {d.banks.length ? (
        <Card title={t('followup.detail.push')}>
          <p className="mb-3 text-sm text-slate-600">{t('followup.detail.pushHint')}</p>
          {d.banks.some((b) => b.planned) ? (
            <p className="mb-3 text-sm text-slate-600" data-testid="planned-banks">
              {t('followup.detail.plannedHint')}
            </p>
          ) : null}
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="push" />
            <fieldset className="grid gap-1 sm:grid-cols-2">
              {d.banks.map((b) => (
                <label key={b.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="bankIds" value={b.id} defaultChecked={b.planned} />
                  {b.name}
                </label>
              ))}
            </fieldset>
            <Button>{t('followup.detail.push')}</Button>
          </Form>
        </Card>
      ) : null}

      <Card title={t('followup.detail.directory')}>
        <Form method="get" className="grid gap-3 sm:grid-cols-5 sm:items-end">
          <label className="text-sm">
            {t('followup.detail.region')}
            <select name="region" defaultValue={d.filter.region} className={SELECT}>
              <option value="">{t('followup.detail.allRegion')}</option>
              {d.districts.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            {t('followup.detail.industry')}
            <select name="industry" defaultValue={d.filter.industry} className={SELECT}>
              <option value="">{t('followup.detail.any')}</option>
              {INDUSTRY_CODES.map((code) => (
                <option key={code} value={code}>
                  {code} {label(INDUSTRIES, code, locale)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            {t('followup.detail.size')}
            <select name="size" defaultValue={d.filter.size} className={SELECT}>
              <option value="">{t('followup.detail.any')}</option>
              {SIZE_CODES.map((code) => (
                <option key={code} value={code}>
                  {label(SIZES, code, locale)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="hiring" value="1" defaultChecked={d.filter.hiring === '1'} />
            {t('followup.detail.hiring')}
          </label>
          <Button variant="secondary">{t('followup.detail.search')}</Button>
        </Form>
        <Form method="post" className="mt-3">
          <input type="hidden" name="intent" value="addFiltered" />
          <input type="hidden" name="region" value={d.filter.region} />
          <input type="hidden" name="industry" value={d.filter.industry} />
          <input type="hidden" name="size" value={d.filter.size} />
          <input type="hidden" name="hiring" value={d.filter.hiring} />
          <Button disabled={d.directory.total === 0}>{t('followup.detail.addAll', { n: d.directory.total })}</Button>
        </Form>
        <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="directory">
          {d.directory.rows.map((r) => (
            <li key={r.id} className="flex items-center justify-between gap-2 py-1">
              <span>
                {r.name}
                <span className="ml-2 text-slate-600">
                  {[r.regionName, label(INDUSTRIES, r.industry, locale), label(SIZES, r.size, locale)].filter(Boolean).join(' · ')}
                </span>
              </span>
              {r.onList ? (
                <span className="text-slate-600">{t('followup.detail.onList')}</span>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="addFirm" />
                  <input type="hidden" name="enterpriseId" value={r.id} />
                  <Button variant="ghost" aria-label={`${t('followup.detail.add')} ${r.name}`}>
                    {t('followup.detail.add')}
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
