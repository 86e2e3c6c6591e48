import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import type { OutboxStatus } from '#db/schema';
import { ErrorView } from '~/components/error-view';
import { PagedTable, type Column } from '~/components/table';
import { Badge, Card, PageHeader, cx } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireAdmin } from '~/modules/auth/guards.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { listOutbox } from '~/modules/outbox/outbox.server';
import { OUTBOX_STATUSES } from '~/modules/outbox/statuses';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'admin.outbox.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin({ request, context });
  const url = new URL(request.url);
  const raw = url.searchParams.get('status');
  const status = (OUTBOX_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as OutboxStatus) : null;
  const page = pageFromUrl(url);
  const { rows, total } = await listOutbox(await getDb(), { page, status, pageSize: DEFAULT_PAGE_SIZE });
  return json({
    rows: rows.map((r) => ({ ...r, createdAtText: chinaDateTime(r.createdAt) })),
    total,
    page,
    pageSize: DEFAULT_PAGE_SIZE,
    status,
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number];

const TONES: Record<OutboxStatus, 'green' | 'yellow' | 'red' | 'gray'> = { sent: 'green', pending: 'yellow', failed: 'red', held: 'gray' };

export default function AdminOutbox() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const kindLabel = (kind: string) => {
    const key = `prefs.kind.${kind}`;
    const text = t(key);
    return text === key ? kind : text;
  };
  const columns: Column<Row>[] = [
    { key: 'createdAt', header: t('admin.outbox.createdAt'), cell: (r) => r.createdAtText },
    { key: 'channel', header: t('admin.outbox.channel'), cell: (r) => t(`admin.outbox.channel.${r.channel}`) },
    { key: 'recipient', header: t('admin.outbox.recipient'), cell: (r) => <span data-recipient>{r.recipient}</span> },
    { key: 'kind', header: t('admin.outbox.kind'), cell: (r) => kindLabel(r.kind) },
    {
      key: 'content',
      header: t('admin.outbox.content'),
      wide: true,
      cell: (r) => (
        <details>
          <summary className="cursor-pointer">{r.channel === 'email' ? r.subject : r.body.split('\n')[0]}</summary>
          <pre className="mt-1 whitespace-pre-wrap break-words text-xs text-slate-700">{r.body}</pre>
        </details>
      ),
    },
    {
      key: 'status',
      header: t('admin.outbox.status'),
      cell: (r) => (
        <span className="flex flex-col gap-1">
          <Badge tone={TONES[r.status]}>{t(`admin.outbox.status.${r.status}`)}</Badge>
          {r.provider ? <span className="text-xs text-slate-600">{t(`admin.outbox.provider.${r.provider}`)}</span> : null}
        </span>
      ),
    },
    { key: 'attempts', header: t('admin.outbox.attempts'), cell: (r) => r.attempts },
    {
      key: 'lastError',
      header: t('admin.outbox.lastError'),
      cell: (r) => (r.lastError ? <span className="text-xs text-red-800">{r.lastError}</span> : '—'),
    },
  ];
  const tabs: (OutboxStatus | null)[] = [null, ...OUTBOX_STATUSES];
  return (
    <div className="space-y-6">
      <PageHeader title={t('admin.outbox.title')} subtitle={t('admin.outbox.lead')} />
      <nav className="flex flex-wrap gap-2 text-sm" aria-label={t('admin.outbox.status')}>
        {tabs.map((s) => (
          <Link
            key={s ?? 'all'}
            to={s ? `?status=${s}` : '?'}
            aria-current={data.status === s ? 'page' : undefined}
            className={cx(
              'rounded px-3 py-1',
              data.status === s ? 'bg-brand-800 text-white' : 'bg-slate-100 text-slate-800 hover:underline',
            )}
          >
            {t(s ? `admin.outbox.status.${s}` : 'admin.outbox.status.all')}
          </Link>
        ))}
      </nav>
      <Card>
        <PagedTable
          columns={columns}
          rows={data.rows}
          rowKey={(r) => r.id}
          caption={t('admin.outbox.title')}
          empty={t('admin.outbox.empty')}
          page={data}
        />
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
