import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useActionData, useFetcher, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { CheckinCounts, useAutoRevalidate } from '~/components/checkin';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { QrScanner } from '~/components/qr-scanner';
import { Button, Card, PageHeader, cx } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { checkInByBadge, parseBadgeText, type ArrivalResult } from '~/modules/events/badges.server';
import { checkinCounts } from '~/modules/events/checkin.server';
import { ScanFormSchema } from '~/modules/events/checkin-schema';
import { getDb } from '~/utils/db.server';
import { errorReply } from '~/utils/errors.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'checkin.scan.title');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const t = new URL(request.url).searchParams.get('t') ?? '';
  const counts = await checkinCounts(await getDb(), event.id);
  return json(
    {
      event: { id: event.id, title: event.title },
      counts,
      // a phone's own camera app opened the badge's link: the code is filled in, staff confirm with one tap
      code: t && parseBadgeText(t) ? t : '',
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const submission = parseWithZod(await readFormData(request), { schema: ScanFormSchema });
  if (submission.status !== 'success') return json({ form: submission.reply(), result: null, at: Date.now() }, { status: 400 });
  try {
    const result: ArrivalResult = await checkInByBadge(await getDb(), event.id, submission.value.code, user.id);
    return json({ form: submission.reply({ resetForm: true }), result, at: Date.now() });
  } catch (e) {
    const { reply, status } = errorReply(e, submission);
    return json({ form: reply, result: null, at: Date.now() }, { status });
  }
}

const ROLE_TEXT = { bank: 'text-blue-800', enterprise: 'text-emerald-800', government: 'text-red-800' } as const;

export default function ScanBadges() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fetcher = useFetcher<typeof action>();
  useAutoRevalidate(5_000);
  const answer = fetcher.data ?? actionData;
  const busy = fetcher.state !== 'idle';
  const errors = answer?.form.error ? Object.values(answer.form.error).flat().filter(Boolean) : [];
  const result = answer?.result ?? null;

  const submit = (code: string) => fetcher.submit({ code }, { method: 'post' });

  return (
    <div>
      <PageHeader title={t('checkin.scan.title')} subtitle={data.event.title} />
      <EventTabs eventId={data.event.id} view="organizer" />
      <div aria-live="polite" data-testid="scan-result">
        {result ? (
          <div
            className={cx(
              'mb-4 rounded-lg p-4 ring-1 ring-inset',
              result.status === 'done' ? 'bg-emerald-50 ring-emerald-300' : 'bg-amber-50 ring-amber-300',
            )}
          >
            <p className="text-2xl font-bold text-slate-900">{result.name}</p>
            <p className="text-sm text-slate-800">
              {result.orgName} · <span className={ROLE_TEXT[result.role]}>{t(`roster.group.${result.role}`)}</span>
            </p>
            <p className="mt-1 text-lg font-semibold" data-testid="scan-status">
              {result.status === 'done' ? t('checkin.scan.done', { time: result.time }) : t('checkin.scan.already', { time: result.time })}
            </p>
          </div>
        ) : errors.length ? (
          <div className="mb-4 rounded-lg bg-red-50 p-4 text-red-900 ring-1 ring-inset ring-red-300" role="alert">
            {errors.map((e) => (
              <p key={e} className="font-semibold" data-testid="scan-error">
                {t(String(e))}
              </p>
            ))}
          </div>
        ) : null}
      </div>
      <CheckinCounts counts={data.counts} />
      <Card className="mb-4">
        <p className="mb-3 text-sm text-slate-700">{t('checkin.scan.lead')}</p>
        <QrScanner onCode={submit} />
      </Card>
      <Card>
        {data.code && !answer ? <p className="mb-2 text-sm text-slate-700">{t('checkin.scan.fromLink')}</p> : null}
        <fetcher.Form method="post" className="flex flex-col gap-2 sm:flex-row sm:items-end" key={answer?.at ?? 0}>
          <div className="min-w-0 flex-1">
            <label htmlFor="scan-code" className="mb-1 block text-sm font-medium text-slate-800">
              {t('checkin.scan.code.label')}
            </label>
            <input
              id="scan-code"
              name="code"
              required
              maxLength={500}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              defaultValue={answer?.result ? '' : data.code}
              aria-describedby="scan-code-hint"
              className="block w-full rounded-md border-0 px-3 py-2 font-mono text-base text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700"
            />
            <p id="scan-code-hint" className="mt-1 text-xs text-slate-600">
              {t('checkin.scan.code.hint')}
            </p>
          </div>
          <Button disabled={busy}>{t('checkin.scan.submit')}</Button>
        </fetcher.Form>
      </Card>
      <p className="mt-6 text-sm">
        <Link to={`/organizer/events/${data.event.id}/checkin`} className="text-brand-800 underline">
          {t('checkin.scan.back')}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
